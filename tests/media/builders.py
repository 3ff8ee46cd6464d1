"""Account snapshots for rule tests, built in memory (the rules read nothing else)."""

from __future__ import annotations

from datetime import datetime, timedelta

from govinspect.config import load_config
from govinspect.media.model import (
    Account,
    AccountData,
    AccountStatus,
    Comment,
    MenuItem,
    Platform,
    Post,
    Profile,
    Reply,
)
from govinspect.media.snapshot import AccountSnapshot
from govinspect.model import FetchResult
from govinspect.rules.base import Finding
from govinspect.rules.media._common import run_account_rules
from govinspect.timeutil import CHINA_TZ

AS_OF = datetime(2021, 3, 21, tzinfo=CHINA_TZ)


def account(name: str = "澄溪发布", *, platform: Platform = Platform.WECHAT, sponsor: str = "澄溪县人民政府办公室",
            account_id: str = "gh_5b1e0c7a9f22", status: AccountStatus = AccountStatus.RUNNING) -> Account:
    return Account(name=name, platform=platform, sponsor=sponsor, account_id=account_id,
                   data_url="http://127.0.0.1/feed", region="澄溪县", status=status)


def post(days_before: float, title: str = "县政府召开专题会议", text: str = "会议研究了有关工作。",
         comments: list[Comment] | None = None) -> Post:
    when = AS_OF - timedelta(days=days_before)
    return Post(title=title, text=text, url=f"http://127.0.0.1/p/{days_before}", published=when,
                raw_date=when.isoformat(), comments=comments)


def comment(days_before: float, reply_after_days: float | None = None) -> Comment:
    at = AS_OF - timedelta(days=days_before)
    replies = [] if reply_after_days is None else [Reply("已转相关部门办理。", at + timedelta(days=reply_after_days))]
    return Comment(text="请问何时办理？", at=at, replies=replies)


def data(posts: list[Post], *, fmt: str = "snapshot", menus: list[MenuItem] | None = None,
         interaction: dict[str, bool] | None = None, profile: Profile | None = None) -> AccountData:
    return AccountData(format=fmt, posts=posts, menus=menus, interaction=interaction, profile=profile)


def snapshot(d: AccountData | None, acc: Account | None = None, *, registry: list[Account] | None = None,
             link_checks: dict[str, FetchResult] | None = None) -> AccountSnapshot:
    acc = acc or account()
    return AccountSnapshot(account=acc, as_of=AS_OF, data=d, registry=registry or [acc],
                           link_checks=link_checks or {},
                           fetch=FetchResult(url=acc.data_url, final_url=acc.data_url, status=200,
                                             warc_file="run/x.warc.gz", warc_record_id="<urn:uuid:1>", warc_offset=0))


def run(snap: AccountSnapshot, code: str) -> list[Finding]:
    outcome = run_account_rules(snap, load_config("/nonexistent-home"), [code])
    assert not outcome.errors, outcome.errors
    return outcome.findings


def judged(findings: list[Finding]) -> list[Finding]:
    """Findings that are judgements (not the "not assessable" notes)."""
    return [f for f in findings if f.details.get("assessable", True)]


def not_assessable(findings: list[Finding]) -> bool:
    return len(findings) == 1 and findings[0].details.get("assessable") is False and str(findings[0].severity) == "info"
