"""我为政府网站找错 messages forwarded by the State Council platform: intake, routing, deadlines.

Intake is one function, :func:`intake_message`, that the import below and a later public web
form both call: it checks the fields, routes the message to the site's unit by 网站标识码 and
sets the answer deadline in working days (``[workflow] message_working_days``, unverified: the
research found no source for the 1/3/5-day figures).

Import files (CSV in UTF-8 or GB18030, or XLSX) have these headers (first row)::

    留言编号,网站标识码,问题类型,问题描述,留言时间[,网站名称][,问题网址]

``留言时间`` is a date (2021-03-02, 2021/3/2, 2021-03-02 10:15). A file with any bad row imports
nothing; every problem is reported with its row, column and reason.

Statuses: received (已受理) → answered (已答复); ``verified`` is 属实 (true), 不属实 (false) or not
yet judged; a message unanswered after its deadline is overdue (逾期未答复).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from govinspect.config import Config
from govinspect.store import Store
from govinspect.store.models import SiteRow
from govinspect.tabular import RowProblem, TableError, TableSpec, cell_text, read_table
from govinspect.workflow.models import MessageRow
from govinspect.workflow.workdays import WorkCalendar, WorkdayError

REQUIRED = ("留言编号", "网站标识码", "问题类型", "问题描述", "留言时间")
OPTIONAL = ("网站名称", "问题网址")
_DATE = re.compile(r"^(\d{4})[-/.年](\d{1,2})[-/.月](\d{1,2})日?(?:[ T].*)?$")


@dataclass(frozen=True)
class FieldProblem:
    column: str
    reason: str


class IntakeError(ValueError):
    """留言有误 / bad message: one problem per field."""

    def __init__(self, problems: list[FieldProblem]) -> None:
        self.problems = problems
        super().__init__("；".join(f"{p.column}: {p.reason}" for p in problems))


class MessageImportError(TableError):
    """留言文件有误，未导入 / bad message file, nothing imported."""


def _calendar(config: Config) -> WorkCalendar:
    return WorkCalendar.from_config(config.data.get("workdays"))


def working_days(config: Config) -> int:
    return int(config.value("workflow", "message_working_days"))


def parse_day(value: Any) -> date:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    m = _DATE.match(str(value or "").strip())
    if not m:
        raise ValueError(f"日期格式错误：{value!r}，应为YYYY-MM-DD / bad date {value!r}, expected YYYY-MM-DD")
    try:
        return date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
    except ValueError:
        raise ValueError(f"日期不存在：{value!r} / no such date {value!r}") from None


def intake_message(store: Store, config: Config, fields: dict[str, Any], *, source: str = "web",
                   session: Session | None = None) -> MessageRow:
    """Receive one message: check it, route it to the site's unit, set its deadline, store it.

    With ``session`` the caller owns the transaction (the import adds a whole file at once);
    without, the message is committed here. Raises :class:`IntakeError` naming each bad field."""
    if session is None:
        with store.session() as own, own.begin():
            return intake_message(store, config, fields, source=source, session=own)
    values = {k: ("" if fields.get(k) is None else str(fields.get(k)).strip()) for k in REQUIRED + OPTIONAL}
    problems: list[FieldProblem] = []
    for column in REQUIRED:
        if not values[column]:
            problems.append(FieldProblem(column, f"不能为空 / {column} is required"))
    site: SiteRow | None = None
    code = values["网站标识码"]
    if code:
        site = session.get(SiteRow, code)
        if site is None:
            problems.append(FieldProblem("网站标识码", f"名录中没有网站标识码{code}，无法转办 / unknown site code {code}: "
                                                    "not in the registry, cannot route the message"))
    ref = values["留言编号"]
    if ref and session.scalars(select(MessageRow.id).where(MessageRow.ref == ref)).first() is not None:
        problems.append(FieldProblem("留言编号", f"留言编号{ref}已存在 / message {ref} already received"))
    received: date | None = None
    raw_date = fields.get("留言时间")
    if values["留言时间"]:
        try:
            received = parse_day(raw_date)
        except ValueError as exc:
            problems.append(FieldProblem("留言时间", str(exc)))
    deadline: date | None = None
    if received is not None:
        try:
            deadline = _calendar(config).add_workdays(received, working_days(config))
        except WorkdayError as exc:
            problems.append(FieldProblem("留言时间", str(exc)))
    if problems:
        raise IntakeError(problems)
    assert site is not None and received is not None and deadline is not None
    row = MessageRow(ref=ref, site_code=site.code, site_name=site.name, unit=site.sponsor,
                     category=values["问题类型"], description=values["问题描述"], url=values["问题网址"],
                     received=received, deadline=deadline, verified=None, answered=None, answer="", source=source,
                     contact=str(fields.get("联系方式") or "").strip()[:200])
    session.add(row)
    session.flush()
    return row


_SPEC = TableSpec(required=REQUIRED, optional=OPTIONAL)  # forwarded files may carry more columns: ignored


def _read_rows(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(row number, column → text) of every data row."""
    table = read_table(path, _SPEC, error=MessageImportError)
    return [(row.number, {column: cell_text(value) for column, value in row.values.items()}) for row in table.rows]


