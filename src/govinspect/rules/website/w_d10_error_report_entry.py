"""W-D10 no-error-report-entry — “我为政府网站找错”入口设置不规范

Indicator (国办秘函〔2019〕19号 扣分指标 功能设计, item CORROBORATED, points UNCONFIRMED):

    按要求设置“我为政府网站找错”入口

What the homepage must carry: the 找错 script
``<script id="_jiucuo_" sitecode='<网站标识码>' src='https://zfwzgl.www.gov.cn/exposure/jiucuo.js'>``
(legacy hosts such as pucha.kaipuyun.cn are accepted) or a link to
``…/exposure/jiucuo.html?site_code=<网站标识码>``. Extraction keeps it as
``Footer.has_jiucuo`` / ``Footer.jiucuo_sitecode``.

Findings (``[rules."W-D10"]`` ``points`` each, ``cap``, both verified = false):

- the homepage has no 找错 entry (confidence medium when another crawled page shows one: the
  homepage may build it by script);
- the entry has no sitecode;
- its sitecode differs from the registry's 网站标识码 (messages from citizens would reach
  another site's operator).

Example finding::

    {"rule": "W-D10", "severity": "deduction", "points": 1.0,
     "message": "“我为政府网站找错”入口的sitecode（3399000066）与网站标识码3399000006不一致",
     "details": {"problem": "mismatch", "sitecode": "3399000066", "registry_code": "3399000006"}}

Not flagged:

- the script with the right sitecode, in any letter case of its attributes, or the jiucuo.html link
  with ``site_code=<code>``;
- ``jiucuo`` mentioned in text or in another script's name that is not the 找错 entry;
- no homepage at all (W-V2 reports the outage);
- no entry on a homepage cut at the crawler's size limit (W-I4): the entry usually sits in the
  footer, past the cut, so an ``info`` finding says 不可评估 instead.
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import not_assessable


@rule("W-D10", "no-error-report-entry", title="“我为政府网站找错”入口设置不规范",
      bulletin="“我为政府网站找错”入口设置不规范", severity=Severity.DEDUCTION)
def error_report_entry(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    home = snap.homepage
    if home is None:
        return
    points = float(ctx.config["points"])
    footer = home.footer
    code = ctx.site.code
    if not footer.has_jiucuo and home.truncated:
        yield not_assessable(ctx, home, "“我为政府网站找错”入口")
        return
    if not footer.has_jiucuo:
        elsewhere = sum(1 for p in snap.pages.values() if p.url != home.url and p.footer.has_jiucuo)
        yield ctx.finding("首页未设置“我为政府网站找错”入口", url=home.url, points=points,
                          excerpt=footer.text[-200:],
                          confidence=Confidence.MEDIUM if elsewhere else None,
                          details={"problem": "missing", "other_pages_with_entry": elsewhere})
        return
    sitecode = (footer.jiucuo_sitecode or "").strip()
    if not sitecode:
        yield ctx.finding("“我为政府网站找错”入口缺少sitecode（网站标识码）", url=home.url, points=points,
                          details={"problem": "no_sitecode", "registry_code": code})
    elif sitecode.lower() != code.lower():
        yield ctx.finding(f"“我为政府网站找错”入口的sitecode（{sitecode}）与网站标识码{code}不一致", url=home.url,
                          points=points,
                          details={"problem": "mismatch", "sitecode": sitecode, "registry_code": code})
