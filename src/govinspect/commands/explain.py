"""`govinspect explain TARGET [--run RUN]` — how a target's verdict and score were reached."""

from __future__ import annotations

from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from govinspect.commands._common import console, fail, home_config, home_store, verdict_words
from govinspect.timeutil import iso

if TYPE_CHECKING:
    from govinspect.rules.explain import Explanation


def explain(
    target: Annotated[str, typer.Argument(help="网站标识码 or 平台:账号标识 (or the exact name) / the site's code or "
                                               "the account's platform:id.")],
    run: Annotated[str | None, typer.Option("--run", help="运行 / run id (default: the latest analysed run "
                                            "with this target).")] = None,
) -> None:
    """Explain a verdict (判定说明): vetoes, each rule's deductions with its cap, the running score, and
    findings awaiting review — from the stored findings of a run. For a new-media account: its
    problems, and under [media_scoring] the points each costs, the cap per rule and the score."""
    from govinspect.rules.explain import ExplainError
    from govinspect.rules.explain import explain as explain_target

    config = home_config()
    store = home_store(config)
    try:
        ex = explain_target(store, config, target, run)
    except ExplainError as exc:
        raise fail(str(exc)) from exc
    finally:
        store.close()
    con = console
    verdict = verdict_words(ex.verdict, styled=True)
    score = "—" if ex.score is None else f"{ex.score:g}"
    con.print(f"[bold]{ex.name}[/] {ex.code}（{ex.site_type}，{ex.status}）  运行 run {ex.run_id}  "
              f"监测时间点 as_of {iso(ex.as_of)}")
    pending = "、".join(ex.pending_codes)
    if pending:
        verdict += f" [yellow]待复核 pending review: {pending}[/]"
    con.print(f"结果 verdict: {verdict}   得分 score: {score}")
    for reason in ex.reasons():
        con.print(f"  · {reason}", markup=False)
    for error in ex.errors:
        con.print(f"  · 出错 error: {error}", markup=False)

    if ex.vetoes:
        table = Table(title="1. 单项否决 / vetoes (any one fails the site)")
        for col in ("rule", "指标 indicator", "问题 finding"):
            table.add_column(col)
        for item in ex.vetoes:
            table.add_row(item.rule, item.title, _finding_text(item))
        con.print(table)
    else:
        con.print("1. 单项否决 / vetoes: 无 none")

    if ex.deductions:
        table = Table(title=escape(f"2. 扣分 / deductions — {_counted(ex)}"))
        for col in ("rule", "问题 finding", "扣分 points", "小计 raw", "上限 cap", "实扣 applied", "得分 score"):
            table.add_column(col)
        table.add_row("", "起始分 / start", "", "", "", "", "100")
        for ded in ex.deductions:
            for i, item in enumerate(ded.items):
                last = i == len(ded.items) - 1
                cap = "—" if ded.cap is None else f"{ded.cap:g}"
                table.add_row(item.rule if i == 0 else "", _finding_text(item), f"{item.points:g}",
                              f"{ded.raw:g}" if last else "", cap if last else "",
                              (f"{ded.applied:g}" + (" (封顶 capped)" if ded.capped else "")) if last else "",
                              f"{ded.score_after:g}" if last and ex.scored else "")
        con.print(table)
    elif ex.problems:
        table = Table(title=escape("2. 问题 / problems — 不计分（未启用 [media_scoring]，只按单项否决判定）/ no points "
                                   "([media_scoring] is off: judged on vetoes alone)"))
        for col in ("rule", "指标 indicator", "问题 finding"):
            table.add_column(col)
        for item in ex.problems:
            table.add_row(item.rule, item.title, _finding_text(item))
        con.print(table)
    else:
        con.print("2. 扣分 / deductions: 无 none")

    if ex.pending_review:
        table = Table(title="3. 待复核（确认前不计入）/ pending review (not counted until confirmed)")
        for col in ("rule", "severity", "问题 finding"):
            table.add_column(col)
        for item in ex.pending_review:
            table.add_row(item.rule, item.severity, _finding_text(item))
        con.print(table)
    if ex.other:
        table = Table(title="4. 提示 / warnings and information (never counted)")
        for col in ("rule", "severity", "问题 finding"):
            table.add_column(col)
        for item in ex.other:
            table.add_row(item.rule, item.severity, _finding_text(item))
        con.print(table)
    if not ex.consistent:
        again = "—" if ex.recomputed_score is None else f"{ex.recomputed_score:g}"
        con.print(f"[yellow]按当前配置重新计算为 {ex.recomputed_verdict} / {again}（配置已变更？用 `govinspect analyse "
                  f"{ex.run_id}` 重新分析）/ today's configuration gives {ex.recomputed_verdict} / {again}[/]")


SHOWN_PAGES = 3  # first pages of a merged finding named under its message


def _counted(ex: Explanation) -> str:
    """Whether and how the deductions count: a portal's score, an account's scale, or not at all."""
    if ex.scale is not None:
        s = ex.scale
        return (f"政务新媒体评分 [media_scoring]：每个问题{s.points_per_problem:g}分，每项指标至多{s.max_points_per_rule:g}分 "
                f"/ account scale: {s.points_per_problem:g} points a problem, at most {s.max_points_per_rule:g} a rule")
    return "计入得分 / counted" if ex.portal else "仅供参考（非门户网站）/ for information (not a portal)"


def _finding_text(item: Any) -> str:
    """A finding's message; for one cause on many pages, "（共N个页面）" and the first pages."""
    if item.pages <= 1:
        return str(item.message)
    shown = "\n".join(f"  {url}" for url in item.first_pages[:SHOWN_PAGES])
    more = " …" if item.pages > SHOWN_PAGES else ""
    return f"{item.text}\n{shown}{more}"


def register(app: typer.Typer) -> None:
    app.command("explain")(explain)
