"""One target's tasks (单个检查对象的任务): crawl it, then analyse it.

Both are idempotent, so a task redone after a killed worker (or a killed ``inspect``) is safe:

- the crawl resumes from the store: its frontier says what was fetched, and only records
  indexed in the store count, so a page is never read twice by the snapshot;
- the analysis replaces the target's findings and judgement in one transaction.

The embedded run calls these in-process (the crawl of many sites in one event loop, the analyses
in a process pool); a Celery worker calls them for one target per task.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from sqlalchemy import delete, select

from govinspect.collector import fewer_collections
from govinspect.config import Config
from govinspect.content.result_cache import remembered_results
from govinspect.crawl.coverage import coverage_label, cut_by_budget
from govinspect.crawl.engine import CrawlProgress, crawl_run_sync
from govinspect.crawl.plan import run_plan
from govinspect.crawl.settings import CrawlSettings
from govinspect.extract.categories import CategoryTable, load_category_table
from govinspect.media.fetch import collect_accounts_sync
from govinspect.media.model import Account, account_site_view
from govinspect.media.run import judge_account, media_base_dir
from govinspect.model import Site, SiteStatus
from govinspect.rules.base import Finding
from govinspect.rules.engine import RuleError, run_rules
from govinspect.rules.scoring import Judgement, judge
from govinspect.similarity.types import SimilarDocument
from govinspect.snapshot.builder import build_snapshot
from govinspect.snapshot.ocr import OCR_RULES, ocr_snapshot
from govinspect.store import Store
from govinspect.store.models import FindingRow, RunTargetRow
from govinspect.store.runs import get_run, run_accounts, run_sites, store_judgement
from govinspect.text.ocr import OcrLimits
from govinspect.timeutil import CHINA_TZ
from govinspect.workflow.reviews import apply_decisions, run_decisions

CLOSED_SITE_RULES = ("W-I2",)  # the only rules a closed (关停) site is judged by

Target = Site | Account


@dataclass
class TargetResult:
    site: Site  # for an account: its shared fields (code 平台:账号标识, name, data address, unit)
    judgement: Judgement
    findings: list[Finding]  # rejected ones (an inspector's false alarms) left out
    pages: int = 0  # pages crawled; for an account, posts read
    coverage: str = ""  # a site's crawl as the bulletin states it: 全站N页 or 抽查N页 (crawl.coverage)
    account: Account | None = None  # set for a new-media account (政务新媒体)
    errors: list[RuleError] = field(default_factory=list)


@dataclass
class AnalysisPlan:
    """What every target's analysis in one run shares. Picklable: a pool process gets it once."""

    run_id: str
    as_of: datetime  # the monitoring point in China time: windows and dates are judged in it
    only_rules: list[str] | None
    decisions: dict[str, str]  # an inspector's decisions survive analysing again
    accounts: list[Account]  # the run's account registry (account rules compare accounts)
    ocr_limits: OcrLimits
    read_ocr: bool
    similar: dict[str, list[SimilarDocument]] = field(default_factory=dict)  # W-D16, by site code


def plan_analysis(store: Store, config: Config, run_id: str, only_rules: list[str] | None,
                  similar: dict[str, list[SimilarDocument]] | None = None) -> AnalysisPlan:
    run = get_run(store, run_id)
    return AnalysisPlan(
        run_id=run_id, as_of=run.as_of.astimezone(CHINA_TZ), only_rules=only_rules,
        decisions=run_decisions(store, run_id), accounts=run_accounts(store, run_id),
        ocr_limits=OcrLimits.from_config(config.data.get("ocr"), config.crawl),
        read_ocr=only_rules is None or bool(OCR_RULES & set(only_rules)), similar=similar or {})


def run_targets(store: Store, run_id: str, codes: set[str] | None = None) -> list[Target]:
    """The run's sites, then its accounts (all, or those of ``codes``), in registry order."""
    targets: list[Target] = [*run_sites(store, run_id), *run_accounts(store, run_id)]
    return [t for t in targets if codes is None or t.code in codes]


# -- crawl -------------------------------------------------------------------------------------

def crawl_targets(store: Store, config: Config, run_id: str, targets: list[Target],
                  progress: CrawlProgress | None = None) -> None:
    """Crawl ``targets`` (sites several at once, in one event loop) and collect the accounts'
    数据地址; what is done already is skipped, what was cut short resumes."""
    sites = [t for t in targets if isinstance(t, Site)]
    accounts = [t for t in targets if isinstance(t, Account)]
    if sites:  # closed sites too: the crawler fetches only their homepage (W-I2)
        settings = run_plan(store, config, run_id).apply(CrawlSettings.from_config(config.crawl))  # 全面检查 or 抽查
        crawl_run_sync(store, run_id, sites, settings, config.warc_dir, progress)
    if accounts:  # 数据地址 of every account not collected yet, kept as WARC evidence
        collect_accounts_sync(store, config, run_id, accounts, media_base_dir(get_run(store, run_id).options))


