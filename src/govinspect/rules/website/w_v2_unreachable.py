"""W-V2 unreachable — 站点无法访问

Indicator (国办秘函〔2019〕19号, 单项否决):

    监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%，即单项否决。

Thresholds (``[rules."W-V2"]``, all verified):

- ``window_days`` = 7: probes from the 7 days before the monitoring point count;
- ``min_probes_per_day`` = 20: below this the monitoring window is not fully covered;
- ``probe_timeout_seconds`` = 15: a probe that took ≥ 15 s counts as 打不开;
- ``failure_share`` = 0.05: veto when failures / probes ≥ 5 %.

A probe fails on an error (DNS, refused, a failed TLS handshake, timeout …), no HTTP answer, a
status ≥ 400, or an elapsed time ≥ the timeout. An invalid certificate is not a failure: the
crawler and the monitor complete the chain (AIA) or fetch the page unverified, as a browser
shows it after a warning, and W-I3 names the certificate problem.

**The availability monitor first.** ``govinspect monitor`` probes every running site's homepage
≥ 20 times a day and keeps its own coverage (``snapshot.monitor``); a probe log from another
system can be fed with ``govinspect monitor import``. When the monitor has probes of the site in
the window, only they are judged: the details give the probes and failures, the share, the
probes per day, the days below ``min_probes_per_day``, and the hours when the monitor was not
running ("not monitored": counted neither as up nor as down). Confidence is high when every day
has ≥ 20 probes and the whole window was monitored, else medium.

**Else the crawl's own attempts** (``snapshot.probes``, FetchResult kind "probe": each attempt at
the homepage, medium confidence): the details state how many probes over what span, and whether
the window was fully covered (``min_probes_per_day`` × ``window_days`` probes).

A homepage that could not be fetched at all never passes: with no probes the homepage fetch
(``snapshot.homepage_fetch``) is the one probe, and with neither a probe nor a homepage the rule
reports the site as unreachable.

Evidence: the probe log (time, status, error, elapsed) of the failed probes.

Example finding (monitor)::

    {"rule": "W-V2", "severity": "veto", "confidence": "high",
     "message": "监测7天首页访问失败9次/共168次（5.4%），达到5%",
     "url": "http://www.example.gov.cn/",
     "details": {"basis": "monitor", "probes": 168, "failures": 9, "share": 0.0536,
                 "per_day": {"2021-03-14": 24, "…": 24}, "days_below_min": [],
                 "not_monitored_hours": 0.0, "coverage": 1.0, "window_covered": true,
                 "failed": [{"at": "…", "status": 503, "error": null, "elapsed_ms": 12}]}}

Example finding (crawl attempts)::

    {"rule": "W-V2", "severity": "veto", "confidence": "medium",
     "message": "首页访问失败3次/共40次（7.5%），达到5%",
     "url": "https://www.example.gov.cn/",
     "details": {"probes": 40, "failures": 3, "share": 0.075, "failure_share": 0.05,
                 "span": {"first": "2021-03-14T09:00:00+08:00", "last": "2021-03-20T21:00:00+08:00"},
                 "window_days": 7, "window_covered": false, "probes_needed": 140,
                 "failed": [{"at": "…", "status": null, "error": "timeout", "elapsed_ms": 15000}]}}

Not flagged:

- 1 failure in 21 probes (4.8 %); 4.99 % of the monitor's probes;
- hours when the monitor was not running (never counted as down);
- slow answers under 15 s; redirects (3xx) that end in a page;
- probes older than the window;
- a soft-404 homepage (it answered; content rules judge it);
- a homepage cut at the crawler's size limit (``too_large`` with status 200).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timedelta
from typing import Any

from govinspect.model import FetchResult
from govinspect.monitor.window import WindowSummary, summarise
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import site_error


def _failed(probe: FetchResult, timeout_ms: int) -> bool:
    if site_error(probe.error) or probe.status is None or probe.status >= 400:
        return True
    return probe.elapsed_ms is not None and probe.elapsed_ms >= timeout_ms


@rule("W-V2", "unreachable", title="站点无法访问", severity=Severity.VETO)
def unreachable(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    cfg = ctx.config
    window_days = int(cfg["window_days"])
    timeout_ms = int(float(cfg["probe_timeout_seconds"]) * 1000)
    share_limit = float(cfg["failure_share"])
    per_day = int(cfg["min_probes_per_day"])
    start = snap.as_of - timedelta(days=window_days)
    tz = snap.as_of.tzinfo
    if snap.monitor is not None:
        summary = summarise(snap.monitor, snap.as_of, window_days=window_days, min_probes_per_day=per_day,
                            timeout_ms=timeout_ms, failure_share=share_limit)
        if summary.probes:
            yield from _monitor_finding(ctx, summary)
            return

    def when(p: FetchResult) -> datetime | None:
        # naive times are taken as the monitoring point's timezone
        if p.fetched_at is None or p.fetched_at.tzinfo is not None or tz is None:
            return p.fetched_at
        return p.fetched_at.replace(tzinfo=tz)

    probes = [p for p in snap.probes if (t := when(p)) is None or start <= t <= snap.as_of]
    basis = "probes"
    if not probes and snap.homepage_fetch is not None:
        probes, basis = [snap.homepage_fetch], "homepage fetch"
    if not probes:
        if snap.homepage is None:
            yield ctx.finding(
                "首页无法访问（未取得首页）",
                url=ctx.site.url,
                details={"probes": 0, "failures": 0, "basis": "no homepage", "window_days": window_days,
                         "window_covered": False},
                confidence=Confidence.MEDIUM,
            )
        return
    failed = [p for p in probes if _failed(p, timeout_ms)]
    share = len(failed) / len(probes)
    if share < share_limit:
        return
    times = sorted(t for p in probes if (t := when(p)) is not None)
    needed = per_day * window_days
    covered = len(probes) >= needed and bool(times) and times[-1] - times[0] >= timedelta(days=window_days - 1)
    details: dict[str, Any] = {
        "basis": basis,
        "probes": len(probes),
        "failures": len(failed),
        "share": round(share, 4),
        "failure_share": share_limit,
        "span": {"first": times[0], "last": times[-1]} if times else None,
        "window_days": window_days,
        "window_covered": covered,
        "probes_needed": needed,
        "failed": [{"at": when(p), "status": p.status, "error": p.error, "elapsed_ms": p.elapsed_ms}
                   for p in failed[:50]],
    }
    if not covered:
        details["note"] = "监测窗口未完全覆盖（探测次数不足）/ monitoring window not fully covered"
    finding = ctx.finding(
        f"首页访问失败{len(failed)}次/共{len(probes)}次（{share:.1%}），达到{share_limit:.0%}",
        url=ctx.site.url,
        details=details,
        confidence=Confidence.HIGH if covered else Confidence.MEDIUM,
    )
    # the evidence is the failed probe's own record, not the homepage page fetch
    recorded = next((p for p in failed if p.warc_file), None)
    if recorded is not None:
        finding.evidence = {"warc": recorded.warc_file, "record": recorded.warc_record_id}
        if recorded.warc_offset is not None:
            finding.evidence["offset"] = recorded.warc_offset
    yield finding


def _monitor_finding(ctx: RuleContext, summary: WindowSummary) -> Iterator[Finding]:
    """The verdict on the availability monitor's probes (preferred over the crawl's attempts)."""
    if not summary.veto:
        return
    details = summary.details()
    details["failed"] = [{"at": p.fetched_at, "status": p.status, "error": p.error, "elapsed_ms": p.elapsed_ms}
                         for p in summary.failed[:50]]
    if not summary.fully_covered:
        details["note"] = "监测窗口未完全覆盖（未监测时段或每日探测不足）/ monitoring window not fully covered"
    days = round((summary.end - summary.start).total_seconds() / 86400)
    yield ctx.finding(
        f"监测{days}天首页访问失败{summary.failures}次/共{summary.probes}次（{summary.share:.1%}），"
        f"达到{summary.failure_share:.0%}",
        url=ctx.site.url,
        details=details,
        confidence=Confidence.HIGH if summary.fully_covered else Confidence.MEDIUM,
    )
