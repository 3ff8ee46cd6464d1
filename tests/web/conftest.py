"""A store made by a real inspection of two small sites on 127.0.0.1, for the web tests.

Site A (unit 甲) has a hacked name (``<script>`` in its registry name and page) and an event
list dating an entry after the monitoring point: W-V1e, a veto pending review (待复核). Site B
(unit 乙) is clean; it gets a rectification ticket so operator scoping has something to hide."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient
from sqlalchemy import select
from typer.testing import CliRunner

from govinspect.cli import app as cli_app
from govinspect.config import load_config
from govinspect.model import Site, SiteType
from govinspect.registry.importer import write_registry
from govinspect.store import Store, open_store
from govinspect.store.models import FindingRow
from govinspect.web.accounts import add_user
from govinspect.web.app import create_app
from govinspect.workflow.tickets import TicketSpec, open_tickets

from ..crawl.helpers import pages_handler, threaded_site

CODE_A, CODE_B = "3301990001", "3301990002"
UNIT_A, UNIT_B = "云栖乡人民政府办公室", "桃源县水利局"
HACKED_NAME = "云栖乡<script>alert('x')</script>人民政府"
AS_OF = "2021-06-20"
PASSWORD = "correct horse 42"

PAGES_A = {
    "/": """<html><head><meta charset="utf-8"><title>云栖乡人民政府<script>alert('t')</script></title></head><body>
<div class="menu"><a href="/">首页</a><a href="/tzgg/">通知公告</a></div>
<div class="col"><h3>近期活动</h3><ul>
<li><a href="/tzgg/a1.html">云栖乡2021年夏季防汛演练安排</a><span>2021-07-15</span></li>
<li><a href="/tzgg/a2.html">云栖乡村级便民服务点开放时间调整</a><span>2021-06-10</span></li>
</ul></div><div class="bottom">云栖乡人民政府办公室主办</div></body></html>""",
    "/tzgg/a1.html": """<html><head><meta charset="utf-8"><title>夏季防汛演练安排</title></head><body>
<h1>云栖乡2021年夏季防汛演练安排</h1><p>各村于7月中旬组织防汛演练，具体时间另行通知。</p></body></html>""",
    "/tzgg/a2.html": """<html><head><meta charset="utf-8"><title>便民服务点开放时间调整</title></head><body>
<h1>云栖乡村级便民服务点开放时间调整</h1><p>发布日期：2021-06-10</p><p>服务点周六上午照常开放。</p></body></html>""",
}
PAGES_B = {
    "/": """<html><head><meta charset="utf-8"><title>桃源县水利局</title></head><body>
<div class="menu"><a href="/">首页</a><a href="/sldt/b1.html">水利动态</a></div>
<ul><li><a href="/sldt/b1.html">桃源县完成小型水库安全鉴定</a><span>2021-06-08</span></li></ul>
<div class="bottom">桃源县水利局主办</div></body></html>""",
    "/sldt/b1.html": """<html><head><meta charset="utf-8"><title>小型水库安全鉴定</title></head><body>
<h1>桃源县完成小型水库安全鉴定</h1><p>发布时间：2021-06-08</p><p>全县12座小型水库完成鉴定。</p></body></html>""",
}


@pytest.fixture(scope="session")
def site_urls() -> Iterator[tuple[str, str]]:
    with threaded_site(pages_handler(PAGES_A)) as url_a, threaded_site(pages_handler(PAGES_B)) as url_b:
        yield url_a, url_b


def write_home(home: Path, urls: tuple[str, str]) -> Path:
    """A home with its config and a registry file of the two sites; the registry's path."""
    home.mkdir(parents=True, exist_ok=True)
    (home / "config.toml").write_text('[crawl]\nsite_checks = "none"\nrender_js = "never"\ntimeout_seconds = 5\n'
                                      "retries = 0\n", encoding="utf-8")
    registry = home / "sites.csv"
    write_registry([Site(CODE_A, HACKED_NAME, urls[0], UNIT_A, "桃源县人民政府", "桃源县", SiteType.DEPARTMENT),
                    Site(CODE_B, "桃源县水利局", urls[1], UNIT_B, "桃源县人民政府", "桃源县", SiteType.DEPARTMENT)],
                   registry)
    return registry


@pytest.fixture(scope="session")
def inspected_home(tmp_path_factory: pytest.TempPathFactory, site_urls: tuple[str, str]) -> Path:
    """The two sites inspected once (W-V1e only) with accounts and a ticket; tests copy it."""
    mp = pytest.MonkeyPatch()
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        mp.delenv(name, raising=False)
    home = tmp_path_factory.mktemp("web") / "home"
    registry = write_home(home, site_urls)
    result = CliRunner().invoke(cli_app, ["--home", str(home), "inspect", "--registry", str(registry),
                                          "--as-of", AS_OF, "--rules", "W-V1e"])
    mp.undo()
    assert result.exit_code == 0, result.output
    store = open_store(load_config(home).db_url)
    try:
        add_user(store, "admin1", PASSWORD, "admin")
        add_user(store, "insp1", PASSWORD, "inspector")
        add_user(store, "opA", PASSWORD, "operator", [UNIT_A])
        add_user(store, "opB", PASSWORD, "operator", [UNIT_B])
        open_tickets(store, run_id(store), "2021Q2", [TicketSpec(CODE_B, "桃源县水利局", UNIT_B,
                                                                 [{"rule": "W-D1", "title": "栏目不更新"}])],
                     date(2021, 7, 1), date(2021, 7, 15))
    finally:
        store.close()
    return home


def run_id(store: Store) -> str:
    from govinspect.store.models import RunRow

    with store.session() as session:
        return str(session.scalars(select(RunRow.id)).one())


def pending_finding(store: Store) -> int:
    with store.session() as session:
        return int(session.scalars(select(FindingRow.id).where(FindingRow.target == CODE_A,
                                                               FindingRow.review.is_(True))).first())


@dataclass
class Web:
    home: Path
    store: Store
    client: TestClient

    def login(self, name: str, password: str = PASSWORD) -> Any:
        page = self.client.get("/login")
        return self.client.post("/login", data={"name": name, "password": password, "csrf": csrf_of(page.text)},
                                follow_redirects=False)

    def csrf(self, path: str) -> str:
        return csrf_of(self.client.get(path).text)


def csrf_of(html: str) -> str:
    import re

    match = re.search(r'name="csrf" value="([^"]+)"', html)
    assert match, "no CSRF field in the page"
    return match.group(1)


@pytest.fixture
def web(tmp_path: Path, inspected_home: Path) -> Iterator[Web]:
    home = tmp_path / "home"
    shutil.copytree(inspected_home, home)
    config = load_config(home)
    store = open_store(config.db_url)
    app = create_app(config, store)
    with TestClient(app, base_url="https://testserver") as client:
        yield Web(home, store, client)
    app.state.jobs.wait(30)
    store.close()
