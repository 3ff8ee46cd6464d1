"""W-I3 https — 网站未启用HTTPS或证书无效（提示）

No national source makes HTTPS a 单项否决 or 扣分 item (indicators-research.md G-6,
UNCONFIRMED), so this is informational: it tells operators what a visitor's browser will show.

**Certificates (证书).** The crawler judges certificates as a browser does
(``govinspect.crawl.tls``): a chain whose intermediate the server does not send is completed from
the certificate's caIssuers URL (AIA); a certificate still invalid is recorded and the site's pages
are fetched without verification (marked ``WARC-Govinspect-TLS: unverified`` in their WARC
records) and judged as usual — a certificate problem is never "站点无法访问" (W-V2). Each host's
problem is a note of kind "tls" (``snapshot.observations["tls"]``); for the site's own hosts
(the registered homepage's and where it redirects), one finding per host names it:

- 证书已过期 (expired), 证书尚未生效 (not yet valid), 证书与域名不符 (name mismatch),
  自签名证书 (self-signed), 证书签发机构不受信任 (untrusted issuer), with the certificate's
  subject, issuer, notBefore/notAfter and names in the details and the message;
- 证书链不完整 (incomplete chain, completed by AIA): pages were verified, but clients that do not
  fetch intermediates (many apps, older systems) fail — reported, informational like the rest.

**HTTPS itself.** The "https" site check (``govinspect.crawl.sitechecks.https``) fetches
``https://<host>/``; this rule judges ``snapshot.observations["https"]``:

- no HTTPS (connection refused, timeout, no answer, DNS) → "网站未启用HTTPS";
- a TLS failure with no certificate note (older runs; handshakes that fail outright), named:
  证书已过期, 证书与域名不符, 自签名或不受信任的证书, other TLS failures;
- HTTPS answers with HTTP ≥ 400, or redirects the visitor back to plain http.

Example finding::

    {"rule": "W-I3", "severity": "info",
     "message": "HTTPS证书无效：证书已过期（CN=www.example.gov.cn，签发者CN=Example CA，有效期2020-01-01至2021-01-01），页面已在不验证证书的情况下检查",
     "url": "https://www.example.gov.cn/",
     "details": {"problem": "expired", "problems": ["expired"], "host": "www.example.gov.cn:443",
                 "subject": "CN=www.example.gov.cn", "issuer": "CN=Example CA",
                 "not_before": "2020-01-01T00:00:00+00:00", "not_after": "2021-01-01T00:00:00+00:00",
                 "names": ["www.example.gov.cn"], "verification": "relaxed",
                 "error": "certificate has expired"}}

Not flagged: an HTTPS homepage with a valid certificate (also one that redirects to another
https page of the site); certificate notes of other hosts (a link to another site); no https
observation at all (an older run: not judged).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from govinspect.model import FetchResult
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.snapshot.notes import fetched, notes
from govinspect.snapshot.site import evidence_of

PROBLEM_LABELS = {
    "expired": "证书已过期",
    "not_yet_valid": "证书尚未生效",
    "mismatch": "证书与域名不符",
    "self_signed": "自签名证书",
    "untrusted": "证书签发机构不受信任",
    "incomplete_chain": "证书链不完整（服务器未发送中间证书）",
    "unreadable": "证书无法读取",
}

_TLS_KINDS = (
    ("expired", "证书已过期", ("expired",)),
    ("mismatch", "证书与域名不符", ("mismatch", "doesn't match", "not valid for")),
    ("untrusted", "自签名或不受信任的证书", ("self-signed", "self signed", "unable to get local issuer",
                                            "unknown ca", "untrusted")),
)


def tls_problem(error: str) -> tuple[str, str]:
    """(code, 中文名称) of a ``tls: …`` error."""
    low = error.lower()
    for code, label, needles in _TLS_KINDS:
        if any(n in low for n in needles):
            return code, label
    return "tls", "TLS握手失败"


def _site_hosts(ctx: RuleContext) -> set[str]:
    """Hostnames that are the site's own: the registered homepage's and where it ended up."""
    snap = ctx.snapshot
    urls = [ctx.site.url if "://" in ctx.site.url else f"http://{ctx.site.url}"]
    if snap.homepage_fetch is not None:
        urls.append(snap.homepage_fetch.final_url)
    return {(urlsplit(u).hostname or "").lower() for u in urls} - {""}


def _day(stamp: str) -> str:
    return stamp[:10] if stamp else "?"


def certificate_findings(ctx: RuleContext) -> tuple[list[Finding], set[str]]:
    """One finding per site host whose certificate note names a problem, and those hosts."""
    latest: dict[str, tuple[FetchResult, dict[str, str]]] = {}
    for note, fields in notes(ctx.snapshot, "tls"):
        latest[fields.get("host", "")] = (note, fields)  # the last verdict on a host wins
    hosts = _site_hosts(ctx)
    out: list[Finding] = []
    reported: set[str] = set()
    for key, (note, fields) in sorted(latest.items()):
        hostname = key.rsplit(":", 1)[0]
        problems = fields.get("problems", "").split()
        if hostname not in hosts or not problems:
            continue
        labels = "、".join(PROBLEM_LABELS.get(p, p) for p in problems)
        relaxed = fields.get("verification") == "relaxed"
        about = (f"（{fields.get('subject') or '?'}，签发者{fields.get('issuer') or '?'}，"
                 f"有效期{_day(fields.get('not-before', ''))}至{_day(fields.get('not-after', ''))}）")
        tail = "，页面已在不验证证书的情况下检查" if relaxed else "，已按AIA补全证书链后验证通过"
        finding = ctx.finding(
            f"HTTPS证书无效：{labels}{about}{tail}" if relaxed else f"HTTPS{labels}{about}{tail}",
            url=f"https://{hostname}/" if key.endswith(":443") else f"https://{key}/",
            details={"problem": problems[0], "problems": problems, "host": key,
                     "subject": fields.get("subject", ""), "issuer": fields.get("issuer", ""),
                     "not_before": fields.get("not-before", ""), "not_after": fields.get("not-after", ""),
                     "names": fields.get("names", "").split(), "aia": fields.get("aia", "").split(),
                     "verification": fields.get("verification", ""), "error": fields.get("error", "")})
        finding.evidence = evidence_of(note, excerpt=fields.get("error", ""))
        out.append(finding)
        reported.add(hostname)
    return out, reported


@rule("W-I3", "https", title="未启用HTTPS或证书无效", bulletin="未启用HTTPS或证书无效", severity=Severity.INFO)
def https(ctx: RuleContext) -> Iterator[Finding]:
    found, reported = certificate_findings(ctx)
    yield from found
    results = fetched(ctx.snapshot, "https")
    if not results:
        return
    fetch = results[-1]
    error = fetch.error or ""
    details: dict[str, Any]
    if (urlsplit(fetch.url).hostname or "").lower() in reported and error.startswith("tls"):
        return  # its certificate is named above
    if error.startswith("tls"):
        code, label = tls_problem(error)
        message, details = f"HTTPS证书无效：{label}", {"problem": code, "error": error}
    elif fetch.error is not None or fetch.status is None:
        message, details = "网站未启用HTTPS（无法建立HTTPS连接）", {"problem": "no_https", "error": error}
    elif fetch.status >= 400:
        message, details = f"HTTPS访问首页返回HTTP {fetch.status}", {"problem": "status", "status": fetch.status}
    elif urlsplit(fetch.final_url).scheme == "http":
        message, details = "HTTPS访问被重定向回HTTP", {"problem": "downgrade", "final_url": fetch.final_url}
    else:
        return
    finding = ctx.finding(message, url=fetch.url, details=details)
    finding.evidence = evidence_of(fetch, excerpt=error)
    yield finding
