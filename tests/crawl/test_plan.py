"""Inspection plans (检查方案): the quarterly check crawls whole sites by default (全站N页), a spot
check samples them (抽查N页); the plan is kept in the run, and findings.json (both writers) and
the bulletin say it. Sites are real HTTP servers on 127.0.0.1."""

from __future__ import annotations

import json
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from govinspect import pipeline
from govinspect.cli import app
from govinspect.config import ConfigError, load_config
from govinspect.crawl.plan import Plan, plan_from_config, run_plan, stored_plan
from govinspect.store import open_store
from govinspect.timeutil import parse_as_of
from govinspect.workflow.verdicts import stored_document
from tests.e2e_support import FAST_CRAWL

from .helpers import site, threaded_site

# 1 homepage, 40 articles, each with an attachment-free 附件 page one level deeper: 81 pages, depth 2
_PAGES = {"/": "".join(f'<a href="/art/{i}.html">第{i}号文件</a>' for i in range(40)),
          **{f"/art/{i}.html": f'<p>关于第{i}批项目的批复意见{"甲乙丙丁戊己庚辛"[i % 8]}</p><a href="/fj/{i}.html">附件说明</a>'
             for i in range(40)},
          **{f"/fj/{i}.html": f"<p>附件{i}：项目清单{'子丑寅卯辰巳午未'[i % 8]}</p>" for i in range(40)}}
_QUIET = {"check_links": False, "site_checks": "none", "homepage_probes": 0, "render_js": "never"}


class _Site(BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        body = _PAGES.get(self.path)
        if body is None:
            self.send_error(404)
            return
        data = f"<html><head><meta charset='utf-8'><title>示范</title></head><body>{body}</body></html>".encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args: Any) -> None:
        pass


@pytest.fixture()
def server_url(monkeypatch: pytest.MonkeyPatch) -> Iterator[str]:
    for name in ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY"):
        monkeypatch.delenv(name, raising=False)
    with threaded_site(_Site) as url:
        yield url


def test_plans_from_the_config(tmp_path: Path) -> None:
    config = load_config(tmp_path)
    assert plan_from_config(config) == Plan("full", 50_000, 100)  # the quarterly check: whole sites
    assert plan_from_config(config, "spot") == Plan("spot", 500, 4)
    mine = load_config(tmp_path, {"plan": {"default": "spot", "spot": {"max_pages_per_site": 80, "max_depth": 3}},
                                  "crawl": {"max_pages_per_site": 9000}})
    assert plan_from_config(mine) == Plan("spot", 80, 3)
    assert plan_from_config(mine, "full") == Plan("full", 9000, 100)
    with pytest.raises(ConfigError, match="full or spot"):
        plan_from_config(config, "weekly")
    with pytest.raises(ConfigError, match="at least 1"):
        plan_from_config(load_config(tmp_path, {"plan": {"spot": {"max_pages_per_site": 0, "max_depth": 3}}}), "spot")


def _inspect(home: Path, url: str, plan: str | None, overrides: dict[str, Any]) -> tuple[Any, dict[str, Any]]:
    config = load_config(home, overrides)
    store = open_store(config.db_url)
    options = {"plan": plan_from_config(config, plan).to_json()} if plan else None
    run_id = pipeline.start_run(store, [site(url)], parse_as_of("2026-01-05"), options=options)
    pipeline.crawl(store, config, run_id)
    result = pipeline.analyse(store, config, run_id)
    stored = stored_document(store, run_id)
    assert stored_plan(store, run_id) == run_plan(store, config, run_id)  # kept once chosen
    store.close()
    return result, stored


def test_full_plan_by_default_and_spot_check_sample(tmp_path: Path, server_url: str) -> None:
    overrides = {**FAST_CRAWL, "crawl": {**FAST_CRAWL["crawl"], **_QUIET},
                 "plan": {"spot": {"max_pages_per_site": 10, "max_depth": 4}}}
    full, full_stored = _inspect(tmp_path / "full", server_url, None, overrides)
    spot, spot_stored = _inspect(tmp_path / "spot", server_url, "spot", overrides)

    assert [t.coverage for t in full.targets] == ["全站81页"]
    assert [t.coverage for t in spot.targets] == ["抽查10页"]
    for result, stored, plan in ((full, full_stored, "full"), (spot, spot_stored, "spot")):
        written = pipeline.findings_document(result)
        assert [t["plan"] for t in written["targets"]] == [plan]
        assert written["targets"] == stored["targets"]  # both writers of findings.json agree
        assert set(written["run"]) == {"id", "as_of", "started", "finished"}  # the run object as before
    assert full_stored["targets"][0]["coverage"] == "全站81页"
    assert spot_stored["targets"][0]["coverage"] == "抽查10页"


def test_depth_of_the_spot_plan_cuts_too(tmp_path: Path, server_url: str) -> None:
    overrides = {**FAST_CRAWL, "crawl": {**FAST_CRAWL["crawl"], **_QUIET},
                 "plan": {"spot": {"max_pages_per_site": 1000, "max_depth": 1}}}
    spot, _ = _inspect(tmp_path, server_url, "spot", overrides)
    assert [t.coverage for t in spot.targets] == ["抽查41页"]  # homepage and articles, no 附件 pages


def _registry(tmp_path: Path, url: str) -> Path:
    registry = tmp_path / "sites.csv"
    registry.write_text("网站名称,首页网址,网站标识码,主办单位,主管单位,地区,网站类型,运行状态\n"
                        f"示范县人民政府,{url},3101140038,示范县人民政府办公室,,示范县,政府门户网站,运行\n",
                        encoding="utf-8")
    return registry


def _home(tmp_path: Path) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    home.joinpath("config.toml").write_text(
        "[crawl]\ncheck_links = false\nsite_checks = \"none\"\nhomepage_probes = 0\nrender_js = \"never\"\n"
        "[plan]\nspot = { max_pages_per_site = 5, max_depth = 4 }\n", encoding="utf-8")
    return home


def test_inspect_plan_option(tmp_path: Path, server_url: str) -> None:
    home, registry = _home(tmp_path), _registry(tmp_path, server_url)
    runner = CliRunner()
    spot = runner.invoke(app, ["--home", str(home), "inspect", "--registry", str(registry), "--as-of", "2026-01-05",
                               "--plan", "spot", "--format", "json", "--out", str(tmp_path / "out")])
    assert spot.exit_code == 0, spot.output
    document = json.loads((tmp_path / "out" / "findings.json").read_text(encoding="utf-8"))
    assert [(t["plan"], t["coverage"]) for t in document["targets"]] == [("spot", "抽查5页")]

    bad = runner.invoke(app, ["--home", str(home), "inspect", "--registry", str(registry), "--as-of", "2026-01-05",
                              "--plan", "monthly"])
    assert bad.exit_code == 2
    assert "检查方案" in bad.output and "full or spot" in bad.output
