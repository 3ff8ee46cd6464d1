"""One finding per cause, read back (issue 13 part 2): a finding merged from many pages
(``details["pages"]``) is described once with its page count and first pages in ``explain`` and
the bulletin, and its screenshot is taken of the first page."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.report.bulletin import build_bulletin
from govinspect.report.periods import parse_period
from govinspect.rules.explain import explain

from .helpers import F, add_run, home

runner = CliRunner()
SPAM_PAGES = [f"http://www.qinghequ.gov.cn/xwzx/2021/a{i:03d}.html" for i in range(20)]
MERGED = F("3399020004", "W-V1c", message="页脚隐藏区域含博彩外链（bet-9.example）",
           url=SPAM_PAGES[0], details={"pages": {"count": 151, "first": SPAM_PAGES}})
SINGLE = F("3399000003", "W-D7", severity="deduction", message="错链断链：http://jyj.shifan.gov.cn/old/ 返回404",
           url="http://jyj.shifan.gov.cn/old/", points=0.1)


def test_bulletin_names_the_page_count_and_first_pages_once(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", [MERGED, SINGLE])
    data = build_bulletin(store, config, parse_period("2021Q1"))
    (failing,) = data.failing
    (problem,) = failing.problems
    assert problem.summary == "页脚隐藏区域含博彩外链（bet-9.example）（共151个页面）"
    assert problem.urls == SPAM_PAGES  # the first pages, the evidence page first (screenshots use it)
    assert failing.problem_text.count("博彩") == 1
    dept = next(t for t in data.targets if t.site.code == "3399000003")
    assert dept.problems[0].summary.endswith("返回404")  # a single page says nothing about pages


def test_explain_shows_the_page_count_and_the_first_pages(tmp_path: Path) -> None:
    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", [MERGED, SINGLE])
    ex = explain(store, config, "3399020004", "q1")
    (veto,) = ex.vetoes
    assert (veto.pages, veto.first_pages[:2]) == (151, SPAM_PAGES[:2])
    assert veto.text.endswith("（共151个页面）")
    store.close()
    result = runner.invoke(app, ["--home", str(tmp_path / "home"), "explain", "3399020004", "--run", "q1"],
                           terminal_width=200)
    assert result.exit_code == 0, result.output
    assert "共151个页面" in result.output and SPAM_PAGES[0] in result.output
    assert SPAM_PAGES[5] not in result.output  # the first few pages, not all twenty listed


def test_the_screenshot_of_a_merged_finding_is_its_first_page(tmp_path: Path) -> None:
    from govinspect.report.screenshots import screenshot_targets

    config, store = home(tmp_path)
    add_run(store, "q1", "2021-03-21", [MERGED])
    data = build_bulletin(store, config, parse_period("2021Q1"))
    stored = {url.rstrip("/"): object() for url in [*SPAM_PAGES[1:], "http://www.qinghequ.gov.cn"]}
    assert screenshot_targets(data, stored) == [("发布或链接有害信息", SPAM_PAGES[1],
                                                  f"青禾区人民政府：发布或链接有害信息（{SPAM_PAGES[1]}）")]
    stored[SPAM_PAGES[0]] = object()  # the first page's record is stored: it is the one shown
    assert screenshot_targets(data, stored)[0][1] == SPAM_PAGES[0]
