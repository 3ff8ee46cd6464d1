"""A run from registry to findings: start (or resume) → crawl → analyse → write outputs.

The story of a run, told with the tasks of :mod:`govinspect.tasks`: every target is crawled (sites
several at once), the cross-site plagiarism pass (W-D16) compares the crawled sites, every target
is analysed (independent targets in parallel, ``jobs``), the run is finished (state, alerts), and
findings.json is written. ``govinspect.distributed`` tells the same story with one Celery task
per target.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from govinspect.collector import fewer_collections
from govinspect.config import Config
from govinspect.crawl.engine import CrawlProgress
from govinspect.findings_file import target_json, write_document
from govinspect.store import Store
from govinspect.store.models import RunRow
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
from govinspect.tasks.parallel import TargetDone, analyse_targets, default_jobs
from govinspect.tasks.run import RunResult, begin_analysis, finish_run, mark_crawled, similarity_pass
from govinspect.tasks.target import CLOSED_SITE_RULES, TargetResult, crawl_targets, plan_analysis, run_targets
from govinspect.timeutil import CHINA_TZ, iso

# The run lookups live in the store layer (govinspect.store.runs); they are named here too because
# the pipeline is where callers start and resume runs.
__all__ = ["CLOSED_SITE_RULES", "RunError", "RunResult", "TargetResult", "analyse", "crawl", "default_jobs",
           "find_resumable_run", "findings_document", "get_run", "new_run_id", "run_accounts", "run_sites",
           "site_from_json", "site_to_json", "start_run", "store_judgement", "write_findings"]


def crawl(store: Store, config: Config, run_id: str, progress: CrawlProgress | None = None) -> None:
    """Crawl every target of the run that is not done yet (resumes a killed run)."""
    crawl_targets(store, config, run_id, run_targets(store, run_id), progress)
    mark_crawled(store, run_id)


@fewer_collections()  # analysis keeps millions of small objects: see govinspect.collector
def analyse(store: Store, config: Config, run_id: str, *, only_rules: list[str] | None = None,
            jobs: int = 1, on_done: TargetDone | None = None) -> RunResult:
    """Judge every target of the run from the stored snapshot (no network), ``jobs`` targets at once;
    ``on_done`` is told of each target as its analysis is stored (progress)."""
    run = get_run(store, run_id)
    begin_analysis(store, run_id)
    similar = similarity_pass(store, config, run_id, only_rules)  # before any target: it spans them all
    plan = plan_analysis(store, config, run_id, only_rules, similar)
    targets = analyse_targets(store, config, plan, run_targets(store, run_id), jobs, on_done)
    finished, alerts = finish_run(store, config, run_id, [(t.site, t.findings) for t in targets], only_rules)
    return RunResult(run_id=run_id, as_of=run.as_of.astimezone(CHINA_TZ), started=run.started, finished=finished,
                     targets=targets, errors=[e for t in targets for e in t.errors], alerts=alerts,
                     options=run.options or {})


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
