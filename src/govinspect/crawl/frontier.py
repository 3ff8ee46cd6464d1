"""A site's frontier: what was seen, what is left, in breadth-first order. The store holds
the truth (FrontierRow) so a killed crawl resumes; this is its in-memory index."""

from __future__ import annotations

import asyncio
import itertools
from dataclasses import dataclass

from sqlalchemy import select

from govinspect.store import Store
from govinspect.store.models import FetchRow, FrontierRow

FINAL_STATES = frozenset({"done", "failed", "skipped"})
_KIND_ORDER = {"page": 0, "render": 0, "link": 1}
_LINK_PRIORITY = 1_000_000  # link checks after every page


@dataclass(frozen=True)
class Task:
    url: str
    kind: str  # page | link | render
    depth: int
    referrer: str | None = None


@dataclass
class Loaded:
    """What the store already knew about a site: pending work, repairs to make."""

    pending: list[Task]
    seen: dict[tuple[str, str], str]  # (url, kind) -> state
    reset: list[tuple[str, str]]  # (url, kind) left in flight by a killed crawl: back to pending
    done_already: list[tuple[str, str]]  # pending rows whose fetch is stored: mark done


def load(store: Store, run_id: str, site_code: str) -> Loaded:
    with store.session() as session:
        rows = session.execute(
            select(FrontierRow.url, FrontierRow.kind, FrontierRow.depth, FrontierRow.referrer, FrontierRow.state)
            .where(FrontierRow.run_id == run_id, FrontierRow.site_code == site_code)
            .order_by(FrontierRow.id)).all()
        fetched = set(session.execute(
            select(FetchRow.url, FetchRow.kind)
            .where(FetchRow.run_id == run_id, FetchRow.site_code == site_code,
                   FetchRow.kind.in_(("page", "link", "render")))).all())
    out = Loaded(pending=[], seen={}, reset=[], done_already=[])
    for url, kind, depth, referrer, state in rows:
        key = (url, kind)
        if state in FINAL_STATES:
            out.seen[key] = state
            continue
        if key in fetched:
            out.seen[key] = "done"
            out.done_already.append(key)
            continue
        if state != "pending":
            out.reset.append(key)
        out.seen[key] = "pending"
        out.pending.append(Task(url, kind, depth, referrer))
    return out


class Frontier:
    """Seen set + a priority queue (pages by depth, then link checks)."""

    def __init__(self) -> None:
        self.queue: asyncio.PriorityQueue[tuple[int, int, Task]] = asyncio.PriorityQueue()
        self.seen: dict[tuple[str, str], str] = {}
        self._seq = itertools.count()

    def knows(self, url: str, kind: str) -> bool:
        return (url, kind) in self.seen

    def mark(self, url: str, kind: str, state: str) -> None:
        self.seen[(url, kind)] = state

    def push(self, task: Task) -> None:
        self.seen[(task.url, task.kind)] = "pending"
        priority = task.depth if task.kind != "link" else _LINK_PRIORITY + task.depth
        self.queue.put_nowait((priority, next(self._seq), task))

    def count(self, kind: str, *, planned_only: bool = True) -> int:
        return sum(1 for (_, k), state in self.seen.items()
                   if k == kind and (not planned_only or state != "skipped"))
