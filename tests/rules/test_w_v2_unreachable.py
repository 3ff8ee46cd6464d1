from dataclasses import replace
from datetime import timedelta

from govinspect.rules.base import Confidence, Severity
from tests.rules.builders import AS_OF, HOME, fetch, page, run, snapshot


def probes(ok: int, failed: int, *, error: str | None = "timeout", status: int | None = None,
           spread_hours: float = 1.0) -> list:
    out = []
    for i in range(ok + failed):
        at = AS_OF - timedelta(hours=1 + i * spread_hours)
        if i < failed:
            out.append(fetch(HOME, status, error=error, kind="probe", at=at, elapsed_ms=15000))
        else:
            out.append(fetch(HOME, 200, kind="probe", at=at))
    return out


def test_some_failures_without_a_week_of_probes_need_review() -> None:
    [finding] = run("W-V2", snapshot(homepage=page(HOME), probes=probes(19, 1)))
    assert finding.severity is Severity.VETO and finding.review  # not a veto until confirmed
    assert finding.message.startswith("检查期间首页访问失败1次/共20次（2021-03-20")
    assert finding.message.endswith("），未经7天监测，需复核")
    assert finding.details["probes"] == 20 and finding.details["failures"] == 1
    assert finding.details["window_covered"] is False
    assert finding.confidence is Confidence.LOW
    assert "note" in finding.details and "review_reason" in finding.details


def spaced_failures(count: int, seconds_apart: float) -> list:
    first = AS_OF - timedelta(hours=10)
    return [fetch(HOME, None, error="timeout", kind="probe", at=first + timedelta(seconds=i * seconds_apart),
                  elapsed_ms=15000) for i in range(count)]


def test_every_spaced_probe_failing_is_a_firm_veto_worded_as_the_check() -> None:
    [finding] = run("W-V2", snapshot(homepage=None, probes=spaced_failures(4, 45)))
    assert not finding.review and finding.severity is Severity.VETO and finding.confidence is Confidence.MEDIUM
    assert finding.message == "检查期间4次访问首页均失败（2021-03-20 14:00至14:02），未经7天监测"
    assert finding.details["span_seconds"] == 135.0 and "review_reason" not in finding.details


def test_quick_retries_or_too_few_probes_are_not_a_firm_veto() -> None:
    cases = {  # one fetch's quick retries; two probes far apart
        "检查期间3次访问首页均失败（2021-03-20 14:00），未经7天监测，需复核": spaced_failures(3, 1.5),
        "检查期间2次访问首页均失败（2021-03-20 14:00至14:05），未经7天监测，需复核": spaced_failures(2, 300),
    }
    for message, probe_log in cases.items():
        [finding] = run("W-V2", snapshot(homepage=None, probes=probe_log))
        assert finding.review and finding.message == message
        assert "访问次数或间隔不足" in finding.details["review_reason"]
    # the thresholds are settings
    [finding] = run("W-V2", snapshot(homepage=None, probes=spaced_failures(2, 300)), {"crawl_min_probes": 2})
    assert not finding.review


def test_below_five_percent_passes() -> None:
    assert run("W-V2", snapshot(homepage=page(HOME), probes=probes(20, 1))) == []


def test_status_500_and_slow_answers_fail_but_slow_under_15s_is_fine() -> None:
    bad = [fetch(HOME, 500, kind="probe", at=AS_OF - timedelta(hours=1)),
           fetch(HOME, 200, kind="probe", at=AS_OF - timedelta(hours=2), elapsed_ms=15000)]
    good = [fetch(HOME, 200, kind="probe", at=AS_OF - timedelta(hours=3 + i), elapsed_ms=14999) for i in range(38)]
    [finding] = run("W-V2", snapshot(homepage=page(HOME), probes=bad + good))
    assert finding.details["failures"] == 2 and finding.details["probes"] == 40


def test_probes_outside_the_window_do_not_count() -> None:
    old = [fetch(HOME, None, error="dns", kind="probe", at=AS_OF - timedelta(days=8))]
    assert run("W-V2", snapshot(homepage=page(HOME), probes=old + probes(19, 0))) == []


def test_full_week_of_probes_is_high_confidence() -> None:
    # 140 probes spread over 7 days, 7 failures = 5 %
    snap = snapshot(homepage=page(HOME), probes=probes(133, 7, spread_hours=1.15))
    [finding] = run("W-V2", snap)
    assert finding.details["window_covered"] is True
    assert finding.confidence is Confidence.HIGH and not finding.review
    assert finding.message == "首页访问失败7次/共140次（5.0%），达到5%"  # a week of probes: the indicator's words


def test_one_failed_homepage_fetch_is_not_worded_as_monitoring() -> None:
    snap = snapshot(homepage=None, homepage_fetch=fetch(HOME, None, error="refused"))
    [finding] = run("W-V2", snap)
    assert finding.details["basis"] == "homepage fetch" and finding.review
    assert finding.message == "检查期间1次访问首页均失败，未经7天监测，需复核"
    assert "达到" not in finding.message and "100.0%" not in finding.message
    [finding] = run("W-V2", snapshot(homepage=None))
    assert finding.details["basis"] == "no homepage" and finding.review


def test_single_good_homepage_fetch_passes() -> None:
    assert run("W-V2", snapshot(homepage=page(HOME), homepage_fetch=fetch(HOME))) == []


def test_naive_probe_times_are_local() -> None:
    naive = [fetch(HOME, None, error="timeout", kind="probe", at=(AS_OF - timedelta(hours=1)).replace(tzinfo=None))]
    [finding] = run("W-V2", snapshot(homepage=page(HOME), probes=naive))
    assert finding.details["failures"] == 1


def test_too_large_homepage_is_not_a_failure() -> None:
    big = [fetch(HOME, 200, error="too_large", kind="probe", at=AS_OF - timedelta(hours=1))]
    assert run("W-V2", snapshot(homepage=page(HOME), probes=big)) == []


def test_evidence_is_the_failed_probe_record() -> None:
    failed = replace(fetch(HOME, 503, kind="probe", at=AS_OF - timedelta(hours=1)), warc_record_id="<urn:probe:1>")
    [finding] = run("W-V2", snapshot(homepage=page(HOME), probes=[failed], fetches=[fetch(HOME)]))
    assert finding.evidence["record"] == "<urn:probe:1>"
