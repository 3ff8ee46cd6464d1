"""W-I3 https — 网站未启用HTTPS或证书无效（提示）

No national source makes HTTPS a 单项否决 or 扣分 item (indicators-research.md G-6,
UNCONFIRMED), so this is informational: it tells operators what a visitor's browser will show.

The "https" site check (``govinspect.crawl.sitechecks.https``) fetches ``https://<host>/``
with certificate verification. This rule judges ``snapshot.observations["https"]``:

- no HTTPS (connection refused, timeout, no answer, DNS) → "网站未启用HTTPS";
- certificate errors, named: 证书已过期 (expired), 证书与域名不符 (hostname/IP mismatch),
  自签名或不受信任的证书 (self-signed, unknown issuer), other TLS failures;
- HTTPS answers with HTTP ≥ 400, or redirects the visitor back to plain http.

Example finding::

    {"rule": "W-I3", "severity": "info",
     "message": "HTTPS证书无效：证书已过期",
     "url": "https://www.example.gov.cn/",
     "details": {"problem": "expired", "error": "tls: … certificate has expired …"}}

Not flagged: an HTTPS homepage with a valid certificate (also one that redirects to another
https page of the site); no https observation at all (an older run: not judged).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from urllib.parse import urlsplit

from govinspect.rules.base import Finding, RuleContext, Severity, evidence_of, rule
from govinspect.snapshot.notes import fetched

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


@rule("W-I3", "https", title="未启用HTTPS或证书无效", severity=Severity.INFO)
def https(ctx: RuleContext) -> Iterator[Finding]:
    results = fetched(ctx.snapshot, "https")
    if not results:
        return
    fetch = results[-1]
    error = fetch.error or ""
    details: dict[str, Any]
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
