"""The unseen farm end to end: sites whose markup our extraction was not written against.

Registry → crawl through http_proxy → WARC → extraction → rules. Each site's planted defects must
be found, its look-alikes not flagged, and the compliant portal must pass.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from govinspect import pipeline

from ..e2e_support import inspect_sites, proxy_env
from .sites import AS_OF_ISO, EXPECTED, UnseenSite, build_unseen, serve_in_thread


@pytest.fixture(scope="module")
def sites() -> list[UnseenSite]:
    return build_unseen()


@pytest.fixture(scope="module")
def home(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("unseen")


@pytest.fixture(scope="module")
def run(sites: list[UnseenSite], home: Path) -> Iterator[pipeline.RunResult]:
    with serve_in_thread(sites) as url, proxy_env(url):
        _, result = inspect_sites(home, [s.site for s in sites], AS_OF_ISO)
    yield result


def _found(result: pipeline.RunResult, code: str) -> set[str]:
    return {f.rule for f in result.findings if f.target == code}


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_planted_defects_found_and_look_alikes_spared(run: pipeline.RunResult, code: str) -> None:
    found = _found(run, code)
    exp = EXPECTED[code]
    detail = sorted((f.rule, f.message) for f in run.findings if f.target == code)
    assert exp.must_find <= found, (exp.must_find - found, detail)
    assert not (exp.must_not_find & found), (exp.must_not_find & found, detail)


@pytest.mark.parametrize("code", sorted(EXPECTED))
def test_verdicts(run: pipeline.RunResult, code: str) -> None:
    verdicts = {t.site.code: t.judgement for t in run.targets}
    assert verdicts[code].verdict == EXPECTED[code].verdict, verdicts[code]


def test_no_rule_raised(run: pipeline.RunResult) -> None:
    assert not run.errors


def _columns(run: pipeline.RunResult, code: str, rule: str) -> set[str]:
    return {c["name"] for f in run.findings if f.target == code and f.rule == rule
            for c in f.details.get("columns", [])}


def test_stale_and_blank_columns_are_the_planted_ones(run: pipeline.RunResult) -> None:
    # 大汉 JCMS: lists in <script type="text/xml"> datastores
    assert _columns(run, "3398020002", "W-V4a") == {"教育要闻", "工作动态", "基层动态", "通知公告", "政策文件", "媒体关注"}
    # 动易: navigation in table.topnav, <dl><dt><a/></dt><dd>2021-3-5</dd></dl> rows
    assert _columns(run, "3398020003", "W-V4c") == {"疾病预防", "妇幼健康", "健康教育", "中医药管理", "卫生监督", "财政资金"}


def test_forged_date_names_the_article_not_the_look_alike(run: pipeline.RunResult) -> None:
    from .sites import FORGED_TITLE

    urls = {f.url for f in run.findings if f.target == "3398020004" and f.rule == "W-V1e"}
    assert len(urls) == 1
    assert all("/c100201/" in (url or "") for url in urls), (urls, FORGED_TITLE)


def test_broken_links_are_the_planted_ones(run: pipeline.RunResult) -> None:
    urls = {f.url for f in run.findings if f.target == "3398020004" and f.rule == "W-D7"}
    assert urls == {"http://zjj.shiling.gov.cn/zjj/c100299/list.shtml", "http://zjj.shiling.gov.cn/zjj/attach/2020/fjsm.doc"}


def test_channel_sub_columns_of_the_trs_portal_are_judged(run: pipeline.RunResult, home: Path,
                                                          sites: list[UnseenSite]) -> None:
    """TRS channel pages name their sub-columns only by block headings with a 更多 link."""
    from govinspect.config import load_config
    from govinspect.extract.categories import load_category_table
    from govinspect.snapshot.builder import build_snapshot
    from govinspect.store import open_store

    config = load_config(home)
    store = open_store(config.db_url)
    snapshot = build_snapshot(store, run.run_id, sites[0].site, run.as_of, config.warc_dir,
                              load_category_table(config.home))
    store.close()
    level2 = {c.name: c for c in snapshot.columns if c.level == 2}
    assert {"云溪要闻", "部门动态", "乡镇动态", "通知公告", "政策文件", "人事信息", "规划计划"} <= set(level2)
    assert len(level2["云溪要闻"].items) == 24, [u for u in snapshot.fetches if "ywdt/index" in u]  # both pages
    assert level2["通知公告"].parent == "http://www.yunxi.gov.cn/zwgk/"
