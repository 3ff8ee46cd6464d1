"""``govinspect check`` — 错别字 and 严重表述错误 in a file; the ignore list; the CMS endpoint.

    govinspect check draft.docx                      # a table of problems
    govinspect check notice.txt --format json        # a JSON list (rule, line, column, text, suggestion …)
    govinspect check draft.docx --as-of 2021-03-05   # judge dated rules on that day (default: the draft's
                                                     # 成文日期 / 落款 date, else today)
    govinspect check notice.txt --ignore 3fa2c1d0e9ab   # mark a false alarm once, never see it again
    govinspect ignore list | add ID | remove ID
    govinspect serve-check --port 8765               # POST /api/check for a CMS
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from govinspect.commands._common import console, err_console, fail, home_config, home_store, output_format

if TYPE_CHECKING:
    from govinspect.content.problems import Problem

ignore_app = typer.Typer(help="忽略列表 — problems marked as false alarms (govinspect check).",
                         no_args_is_help=True)


def _parse_date(value: str | None) -> date | None:
    if not value:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise fail(f"日期格式应为YYYY-MM-DD / date must be YYYY-MM-DD: {value}") from exc


def check(
    file: Annotated[Path, typer.Argument(help="要检查的文件 / file to check: .txt, .html, .docx, .pdf")],
    fmt: Annotated[str, typer.Option("--format", help="table | json")] = "table",
    on: Annotated[str | None, typer.Option("--as-of", "--date", help="判断日期 YYYY-MM-DD: dated rules (leaders' "
                                           "titles, formulations) are judged on it; default the draft's own "
                                           "date (成文日期 or 落款), else today")] = None,
    rule: Annotated[list[str] | None, typer.Option("--rule", help="W-D12 (错别字) or W-V1a (严重表述错误); "
                                                    "default both")] = None,
    ignore: Annotated[list[str] | None, typer.Option("--ignore", help="把该编号的问题标为误报 / mark the "
                                                      "problem with this id as a false alarm")] = None,
    show_ignored: Annotated[bool, typer.Option("--show-ignored", help="也显示已忽略的 / include ignored")] = False,
) -> None:
    """检查错别字和严重表述错误 — check a file for typos (W-D12) and serious wording errors (W-V1a)."""
    from govinspect.content.check import (
        ALL_RULES,
        CheckInputError,
        ContentChecker,
        add_ignore,
        draft_date,
        ignored_ids,
        read_passages,
    )

    output_format(fmt)
    day = _parse_date(on)
    try:
        checker = ContentChecker(rule or ALL_RULES)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    try:
        passages = read_passages(file)
    except CheckInputError as exc:
        raise fail(str(exc)) from exc
    location = file.name
    passages = [p if p.location else p.__class__(p.text, p.line, location) for p in passages]
    if day is not None:
        basis = "--as-of"
    elif (found := draft_date(passages)) is not None:
        day, where = found
        basis = f"文中日期 / the draft's date ({where})"
    else:
        day, basis = date.today(), "今天 / today (文中无成文日期 / no date in the draft)"
    problems = checker.check_passages(passages, on=day)
    store = home_store(home_config())
    try:
        for problem_id in ignore or ():
            match = next((p for p in problems if p.id == problem_id), None)
            if match is None:
                err_console.print(f"[yellow]注意 / note:[/] {problem_id} 不在本次结果中，仍加入忽略列表 / "
                                  "not among this file's problems; ignored anyway")
            add_ignore(store, problem_id, match)
        ignored = ignored_ids(store)
    finally:
        store.close()
    if not show_ignored:
        problems = [p for p in problems if p.id not in ignored]
    if fmt == "json":
        out = []
        for p in problems:
            item = p.to_json()
            item["file"] = str(file)
            item["as_of"] = day.isoformat()
            out.append(item)
        print(json.dumps(out, ensure_ascii=False, indent=2))
    else:
        console.print(f"判断日期 / judged as of {day.isoformat()}: {basis}")
        _table(problems, file)
    raise typer.Exit(1 if problems else 0)


def _table(problems: list[Problem], file: Path) -> None:
    if not problems:
        console.print(f"未发现问题 / no problems found in {file.name}")
        return
    table = Table(title=f"{file.name}: {len(problems)} 个问题 / problems")
    for col in ("编号 id", "行:列 line:col", "规则 rule", "类别 category", "原文 text", "建议 suggestion", "上下文 context"):
        table.add_column(col)
    for p in problems:
        where = f"{p.line}:{p.column}" if p.line is not None else str(p.start + 1)
        rule_cell = f"{p.rule} ({p.severity}{', 需复核 review' if p.review else ''})"
        table.add_row(p.id, where, rule_cell, p.category, p.text, p.suggestion, p.context)
    console.print(table)


@ignore_app.command("list")
def ignore_list() -> None:
    """List the problems marked as false alarms."""
    from govinspect.content.check import list_ignores

    store = home_store(home_config())
    try:
        rows = list_ignores(store)
    finally:
        store.close()
    table = Table(title=f"忽略列表 / ignore list: {len(rows)}")
    for col in ("编号 id", "规则 rule", "位置 location", "原文 text", "上下文 context", "备注 note"):
        table.add_column(col)
    for r in rows:
        table.add_row(r["id"], r["rule"], r["location"], r["text"], r["context"], r["note"])
    console.print(table)


@ignore_app.command("add")
def ignore_add(
    problem_id: Annotated[str, typer.Argument(help="问题编号 / the problem id shown by govinspect check")],
    note: Annotated[str, typer.Option("--note", help="原因 / why it is a false alarm")] = "",
) -> None:
    """Mark a problem as a false alarm (by its id)."""
    from govinspect.content.check import add_ignore

    store = home_store(home_config())
    try:
        added = add_ignore(store, problem_id.strip(), None, note)
    finally:
        store.close()
    console.print(("已忽略 / ignored " if added else "已在忽略列表中 / already ignored ") + problem_id)


@ignore_app.command("remove")
def ignore_remove(problem_id: Annotated[str, typer.Argument(help="问题编号 / problem id")]) -> None:
    """Take a problem off the ignore list."""
    from govinspect.content.check import remove_ignore

    store = home_store(home_config())
    try:
        removed = remove_ignore(store, problem_id.strip())
    finally:
        store.close()
    if not removed:
        raise fail(f"忽略列表中没有 / not on the ignore list: {problem_id}", code=1)
    console.print(f"已移除 / removed {problem_id}")


def serve_check(
    port: Annotated[int, typer.Option("--port", help="端口 / port")] = 8765,
    host: Annotated[str, typer.Option("--host", help="监听地址 / address to listen on (loopback by default; "
                                      "set --token before opening it to other machines)")] = "127.0.0.1",
    token: Annotated[str | None, typer.Option("--token", envvar="GOVINSPECT_CHECK_TOKEN", show_default=False,
                                              help="令牌 / require 'Authorization: Bearer TOKEN' on every "
                                              "request (env GOVINSPECT_CHECK_TOKEN)")] = None,
    rate_limit: Annotated[float | None, typer.Option("--rate-limit", show_default=False,
                                                     help="每个客户端每分钟请求数 / requests per minute per "
                                                     "client address, 0 = none (default \\[check_api] "
                                                     "requests_per_minute)")] = None,
    max_request_bytes: Annotated[int | None, typer.Option("--max-request-bytes", show_default=False,
                                                          help="请求体上限 / larger request bodies get 413 "
                                                          "(default \\[check_api] max_request_bytes)")] = None,
) -> None:
    """供CMS调用的检查接口 — serve POST /api/check for a CMS (uvicorn).

    Too large a body gets 413 (while it is read), a client over its rate 429, a missing token 401.

    Error answers never repeat the request."""
    import uvicorn

    from govinspect.content.check import ContentChecker
    from govinspect.web.check_api import create_app
    from govinspect.web.guard import ApiLimits

    config = home_config()
    section = dict(config.data.get("check_api", {}))
    if rate_limit is not None:
        section["requests_per_minute"] = rate_limit
    if max_request_bytes is not None:
        section["max_request_bytes"] = max_request_bytes
    try:
        limits = ApiLimits.from_section(section, token)
    except ValueError as exc:
        raise fail(str(exc)) from exc
    store = home_store(config)
    if not limits.token and host not in ("127.0.0.1", "localhost", "::1"):
        err_console.print(f"[yellow]注意 / note:[/] 监听 {host} 但未设令牌 / listening on {host} without a token: "
                          "anyone who reaches it can use it (--token or GOVINSPECT_CHECK_TOKEN)")
    rate = f"{limits.requests_per_minute:g}/min" if limits.requests_per_minute else "off"
    console.print(f"检查接口 / check API on http://{host}:{port}/api/check (令牌 token: "
                  f"{'required' if limits.token else 'none'}, 上限 max {limits.max_request_bytes} bytes, "
                  f"rate {rate}; Ctrl-C 停止 / to stop)")
    uvicorn.run(create_app(store, ContentChecker(), limits), host=host, port=port, log_level="warning")


def register(app: typer.Typer) -> None:
    app.command("check")(check)
    app.command("serve-check")(serve_check)
    app.add_typer(ignore_app, name="ignore")
