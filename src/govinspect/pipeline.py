"""A run from registry to findings: start (or resume) → crawl → analyse → write outputs.

The CLI and (later) the Celery tasks call these functions; they hold the sequencing, not the
crawling or judging themselves.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from govinspect.alerts import AlertReport, AlertSettings, alert_run
from govinspect.config import Config
from govinspect.crawl.coverage import coverage_label, cut_by_budget
from govinspect.crawl.engine import CrawlProgress, crawl_run_sync
from govinspect.crawl.settings import CrawlSettings
from govinspect.extract.categories import load_category_table
from govinspect.media.fetch import collect_accounts_sync
from govinspect.media.model import Account
from govinspect.media.registry import account_from_json, account_to_json
from govinspect.media.run import account_site_view, judge_account, media_base_dir
from govinspect.model import Site, SiteStatus, SiteType
from govinspect.rules.base import Finding
from govinspect.rules.engine import RuleError, run_rules
from govinspect.rules.scoring import Judgement, judge
from govinspect.similarity.index import index_enabled, index_run
from govinspect.snapshot.builder import build_snapshot
from govinspect.snapshot.ocr import OCR_RULES, ocr_snapshot
from govinspect.store import Store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.text.ocr import OcrLimits
from govinspect.timeutil import CHINA_TZ, iso, utcnow
from govinspect.workflow.reviews import apply_decisions, run_decisions

CLOSED_SITE_RULES = ("W-I2",)  # the only rules a closed (关停) site is judged by


class RunError(Exception):
    """运行错误 / run error (unknown run, nothing to inspect, ...)."""


@dataclass
class TargetResult:
    site: Site  # for an account: its shared fields (code 平台:账号标识, name, data address, unit)
    judgement: Judgement
    findings: list[Finding]
    pages: int = 0  # pages crawled; for an account, posts read
    coverage: str = ""  # a site's crawl as the bulletin states it: 全站N页 or 抽查N页 (crawl.coverage)
    account: Account | None = None  # set for a new-media account (政务新媒体)


@dataclass
class RunResult:
    run_id: str
    as_of: datetime
    started: datetime
    finished: datetime | None
    targets: list[TargetResult] = field(default_factory=list)
    errors: list[RuleError] = field(default_factory=list)
    alerts: AlertReport | None = None  # the alerts this analysis sent (or, dry run, would send)

    @property
    def findings(self) -> list[Finding]:
        return [f for t in self.targets for f in t.findings]


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


def crawl(store: Store, config: Config, run_id: str, progress: CrawlProgress | None = None) -> None:
    """Crawl every target of the run that is not done yet (resumes a killed run)."""
    sites = run_sites(store, run_id)  # closed sites too: the crawler fetches only their homepage (W-I2)
    settings = CrawlSettings.from_config(config.crawl)
    if sites:
        crawl_run_sync(store, run_id, sites, settings, config.warc_dir, progress)
    accounts = run_accounts(store, run_id)
    if accounts:  # 数据地址 of every account not collected yet, kept as WARC evidence
        collect_accounts_sync(store, config, run_id, accounts, media_base_dir(get_run(store, run_id).options))
    with store.session() as session, session.begin():
        run = session.get(RunRow, run_id)
        assert run is not None
        run.state = "crawled"


def analyse(
    store: Store,
    config: Config,
    run_id: str,
    *,
    only_rules: list[str] | None = None,
    on_target: Callable[[Site], None] | None = None,
) -> RunResult:
    """Judge every target of the run from the stored snapshot (no network)."""
    run = get_run(store, run_id)
    as_of = run.as_of.astimezone(CHINA_TZ)  # windows and dates are judged in China time
    table = load_category_table(config.home)
    result = RunResult(run_id=run_id, as_of=as_of, started=run.started, finished=None)
    with store.session() as session, session.begin():
        session.execute(delete(FindingRow).where(FindingRow.run_id == run_id))
    sites = run_sites(store, run_id)
    # Cross-site pass first: 抄袭 (W-D16) compares every site's pages with every other site's.
    similar = (index_run(store, config, run_id, [s for s in sites if s.status is not SiteStatus.CLOSED]).by_site
               if index_enabled(config, only_rules) else {})
    decisions = run_decisions(store, run_id)  # an inspector's decisions survive analysing again
    ocr_limits = OcrLimits.from_config(config.data.get("ocr"), config.crawl)
    read_ocr = only_rules is None or bool(OCR_RULES & set(only_rules))
    for site in sites:
        if on_target:
            on_target(site)
        snapshot = build_snapshot(store, run_id, site, as_of, config.warc_dir, table)
        snapshot.similar_documents = similar.get(site.code, [])
        closed = site.status is SiteStatus.CLOSED
        if read_ocr and not closed:  # images and scanned PDFs read from WARC (cached in the store)
            ocr_snapshot(store, snapshot, ocr_limits)
        # 关停 sites are judged only on whether they still serve content (W-I2), never scored
        rules = [c for c in CLOSED_SITE_RULES if only_rules is None or c in only_rules] if closed else only_rules
        outcome = run_rules(snapshot, config, rules)
        found = apply_decisions(outcome.findings, decisions)
        judgement = judge(site, found, config)
        if closed:
            judgement.score = None
        counted = [f for f in found if f.decision != "rejected"]
        coverage = coverage_label(len(snapshot.pages), cut_by_budget(store, run_id, site.code))
        result.targets.append(TargetResult(site, judgement, counted, pages=len(snapshot.pages), coverage=coverage))
        result.errors.extend(outcome.errors)
        _store_target(store, run_id, site, judgement, found, outcome.errors)
    accounts = run_accounts(store, run_id)
    for account in accounts:
        view = account_site_view(account)
        if on_target:
            on_target(view)
        judged = judge_account(store, config, run_id, account, as_of, accounts, decisions, only_rules)
        result.targets.append(TargetResult(view, judged.judgement, judged.findings, pages=judged.posts,
                                           account=account))
        result.errors.extend(judged.errors)
        _store_target(store, run_id, view, judged.judgement, judged.stored, judged.errors)
    finished = utcnow()
    with store.session() as session, session.begin():
        row = session.get(RunRow, run_id)
        assert row is not None
        row.state = "analysed"
        row.finished = finished
    result.finished = finished
    if only_rules is None:  # a partial analysis would clear the vetoes of the rules it left out
        result.alerts = _alerts(store, config, result)
    return result


def _alerts(store: Store, config: Config, result: RunResult) -> AlertReport | None:
    """Alerts for the run's new firm vetoes, after its findings are stored: never raises."""
    try:
        if not AlertSettings.from_config(config).enabled:
            return None
        return alert_run(store, config, result.run_id, [(t.site, t.findings) for t in result.targets])
    except Exception as exc:  # the findings stand whatever happens to the alerts
        return AlertReport(note=f"告警失败 / alerts failed: {type(exc).__name__}: {str(exc)[:200]}")


