"""Stored runs built directly in a store (no crawl): sites, verdicts and findings as a bulletin
reads them."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from govinspect.config import Config, load_config
from govinspect.model import Site, SiteType
from govinspect.pipeline import site_to_json
from govinspect.registry.store import save_sites
from govinspect.store import Store, open_store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.timeutil import parse_as_of, utcnow

PORTAL = SiteType.PORTAL
DEPT = SiteType.DEPARTMENT

SITES = [
    Site("3399000001", "示范市人民政府", "http://www.shifan.gov.cn/", "示范市人民政府办公室", "示范市人民政府",
         "示范市", PORTAL),
    Site("3399210002", "样板县人民政府", "http://www.yangban.gov.cn/", "样板县人民政府办公室", "样板县人民政府",
         "样板县", PORTAL),
    Site("3399000003", "示范市教育局", "http://jyj.shifan.gov.cn/", "示范市教育局", "", "示范市", DEPT),
    Site("3399020004", "青禾区人民政府", "http://www.qinghequ.gov.cn/", "青禾区人民政府办公室", "", "青禾区", PORTAL),
    Site("3399210005", "样板县卫生健康局", "http://wjj.yangban.gov.cn/", "样板县卫生健康局", "", "样板县", DEPT),
]


@dataclass
class F:
    target: str
    rule: str
    severity: str = "veto"
    message: str = ""
    url: str | None = None
    review: bool = False
    points: float = 0.0
    details: dict[str, Any] = field(default_factory=dict)


_MIGRATED: dict[str, bytes] = {}


def home(tmp_path: Path, overrides: dict[str, Any] | None = None) -> tuple[Config, Store]:
    """A home folder with a store holding :data:`SITES` (migrated once per session, then copied:
    running every migration for each test would dominate the test time)."""
    config = load_config(tmp_path / "home", overrides or {})
    db = tmp_path / "home" / "govinspect.db"
    db.parent.mkdir(parents=True, exist_ok=True)
    if "db" not in _MIGRATED:
        open_store(config.db_url).close()
        _MIGRATED["db"] = db.read_bytes()
    else:
        db.write_bytes(_MIGRATED["db"])
    store = open_store(config.db_url, create=False)
    save_sites(store, SITES)
    return config, store


def add_run(store: Store, run_id: str, as_of: str, findings: list[F], *, sites: list[Site] | None = None,
            state: str = "analysed", options: dict[str, Any] | None = None) -> str:
    sites = SITES if sites is None else sites
    with store.session() as session, session.begin():
        session.add(RunRow(id=run_id, as_of=parse_as_of(as_of), started=utcnow(), finished=utcnow(), state=state,
                           options=options or {}))
        for s in sites:
            mine = [f for f in findings if f.target == s.code and not f.review]
            verdict = "fail" if any(f.severity == "veto" for f in mine) else "pass"
            session.add(RunTargetRow(run_id=run_id, site_code=s.code, snapshot=site_to_json(s), crawl_state="done",
                                     verdict=verdict, score=100.0 if s.is_portal else None))
        for f in findings:
            session.add(FindingRow(run_id=run_id, target=f.target, rule=f.rule, severity=f.severity,
                                   message=f.message or f"{f.rule} 问题", url=f.url, evidence={}, details=f.details,
                                   points=f.points, review=f.review, fingerprint=f"{f.rule}-{f.target}-{f.url}"))
    return run_id


Q1_FINDINGS = [
    F("3399210002", "W-V3", message="首页超过2周未更新（最新信息2021-03-01）", url="http://www.yangban.gov.cn/"),
    F("3399210002", "W-V4a", message="动态、要闻类栏目及通知公告类栏目累计6个超期未更新",
      url="http://www.yangban.gov.cn/xwzx/"),
    F("3399000003", "W-V4c", message="空白栏目5个", url="http://jyj.shifan.gov.cn/zwgk/"),
    F("3399020004", "W-V1e", message="发稿日期2021-03-25晚于监测时间点", url="http://www.qinghequ.gov.cn/a.html",
      review=True),
    F("3399210005", "W-D7", severity="deduction", message="错链断链：http://wjj.yangban.gov.cn/x 返回404",
      url="http://wjj.yangban.gov.cn/x", points=0.1),
]
