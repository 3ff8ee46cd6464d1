"""Small builders for hand-made SiteSnapshot fixtures (no crawl, no store)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any
from zoneinfo import ZoneInfo

from govinspect.config import Config, load_config
from govinspect.model import (
    Column,
    ColumnCategory,
    DatedItem,
    FetchResult,
    Footer,
    Link,
    PageModel,
    Site,
    SiteType,
)
from govinspect.rules.base import Finding, RuleContext, SiteSnapshot, get_rule

TZ = ZoneInfo("Asia/Shanghai")
AS_OF = datetime(2021, 3, 21, 0, 0, tzinfo=TZ)
HOME = "https://www.jiading.gov.cn/"
CODE = "3101140038"
_NO_HOME = Path("/nonexistent/govinspect-test-home")


def config(overrides: dict[str, Any] | None = None) -> Config:
    """Package defaults only (a home folder that does not exist), plus ``overrides``."""
    return load_config(_NO_HOME, overrides)


def ago(days: int) -> date:
    """The date ``days`` days before the monitoring point."""
    return AS_OF.date() - timedelta(days=days)


def site(url: str = HOME, code: str = CODE, site_type: SiteType = SiteType.PORTAL) -> Site:
    return Site(code=code, name="嘉定区人民政府", url=url, sponsor="上海市嘉定区人民政府办公室",
                site_type=site_type)


def item(days: int, title: str = "新闻", url: str | None = None) -> DatedItem:
    day = ago(days)
    return DatedItem(title=title, url=url, date=day, raw_date=day.isoformat())


def column(name: str, category: ColumnCategory, last_days: int | None = 1, *, level: int = 1,
           url: str | None = None, reachable: bool = True, placeholder: bool = False,
           undated: int = 0) -> Column:
    """A column whose newest item is ``last_days`` before as_of (None: no dated items)."""
    items = [] if last_days is None else [item(last_days + 30, "旧文"), item(last_days, "最新")]
    return Column(name=name, url=url or f"{HOME}col/{name}/", level=level, category=category,
                  items=items, undated_items=undated, reachable=reachable, is_placeholder=placeholder)


def page(url: str, *, kind: str = "other", links: Iterable[Link] = (), items: Iterable[DatedItem] = (),
         meta: dict[str, str] | None = None, footer: Footer | None = None, pub_date: datetime | None = None,
         pub_date_source: str = "", status: int | None = 200, soft404: bool = False,
         title: str = "页面") -> PageModel:
    return PageModel(url=url, final_url=url, status=status, title=title, meta=dict(meta or {}),
                     links=list(links), dated_items=list(items), pub_date=pub_date,
                     pub_date_source=pub_date_source, footer=footer or Footer(), is_soft404=soft404,
                     page_kind=kind)


def fetch(url: str, status: int | None = 200, *, error: str | None = None, kind: str = "page",
          soft404: bool = False, elapsed_ms: int | None = 300, at: datetime | None = None) -> FetchResult:
    return FetchResult(url=url, final_url=url, status=status, error=error, kind=kind, soft404=soft404,
                       elapsed_ms=elapsed_ms, fetched_at=at, warc_file="test.warc.gz",
                       warc_record_id=f"<urn:test:{url}>")


def snapshot(*, homepage: PageModel | None = None, pages: Iterable[PageModel] = (),
             columns: Iterable[Column] = (), fetches: Iterable[FetchResult] = (),
             probes: Iterable[FetchResult] = (), homepage_fetch: FetchResult | None = None,
             the_site: Site | None = None, as_of: datetime = AS_OF) -> SiteSnapshot:
    page_map = {p.url: p for p in pages}
    if homepage is not None:
        page_map.setdefault(homepage.url, homepage)
    return SiteSnapshot(site=the_site or site(), as_of=as_of, homepage=homepage, pages=page_map,
                        fetches={f.url: f for f in fetches}, columns=list(columns),
                        homepage_fetch=homepage_fetch, probes=list(probes))


def run(code: str, snap: SiteSnapshot, overrides: dict[str, Any] | None = None) -> list[Finding]:
    """Run one rule directly on ``snap`` with default thresholds (plus ``overrides`` for it)."""
    cfg = config({"rules": {code: overrides}} if overrides else None)
    rule = get_rule(code)
    return list(rule.func(RuleContext(snap, cfg.rule(code), rule)))