def store_judgement(target: RunTargetRow, judgement: Judgement) -> None:
    """Record a target's judgement in its row: verdict, score, firm vetoes and 待复核 codes together."""
    target.verdict = judgement.verdict
    target.score = judgement.score
    target.veto = list(judgement.veto)
    target.pending_review = list(judgement.pending_review)


def _store_target(store: Store, run_id: str, site: Site, judgement: Judgement, findings: list[Finding],
                  errors: list[RuleError]) -> None:
    with store.session() as session, session.begin():
        target = session.scalars(select(RunTargetRow).where(
            RunTargetRow.run_id == run_id, RunTargetRow.site_code == site.code)).one()
        store_judgement(target, judgement)
        target.rule_errors = [{"rule": e.rule, "error": e.error} for e in errors]
        for f in findings:
            # ``review`` stays "needed review" for a decided finding; ``confirmed`` says how it ended
            session.add(FindingRow(run_id=run_id, target=f.target, rule=f.rule, severity=str(f.severity),
                                   confidence=str(f.confidence), message=f.message, url=f.url,
                                   evidence=f.evidence, details=f.to_json()["details"], points=f.points,
                                   review=f.review or f.decision is not None,
                                   confirmed=f.decision == "confirmed", fingerprint=f.fingerprint))


def target_kind(code: str) -> str:
    """``site`` for a 网站标识码, ``account`` for a new-media ``platform:account`` code."""
    return "account" if ":" in code else "site"


def target_json(site: Site, verdict: str | None, score: float | None, veto: list[str],
                pending_review: list[str]) -> dict[str, Any]:
    """One entry of findings.json ``targets``: the verdict with its firm vetoes and 待复核 codes."""
    return {"kind": target_kind(site.code), "code": site.code, "name": site.name, "url": site.url,
            "verdict": verdict, "score": score, "veto": list(veto), "pending_review": list(pending_review)}


def findings_document(result: RunResult) -> dict[str, Any]:
    """The findings.json contract (DESIGN.md, "Output contract: findings")."""
    return {
        "run": {"id": result.run_id, "as_of": iso(result.as_of), "started": iso(result.started),
                "finished": iso(result.finished)},
        "targets": [target_json(t.site, t.judgement.verdict, t.judgement.score, t.judgement.veto,
                                t.judgement.pending_review) for t in result.targets],
        "findings": [f.to_json() for f in result.findings],  # rejected ones (false alarms) left out
        "errors": [{"rule": e.rule, "target": e.target, "error": e.error} for e in result.errors],
    }


def write_findings(result: RunResult, out_dir: Path, store: Store | None = None) -> Path:
    """Write the run's findings.json into ``out_dir``; with ``store``, remember the folder so that a
    later review decision rewrites the same file (one verdict everywhere)."""
    path = write_document(findings_document(result), out_dir / "findings.json")
    if store is not None:
        with store.session() as session, session.begin():
            row = session.get(RunRow, result.run_id)
            if row is not None:
                row.out_dir = str(out_dir.resolve())
    return path


def write_document(document: dict[str, Any], path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".json.tmp")
    tmp.write_text(json.dumps(document, ensure_ascii=False, indent=2), encoding="utf-8")
    tmp.replace(path)  # atomic: a reader never sees half a file
    return path
