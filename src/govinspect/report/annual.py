"""Figures for the 政府网站监管年度报表 (国办函〔2018〕12号) of one year.

- 网站抽查: inspection runs in the year (re-checks excluded), sites inspected, site-inspections
  and how many passed;
- 安全检查: runs (every run checks availability and tampering signs) and re-checks;
- 网站开设整合: from the registry as each run recorded it — 新开设 (first seen this year),
  关停 (运行 → 关停 during the year), 整合/下线 (in an earlier run's registry, absent at the
  year's last run; the registry has no separate 整合 status, so merged and removed are one figure);
- "我为政府网站找错" 留言办理: received, 属实, answered, answered in time, unanswered, overdue;
- 整改: tickets issued and closed.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import date
from typing import Any, ClassVar

from sqlalchemy import select

from govinspect.store import Store
from govinspect.store.models import RunRow, RunTargetRow
from govinspect.timeutil import CHINA_TZ
from govinspect.workflow.models import MessageRow, TicketRow


class AnnualError(ValueError):
    """年度报表错误 / annual report error."""


@dataclass
class AnnualFigures:
    year: int
    inspection_runs: int
    sites_inspected: int
    site_inspections: int
    site_inspections_passed: int
    security_checks: int
    rechecks: int
    sites_opened: int
    sites_closed: int
    sites_merged_or_removed: int
    messages_received: int
    messages_verified: int
    messages_answered: int
    messages_answered_in_time: int
    messages_unanswered: int
    messages_overdue: int
    tickets_issued: int
    tickets_closed: int

    LABELS: ClassVar[dict[str, str]] = {
        "inspection_runs": "网站检查（次）", "sites_inspected": "检查网站数（家）",
        "site_inspections": "检查网站（家次）", "site_inspections_passed": "其中合格（家次）",
        "security_checks": "安全检查（次）", "rechecks": "复查（次）",
        "sites_opened": "新开设网站（家）", "sites_closed": "关停网站（家）",
        "sites_merged_or_removed": "整合或下线网站（家）",
        "messages_received": "找错留言受理（条）", "messages_verified": "其中问题属实（条）",
        "messages_answered": "已答复（条）", "messages_answered_in_time": "按期答复（条）",
        "messages_unanswered": "未答复（条）", "messages_overdue": "逾期（条）",
        "tickets_issued": "整改单（个）", "tickets_closed": "已整改销号（个）",
    }

    def rows(self) -> list[tuple[str, int]]:
        data = asdict(self)
        return [(label, int(data[key])) for key, label in self.LABELS.items()]

    def to_json(self) -> dict[str, Any]:
        return asdict(self)


def annual_figures(store: Store, year: int, today: date | None = None) -> AnnualFigures:
    if not 2000 <= year <= 2100:
        raise AnnualError(f"年份无效：{year} / bad year {year}")
    with store.session() as session:
        runs = [r for r in session.scalars(select(RunRow).order_by(RunRow.as_of)).all() if r.state == "analysed"]
        targets: dict[str, list[RunTargetRow]] = {}
        for t in session.scalars(select(RunTargetRow)):
            if (t.snapshot or {}).get("kind") != "account":  # website figures only
                targets.setdefault(t.run_id, []).append(t)
        messages = list(session.scalars(select(MessageRow)).all())
        tickets = list(session.scalars(select(TicketRow)).all())

    def year_of(run: RunRow) -> int:
        return run.as_of.astimezone(CHINA_TZ).year

    def is_recheck(run: RunRow) -> bool:
        return (run.options or {}).get("purpose") == "recheck"

    inspections = [r for r in runs if year_of(r) == year and not is_recheck(r)]
    earlier = [r for r in runs if year_of(r) < year and not is_recheck(r)]
    in_year = [t for r in inspections for t in targets.get(r.id, [])]
    seen_before: dict[str, str] = {}
    for r in earlier:
        for t in targets.get(r.id, []):
            seen_before[t.site_code] = str(t.snapshot.get("status", "运行"))
    opened = closed = removed = 0
    if inspections:
        status_first: dict[str, str] = dict(seen_before)
        for r in inspections:
            for t in targets.get(r.id, []):
                status_first.setdefault(t.site_code, str(t.snapshot.get("status", "运行")))
        last = {t.site_code: str(t.snapshot.get("status", "运行")) for t in targets.get(inspections[-1].id, [])}
        first_seen_this_year = {t.site_code for t in in_year} - set(seen_before)
        opened = len(first_seen_this_year)
        closed = sum(1 for code, status in last.items() if status == "关停" and status_first.get(code) == "运行")
        removed = len({c for c, s in status_first.items() if s == "运行"} - set(last))
    today = today or date.today()
    mine = [m for m in messages if m.received.year == year]
    answered = [m for m in mine if m.answered is not None]
    return AnnualFigures(
        year=year,
        inspection_runs=len(inspections),
        sites_inspected=len({t.site_code for t in in_year}),
        site_inspections=len(in_year),
        site_inspections_passed=sum(1 for t in in_year if t.verdict == "pass"),
        security_checks=len([r for r in runs if year_of(r) == year]),
        rechecks=len([r for r in runs if year_of(r) == year and is_recheck(r)]),
        sites_opened=opened, sites_closed=closed, sites_merged_or_removed=removed,
        messages_received=len(mine),
        messages_verified=sum(1 for m in mine if m.verified),
        messages_answered=len(answered),
        messages_answered_in_time=sum(1 for m in answered if m.answered is not None and m.answered <= m.deadline),
        messages_unanswered=len(mine) - len(answered),
        messages_overdue=sum(1 for m in mine if (m.answered or today) > m.deadline),
        tickets_issued=sum(1 for t in tickets if t.issued.year == year),
        tickets_closed=sum(1 for t in tickets if t.issued.year == year and t.state == "closed"),
    )
