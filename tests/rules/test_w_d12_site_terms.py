"""W-D12 on a site: a two-character string that two paragraphs of the site write is the office's
term (援企 in 援企纾困 and 援企行动), unless the evidence is overwhelming."""

from __future__ import annotations

from dataclasses import replace

from govinspect.content.problems import Problem
from govinspect.rules.website.w_d12_typos import site_term, written_terms
from tests.rules.builders import HOME, page, run
from tests.rules.test_w_d12_w_v1a_content import article, snapshot

RELIEF = "出台援企纾困十条措施，切实减轻中小企业负担。"
RELIEF_AGAIN = "今年以来，我局会同税务部门持续推进援企行动。"


def _found(*texts: str) -> list[tuple[str, str]]:
    pages = [article(n, text) for n, text in enumerate(texts, 1)]
    return [(f.details["text"], f.details["suggestion"])
            for f in run("W-D12", snapshot(homepage=page(HOME, kind="home"), pages=pages))]


def test_a_string_written_once_is_judged_as_a_possible_slip() -> None:
    # 援企 (helping firms) is a term jieba's dictionary lacks; written once, 暖企 looks likelier
    assert _found(RELIEF) == [("援", "暖")]


def test_a_string_two_paragraphs_write_is_the_sites_term() -> None:
    assert _found(RELIEF, RELIEF_AGAIN) == []


def test_a_slip_with_overwhelming_evidence_is_found_however_often_written() -> None:
    slip = "各部门要进一步优化营商环竟，提升服务效能。"
    again = "持续打造一流营商环竟，让企业安心发展。"
    assert _found(slip, again) == [("竟", "境"), ("竟", "境")]


def test_written_terms_are_the_two_strings_holding_the_character() -> None:
    text = "推进援企行动"
    p = Problem(rule="W-D12", category="typo", severity="deduction", start=2, end=3, text="援",
                suggestion="暖", message="", confidence=0.8)
    assert written_terms(p, text) == ["进援", "援企"]
    assert site_term(p, text, [text, "援企稳岗"], 2)
    assert not site_term(p, text, [text, "稳岗扩就业"], 2)
    strong = replace(p, confidence=1.0)
    assert not site_term(strong, text, [text, "援企稳岗"], 2)
