"""W-D11 identity — 网站域名及标识不规范

Indicator (国办秘函〔2019〕19号 扣分指标 功能设计): 网站域名名称及网站标识符合相关要求; with
国办发〔2017〕47号《政府网站发展指引》:

    政府网站要使用以.gov.cn为后缀的英文域名和符合要求的中文域名，不得使用其他后缀的英文域名。
    …其他政府门户网站使用"www.□□□.gov.cn"结构的域名… 部门网站要使用本级政府或上级部门门户网站
    的下级域名，其结构应为"○○○.□□□.gov.cn"。

Checks (one finding each, the message names the problem):

1. Domain (``check_domain``): the registered URL — and the homepage's final URL after
   redirects — must be under ``.gov.cn`` (portal ``www.x.gov.cn``, department ``x.y.gov.cn``).
   Strict: an IP address or ``localhost`` is reported too.
2. The homepage footer (底部功能区, ``PageModel.footer``) must show each of 党政机关网站标识,
   网站标识码, ICP备案编号, 公安机关备案号, 主办单位, 联系方式 — one finding per missing element.
   Other pages' footers only confirm: when one of them does show the element the homepage lacks,
   the finding is kept with confidence medium (the homepage footer may be built by script).
3. Malformed codes (``check_site_code``, ``check_icp``, ``check_psb``).
4. Footer 网站标识码 ≠ the registry's code; the homepage's meta SiteIDCode ≠ footer 标识码.
5. Provinces of 标识码 / ICP / 公安备案 inconsistent (``codes_consistent``).

Validators come from ``govinspect.registry.codes``; their bilingual reasons are kept in
``details.reason``. Points (``[rules."W-D11"]``, verified = false): ``points`` per finding,
``cap``. No homepage at all: only the domain is checked (W-V2 reports the outage).

Example finding::

    {"rule": "W-D11", "severity": "deduction", "points": 1.0,
     "message": "底部功能区缺少公安机关备案号",
     "url": "https://www.example.gov.cn/",
     "details": {"check": "footer", "element": "公安机关备案号", "other_pages_with_element": 0}}

Not flagged:

- ``www.x.gov.cn`` portals, ``x.y.gov.cn`` departments, ``.政务`` Chinese domains;
- codes printed without a colon or with full-width digits (the finders normalise them);
- bm-codes of 国务院部门 (national: no province cross-check);
- a footer that shows 主办 / 联系电话 in its text even when the extractor found no field;
- footer elements not seen on a homepage cut at the crawler's size limit (W-I4): one ``info``
  finding lists them as 不可评估 (the codes the cut page does show are still checked).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any

from govinspect.model import Footer, PageModel
from govinspect.registry.codes import (
    check_domain,
    check_icp,
    check_psb,
    check_site_code,
    codes_consistent,
    find_icp,
    find_psb,
    find_site_code,
)
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import not_assessable

_CONTACT = re.compile(
    r"0\d{2,3}[-－—\s]?\d{7,8}|(?<!\d)1[3-9]\d{9}(?!\d)|[\w.+-]+@[\w-]+(?:\.[\w-]+)+|联系我们|联系电话|联系方式|电话"
)
_SPONSOR = re.compile(r"主办")


def _site_code(f: Footer) -> str | None:
    return (f.site_id_code or "").strip() or find_site_code(f.text)


def _icp(f: Footer) -> str | None:
    return (f.icp or "").strip() or find_icp(f.text)


def _psb(f: Footer) -> str | None:
    return (f.psb or "").strip() or find_psb(f.text)


ELEMENTS: dict[str, Callable[[Footer], Any]] = {
    "党政机关网站标识": lambda f: f.has_conac_badge,
    "网站标识码": _site_code,
    "ICP备案编号": _icp,
    "公安机关备案号": _psb,
    "主办单位": lambda f: (f.sponsor or "").strip() or _SPONSOR.search(f.text),
    "联系方式": lambda f: (f.contact or "").strip() or _CONTACT.search(f.text),
}


def _meta(page: PageModel, name: str) -> str:
    return next((v.strip() for k, v in page.meta.items() if k.lower() == name.lower()), "")


@rule("W-D11", "identity", title="网站域名及标识不规范", bulletin="网站标识不规范", severity=Severity.DEDUCTION)
def identity(ctx: RuleContext) -> Iterator[Finding]:
    snap = ctx.snapshot
    points = float(ctx.config["points"])
    site = ctx.site
    home = snap.homepage

    # 1. domain: the registered URL and where the homepage really lives
    seen_reasons: set[str] = set()
    for url in [site.url] + ([home.final_url] if home is not None and home.final_url else []):
        reason = check_domain(url, site.site_type)
        if reason and reason not in seen_reasons:
            seen_reasons.add(reason)
            yield ctx.finding(f"网站域名不规范：{reason}", url=url, points=points,
                              details={"check": "domain", "url": url, "reason": reason,
                                       "site_type": str(site.site_type)})
    if home is None:
        return
    footer = home.footer
    others = [p for p in snap.pages.values() if p.url != home.url]

    # 2. footer elements
    unseen = [element for element, present in ELEMENTS.items() if not present(footer)]
    if unseen and home.truncated:
        # the footer is past the cut (W-I4): what is not seen is not known to be missing
        yield not_assessable(ctx, home, "、".join(unseen), {"check": "footer", "elements": unseen})
        unseen = []
    for element in unseen:
        present = ELEMENTS[element]
        confirmed_elsewhere = sum(1 for p in others if present(p.footer))
        yield ctx.finding(
            f"底部功能区缺少{element}",
            url=home.url,
            excerpt=footer.text[-200:],
            points=points,
            confidence=Confidence.MEDIUM if confirmed_elsewhere else None,
            details={"check": "footer", "element": element, "other_pages_with_element": confirmed_elsewhere},
        )

    # 3. malformed codes
    code, icp, psb = _site_code(footer), _icp(footer), _psb(footer)
    for label, value, check in (("网站标识码", code, check_site_code), ("ICP备案编号", icp, check_icp),
                                ("公安机关备案号", psb, check_psb)):
        if value and (reason := check(value)):
            yield ctx.finding(f"{label}格式错误：{value}", url=home.url, points=points,
                              details={"check": "format", "element": label, "value": value, "reason": reason})

    # 4. the footer code against the registry and the meta tag
    if code and check_site_code(code) is None and code != site.code:
        yield ctx.finding(f"底部网站标识码{code}与登记的标识码{site.code}不一致", url=home.url, points=points,
                          details={"check": "registry", "footer_code": code, "registry_code": site.code,
                                   "reason": "底部网站标识码与登记不符 / footer site code differs from the registry"})
    meta_code = _meta(home, "SiteIDCode")
    if code and meta_code and meta_code != code:
        yield ctx.finding(f"网页标签SiteIDCode（{meta_code}）与底部网站标识码（{code}）不一致", url=home.url,
                          points=points,
                          details={"check": "meta", "meta_code": meta_code, "footer_code": code,
                                   "reason": "SiteIDCode 与底部标识码不符 / SiteIDCode differs from the footer code"})

    # 5. provinces of the three codes
    for reason in codes_consistent(code, icp, psb):
        yield ctx.finding(f"备案信息省份不一致：{reason.split(' / ')[0]}", url=home.url, points=points,
                          details={"check": "consistency", "site_code": code, "icp": icp, "psb": psb,
                                   "reason": reason})
