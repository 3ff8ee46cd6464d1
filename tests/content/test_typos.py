"""错别字 detector: what it must find, and look-alikes it must not flag."""

from __future__ import annotations

import pytest

from govinspect.content.typos import TypoChecker


@pytest.fixture(scope="module")
def checker() -> TypoChecker:
    return TypoChecker(protected_terms=["习近平"])


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("我市大力培育发展大数局产业。", "局", "据"),
    ("各地区各部门要认真贯彻洛实党中央决策部署。", "洛", "落"),
    ("进一步加强基层医疗卫生服务体系建设，提高服务水瓶。", "瓶", "平"),
])
def test_finds_typos_with_the_right_suggestion(checker: TypoChecker, text: str, wrong: str, right: str) -> None:
    problems = checker.check(text, "t")
    assert [(p.text, p.suggestion) for p in problems] == [(wrong, right)]
    p = problems[0]
    assert text[p.start:p.end] == wrong
    assert p.rule == "W-D12" and p.severity == "deduction" and p.location == "t"
    assert wrong in p.context


@pytest.mark.parametrize("text", [
    "各地区各部门要认真贯彻落实党中央决策部署。",  # correct
    "根据《国务院办公厅关于印发政府网站发展指引的通知》（国办发〔2017〕47号）要求。",
    "沪公网安备31011402005034号 网站标识码3101140038",  # codes
    "会议由国办督查室主任高雨主持。",  # a name after a title
    "柳泉口村、冷宜村驻村第一书记。",  # place names before 村
    "推进自贸试验区建设，扩大自贸试验区开放。",  # a term the passage repeats
    "他说：“大数局”是一个比喻。",  # quoted text
    "2021年GDP增长8.1%，一二三四五。",  # numbers, Latin, numerals
    "",
])
def test_look_alikes_not_flagged(checker: TypoChecker, text: str) -> None:
    assert checker.check(text) == []


def test_protected_names_are_never_corrected() -> None:
    bare = TypoChecker()
    protected = TypoChecker(protected_terms=["高雨田"])
    text = "高雨田参加了活动。"
    assert protected.check(text) == []
    assert len(bare.check(text)) <= 1