def import_messages(store: Store, config: Config, path: Path) -> list[MessageRow]:
    """Import a forwarded-messages file: all rows, or none (then every problem is raised)."""
    rows = _read_rows(path)
    problems: list[RowProblem] = []
    added: list[MessageRow] = []
    with store.session() as session, session.begin():
        for number, fields in rows:
            try:  # a rejected row adds nothing, so later rows are still checked
                added.append(intake_message(store, config, fields, source="import", session=session))
            except IntakeError as exc:
                problems.extend(RowProblem(number, p.column, p.reason) for p in exc.problems)
        if problems:  # raising inside the transaction rolls every row back
            raise MessageImportError("留言文件有误，未导入任何留言 / bad message file, nothing imported", problems)
    return added


def status(row: MessageRow, today: date) -> str:
    """received | answered | overdue (unanswered past the deadline)."""
    if row.answered is not None:
        return "answered"
    return "overdue" if today > row.deadline else "received"


def answer_message(store: Store, ref: str, *, verified: bool | None, answered: date, text: str = "") -> MessageRow:
    with store.session() as session, session.begin():
        row = session.scalars(select(MessageRow).where(MessageRow.ref == ref)).first()
        if row is None:
            raise IntakeError([FieldProblem("留言编号", f"没有留言{ref} / no message {ref}")])
        if answered < row.received:
            raise IntakeError([FieldProblem("答复时间", f"答复日期{answered}早于留言日期{row.received} / answer date "
                                                    f"{answered} is before the message date {row.received}")])
        row.verified, row.answered, row.answer = verified, answered, text
        return row


def list_messages(store: Store, *, site_code: str | None = None) -> list[MessageRow]:
    with store.session() as session:
        query = select(MessageRow).order_by(MessageRow.received, MessageRow.id)
        if site_code:
            query = query.where(MessageRow.site_code == site_code)
        return list(session.scalars(query).all())


@dataclass
class MessageSummary:
    """The bulletin's 办理网友找错情况: messages received in a period and the sites late to answer."""

    received: int
    verified: int
    categories: list[str]
    overdue_sites: list[str]

    @property
    def text(self) -> str:
        out = f"共受理“我为政府网站找错”留言{self.received}条，其中问题属实的留言{self.verified}条"
        if self.categories:
            out += f"，问题主要集中在{'、'.join(self.categories)}等方面"
        if self.overdue_sites:
            out += "，" + "".join(f"“{s}”" for s in self.overdue_sites) + "出现逾期未答复情况"
        else:
            out += "，均已按期答复"
        return out + "。"


def message_summary(store: Store, config: Config, period: Any, today: date | None = None) -> MessageSummary:
    """The bulletin's 办理网友找错情况 for messages received in ``period``."""
    rows = [r for r in list_messages(store) if period.start <= r.received <= period.end]
    # "逾期未答复" is judged at the end of the period (or today if earlier): a bulletin is reproducible.
    cutoff = min(today or period.end, period.end)
    overdue = []
    for r in rows:
        late = (r.answered is None and cutoff > r.deadline) or (r.answered is not None and r.answered > r.deadline)
        if late and r.site_name not in overdue:
            overdue.append(r.site_name)
    categories = [c for c, _ in Counter(r.category for r in rows if r.verified).most_common(4)]
    return MessageSummary(received=len(rows), verified=sum(1 for r in rows if r.verified),
                          categories=categories, overdue_sites=overdue)
