"""W-V6b service-guide-incomplete — 办事指南要素缺失

Indicator (国办秘函〔2019〕19号, 服务不实用, 单项否决 item 2; the source text is truncated):

    办事指南重点要素类别（包括事项名称、设定依据、申请条件、办理材料、办理地点、办理时间、
    联系电话、办理流程）……

Every 办事指南 page (extract/guides.py: labels and their synonyms such as 受理条件, 申请材料,
所需材料, 咨询电话, 办理程序) is checked for the eight element categories; the finding lists per
guide the missing ones. A guide is incomplete when it misses at least ``min_missing_categories``
categories; the veto fires when the share of incomplete guides is at least ``veto_share``.

**The threshold is UNCONFIRMED** (indicators-research.md W-V6: the recollection is "缺失X类以上的
事项数量超过（含）一定比例", possibly 50 %), so the rule is **off by default**
(``[rules."W-V6b"] enabled = true`` turns it on) and its thresholds carry verified = false.
Below the veto share, incomplete guides are reported as a warning. Every finding needs review
(an inspector confirms that the page is a guide and the element is really absent).

Example finding::

    {"rule": "W-V6b", "severity": "veto", "review": true,
     "message": "办事指南要素缺失：4个办事指南中3个缺少重点要素（75%）",
     "url": "http://www.example.gov.cn/bsfw/bszn/t1.html",
     "details": {"guides": 4, "incomplete": 3, "share": 0.75, "veto_share": 0.5,
                 "items": [{"title": "食品经营许可办事指南", "url": "…", "missing": ["设定依据", "办理流程"]}]}}

Not flagged:

- guides naming the elements by synonyms (受理条件, 所需材料, 咨询电话, 办理程序);
- the footer's 联系电话 or a sentence mentioning 申请条件 (not labels) — these do not fill a gap either;
- sites without any guide page (W-V6a judges whether services are offered at all).
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import page_ok


@rule("W-V6b", "service-guide-incomplete", title="办事指南要素缺失", bulletin="办事指南要素不全", severity=Severity.VETO,
      review=True, enabled_by_default=False)
def service_guide_incomplete(ctx: RuleContext) -> Iterator[Finding]:
    min_missing = int(ctx.config["min_missing_categories"])
    veto_share = float(ctx.config["veto_share"])
    guides = [p for p in ctx.snapshot.pages.values() if p.guide is not None and page_ok(p)]
    if not guides:
        return
    items: list[dict[str, Any]] = []
    for page in sorted(guides, key=lambda p: p.url):
        assert page.guide is not None
        missing = page.guide.missing
        if len(missing) >= min_missing:
            items.append({"title": page.guide.title, "url": page.url, "missing": missing,
                          "present": dict(page.guide.present)})
    if not items:
        return
    share = len(items) / len(guides)
    veto = share >= veto_share
    message = (f"办事指南要素缺失：{len(guides)}个办事指南中{len(items)}个缺少重点要素（{share:.0%}）"
               + ("" if veto else "，未达否决比例"))
    yield ctx.finding(
        message,
        url=items[0]["url"],
        details={"guides": len(guides), "incomplete": len(items), "share": round(share, 3),
                 "veto_share": veto_share, "min_missing_categories": min_missing, "items": items[:100]},
        severity=None if veto else Severity.WARNING,
    )
