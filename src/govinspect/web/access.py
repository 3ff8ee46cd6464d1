"""Who may see what: the one place where roles and units are enforced (权限).

- :data:`ROUTE_ROLES` lists every route of the application with the roles allowed on it
  (``PUBLIC``: anyone, signed in or not). A route missing from the table is refused to everyone:
  a new route cannot be left open by forgetting it.
- :class:`Scope` is the only way views read targets, findings, tickets and messages: for an
  operator (单位运维人员) it keeps the rows of their own units (主办单位) only, and an id outside
  them is :class:`NotFound`, exactly like an id that does not exist.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select

from govinspect.store import Store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow
from govinspect.store.runs import site_from_json
from govinspect.web.accounts import Principal
from govinspect.workflow.messages import list_messages
from govinspect.workflow.models import MessageRow, TicketRow
from govinspect.workflow.reviews import ReviewedFinding, reviewed_findings
from govinspect.workflow.tickets import list_tickets

PUBLIC: frozenset[str] = frozenset()
STAFF = frozenset({"admin", "inspector"})
EVERYONE = frozenset({"admin", "inspector", "operator"})

ROUTE_ROLES: dict[str, frozenset[str]] = {
    "/": PUBLIC,
    "/login": PUBLIC,
    "/logout": EVERYONE,
    "/static/{name}": PUBLIC,
    "/report": PUBLIC,
    "/report/{ref}": PUBLIC,
    "/overview": STAFF,
    "/targets": EVERYONE,
    "/targets/{code}": EVERYONE,
    "/findings/{finding_id}/evidence": EVERYONE,
    "/findings/{finding_id}/replay": EVERYONE,
    "/findings/{finding_id}/screenshot": EVERYONE,
    "/reviews": STAFF,
    "/reviews/{finding_id}": STAFF,
    "/tickets": EVERYONE,
    "/tickets/{ticket_id}/fixed": EVERYONE,
    "/messages": EVERYONE,
    "/runs": STAFF,
    "/runs/status": STAFF,
    "/bulletin": STAFF,
    "/bulletin/{period}/{name}": STAFF,
    "/api/runs": STAFF,
    "/api/targets": EVERYONE,
    "/api/targets/{code}": EVERYONE,
    "/api/findings/{finding_id}": EVERYONE,
    "/api/tickets": EVERYONE,
    "/api/messages": EVERYONE,
    "/openapi.json": PUBLIC,
    "/docs": PUBLIC,
}


MAX_ROW_ID = 2**63 - 1  # a larger id cannot be a row of any database: not found, never an overflow


class NotFound(LookupError):
    """不存在或无权查看 / no such object, or not yours to see (the two are not told apart)."""


def is_staff(principal: Principal | None) -> bool:
    return principal is not None and principal.role in STAFF


@dataclass
class Target:
    """A run target as the views show it (registry row as it was, the judgement as stored now)."""

    run_id: str
    code: str
    name: str
    url: str
    unit: str
    region: str
    site_type: str
    verdict: str | None
    score: float | None
    veto: list[str]
    pending_review: list[str]

    @property
    def platform(self) -> str:
        """平台 of a new-media account target (its code is ``platform:account``); "" for a website."""
        return self.code.split(":", 1)[0] if ":" in self.code else ""


def _target(row: RunTargetRow) -> Target:
    site = site_from_json(row.snapshot)
    return Target(row.run_id, row.site_code, site.name, site.url, site.sponsor, site.region, str(site.site_type),
                  row.verdict, row.score, list(row.veto or []), list(row.pending_review or []))


class Scope:
    """Reads of one signed-in person, limited to what their role and units allow."""

    def __init__(self, store: Store, principal: Principal) -> None:
        self.store = store
        self.principal = principal

    @property
    def staff(self) -> bool:
        return is_staff(self.principal)

    def sees_unit(self, unit: str) -> bool:
        return self.staff or unit in self.principal.units

    # -- runs and targets ---------------------------------------------------------------------

    def runs(self) -> list[RunRow]:
        """Inspection runs, newest first (re-checks of single tickets left out)."""
        with self.store.session() as session:
            rows = list(session.scalars(select(RunRow).order_by(RunRow.as_of.desc(), RunRow.started.desc())))
        return [r for r in rows if (r.options or {}).get("purpose") != "recheck"]

    def run_id(self, wanted: str | None) -> str | None:
        """``wanted`` if it is a run, else the newest analysed run (None: no run yet)."""
        runs = self.runs()
        if wanted:
            if any(r.id == wanted for r in runs):
                return wanted
            raise NotFound(wanted)
        analysed = [r for r in runs if r.state == "analysed"]
        return (analysed or runs)[0].id if (analysed or runs) else None

    def targets(self, run_id: str) -> list[Target]:
        with self.store.session() as session:
            rows = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id)
                                   .order_by(RunTargetRow.site_code)).all()
        return [t for t in map(_target, rows) if self.sees_unit(t.unit)]

    def target(self, run_id: str, code: str) -> Target:
        with self.store.session() as session:
            row = session.scalars(select(RunTargetRow).where(RunTargetRow.run_id == run_id,
                                                             RunTargetRow.site_code == code)).first()
        if row is None:
            raise NotFound(code)
        target = _target(row)
        if not self.sees_unit(target.unit):
            raise NotFound(code)
        return target

    # -- findings -------------------------------------------------------------------------------

    def findings(self, run_id: str, code: str) -> list[ReviewedFinding]:
        self.target(run_id, code)
        return [r for r in reviewed_findings(self.store, run_id) if r.finding.target == code]

    def finding(self, finding_id: int) -> tuple[FindingRow, ReviewedFinding]:
        if not 0 < finding_id <= MAX_ROW_ID:
            raise NotFound(str(finding_id))
        with self.store.session() as session:
            row = session.get(FindingRow, finding_id)
        if row is None:
            raise NotFound(str(finding_id))
        self.target(row.run_id, row.target)  # NotFound when the target is not this person's
        reviewed = next(r for r in reviewed_findings(self.store, row.run_id) if r.id == finding_id)
        return row, reviewed

    def review_queue(self, run_id: str) -> list[ReviewedFinding]:
        """Findings of the run awaiting an inspector's decision (待复核)."""
        if not self.staff:
            raise NotFound("reviews")
        return [r for r in reviewed_findings(self.store, run_id) if r.state == "pending"]

    # -- tickets and messages ---------------------------------------------------------------

    def tickets(self) -> list[TicketRow]:
        return [t for t in list_tickets(self.store) if self.sees_unit(t.unit)]

    def ticket(self, ticket_id: int) -> TicketRow:
        if not 0 < ticket_id <= MAX_ROW_ID:
            raise NotFound(str(ticket_id))
        with self.store.session() as session:
            row = session.get(TicketRow, ticket_id)
        if row is None or not self.sees_unit(row.unit):
            raise NotFound(str(ticket_id))
        return row

    def messages(self) -> list[MessageRow]:
        return [m for m in list_messages(self.store) if self.sees_unit(m.unit)]
