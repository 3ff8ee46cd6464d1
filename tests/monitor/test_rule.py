"""W-V2 on hand-built monitor windows: the 5 % boundary, coverage and confidence."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from govinspect.model import FetchResult, MonitorWindow
from govinspect.rules.base import Confidence, Finding
from tests.rules.builders import AS_OF, HOME, page, run, snapshot

START = AS_OF - timedelta(days=7)


def window(total: int, failed: int, *, covered: bool = True, status: int = 503, elapsed_ms: int = 200) -> MonitorWindow:
    step = timedelta(days=7) / total
    probes = [FetchResult(url=HOME, final_url=HOME, status=status if i < failed else 200, kind="monitor",
                          fetched_at=START + step * (i + 0.5), elapsed_ms=elapsed_ms) for i in range(total)]
    spans = [(START, AS_OF)] if covered else [(START, START + timedelta(days=3)), (START + timedelta(days=4), AS_OF)]
    return MonitorWindow(start=START, end=AS_OF, probes=probes, covered=spans)


def judge(w: MonitorWindow, **kw: Any) -> list[Finding]:
    snap = snapshot(homepage=page(HOME), **kw)
    snap.monitor = w
    return run("W-V2", snap)


def test_exactly_five_percent_fires_and_just_under_does_not() -> None:
    [finding] = judge(window(140, 7))
    assert finding.details["share"] == 0.05 and finding.confidence is Confidence.HIGH
    assert judge(window(10_000, 499)) == []  # 4.99 %
    [finding] = judge(window(10_000, 500))
    assert finding.details["failures"] == 500


def test_slow_answers_count_at_the_timeout_not_under_it() -> None:
    assert judge(window(140, 0, elapsed_ms=14_999)) == []
    [finding] = judge(window(20, 20, status=200, elapsed_ms=15_000))
    assert finding.details["failures"] == 20


def test_gaps_lower_the_confidence_and_are_reported() -> None:
    [finding] = judge(window(168, 10, covered=False))
    assert finding.confidence is Confidence.MEDIUM
    assert finding.details["not_monitored_hours"] == 24 and "note" in finding.details


def test_few_probes_a_day_lower_the_confidence() -> None:
    [finding] = judge(window(70, 7))  # 10 a day
    assert finding.confidence is Confidence.MEDIUM
    assert len(finding.details["days_below_min"]) == 7


def test_an_empty_monitor_window_falls_back_to_the_crawl() -> None:
    from tests.rules.builders import fetch

    empty = MonitorWindow(start=START, end=AS_OF)
    [finding] = judge(empty, probes=[fetch(HOME, None, error="dns", kind="probe", at=AS_OF - timedelta(hours=1))])
    # one failed crawl probe is thin evidence: worded as the check, for review (issue 13 part 6)
    assert finding.details["basis"] == "probes" and finding.review and "未经7天监测" in finding.message
    # monitor probes older than the window do not count either
    old = window(20, 20)
    old.probes = [FetchResult(url=HOME, final_url=HOME, status=503, kind="monitor",
                              fetched_at=START - timedelta(hours=1))]
    assert judge(old, homepage_fetch=fetch(HOME)) == []
