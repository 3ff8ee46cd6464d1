"""W-D5 replies-unpublished — 留言答复未公开

Indicator (国办秘函〔2019〕19号 扣分指标, 互动交流, as self-checks citing it quote it):

    监测时间点前2个月内未更新（公开）留言答复。            −3
    留言受理反馈情况统计数据公开。                         (points unknown)

Two findings:

1. **No reply published in the last ``max_months`` months**: the newest 答复时间 of the
   published messages (consultation columns only: 在线访谈, 信访, 纪检举报, 调查征集 excluded),
   or, where messages show no reply date, the newest date of a consultation channel's list, is
   older than as_of − 2 calendar months (strict), or there is none at all although the site has a
   consultation channel. ``points`` (verified: CORROBORATED).
2. **No 留言受理反馈情况统计**: no page or link anywhere names a statistics of messages received
   and answered (留言统计, 来信办理情况统计, 受理反馈情况 …) and no consultation page states such
   figures ("共收到留言N件"). ``stats_points`` (verified = false).

Sites without any consultation channel are left to W-V5a (veto).

Example finding::

    {"rule": "W-D5", "severity": "deduction", "points": 3,
     "message": "监测时间点前2个月内未公开留言答复（最近答复2020-12-02）",
     "url": "http://www.example.gov.cn/hdjl/zxts/",
     "details": {"last_reply": "2020-12-02", "max_months": 2, "messages": 14}}

Not flagged:

- a reply published 2 months ago to the day (not strictly more);
- a site that publishes a 留言办理情况统计 page (second finding);
- a site without any consultation channel (W-V5a).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date

from govinspect.model import MessageStatus
from govinspect.rules.base import Confidence, Finding, RuleContext, Severity, rule
from govinspect.rules.website._common import all_pages, page_ok, stale_by_months
from govinspect.rules.website._interaction import (
    GENERIC_CHANNEL,
    consultation_channels,
    excluded,
    newest,
    published_messages,
)

_STATS_NAME = re.compile(r"(?:留言|来信|信件|咨询|诉求|网民|政民互动|信箱).{0,10}(?:统计|情况通报|办理情况|数据)|"
                         r"受理反馈情况|(?:统计|数据).{0,4}(?:留言|来信|信件)")
_STATS_TEXT = re.compile(r"(?:共|累计)?(?:收到|受理|办理|办结|答复|回复).{0,12}(?:留言|来信|信件|诉求).{0,6}\d+\s*(?:件|条|封)")


def _has_stats(ctx: RuleContext) -> str | None:
    """Where the site publishes its 留言受理反馈情况统计 (a URL), if anywhere."""
    for page in all_pages(ctx.snapshot.homepage, ctx.snapshot.pages):
        if not page_ok(page):
            continue
        title = page.meta.get("ArticleTitle") or page.meta.get("ColumnName") or page.title
        if _STATS_NAME.search(title):
            return page.url
        for link in page.links:
            if link.region != "hidden" and len(link.text) <= 40 and _STATS_NAME.search(link.text):
                return link.url
        if page.messages and _STATS_TEXT.search(page.text):
            return page.url
    return None


@rule("W-D5", "replies-unpublished", title="留言答复未公开", bulletin="留言答复未公开", severity=Severity.DEDUCTION)
def replies_unpublished(ctx: RuleContext) -> Iterator[Finding]:
    snapshot = ctx.snapshot
    as_of = snapshot.as_of_date
    channels = consultation_channels(snapshot, ctx.config["channel_words"], ctx.config["excluded_channel_words"])
    excluded_columns = ctx.config["excluded_column_words"]
    messages = [p for p in published_messages(snapshot) if not excluded(p, excluded_columns)]
    if not channels.accepted and not messages:
        return  # no consultation channel at all: W-V5a
    max_months = int(ctx.config["max_months"])
    replies: list[date | None] = []
    for p in messages:
        m = p.message
        replies.append(m.answered)
        if m.answered is None and m.status is MessageStatus.ANSWERED:
            replies.append(m.listed)
    last = newest(replies, as_of)
    source = "messages"
    if last is None:
        # messages without reply dates: the newest entry of a consultation channel's list
        dates: list[date | None] = []
        for channel in channels.accepted:
            page = snapshot.pages.get(channel["url"])
            if page is not None and not GENERIC_CHANNEL.match(channel["text"]):
                dates += [item.date for item in page.dated_items]
        last = newest(dates, as_of)
        source = "channel list"
    where = channels.accepted[0]["url"] if channels.accepted else messages[0].found_on
    if stale_by_months(last, as_of, max_months):
        when = f"（最近答复{last.isoformat()}）" if last else "（未见已公开的答复）"
        yield ctx.finding(
            f"监测时间点前{max_months}个月内未公开留言答复{when}",
            url=where,
            details={"last_reply": last, "max_months": max_months, "messages": len(messages), "source": source},
            points=float(ctx.config["points"]),
        )
    if _has_stats(ctx) is None:
        yield ctx.finding(
            "未公开留言受理反馈情况统计数据",
            url=where,
            details={"looked_for": "留言/来信办理情况统计 pages or links, 共收到留言N件 on consultation pages"},
            points=float(ctx.config["stats_points"]),
            confidence=Confidence.MEDIUM,
        )
