"""M-D6 typos — 政务新媒体错别字

Indicator (国办秘函〔2019〕19号, 政务新媒体 内容方面: 错别字、表述不规范), as W-D12 for websites.
A post on an official account (公众号推文, 微博) is published text like a web page, and a false
alarm names a real office wrongly, so the rule runs W-D12's detector at W-D12's website setting
with the same guards (``w_d12_typos.SiteTypos``, the one piece both rules judge with):
the titles and bodies of the newest ``max_posts`` posts, each distinct text once per account.

A character is reported when a confusable character makes its neighbourhood a clearly more
probable wording: a confidence of at least ``min_confidence`` (gain / 12), a homophone only by
a less common reading ``minor_sound_margin`` more, a look-alike that does not rhyme ``look_margin``
more, a written character rarer than ``rare_char_freq`` ``rare_char_margin`` more (the larger
margin counts). Each finding needs review (an inspector confirms before it counts); at most ``max_findings``.

Not flagged:

- correct prose (部署 where 部署 is meant), quoted text, numbers and Latin text;
- a proper noun as jieba's tagger reads it (nr/ns/nt/nz);
- a person one post names as a person (副镇长田长治, 田长治指出) wherever the account's posts name
  that person again alone (田长治家的合作社): names marked per account (``marked_names``);
- measure words after a numeral and reduplicated ones (36起, 一桩桩);
- the account's own names (账号名称, 开设主体, 主管单位, 地区), however they are written;
- the same "typo" on ``site_term_lines`` or more distinct lines of the account's posts: the
  account's own term (a local brand such as 稻蜜香, a coined campaign name), not a slip; so is
  a character whose written two-character string ``term_paragraphs`` or more of the account's
  texts write, below confidence 1.0;
- region short names (简称: 沪籍, 闽企).

Thresholds (``[rules."M-D6"]``, verified = false, the values of W-D12's website setting):
``threshold``, ``min_word_freq``, ``min_confidence``, ``minor_sound_margin``, ``look_margin``,
``rare_char_freq``, ``rare_char_margin``, ``site_term_lines``, ``term_paragraphs``, ``max_posts``,
``max_findings``.

Example finding::

    {"rule": "M-D6", "severity": "deduction", "review": true,
     "message": "疑似错别字“切”，应为“彻” / likely typo '切', did you mean '彻'",
     "details": {"text": "切", "suggestion": "彻", "context": "会议要求，认真学习贯切落实全省医疗保障工作会议精神",
                 "post": "县医保局召开专题会议", "confidence": 0.97}}
"""

from __future__ import annotations

from collections.abc import Iterator

from govinspect.media.model import Post
from govinspect.rules.base import Confidence, Finding, Severity, rule
from govinspect.rules.media._common import AccountRuleContext, post_day, post_passages
from govinspect.rules.website.w_d12_typos import SiteTypos, own_names


@rule("M-D6", "typos", title="错别字",
      bulletin="错别字", severity=Severity.DEDUCTION, confidence=Confidence.MEDIUM, review=True,
      target_kind="account")
def typos(ctx: AccountRuleContext) -> Iterator[Finding]:
    if ctx.data is None:
        return
    passages = distinct_passages(post_passages(ctx.data, int(ctx.config["max_posts"])))
    account = ctx.account
    check = SiteTypos(ctx.config, own_names(account.name, account.sponsor, account.supervisor, account.region),
                      [text for _, text in passages])
    found = [(post, p) for post, text in passages for p in check.problems(text, post.url or post.title, post_day(post))]
    for post, p in check.reported(found):
        yield ctx.finding(p.message, url=post.url or None, excerpt=p.context,
                          details={"text": p.text, "suggestion": p.suggestion, "context": p.context,
                                   "post": post.title, "confidence": p.confidence})


def distinct_passages(passages: Iterator[tuple[Post, str]]) -> list[tuple[Post, str]]:
    """Each distinct text once per account, in its newest post (a repost or a signature line
    repeated under every post is one line of the account, as a repeated paragraph is of a site)."""
    seen: set[str] = set()
    out: list[tuple[Post, str]] = []
    for post, text in passages:
        if text not in seen:
            seen.add(text)
            out.append((post, text))
    return out
