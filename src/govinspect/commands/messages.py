"""`govinspect messages` — 我为政府网站找错 messages: import, list, answer."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, err_console, fail, home_config, home_store

STATUS_TEXT = {"received": "已受理 received", "answered": "已答复 answered", "overdue": "逾期 overdue"}


messages_app = typer.Typer(help="我为政府网站找错 — forwarded error reports: import, list, answer.",
                           no_args_is_help=True)


@messages_app.command("import")
def messages_import(file: Annotated[Path, typer.Argument(help="CSV/XLSX: 留言编号,网站标识码,问题类型,问题描述,"
                                                         "留言时间[,网站名称][,问题网址]")]) -> None:
    """Import forwarded messages; a file with any bad row imports nothing."""
    from govinspect.workflow.messages import MessageImportError, import_messages
    from govinspect.workflow.workdays import WorkdayError

    config = home_config()
    try:
        rows = import_messages(home_store(config), config, file)
    except MessageImportError as exc:
        if exc.problems:
            table = Table(title="留言文件有误，未导入 / message file rejected, nothing imported")
            for col in ("行 row", "列 column", "原因 reason"):
                table.add_column(col)
            for p in exc.problems:
                table.add_row(str(p.row), p.column, p.reason)
            err_console.print(table)
        raise fail(str(exc).splitlines()[0]) from exc
    except WorkdayError as exc:
        raise fail(str(exc)) from exc
    console.print(f"已导入留言 {len(rows)} 条 / imported {len(rows)} messages")


@messages_app.command("list")
def messages_list(site: Annotated[str | None, typer.Option("--site", help="网站标识码")] = None) -> None:
    """List messages with their unit, deadline and status."""
    from govinspect.workflow.messages import list_messages, status

    today = date.today()
    table = Table(title="找错留言 / messages")
    for col in ("编号", "标识码", "网站名称", "主办单位", "问题类型", "留言时间", "期限 deadline", "属实", "状态"):
        table.add_column(col)
    for m in list_messages(home_store(home_config()), site_code=site):
        true = "-" if m.verified is None else ("属实" if m.verified else "不属实")
        table.add_row(m.ref, m.site_code, m.site_name, m.unit, m.category, m.received.isoformat(),
                      m.deadline.isoformat(), true, STATUS_TEXT[status(m, today)])
    console.print(table)


@messages_app.command("answer")
def messages_answer(
    ref: Annotated[str, typer.Argument(help="留言编号")],
    true: Annotated[bool | None, typer.Option("--true/--false", help="问题属实 / not true.")] = None,
    on: Annotated[str | None, typer.Option("--date", help="答复日期 YYYY-MM-DD (default today).")] = None,
    text: Annotated[str, typer.Option("--text", help="答复内容 / the answer.")] = "",
) -> None:
    """Record the answer to a message (属实 or not)."""
    from govinspect.workflow.messages import IntakeError, answer_message

    try:
        day = date.fromisoformat(on) if on else date.today()
    except ValueError:
        raise fail(f"答复日期格式错误：{on!r} / bad --date {on!r}, expected YYYY-MM-DD") from None
    try:
        row = answer_message(home_store(home_config()), ref, verified=true, answered=day, text=text)
    except IntakeError as exc:
        raise fail(str(exc)) from exc
    late = "（逾期 / late）" if day > row.deadline else ""
    console.print(f"留言 {row.ref} 已答复 / answered on {day}{late}")


def register(app: typer.Typer) -> None:
    app.add_typer(messages_app, name="messages")
