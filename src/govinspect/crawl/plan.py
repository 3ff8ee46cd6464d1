"""Inspection plans (检查方案): how much of each site a run crawls.

- ``full`` (全面检查, the quarterly check): every page found, within ``[crawl] max_pages_per_site``
  and ``max_depth`` (50,000 pages and depth 100 by default). Endless calendars and query
  permutations stop by behaviour (:mod:`govinspect.crawl.traps`), not by a page count.
- ``spot`` (抽查, a daily or monthly check): a sample, cut at ``[plan] spot``'s budget (500 pages,
  depth 4 by default).

The plan is fixed when a run starts (kept in the run's options), so a resumed run keeps its
budget, and findings.json and the bulletin say which plan the run followed.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from govinspect.config import Config, ConfigError
from govinspect.crawl.settings import CrawlSettings
from govinspect.store import Store
from govinspect.store.models import RunRow

PLANS = ("full", "spot")
_NAMES = {"full": "全面检查", "spot": "抽查"}


@dataclass(frozen=True)
class Plan:
    name: str  # full | spot
    max_pages_per_site: int
    max_depth: int

    @property
    def chinese(self) -> str:
        """全面检查 or 抽查."""
        return _NAMES[self.name]

    def apply(self, settings: CrawlSettings) -> CrawlSettings:
        """``settings`` with this plan's page budget."""
        return dataclasses.replace(settings, max_pages_per_site=self.max_pages_per_site, max_depth=self.max_depth)

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "max_pages_per_site": self.max_pages_per_site, "max_depth": self.max_depth}

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Plan:
        return cls(str(data["name"]), int(data["max_pages_per_site"]), int(data["max_depth"]))


def plan_from_config(config: Config, name: str | None = None) -> Plan:
    """The plan ``name`` (default: ``[plan] default``) with its budget from the config."""
    name = name or str(config.value("plan", "default"))
    if name not in PLANS:
        raise ConfigError(f"检查方案只能是 full（全面检查）或 spot（抽查） / the plan must be full or spot: {name!r}")
    budget = config.crawl if name == "full" else dict(config.value("plan", name))
    try:
        plan = Plan(name, int(budget["max_pages_per_site"]), int(budget["max_depth"]))
    except (KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"检查方案 {name} 的页数或深度无效 / plan {name} needs whole numbers max_pages_per_site "
                          f"and max_depth: {exc}") from exc
    if plan.max_pages_per_site < 1 or plan.max_depth < 0:
        raise ConfigError(f"检查方案 {name} 的页数须至少为1、深度不能为负 / plan {name}: max_pages_per_site must be at "
                          "least 1 and max_depth not negative")
    return plan


def stored_plan(store: Store, run_id: str) -> Plan | None:
    """The plan a run was started with (None: a run from before plans, or not crawled yet)."""
    with store.session() as session:
        run = session.get(RunRow, run_id)
        data = (run.options or {}).get("plan") if run is not None else None
    return Plan.from_json(data) if data else None


def run_plan(store: Store, config: Config, run_id: str) -> Plan:
    """The run's plan: the one it was started with, else the configured default, kept in the run
    from now on (a resumed run does not change its budget when the config does)."""
    plan = stored_plan(store, run_id)
    if plan is not None:
        return plan
    plan = plan_from_config(config)
    with store.session() as session, session.begin():
        run = session.get(RunRow, run_id)
        if run is not None:
            run.options = {**(run.options or {}), "plan": plan.to_json()}
    return plan
