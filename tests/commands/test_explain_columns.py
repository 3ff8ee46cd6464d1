"""`govinspect explain` (verdict and score, finding by finding) and `govinspect columns` (栏目 with
category, last update, items; --unknown for the user's category table)."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from aiohttp import web
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.config import load_config
from govinspect.crawl import crawl_run
from govinspect.crawl.settings import CrawlSettings
from govinspect.model import Site, SiteType
from govinspect.pipeline import site_to_json
from govinspect.rules.explain import ExplainError, explain
from govinspect.snapshot.columns import category_snippet, list_columns
from govinspect.store import Store, open_store
from govinspect.store.models import FindingRow, RunRow, RunTargetRow

runner = CliRunner()
PORTAL = Site(code="3399000001", name="示范市人民政府", url="http://www.shifan.gov.cn/", sponsor="示范市人民政府办公室",
              site_type=SiteType.PORTAL)
DEPT = Site(code="3399000003", name="示范市教育局", url="http://jyj.shifan.gov.cn/", sponsor="示范市教育局",
            site_type=SiteType.DEPARTMENT)


def store_for(home: Path) -> Store:
    return open_store(load_config(home).db_url)


def add_run(store: Store, run_id: str, started: datetime, findings: list[tuple[str, str, str, float, bool]],
            verdict: str, score: float | None, site: Site = PORTAL) -> None:
    with store.session() as session, session.begin():
        session.add(RunRow(id=run_id, as_of=datetime(2021, 3, 20, 16, tzinfo=UTC), started=started, state="analysed"))
        session.flush()
        session.add(RunTargetRow(run_id=run_id, site_code=site.code, snapshot=site_to_json(site), verdict=verdict,
                                 score=score))
        for rule, severity, message, points, review in findings:
            session.add(FindingRow(run_id=run_id, target=site.code, rule=rule, severity=severity, message=message,
                                   points=points, review=review))


@pytest.fixture
def home(tmp_path: Path) -> Path:
    store = store_for(tmp_path)
    # W-D7: 8 links × 1 point, capped at 5; W-D11 two findings; W-D9 for review; W-I3 information
    findings = [("W-D7", "deduction", f"首页链接{i}无法访问", 1.0, False) for i in range(8)]
    findings += [("W-D11", "deduction", "底部功能区缺少ICP备案编号", 1.0, False),
                 ("W-D11", "deduction", "底部功能区缺少公安机关备案号", 1.0, False),
                 ("W-D9", "deduction", "本机无法解析域名", 0.0, True),
                 ("W-I3", "info", "网站未启用HTTPS", 0.0, False)]
    add_run(store, "old", datetime(2021, 3, 1, tzinfo=UTC), [("W-V3", "veto", "首页超过14天未更新", 0.0, False)],
            "fail", 100.0)
    add_run(store, "new", datetime(2021, 3, 21, tzinfo=UTC), findings, "pass", 93.0)
    add_run(store, "dept", datetime(2021, 3, 2, tzinfo=UTC), [("W-D1", "deduction", "政策文件超期", 5.0, False)],
            "pass", None, site=DEPT)
    store.close()
    return tmp_path


def test_explain_latest_run_step_by_step(home: Path) -> None:
    store = store_for(home)
    ex = explain(store, load_config(home), "3399000001")
    store.close()
    assert ex.run_id == "new" and ex.verdict == "pass" and ex.score == 93.0 and ex.consistent
    assert [(d.rule, d.raw, d.cap, d.applied, d.score_after, d.capped) for d in ex.deductions] == [
        ("W-D11", 2.0, 5.0, 2.0, 98.0, False), ("W-D7", 8.0, 5.0, 5.0, 93.0, True)]
    assert [i.rule for i in ex.pending_review] == ["W-D9"] and [i.rule for i in ex.other] == ["W-I3"]
    assert not ex.vetoes
    assert any("93" in r for r in ex.reasons())


def test_explain_given_run_with_a_veto_and_by_name(home: Path) -> None:
    store = store_for(home)
    ex = explain(store, load_config(home), "示范市人民政府", run_id="old")
    assert [v.rule for v in ex.vetoes] == ["W-V3"] and ex.recomputed_verdict == "fail"
    with pytest.raises(ExplainError, match="没有检查对象"):
        explain(store, load_config(home), "3399999999")
    with pytest.raises(ExplainError, match="未找到运行"):
        explain(store, load_config(home), "3399000001", run_id="nope")
    dept = explain(store, load_config(home), "3399000003")
    assert not dept.portal and dept.recomputed_score is None and dept.deductions[0].applied == 5.0
    assert any("非门户网站" in r for r in dept.reasons())
    store.close()


def test_explain_command(home: Path) -> None:
    result = runner.invoke(app, ["--home", str(home), "explain", "3399000001"])
    assert result.exit_code == 0, result.output
    for text in ("合格 pass", "93", "封顶 capped", "W-D7", "待复核", "W-I3"):
        assert text in result.output, text
    bad = runner.invoke(app, ["--home", str(home), "explain", "3399999999"])
    assert bad.exit_code == 2 and "no target" in bad.output


# ---- columns ----------------------------------------------------------------

PAGE = '<html><head><meta charset="utf-8"><title>{t}</title></head><body>{b}</body></html>'


def column_site() -> web.Application:
    app_ = web.Application()
    nav = ('<div class="nav"><ul><li><a href="/">首页</a></li><li><a href="/tzgg/">通知公告</a></li>'
           '<li><a href="/xqfc/">星期风采</a></li></ul></div>')

    def listing(name: str, days: list[str]) -> str:
        items = "".join(f'<li><a href="/a/{d}.html">{name}第{i}篇文章标题</a><span>{d}</span></li>'
                        for i, d in enumerate(days))
        return PAGE.format(t=name, b=nav + f'<div class="list"><ul>{items}</ul></div>')

    async def home_page(request: web.Request) -> web.Response:
        return web.Response(text=PAGE.format(t="首页", b=nav), content_type="text/html")

    async def tzgg(request: web.Request) -> web.Response:
        return web.Response(text=listing("通知公告", ["2021-03-10", "2021-02-01"]), content_type="text/html")

    async def xqfc(request: web.Request) -> web.Response:
        return web.Response(text=listing("星期风采", ["2020-12-01"]), content_type="text/html")

    async def article(request: web.Request) -> web.Response:
        return web.Response(text=PAGE.format(t="文章", b="<p>正文</p>"), content_type="text/html")

    app_.router.add_get("/", home_page)
    app_.router.add_get("/tzgg/", tzgg)
    app_.router.add_get("/xqfc/", xqfc)
    app_.router.add_get("/a/{name}", article)
    return app_


@pytest.fixture
def crawled(tmp_path: Path) -> Iterator[tuple[Path, Site]]:
    async def go() -> Site:
        runner_ = web.AppRunner(column_site(), access_log=None)
        await runner_.setup()
        site = web.TCPSite(runner_, "127.0.0.1", 0)
        await site.start()
        port = runner_.addresses[0][1]
        the_site = Site(code="3399000001", name="测试站", url=f"http://127.0.0.1:{port}/", sponsor="测试")
        store = store_for(tmp_path)
        with store.session() as session, session.begin():
            session.add(RunRow(id="r", as_of=datetime(2021, 3, 20, 16, tzinfo=UTC), started=datetime.now(UTC)))
            session.flush()
            session.add(RunTargetRow(run_id="r", site_code=the_site.code, snapshot=site_to_json(the_site)))
        settings = CrawlSettings(timeout_seconds=2.0, retries=0, render_js="never", commit_interval_seconds=0.05,
                                 homepage_probes=0,
                                 max_delay_seconds=0.2, retry_backoff_seconds=0.01)
        try:
            await crawl_run(store, "r", [the_site], settings, load_config(tmp_path).warc_dir)
        finally:
            await runner_.cleanup()
            store.close()
        return the_site

    result: list[Site] = []
    thread = threading.Thread(target=lambda: result.append(asyncio.run(go())))
    thread.start()
    thread.join(60)
    yield tmp_path, result[0]


def test_columns_with_category_last_update_and_items(crawled: tuple[Path, Site]) -> None:
    home, _ = crawled
    store = store_for(home)
    rows = list_columns(store, load_config(home), "r")
    store.close()
    by_name = {r.name: r for r in rows}
    assert by_name["通知公告"].category == "通知公告" and by_name["通知公告"].items == 2
    assert by_name["通知公告"].last_update is not None and by_name["通知公告"].last_update.isoformat() == "2021-03-10"
    assert by_name["星期风采"].category == "未知"
    snippet = category_snippet(rows)
    assert '"星期风采"' in snippet and "通知公告" not in snippet.split("terms")[1]


def test_columns_command_unknown_then_user_table_classifies_it(crawled: tuple[Path, Site]) -> None:
    home, _ = crawled
    result = runner.invoke(app, ["--home", str(home), "columns", "r", "--unknown"])
    assert result.exit_code == 0, result.output
    assert "星期风采" in result.output and "通知公告" not in result.output.split("column_categories")[0]
    (home / "column_categories.toml").write_text('[categories."动态要闻"]\nterms = ["星期风采"]\n', encoding="utf-8")
    again = runner.invoke(app, ["--home", str(home), "columns", "r", "--unknown"])
    assert "星期风采" not in again.output and "共 0 个栏目" in again.output
    listed = runner.invoke(app, ["--home", str(home), "columns", "r"])
    assert "动态要闻" in listed.output and "2021-03-10" in listed.output
    missing = runner.invoke(app, ["--home", str(home), "columns", "nope"])
    assert missing.exit_code == 2
