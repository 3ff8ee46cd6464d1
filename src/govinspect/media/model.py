"""The new-media data model: an account as registered, and what a collector read about it.

An account's code is ``平台:账号标识`` (``微信:gh_3a7f0c21d9e4``), unique in a registry. What a format
cannot say is ``None`` (menus from an RSS feed, comments from a CSV export without them), never an
empty list: a rule then reports "not assessable" instead of passing silently.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from enum import StrEnum

from govinspect.model import Site, SiteStatus, SiteType


class Platform(StrEnum):
    """平台 as the registry spells it."""

    WECHAT = "微信"
    WEIBO = "微博"
    DOUYIN = "抖音"
    TOUTIAO = "今日头条"
    KUAISHOU = "快手"
    OTHER = "其他"


class AccountStatus(StrEnum):
    RUNNING = "运行"
    CLOSED = "关停"


@dataclass(frozen=True)
class Account:
    """One row of the account registry (政务新媒体名录)."""

    name: str  # 账号名称
    platform: Platform  # 平台
    sponsor: str  # 开设主体 (the unit that opened the account)
    account_id: str  # 账号标识 (WeChat gh_…, Weibo uid, …)
    data_url: str = ""  # 数据地址: feed / snapshot / export URL, or a local file path
    supervisor: str = ""  # 主管单位
    region: str = ""  # 地区
    status: AccountStatus = AccountStatus.RUNNING  # 运行状态

    @property
    def code(self) -> str:
        """The target code of findings: ``平台:账号标识``."""
        return f"{self.platform}:{self.account_id}"


@dataclass
class Reply:
    """An official reply (回复) to a user's comment or message."""

    text: str
    at: datetime | None = None


@dataclass
class Comment:
    """A user's comment or message (留言/评论) and the account's replies to it."""

    text: str
    at: datetime | None = None
    author: str = ""
    replies: list[Reply] = field(default_factory=list)


@dataclass
class Post:
    """One post (推文/微博/视频) as a collector read it."""

    title: str
    text: str = ""
    url: str = ""
    published: datetime | None = None  # China time; None when the source gave no usable date
    raw_date: str = ""  # the date as the source wrote it (evidence)
    # None: the format does not carry comments; []: it does, and there were none
    comments: list[Comment] | None = None


@dataclass
class MenuItem:
    """A custom menu (自定义菜单) or bottom column entry; ``url`` empty for a parent or a text reply."""

    name: str
    url: str = ""
    children: list[MenuItem] = field(default_factory=list)

    def leaves(self) -> list[MenuItem]:
        if not self.children:
            return [self]
        return [leaf for child in self.children for leaf in child.leaves()]


@dataclass
class Profile:
    """What the account shows about itself (name, verified entity 认证主体)."""

    name: str = ""
    entity: str = ""  # 认证主体 / 账号主体
    description: str = ""


@dataclass
class AccountData:
    """Everything one collection read about an account. ``None`` fields: the format cannot say."""

    format: str  # "rss" | "atom" | "jsonfeed" | "snapshot" | "csv" | "jsonl"
    posts: list[Post] = field(default_factory=list)
    profile: Profile | None = None
    menus: list[MenuItem] | None = None
    # 互动功能: feature name (留言, 评论, 私信, 咨询菜单 …) → enabled; None: the format cannot say
    interaction: dict[str, bool] | None = None
    # non-fatal problems the collector noticed (undated posts, unparseable dates …), for evidence
    notes: list[str] = field(default_factory=list)

    @property
    def dated_posts(self) -> list[Post]:
        return [p for p in self.posts if p.published is not None]


def account_site_view(account: Account) -> Site:
    """An account seen through the fields every target shares (code, name, url, unit, region),
    so that summaries, judgements and findings.json treat both kinds alike."""
    return Site(code=account.code, name=account.name, url=account.data_url, sponsor=account.sponsor,
                supervisor=account.supervisor, region=account.region, site_type=SiteType.OTHER,
                status=SiteStatus.CLOSED if account.status is AccountStatus.CLOSED else SiteStatus.RUNNING)
