"""Targeted re-check (复查): inspect one ticket's site again now and close or reopen the ticket.

The re-check is an ordinary run of that one site (crawl → analyse, WARC kept) marked
``options.purpose = "recheck"`` so it never stands for a bulletin period."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from govinspect import pipeline
from govinspect.config import Config
from govinspect.crawl.engine import CrawlProgress
from govinspect.model import Site
from govinspect.registry.store import load_sites
from govinspect.store import Store
from govinspect.timeutil import CHINA_TZ
from govinspect.workflow.models import TicketRow
from govinspect.workflow.tickets import TicketError, get_ticket, record_recheck


@dataclass
class RecheckResult:
    ticket: TicketRow
    run_id: str
    verdict: str
    remaining: list[str]  # rules still failing the site


def _site(store: Store, ticket: TicketRow) -> Site:
    for site in load_sites(store):
        if site.code == ticket.target:
            return site
    for site in pipeline.run_sites(store, ticket.run_id):  # gone from the registry: as it was named
        if site.code == ticket.target:
            return site
    raise TicketError(f"整改单 {ticket.id} 的网站 {ticket.target} 不在名录中 / site {ticket.target} of ticket "
                      f"{ticket.id} is not in the registry")


def recheck(store: Store, config: Config, ticket_id: int, *, as_of: datetime | None = None,
            progress: CrawlProgress | None = None) -> RecheckResult:
    ticket = get_ticket(store, ticket_id)
    if ticket.state == "closed":
        raise TicketError(f"整改单 {ticket_id} 已关闭 / ticket {ticket_id} is already closed")
    site = _site(store, ticket)
    moment = as_of or datetime.now(CHINA_TZ).replace(microsecond=0)
    run_id = pipeline.start_run(store, [site], moment, run_id=f"recheck-{ticket_id}-{moment:%Y%m%dT%H%M%S}",
                                options={"purpose": "recheck", "ticket": ticket_id})
    pipeline.crawl(store, config, run_id, progress)
    result = pipeline.analyse(store, config, run_id)
    judgement = result.targets[0].judgement if result.targets else None
    verdict = judgement.verdict if judgement else "fail"
    remaining = list(judgement.veto) if judgement else []
    if judgement and verdict == "fail" and not remaining:
        remaining = [f"得分{judgement.score}低于合格线 / score below the pass mark"]
    updated = record_recheck(store, ticket_id, run_id, verdict, remaining)
    return RecheckResult(updated, run_id, verdict, remaining)