def crawl_target(store: Store, config: Config, run_id: str, code: str,
                 progress: CrawlProgress | None = None) -> None:
    """The crawl task of one target (a Celery worker's unit of work)."""
    crawl_targets(store, config, run_id, run_targets(store, run_id, {code}), progress)


# -- analysis ----------------------------------------------------------------------------------

@lru_cache(maxsize=4)
def _category_table(home: Path) -> CategoryTable:
    return load_category_table(home)


@fewer_collections()  # in a pool process or a worker too: see govinspect.collector
def analyse_target(store: Store, config: Config, plan: AnalysisPlan, target: Target) -> TargetResult:
    """Judge one target from the stored snapshot (no network) and store its judgement and
    findings in place of any earlier ones."""
    # the content checks keep what they found per paragraph: judged again, a paragraph costs a look-up
    with remembered_results(store, target.code):
        if isinstance(target, Account):
            result, stored = _analyse_account(store, config, plan, target)
        else:
            result, stored = _analyse_site(store, config, plan, target)
    _store_target(store, plan.run_id, result, stored)
    return result


def _analyse_site(store: Store, config: Config, plan: AnalysisPlan, site: Site) -> tuple[TargetResult, list[Finding]]:
    """The site's result (findings an inspector rejected left out) and every finding, for the store."""
    snapshot = build_snapshot(store, plan.run_id, site, plan.as_of, config.warc_dir, _category_table(config.home))
    snapshot.similar_documents = plan.similar.get(site.code, [])
    closed = site.status is SiteStatus.CLOSED
    if plan.read_ocr and not closed:  # images and scanned PDFs read from WARC (cached in the store)
        ocr_snapshot(store, snapshot, plan.ocr_limits)
    only = plan.only_rules
    # 关停 sites are judged only on whether they still serve content (W-I2), never scored
    rules = [c for c in CLOSED_SITE_RULES if only is None or c in only] if closed else only
    outcome = run_rules(snapshot, config, rules)
    found = apply_decisions(outcome.findings, plan.decisions)
    judgement = judge(site, found, config)
    if closed:
        judgement.score = None
    counted = [f for f in found if f.decision != "rejected"]
    coverage = coverage_label(len(snapshot.pages), cut_by_budget(store, plan.run_id, site.code))
    return TargetResult(site, judgement, counted, pages=len(snapshot.pages), coverage=coverage,
                        errors=list(outcome.errors)), found


def _analyse_account(store: Store, config: Config, plan: AnalysisPlan,
                     account: Account) -> tuple[TargetResult, list[Finding]]:
    judged = judge_account(store, config, plan.run_id, account, plan.as_of, plan.accounts, plan.decisions,
                           plan.only_rules)
    return TargetResult(account_site_view(account), judged.judgement, judged.findings, pages=judged.posts,
                        account=account, errors=list(judged.errors)), judged.stored


def _store_target(store: Store, run_id: str, result: TargetResult, findings: list[Finding]) -> None:
    """The target's judgement, coverage and findings (``findings``: with the rejected ones), replacing
    any earlier analysis of it (one transaction)."""
    code = result.site.code
    with store.session() as session, session.begin():
        target = session.scalars(select(RunTargetRow).where(
            RunTargetRow.run_id == run_id, RunTargetRow.site_code == code)).one()
        session.execute(delete(FindingRow).where(FindingRow.run_id == run_id, FindingRow.target == code))
        store_judgement(target, result.judgement)
        target.coverage = result.coverage or None  # 全站N页 / 抽查N页 for a site; none for an account
        target.rule_errors = [{"rule": e.rule, "error": e.error} for e in result.errors]
        for f in findings:
            # ``review`` stays "needed review" for a decided finding; ``confirmed`` says how it ended
            session.add(FindingRow(run_id=run_id, target=f.target, rule=f.rule, severity=str(f.severity),
                                   confidence=str(f.confidence), message=f.message, url=f.url,
                                   evidence=f.evidence, details=f.to_json()["details"], points=f.points,
                                   review=f.review or f.decision is not None,
                                   confirmed=f.decision == "confirmed", fingerprint=f.fingerprint,
                                   cause=f.cause))
