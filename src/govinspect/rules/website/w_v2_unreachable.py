"""W-V2 unreachable — 站点无法访问

Indicator (国办秘函〔2019〕19号, 单项否决):

    监测1周，每天间隔性访问20次以上，超过（含）15秒网站仍打不开的次数累计占比超过（含）5%，即单项否决。

Thresholds (``[rules."W-V2"]``, all verified):

- ``window_days``: probes from these days before the monitoring point count;
- ``min_probes_per_day``: below this the monitoring window is not fully covered;
- ``probe_timeout_seconds``: a probe that took at least this long counts as 打不开;
- ``failure_share``: veto when failures / probes reach this share.

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

**Else the crawl's own probes** (``snapshot.probes``, FetchResult kind "probe"): every attempt at
the homepage, and — when any of them failed — ``[crawl] homepage_probes`` (3) more, made
``homepage_probe_interval_seconds`` (30 s) apart after the site's crawl. They count from the
window's start on, also when made after the monitoring point (a run for an earlier ``--as-of``
probed the site when it ran). That is not a week of
monitoring, and the finding says so (诚实表述 thin evidence, issue 13 part 6):

- every probe failed, at least ``crawl_min_probes`` of them, the first and the last at least
  ``crawl_min_span_seconds`` apart → a firm veto, confidence medium:
  "检查期间N次访问首页均失败（…至…），未经7天监测";
- every probe failed, but fewer or closer together (e.g. one fetch and its quick retries, an
  older run) → the same words plus "需复核": ``review: true``, confidence low;
- some probes failed (share ≥ 5 %), others answered → "检查期间首页访问失败k次/共N次…，未经7天监测，
  需复核", ``review: true``: a moment's outage during a check is not an unreachable site.

Only probes that cover the whole window (``min_probes_per_day`` × ``window_days`` over the week,
e.g. an imported log) keep the monitoring wording "首页访问失败k次/共N次（x%），达到5%". With no
probes the homepage fetch (``snapshot.homepage_fetch``) is the one probe; with neither a probe nor
a homepage (nothing was asked of the site: robots.txt, a crawler fault) a review finding says so.

Evidence: the probe log (time, status, error, elapsed) of the failed probes.

Example finding (monitor)::

    {"rule": "W-V2", "severity": "veto", "confidence": "high",
     "message": "监测7天首页访问失败9次/共168次（5.4%），达到5%",
     "url": "http://www.example.gov.cn/",
     "details": {"basis": "monitor", "probes": 168, "failures": 9, "share": 0.0536,
                 "per_day": {"2021-03-14": 24, "…": 24}, "days_below_min": [],
                 "not_monitored_hours": 0.0, "coverage": 1.0, "window_covered": true,
                 "failed": [{"at": "…", "status": 503, "error": null, "elapsed_ms": 12}]}}

Example finding (the crawl's probes, no monitor data)::

    {"rule": "W-V2", "severity": "veto", "confidence": "medium",
     "message": "检查期间6次访问首页均失败（2021-03-20 09:00至09:02），未经7天监测",
     "url": "https://www.example.gov.cn/",
     "details": {"basis": "probes", "probes": 6, "failures": 6, "share": 1.0, "failure_share": 0.05,
                 "span": {"first": "2021-03-20T09:00:01+08:00", "last": "2021-03-20T09:02:04+08:00"},
                 "span_seconds": 123.0, "crawl_min_probes": 3, "crawl_min_span_seconds": 60.0,
                 "window_days": 7, "window_covered": false, "probes_needed": 140,
                 "note": "未经7天监测：依据检查期间的访问记录 / …",
                 "failed": [{"at": "…", "status": null, "error": "timeout", "elapsed_ms": 15000}]}}

Not flagged:

- 1 failure in 21 probes (4.8 %); 4.99 % of the monitor's probes;
- (review only, not a veto) failures during the check when some probes answered, or when the
  probes were too few or too close together;
- an invalid certificate: the page is fetched unverified and W-I3 names the certificate;
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


@rule("W-V2", "unreachable", title="站点无法访问", bulletin="网站无法访问", severity=Severity.VETO)
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

    # The run's own probes from the window's start on, also those after the monitoring point:
    # a check run later for an earlier --as-of (a reproducible run) probed the site when it ran.
    probes = [p for p in snap.probes if (t := when(p)) is None or start <= t]
    basis = "probes"
    if not probes and snap.homepage_fetch is not None:
        probes, basis = [snap.homepage_fetch], "homepage fetch"
    if not probes:
        if snap.homepage is None:
            # nothing was asked of the site (robots.txt, a crawler fault): no evidence of an outage
            yield ctx.finding(
                "未取得首页（无访问记录），未经7天监测，需复核",
                url=ctx.site.url,
                details={"probes": 0, "failures": 0, "basis": "no homepage", "window_days": window_days,
                         "window_covered": False},
                confidence=Confidence.LOW,
                review=True,
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
    if covered:  # a week of probes, as the indicator asks
        finding = ctx.finding(
            f"首页访问失败{len(failed)}次/共{len(probes)}次（{share:.1%}），达到{share_limit:.0%}",
            url=ctx.site.url, details=details, confidence=Confidence.HIGH)
    else:
        finding = _check_period_finding(ctx, details, times, len(failed), len(probes))
    # the evidence is the failed probe's own record, not the homepage page fetch
    recorded = next((p for p in failed if p.warc_file), None)
    if recorded is not None:
        finding.evidence = {"warc": recorded.warc_file, "record": recorded.warc_record_id}
        if recorded.warc_offset is not None:
            finding.evidence["offset"] = recorded.warc_offset
    yield finding


def _check_period_finding(ctx: RuleContext, details: dict[str, Any], times: list[datetime], failures: int,
                          probes: int) -> Finding:
    """Without a week of probes: worded as what was seen during the check (检查期间), firm only
    when every probe failed, at least ``crawl_min_probes`` of them over ``crawl_min_span_seconds``."""
    min_probes = int(ctx.config["crawl_min_probes"])
    min_span = float(ctx.config["crawl_min_span_seconds"])
    span = (times[-1] - times[0]).total_seconds() if times else 0.0
    details["note"] = "未经7天监测：依据检查期间的访问记录 / not monitored for 7 days: probes made during the check"
    details["span_seconds"] = round(span, 1)
    details["crawl_min_probes"], details["crawl_min_span_seconds"] = min_probes, min_span
    tz = ctx.as_of.tzinfo
    when = ""
    if times:
        first, last = (t.astimezone(tz) if tz is not None and t.tzinfo is not None else t for t in (times[0], times[-1]))
        start_text, end_text = f"{first:%Y-%m-%d %H:%M}", f"{last:%Y-%m-%d %H:%M}"
        if end_text == start_text:
            when = f"（{start_text}）"
        else:
            when = f"（{start_text}至{end_text[11:] if first.date() == last.date() else end_text}）"
    if failures == probes and probes >= min_probes and span >= min_span:
        return ctx.finding(f"检查期间{probes}次访问首页均失败{when}，未经7天监测", url=ctx.site.url,
                           details=details, confidence=Confidence.MEDIUM)
    details["review_reason"] = (
        "部分访问成功 / some probes answered" if failures < probes else
        "访问次数或间隔不足 / too few probes, or too close together, to rule out a moment's outage")
    message = (f"检查期间{probes}次访问首页均失败{when}" if failures == probes
               else f"检查期间首页访问失败{failures}次/共{probes}次{when}")
    return ctx.finding(message + "，未经7天监测，需复核", url=ctx.site.url, details=details,
                       confidence=Confidence.LOW, review=True)


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
