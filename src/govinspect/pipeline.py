"""A run from registry to findings: start (or resume) → crawl → analyse → write outputs.

The CLI and (later) the Celery tasks call these functions; they hold the sequencing, not the
crawling or judging themselves.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import delete, select

from govinspect.alerts import AlertReport, AlertSettings, alert_run
from govinspect.collector import fewer_collections
from govinspect.config import Config
from govinspect.crawl.coverage import coverage_label, cut_by_budget
from govinspect.crawl.engine import CrawlProgress, crawl_run_sync
from govinspect.crawl.plan import run_plan
from govinspect.crawl.settings import CrawlSettings
from govinspect.extract.categories import load_category_table
from govinspect.findings_file import target_json, write_document
from govinspect.media.fetch import collect_accounts_sync
from govinspect.media.model import Account, account_site_view
from govinspect.media.run import judge_account, media_base_dir
from govinspect.model import Site, SiteStatus
from govinspect.rules.base import Finding
from govinspect.rules.engine import RuleError, run_rules
from govinspect.rules.scoring import Judgement, judge
from govinspect.similarity.index import index_enabled, index_run
from govinspect.snapshot.builder import build_snapshot
from govinspect.snapshot.ocr import OCR_RULES, ocr_snapshot
from govinspect.store import Store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.store.runs import (
    RunError,
    find_resumable_run,
    get_run,
    new_run_id,
    run_accounts,
    run_sites,
    site_from_json,
    site_to_json,
    start_run,
    store_judgement,
)
from govinspect.text.ocr import OcrLimits
from govinspect.timeutil import CHINA_TZ, iso, utcnow
from govinspect.workflow.reviews import apply_decisions, run_decisions

# The run lookups live in the store layer (govinspect.store.runs); they are named here too because
# the pipeline is where callers start and resume runs.
__all__ = ["CLOSED_SITE_RULES", "RunError", "RunResult", "TargetResult", "analyse", "crawl", "find_resumable_run",
           "findings_document", "get_run", "new_run_id", "run_accounts", "run_sites", "site_from_json",
           "site_to_json", "start_run", "store_judgement", "write_findings"]

CLOSED_SITE_RULES = ("W-I2",)  # the only rules a closed (关停) site is judged by


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
    options: dict[str, Any] = field(default_factory=dict)  # the run's options: its plan (检查方案), media

    @property
    def findings(self) -> list[Finding]:
        return [f for t in self.targets for f in t.findings]


def crawl(store: Store, config: Config, run_id: str, progress: CrawlProgress | None = None) -> None:
    """Crawl every target of the run that is not done yet (resumes a killed run)."""
    sites = run_sites(store, run_id)  # closed sites too: the crawler fetches only their homepage (W-I2)
    settings = run_plan(store, config, run_id).apply(CrawlSettings.from_config(config.crawl))  # 全面检查 or 抽查
    if sites:
        crawl_run_sync(store, run_id, sites, settings, config.warc_dir, progress)
    accounts = run_accounts(store, run_id)
    if accounts:  # 数据地址 of every account not collected yet, kept as WARC evidence
        collect_accounts_sync(store, config, run_id, accounts, media_base_dir(get_run(store, run_id).options))
    with store.session() as session, session.begin():
        run = session.get(RunRow, run_id)
        assert run is not None
        run.state = "crawled"


@fewer_collections()  # analysis keeps millions of small objects: see govinspect.collector
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
    result = RunResult(run_id=run_id, as_of=as_of, started=run.started, finished=None, options=run.options or {})
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
        _store_target(store, run_id, site, judgement, found, outcome.errors, coverage)
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


def _store_target(store: Store, run_id: str, site: Site, judgement: Judgement, findings: list[Finding],
                  errors: list[RuleError], coverage: str | None = None) -> None:
    with store.session() as session, session.begin():
        target = session.scalars(select(RunTargetRow).where(
            RunTargetRow.run_id == run_id, RunTargetRow.site_code == site.code)).one()
        store_judgement(target, judgement)
        target.coverage = coverage
        target.rule_errors = [{"rule": e.rule, "error": e.error} for e in errors]
        for f in findings:
            # ``review`` stays "needed review" for a decided finding; ``confirmed`` says how it ended
            session.add(FindingRow(run_id=run_id, target=f.target, rule=f.rule, severity=str(f.severity),
                                   confidence=str(f.confidence), message=f.message, url=f.url,
                                   evidence=f.evidence, details=f.to_json()["details"], points=f.points,
                                   review=f.review or f.decision is not None,
                                   confirmed=f.decision == "confirmed", fingerprint=f.fingerprint))


def findings_document(result: RunResult) -> dict[str, Any]:
    """The findings.json contract (DESIGN.md, "Output contract: findings")."""
    return {
        "run": {"id": result.run_id, "as_of": iso(result.as_of), "started": iso(result.started),
                "finished": iso(result.finished)},
        "targets": [target_json(t.site, t.judgement.verdict, t.judgement.score, t.judgement.veto,
                                t.judgement.pending_review, t.coverage, result.options) for t in result.targets],
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
