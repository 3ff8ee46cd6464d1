"""How much of a site a run crawled, as the bulletin says it: 全站N页 when every page found was
crawled, 抽查N页 when the plan's page budget (``max_pages_per_site``, ``max_depth``) cut the
crawl. Pages refused as traps do not make a crawl partial: they are not the site's content."""

from __future__ import annotations

from sqlalchemy import func, select

from govinspect.store import Store
from govinspect.store.models import FrontierRow

BUDGET_REASONS = ("max_pages", "depth")  # frontier reasons that mean "the budget stopped here"


def cut_by_budget(store: Store, run_id: str, site_code: str) -> bool:
    """Whether the page budget left pages of the site uncrawled in this run."""
    with store.session() as session:
        cut = session.execute(
            select(func.count()).select_from(FrontierRow).where(
                FrontierRow.run_id == run_id, FrontierRow.site_code == site_code, FrontierRow.kind == "page",
                FrontierRow.state == "skipped", FrontierRow.reason.in_(BUDGET_REASONS))).scalar_one()
    return bool(cut)


def coverage_label(pages: int, cut: bool) -> str:
    """抽查N页 (sampled: the budget cut the crawl) or 全站N页 (full site)."""
    return f"{'抽查' if cut else '全站'}{pages}页"
