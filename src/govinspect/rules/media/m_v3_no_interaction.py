"""M-V3 no-interaction — 政务新媒体缺少有效互动功能

Indicator (国办秘函〔2019〕19号, 政务新媒体 单项否决, 互动方面): 未提供有效互动功能 — no
message, comment or private-message entry, and no consultation entry in the menus (the Heyuan
seed: 微信公众号缺少有效互动功能).

An account has an interaction function when any of these holds:

- an interaction feature captured as enabled (留言, 评论, 私信, 在线咨询 …: the snapshot's
  ``interaction`` object);
- a custom menu entry whose name holds one of ``menu_words`` (留言, 咨询, 互动, 投诉 …);
- a post shows a user's comment (comments are open).

It fails when the interaction features were captured and none is enabled, the menus were captured
and hold no consultation entry, and no post shows a comment. When menus were not captured the
finding needs review. A format that captures neither (RSS, Atom, JSON Feed, a plain export) is
not assessable, said by an info finding.

Not flagged: 留言 off but 私信 on; no interaction feature enabled but a 在线咨询 menu entry; the
features not captured as enabled while posts show users' comments.

Thresholds (``[rules."M-V3"]``): ``menu_words`` (verified = false).

Example finding::

    {"rule": "M-V3", "severity": "veto",
     "message": "缺少有效互动功能（留言、评论、私信均未开通，菜单无咨询入口）",
     "details": {"interaction": {"留言": false, "评论": false}, "menus": ["政务公开", "办事服务"]}}
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.rules.base import Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext


@rule("M-V3", "no-interaction", title="缺少有效互动功能",
      bulletin="缺少有效互动功能", severity=Severity.VETO, target_kind="account")
def no_interaction(ctx: AccountRuleContext) -> Iterator[Finding]:
    data = ctx.data
    if data is None:
        return
    words = [str(w) for w in ctx.config["menu_words"]]
    if data.interaction is not None and any(data.interaction.values()):
        return
    names = [leaf.name for item in data.menus or [] for leaf in [item, *item.leaves()]]
    if any(word in name for name in names for word in words):
        return
    if any(post.comments for post in data.posts):
        return
    if data.interaction is None:
        yield ctx.not_assessable(f"{data.format}格式不含互动功能信息 / the {data.format} format does not "
                                 "carry interaction features")
        return
    features = "、".join(data.interaction) or "留言、评论、私信"
    menu_note = "菜单无咨询入口" if data.menus is not None else "菜单未采集"
    yield ctx.finding(f"缺少有效互动功能（{features}均未开通，{menu_note}） / no working interaction function",
                      review=data.menus is None,
                      details={"interaction": data.interaction,
                               "menus": names if data.menus is not None else None})
