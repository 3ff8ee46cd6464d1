"""W-D15 interpretation-unlinked — 政策解读未关联政策文件、解读比例低

Indicator (扣分, 发布解读 / 政策解读; points UNCONFIRMED): the Shanghai seed reports "政策解读有待
加强…解读信息更新不及时，解读稿未与被解读的政策文件相关联"; the Guangdong seed "政策解读比例不高…
文件和解读关联不强". A 政策解读 must lead the reader to the document it interprets, and the
policy documents a site issues should, in good part, be interpreted.

How:

- 政策解读 pages: the articles of columns classified 政策解读 (栏目分类表: 政策解读, 解读,
  图解, 一图读懂 …), and article pages whose ColumnName/ColumnType tag says 解读;
- 政策文件 pages: the articles of columns classified 政策文件, and article pages whose
  ColumnName/ColumnType tag names a 文件 / 政策法规 / 规章 column;
- an interpretation is linked when a link in its body (not navigation or footer) leads to a
  policy page that exists — a crawled 政策文件 page, or a working link whose text is a 《…》
  title or a policy title (…通知/办法/意见/方案…), or a working attachment (附件：政策原文.pdf).
  Links to other interpretations (上一篇/下一篇, 相关解读) do not count;
- ratio: policy documents dated within ``ratio_window_months`` before the monitoring point that
  some interpretation links to, over all such policy documents.

Thresholds (``[rules."W-D15"]``, all verified: false — no number was found in the sources):
``min_ratio``, ``min_policies`` (fewer dated policy documents: ratio not judged),
``ratio_window_months``, ``points`` per unlinked interpretation, ``ratio_points``,
``cap``.

Evidence: each unlinked interpretation page (its WARC record), with the links that were
examined and why none counts.

Example findings::

    {"rule": "W-D15", "severity": "deduction", "message": "政策解读未关联被解读的政策文件：《关于…》政策解读",
     "url": "http://www.qinghequ.gov.cn/zwgk/zcjd/202101/t20210120_4030001.html",
     "details": {"reason": "no-link", "links": []}}
    {"rule": "W-D15", "severity": "deduction", "message": "政策解读比例偏低：近12个月6件政策文件中2件有解读（33%）",
     "details": {"policies": 6, "interpreted": 2, "ratio": 0.33, "min_ratio": 0.5, "uninterpreted": […]}}

Not flagged:

- an interpretation whose 相关文件 / 原文链接 link leads to the policy page, or to a working
  attachment or a 《…》-titled document on another government site;
- policy sites with fewer than ``min_policies`` dated policy documents in the window (ratio);
- a news article that mentions 政策解读 in its text (only 解读 columns and tagged pages count).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from govinspect.extract.page import looks_like_file_url
from govinspect.model import ColumnCategory, Link, PageModel
from govinspect.rules.base import Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import link_broken, local_date, months_before, page_ok

_INTERP_TAG = re.compile(r"解读|图解|一图读懂")
_POLICY_TAG = re.compile(r"文件|政策法规|规章|法规")
# Titles a policy document carries: 《…》, or the usual document kinds at the end.
_POLICY_TITLE = re.compile(r"《[^》]{2,}》|(?:通知|办法|意见|方案|规定|决定|细则|规划|条例|规则|纲要|措施|"
                           r"批复|公告|通告|令)(?:\s*[（(][^）)]*[）)])?$")
_ATTACHMENT_TEXT = re.compile(r"原文|全文|正文|政策|文件|《")


def _tag(page: PageModel) -> str:
    return f"{page.meta.get('ColumnName', '')} {page.meta.get('ColumnType', '')}"


def _is_article(page: PageModel | None) -> bool:
    return page is not None and page_ok(page) and page.page_kind == "article"


@rule("W-D15", "interpretation-unlinked", title="政策解读未关联政策文件",
      bulletin="政策解读未关联政策文件", severity=Severity.DEDUCTION)
def interpretation_unlinked(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    cfg = ctx.config
    pages = snap.pages
    tz = snap.as_of.tzinfo

    interps: dict[str, PageModel] = {}
    policies: dict[str, date | None] = {}
    for column in snap.columns:
        if column.category is ColumnCategory.INTERPRETATION:
            for item in column.items:
                if item.url and _is_article(pages.get(item.url)):
                    interps[item.url] = pages[item.url]
        elif column.category is ColumnCategory.POLICY:
            for item in column.items:
                if item.url:
                    policies[item.url] = min(item.date, policies.get(item.url) or item.date)
    for url, page in pages.items():
        if not _is_article(page) or url in interps or url in policies:
            continue
        tag = _tag(page)
        if _INTERP_TAG.search(tag):
            interps[url] = page
        elif _POLICY_TAG.search(tag):
            policies[url] = local_date(page.pub_date, tz) if page.pub_date else None

    points = float(cfg["points"])
    interpreted: set[str] = set()
    for url in sorted(interps):
        page = interps[url]
        linked, examined, reason = _policy_links(page, snap.fetches, pages, policies, interps)
        interpreted.update(linked)
        if linked:
            continue
        title = page.meta.get("ArticleTitle") or page.title
        yield ctx.finding(
            f"政策解读未关联被解读的政策文件：{title or url}",
            url=url, excerpt=title, points=points,
            details={"title": title, "reason": reason,
                     "links": examined[:10]})

    # 解读比例: dated policy documents in the window that some interpretation links to.
    window_start = months_before(snap.as_of_date, int(cfg["ratio_window_months"]))
    recent = sorted(url for url, day in policies.items() if day is not None and window_start <= day <= snap.as_of_date)
    if len(recent) < int(cfg["min_policies"]):
        return
    done = [url for url in recent if url in interpreted]
    ratio = len(done) / len(recent)
    minimum = float(cfg["min_ratio"])
    if ratio >= minimum:
        return
    months = int(cfg["ratio_window_months"])
    yield ctx.finding(
        f"政策解读比例偏低：近{months}个月{len(recent)}件政策文件中{len(done)}件有解读（{ratio:.0%}）",
        url=ctx.site.url, points=float(cfg["ratio_points"]),
        details={"policies": len(recent), "interpreted": len(done), "ratio": round(ratio, 2), "min_ratio": minimum,
                 "window_start": window_start, "interpretations": len(interps),
                 "uninterpreted": [u for u in recent if u not in interpreted][:50]})


def _policy_links(page: PageModel, fetches: dict[str, Any], pages: dict[str, PageModel],
                  policies: dict[str, date | None], interps: dict[str, PageModel]
                  ) -> tuple[set[str], list[dict[str, Any]], str]:
    """The policy URLs ``page`` links to, the links examined, and why none counted."""
    linked: set[str] = set()
    examined: list[dict[str, Any]] = []
    reason = "no-link"
    for link in page.links:
        if link.tag != "a" or link.region != "body" or link.url in (page.url, page.final_url):
            continue
        if link.url in interps or "解读" in link.text:
            continue  # 上一篇/下一篇, 相关解读: another interpretation is not the policy
        verdict = _judge_link(link, fetches, pages, policies)
        if verdict is None:
            continue
        examined.append({"url": link.url, "text": link.text, "verdict": verdict})
        if verdict == "policy":
            linked.add(link.url)
        elif verdict == "broken":
            reason = "broken-link"
        elif reason != "broken-link":
            reason = "not-a-policy"
    return linked, examined, reason


def _judge_link(link: Link, fetches: dict[str, Any], pages: dict[str, PageModel],
                policies: dict[str, date | None]) -> str | None:
    """"policy" | "broken" | "other" for a body link worth examining, None for unrelated links."""
    titled = bool(_POLICY_TITLE.search(link.text.strip()))
    is_file = looks_like_file_url(link.url)
    fetch = fetches.get(link.url)
    target = pages.get(link.url)
    if link.url in policies:
        return "broken" if fetch is not None and link_broken(fetch) else "policy"
    if not (titled or is_file):
        return None  # 打印, 关闭, links to other news: not a candidate for the policy link
    if fetch is not None and link_broken(fetch):
        return "broken"
    if target is not None and target.page_kind == "article":
        return "policy" if _POLICY_TAG.search(_tag(target)) or titled else "other"
    if is_file:
        return "policy" if _ATTACHMENT_TEXT.search(link.text) else "other"
    # A titled link the crawl did not open as a page (another government site, or beyond the
    # crawl's limits): a working link check, or no check at all, is taken on its 《…》 title.
    return "policy"
