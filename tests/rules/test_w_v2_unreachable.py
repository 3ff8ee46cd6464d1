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


def test_five_percent_failures_veto() -> None:
    [finding] = run("W-V2", snapshot(homepage=page(HOME), probes=probes(19, 1)))
    assert finding.severity is Severity.VETO
    assert finding.details["probes"] == 20 and finding.details["failures"] == 1
    assert finding.details["window_covered"] is False
    assert finding.confidence is Confidence.MEDIUM
    assert "note" in finding.details


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
    assert finding.confidence is Confidence.HIGH


def test_unfetchable_homepage_never_passes() -> None:
    snap = snapshot(homepage=None, homepage_fetch=fetch(HOME, None, error="refused"))
    [finding] = run("W-V2", snap)
    assert finding.details["basis"] == "homepage fetch"
    [finding] = run("W-V2", snapshot(homepage=None))
    assert finding.details["basis"] == "no homepage"


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
