"""M-V1c harmful-content — 政务新媒体发布有害信息

Indicator (国办秘函〔2019〕19号, 政务新媒体 单项否决, 安全方面): 发布或链接反动、暴力、色情等内容.
The W-V1c lexicon scorer (``data/lexicons/spam.toml``) runs on every post title (placement
title, ×2), post body (×1) and custom menu name (link text, ×1.25). A segment scoring
``min_score`` or more is harmful, unless enforcement or warning words (打击, 查处, 破获, 福利彩票 …)
sit in the same segment or, for a body, in the post's title: a post about fighting gambling is not
gambling spam. Veto, confidence medium, ``review = true``.

Thresholds (``[rules."M-V1c"]``): ``min_score``.

Example finding::

    {"rule": "M-V1c", "severity": "veto", "review": true,
     "message": "疑似发布赌博类有害信息（标题）：百家乐, 真人娱乐",
     "details": {"post": "百家乐真人娱乐注册送彩金", "hits": [{"category": "gambling", ...}]}}

Not flagged: 严厉打击网络赌博 news, 体育彩票 notices, one weak word (澳门 in a travel post).
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.rules.base import Confidence, Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext
from govinspect.rules.website.w_v1c_harmful import CATEGORY_NAMES, PLACEMENT_NAMES
from govinspect.text.harmful import SpamHit, _fold, load_lexicon, scan_text, text_might_contain_terms


def _harmful(text: str, placement: str, min_score: float, title: str = "") -> SpamHit | None:
    if not text.strip() or not text_might_contain_terms(text):
        return None
    hit = scan_text(text, placement)
    if hit is None or hit.excused or hit.score < min_score:
        return None
    lexicon = load_lexicon()
    title_context = sorted({m.group() for m in lexicon.context_re.finditer(_fold(title))}) if title else []
    if title_context:  # the post's title frames the body: 打击…赌博 news quoting the spam it fights
        return None
    return hit


@rule("M-V1c", "harmful-content", title="有害信息",
      bulletin="发布或链接有害信息", severity=Severity.VETO, confidence=Confidence.MEDIUM,
      review=True, target_kind="account")
def harmful_content(ctx: AccountRuleContext) -> Iterator[Finding]:
    if ctx.data is None:
        return
    min_score = float(ctx.config["min_score"])
    for post in ctx.data.posts:
        hits = [h for h in (_harmful(post.title, "title", min_score),
                            _harmful(post.text, "body", min_score, title=post.title)) if h is not None]
        if hits:
            top = max(hits, key=lambda h: h.score)
            yield ctx.finding(
                f"疑似发布{CATEGORY_NAMES.get(top.category, top.category)}类有害信息"
                f"（{PLACEMENT_NAMES.get(top.placement, top.placement)}）：{', '.join(top.terms[:5])}",
                url=post.url or None, excerpt=top.text,
                details={"post": post.title, "hits": [h.to_json() for h in hits]})
    for item in ctx.data.menus or []:
        for leaf in [item, *item.leaves()]:
            hit = _harmful(leaf.name, "link", min_score)
            if hit is not None:
                yield ctx.finding(f"自定义菜单疑似含{CATEGORY_NAMES.get(hit.category, hit.category)}类有害信息："
                                  f"{', '.join(hit.terms[:5])}", url=leaf.url or None, excerpt=hit.text,
                                  details={"menu": leaf.name, "hits": [hit.to_json()]})
