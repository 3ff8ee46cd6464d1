"""Runs in the store (运行): start one, find one to resume, look one up, read its targets back.

A run's targets are stored with the registry row they were inspected under (``RunTargetRow.snapshot``),
so a site renamed or removed since is still named as it was. Everything above the store (pipeline,
reports, explain, workflow, commands) looks runs up through these functions.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import func, select

from govinspect.media.model import Account, account_site_view
from govinspect.media.registry import account_from_json, account_to_json
from govinspect.model import Site, SiteStatus, SiteType
from govinspect.store.db import Store
from govinspect.store.models import RunRow, RunTargetRow
from govinspect.timeutil import CHINA_TZ, utcnow

if TYPE_CHECKING:  # typing only: the store never runs the scoring
    from govinspect.rules.scoring import Judgement


class RunError(Exception):
    """运行错误 / run error (unknown run, nothing to inspect, ...)."""


def site_to_json(site: Site) -> dict[str, Any]:
    return {"code": site.code, "name": site.name, "url": site.url, "sponsor": site.sponsor,
            "supervisor": site.supervisor, "region": site.region, "site_type": str(site.site_type),
            "status": str(site.status)}


def site_from_json(data: dict[str, Any]) -> Site:
    """A target's registry row as stored with its run; an account comes back as its site view
    (code, name, data address, unit, region), so that every reader of run targets copes with both."""
    if data.get("kind") == "account":
        return account_site_view(account_from_json(data))
    return Site(code=data["code"], name=data["name"], url=data["url"], sponsor=data.get("sponsor", ""),
                supervisor=data.get("supervisor", ""), region=data.get("region", ""),
                site_type=SiteType(data.get("site_type", "其他")), status=SiteStatus(data.get("status", "运行")))


def new_run_id(as_of: datetime) -> str:
    return f"{as_of.astimezone(CHINA_TZ):%Y%m%d}-{utcnow().astimezone(CHINA_TZ):%Y%m%dT%H%M%S}"


def find_resumable_run(store: Store, as_of: datetime, codes: set[str]) -> str | None:
    """The newest unfinished run with the same monitoring point and the same sites."""
    with store.session() as session:
        runs = session.scalars(select(RunRow).where(RunRow.state != "analysed").order_by(RunRow.started.desc())).all()
        for run in runs:
            if run.as_of != as_of:
                continue
            run_codes = set(session.scalars(select(RunTargetRow.site_code).where(RunTargetRow.run_id == run.id)))
            if run_codes == codes:
                return run.id
    return None


def start_run(store: Store, sites: list[Site], as_of: datetime, *, run_id: str | None = None,
              options: dict[str, Any] | None = None, accounts: list[Account] | None = None) -> str:
    accounts = accounts or []
    if not sites and not accounts:
        raise RunError("没有要检查的网站或政务新媒体账号 / no sites or accounts to inspect")
    run_id = run_id or new_run_id(as_of)
    with store.session() as session, session.begin():
        if session.get(RunRow, run_id) is not None:
            raise RunError(f"运行 {run_id} 已存在 / run {run_id} already exists")
        session.add(RunRow(id=run_id, as_of=as_of, started=utcnow(), state="crawling", options=options or {}))
        for site in sites:
            session.add(RunTargetRow(run_id=run_id, site_code=site.code, snapshot=site_to_json(site)))
        for account in accounts:
            session.add(RunTargetRow(run_id=run_id, site_code=account.code, snapshot=account_to_json(account)))
    return run_id


def _is_account_row(row: RunTargetRow) -> bool:
    return (row.snapshot or {}).get("kind") == "account"


def run_sites(store: Store, run_id: str) -> list[Site]:
    """The websites of a run (its new-media accounts: :func:`run_accounts`)."""
    with store.session() as session:
        rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id).order_by(RunTargetRow.id))
        return [site_from_json(row.snapshot) for row in rows if not _is_account_row(row)]


def run_accounts(store: Store, run_id: str) -> list[Account]:
    """The new-media accounts (政务新媒体) of a run, in registry order."""
    with store.session() as session:
        rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id).order_by(RunTargetRow.id))
        return [account_from_json(row.snapshot) for row in rows if _is_account_row(row)]


def get_run(store: Store, run_id: str) -> RunRow:
    with store.session() as session:
        run = session.get(RunRow, run_id)
    if run is None:
        raise RunError(f"未找到运行 {run_id} / no run {run_id!r} (see `govinspect runs`)")
    return run


def store_judgement(target: RunTargetRow, judgement: Judgement) -> None:
    """Record a target's judgement in its row: verdict, score, firm vetoes and 待复核 codes together."""
    target.verdict = judgement.verdict
    target.score = judgement.score
    target.veto = list(judgement.veto)
    target.pending_review = list(judgement.pending_review)


@dataclass(frozen=True)
class RunSummary:
    """One line of ``govinspect runs``: a run and how many targets it has."""

    id: str
    as_of: datetime
    state: str
    targets: int
    started: datetime | None
    finished: datetime | None


def list_runs(store: Store) -> list[RunSummary]:
    """Every run in the store, oldest first."""
    with store.session() as session:
        counts = dict(session.execute(select(RunTargetRow.run_id, func.count(RunTargetRow.id))
                                      .group_by(RunTargetRow.run_id)).all())
        return [RunSummary(r.id, r.as_of, r.state, counts.get(r.id, 0), r.started, r.finished)
                for r in session.scalars(select(RunRow).order_by(RunRow.started))]


@dataclass(frozen=True)
class RunProgress:
    """How far a run is (检查进度), as the store says now: what the CLI and the web page show of a
    run whose work is done elsewhere (``inspect --distributed``)."""

    targets: int
    crawled: int
    analysed: int  # targets judged since the run's analysis began (their verdicts were cleared then)


def run_progress(store: Store, run_id: str) -> RunProgress:
    with store.session() as session:
        base = select(func.count()).select_from(RunTargetRow).where(RunTargetRow.run_id == run_id)
        return RunProgress(int(session.scalar(base) or 0),
                           int(session.scalar(base.where(RunTargetRow.crawl_state == "done")) or 0),
                           int(session.scalar(base.where(RunTargetRow.verdict.is_not(None))) or 0))


def latest_analysed_run(store: Store) -> str | None:
    """The id of the analysed run with the latest 监测时间点, None when no run was analysed."""
    with store.session() as session:
        return session.scalar(select(RunRow.id).where(RunRow.state == "analysed")
                              .order_by(RunRow.as_of.desc()).limit(1))
