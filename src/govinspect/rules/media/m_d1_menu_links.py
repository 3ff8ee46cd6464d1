"""M-D1 menu-links-broken — 政务新媒体自定义菜单、底部栏目链接失效

Indicator (国办秘函〔2019〕19号, 政务新媒体 服务方面; the Huizhou seed: 菜单栏链接无法打开):
custom menu (自定义菜单) and bottom column links must work. During collection every http(s) link of
the captured menus is checked once (GET, like the crawler's link checks, kept as WARC evidence;
at most ``[media] max_menu_links``). A link that fails (no answer, HTTP ≥ 400) is reported; one
finding per account lists every broken link.

Menus that were not captured (RSS, Atom, JSON Feed, exports) are not assessable, said by an info
finding. Entries without a web link (a text reply, a mini-program path) are not checked.

Example finding::

    {"rule": "M-D1", "severity": "deduction",
     "message": "自定义菜单有2个链接无法访问：办事指南、公开目录",
     "details": {"broken": [{"menu": "办事指南", "url": "http://…", "status": 404}]}}

Not flagged: a link that redirects to a working page; a link not checked (beyond the cap).
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.model import FetchResult
from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext


@rule("M-D1", "menu-links-broken", title="菜单链接失效",
      bulletin="菜单栏链接无法打开", severity=Severity.DEDUCTION, target_kind="account")
def menu_links_broken(ctx: AccountRuleContext) -> Iterator[Finding]:
    data = ctx.data
    if data is None:
        return
    if data.menus is None:
        yield ctx.not_assessable(f"{data.format}格式不含自定义菜单 / the {data.format} format carries no menus")
        return
    broken: list[tuple[str, str, FetchResult]] = []
    for item in data.menus:
        for leaf in item.leaves():
            check = ctx.snapshot.link_checks.get(leaf.url)
            if check is not None and not check.ok:
                broken.append((leaf.name, leaf.url, check))
    if broken:
        names = "、".join(name for name, _, _ in broken[:5])
        first_url = broken[0][1]
        yield ctx.finding(f"自定义菜单有{len(broken)}个链接无法访问：{names} / {len(broken)} menu links are broken",
                          url=first_url, evidence_url=first_url,
                          details={"broken": [{"menu": name, "url": url, "status": check.status, "error": check.error}
                                              for name, url, check in broken]})
