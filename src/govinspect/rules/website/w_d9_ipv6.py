"""W-D9 no-ipv6 — 网站不支持IPv6访问

Indicator (国办秘函〔2019〕19号 扣分指标 功能设计: 网站支持IPv6; item CORROBORATED by a central
department's self-check "已完成IPv6改造", points UNCONFIRMED).

The "ipv6" site check (``govinspect.crawl.sitechecks.ipv6``) resolves AAAA for the homepage
host and, when there is one, fetches the homepage over IPv6 only. This rule judges
``snapshot.observations["ipv6"]``:

- no AAAA record (the host does have an A record) → finding "未配置IPv6（AAAA）解析";
- AAAA present but the homepage does not answer over IPv6 (error, HTTP ≥ 400) while it answered
  over IPv4 → finding "不能通过IPv6访问";
- the host resolves to nothing on this machine (behind an HTTP proxy only the proxy resolves
  names): IPv6 support cannot be judged here — a low-confidence finding for review, which does
  not deduct until an inspector confirms it.

Points: ``[rules."W-D9"] points``, ``cap`` (verified = false).

Example finding::

    {"rule": "W-D9", "severity": "deduction", "points": 1.0,
     "message": "网站域名www.example.gov.cn未配置IPv6（AAAA）解析",
     "details": {"problem": "no_aaaa", "host": "www.example.gov.cn", "a": "203.0.113.7"}}

Not flagged:

- an AAAA record and a homepage answering over IPv6;
- a homepage failing over both IPv4 and IPv6 (W-V2's outage, not an IPv6 problem);
- no ipv6 observation at all (an older run: not judged).
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import fetch_problem, link_broken
from govinspect.snapshot.notes import fetched, notes
from govinspect.snapshot.site import evidence_of


@rule("W-D9", "no-ipv6", title="网站不支持IPv6访问", bulletin="网站不支持IPv6访问", severity=Severity.DEDUCTION)
def no_ipv6(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    found = notes(snap, "ipv6")
    if not found:
        return
    note, fields = found[0]
    host = fields.get("host", "")
    points = float(ctx.config["points"])
    details = {"host": host, "aaaa": fields.get("aaaa", ""), "a": fields.get("a", ""),
               "proxy": fields.get("proxy", "")}
    if note.error == "no_aaaa":
        finding = ctx.finding(f"网站域名{host}未配置IPv6（AAAA）解析", url=note.url, points=points,
                              details={**details, "problem": "no_aaaa"})
        finding.evidence = evidence_of(note)
        yield finding
        return
    if note.error == "dns_unresolved":
        finding = ctx.finding(f"本机无法解析域名{host}（可能经代理访问），未能判断是否支持IPv6，需人工核查",
                              url=note.url, confidence=Confidence.LOW, review=True,
                              details={**details, "problem": "dns_unresolved"})
        finding.evidence = evidence_of(note)
        yield finding
        return
    over_v6 = fetched(snap, "ipv6")
    if not over_v6 or not link_broken(over_v6[-1]):
        return
    home = snap.homepage_fetch
    if home is None or link_broken(home):
        return  # down over IPv4 too: W-V2's business
    problem = fetch_problem(over_v6[-1])
    finding = ctx.finding(f"网站首页不能通过IPv6访问（{problem}）", url=over_v6[-1].url, points=points,
                          details={**details, "problem": "ipv6_fetch_failed", "error": problem})
    finding.evidence = evidence_of(over_v6[-1])
    yield finding
