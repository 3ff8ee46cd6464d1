"""W-V1a on whole sites: a current leader's name miswritten fails the site without review, the
same wrong name on many pages is one finding, and ambiguous evidence leaves the site pending."""

from __future__ import annotations

from datetime import datetime

from govinspect.rules.base import Finding
from govinspect.rules.engine import group_by_cause
from govinspect.rules.scoring import Judgement, judge
from tests.rules.builders import HOME, TZ, config, page, run, site
from tests.rules.test_w_d12_w_v1a_content import article, snapshot


def _judged(*texts: str, pub: datetime | None = None) -> tuple[list[Finding], Judgement]:
    pages = [article(100 + k, text, pub=pub) for k, text in enumerate(texts)]
    findings = group_by_cause(run("W-V1a", snapshot(homepage=page(HOME, kind="home"), pages=pages)))
    return findings, judge(site(), findings, config())


def test_miswritten_leader_fails_the_site_once_for_many_pages() -> None:
    findings, verdict = _judged("习劲平同志在东北三省考察时强调，要推动全面振兴取得新突破。",
                                "各级干部认真学习习劲平同志关于耕地保护的重要论述。",
                                "本站首页改版上线，欢迎提出意见建议。")
    [f] = findings
    assert (f.details["text"], f.details["suggestion"], f.review) == ("习劲平", "习近平", False)
    assert f.details["pages"]["count"] == 2
    assert verdict.verdict == "fail" and verdict.veto == ["W-V1a"] and verdict.pending_review == []


def test_ambiguous_wording_leaves_the_site_pending_not_failed() -> None:
    # a name miswritten next to a title its holder no longer held on the page's date (2021);
    # a once-right count with nothing beside it
    findings, verdict = _judged("2015年，时任国务院副总理汪阳来我市调研。",
                                "广大青年要坚定三个自信，勇担时代使命。")
    assert sorted(f.details["text"] for f in findings) == ["三个自信", "汪阳"]
    assert all(f.review for f in findings)
    assert verdict.verdict == "pass" and verdict.pending_review == ["W-V1a"]


def test_ordinary_people_and_history_keep_the_site_clean() -> None:
    findings, verdict = _judged("区长李蔷主持召开防汛工作会议，副区长张国庆、刘国忠参加。",
                                "党的十八大提出坚定三个自信，此后又增加了文化自信。",
                                "国务院总理李克强在常务会议上部署稳就业工作。",
                                pub=datetime(2021, 3, 2, tzinfo=TZ))
    assert findings == []
    assert verdict.verdict == "pass" and verdict.pending_review == []
