"""The cross-site index on a real store: runs recorded as WARC + fetch rows, no crawl."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import func, select

from govinspect import pipeline
from govinspect.similarity.index import index_run
from govinspect.similarity.models import SimDocumentRow, SimRunDocumentRow

from .helpers import World, article_html, make_site, prose

A = make_site("3399000001", "示范市人民政府", "www.shifan.gov.cn")
B = make_site("3399000003", "示范市教育局", "jyj.shifan.gov.cn")
C = make_site("3399020004", "青禾区人民政府", "www.qinghequ.gov.cn")
RULES = prose(100, 900)  # the 制度 text
COPY = RULES.replace("工作", "事务", 2)  # the copy changes a word or two


@pytest.fixture
def world(tmp_path: Path) -> Iterator[World]:
    w = World(tmp_path / "home")
    yield w
    w.close()


def _doc(title: str, text: str, pub: str, site_name: str, source: str = "") -> str:
    paras = ([f"（来源：{source}）"] if source else []) + [text[i:i + 300] for i in range(0, len(text), 300)]
    return article_html(title, paras, pub=pub, site_name=site_name)


def test_the_later_copy_is_flagged_with_its_source(world: World) -> None:
    run = world.record_run({
        A: {"/zwgk/t20210101_1.html": _doc("信息发布审核制度", RULES, "2021-01-01 09:00", A.name),
            "/xwzx/t20210301_2.html": _doc("春季农业生产", prose(1, 800), "2021-03-01 09:00", A.name)},
        B: {"/zwgk/t20210310_7.html": _doc("示范市教育局信息发布审核制度", COPY, "2021-03-10 09:00", B.name),
            "/xwzx/t20210301_8.html": _doc("校园安全", prose(2, 800), "2021-03-01 09:00", B.name)},
    })
    report = index_run(world.store, world.config, run, [A, B])
    assert report.documents == 4 and report.new_documents == 4
    assert set(report.by_site) == {B.code}  # the earlier page is the source, never flagged
    (doc,) = report.by_site[B.code]
    assert doc.url == "http://jyj.shifan.gov.cn/zwgk/t20210310_7.html"
    assert doc.source_url == "http://www.shifan.gov.cn/zwgk/t20210101_1.html"
    assert doc.source_site_name == A.name and doc.relation == "later" and not doc.estimated
    assert doc.jaccard >= 0.8 and doc.attribution == ""
    assert doc.pub_date == date(2021, 3, 10) and doc.source_pub_date == date(2021, 1, 1)


def test_attributed_reposts_same_day_pairs_short_notices_and_furniture(world: World) -> None:
    central = prose(200, 900)
    notice = prose(300, 120)
    run = world.record_run({
        A: {"/zcwj/t20210101_1.html": _doc("国务院办公厅通知", central, "2021-01-01 09:00", A.name, "中国政府网"),
            "/tzgg/t20210201_2.html": _doc("停电通知", notice, "2021-02-01 09:00", A.name),
            "/wzsm/index.html": _doc("网站声明", prose(400, 600), "2021-01-01 09:00", A.name),
            "/zwgk/t20210305_3.html": _doc("会议纪要", prose(500, 800), "2021-03-05 09:00", A.name)},
        C: {"/zcwj/t20210105_4.html": _doc("国务院办公厅通知", central, "2021-01-05 09:00", C.name, "中国政府网"),
            "/tzgg/t20210202_5.html": _doc("停电通知", notice, "2021-02-02 09:00", C.name),
            "/wzsm/index.html": _doc("网站声明", prose(400, 600), "2021-01-02 09:00", C.name),
            "/zwgk/t20210305_6.html": _doc("会议纪要", prose(500, 800), "2021-03-05 09:00", C.name)},
    })
    report = index_run(world.store, world.config, run, [A, C])
    by_url = {d.url: d for d in report.by_site.get(C.code, [])}
    # the repost names its source: handed to the rule with its attribution (the rule spares it)
    assert by_url["http://www.qinghequ.gov.cn/zcwj/t20210105_4.html"].attribution == "中国政府网"
    # same day: neither can be shown to be the copy
    assert by_url["http://www.qinghequ.gov.cn/zwgk/t20210305_6.html"].relation == "same-day"
    # short notices and 网站声明 are not indexed at all
    assert "http://www.qinghequ.gov.cn/tzgg/t20210202_5.html" not in by_url
    assert "http://www.qinghequ.gov.cn/wzsm/index.html" not in by_url
    assert report.documents == 4


def test_same_site_duplicates_are_not_pairs(world: World) -> None:
    run = world.record_run({A: {"/a/t20210101_1.html": _doc("制度", RULES, "2021-01-01 09:00", A.name),
                                "/b/t20210301_2.html": _doc("制度", RULES, "2021-03-01 09:00", A.name)}})
    report = index_run(world.store, world.config, run, [A])
    assert report.candidates == 0 and report.by_site == {}


def test_earlier_runs_are_sources_and_reindexing_is_idempotent(world: World) -> None:
    first = world.record_run({A: {"/zwgk/t20210101_1.html": _doc("制度", RULES, "2021-01-01 09:00", A.name)}},
                             as_of=date(2021, 1, 21), run_id="run-1")
    index_run(world.store, world.config, first, [A])
    second = world.record_run({B: {"/zwgk/t20210310_7.html": _doc("制度", COPY, "2021-03-10 09:00", B.name)},
                               A: {"/zwgk/t20210101_1.html": _doc("制度", RULES, "2021-01-01 09:00", A.name)}},
                              fetched_at=datetime(2021, 3, 21, 2, tzinfo=UTC), run_id="run-2")
    report = index_run(world.store, world.config, second, [B, A])
    (doc,) = report.by_site[B.code]
    assert doc.source_run_id == "run-1"
    assert report.new_documents == 1  # site A's unchanged page is stored once across runs
    again = index_run(world.store, world.config, second, [B, A])
    assert again.by_site == report.by_site and again.new_documents == 0
    with world.store.session() as session:
        assert session.scalar(select(func.count()).select_from(SimDocumentRow)) == 2
        assert session.scalar(select(func.count()).select_from(SimRunDocumentRow)
                              .where(SimRunDocumentRow.run_id == "run-2")) == 2


def test_a_page_read_before_is_not_parsed_again(world: World, monkeypatch: pytest.MonkeyPatch) -> None:
    """The next run's pass knows an unchanged body's article (sim_articles): no WARC read, no
    parse; a body the index lacks is read again, since its text is needed."""
    from sqlalchemy import delete

    from govinspect.similarity import index
    from govinspect.similarity.models import SimBandRow

    a_pages = {"/zwgk/t20210101_1.html": _doc("信息发布审核制度", RULES, "2021-01-01 09:00", A.name),
               "/xwzx/t20210301_2.html": _doc("春季农业生产", prose(1, 800), "2021-03-01 09:00", A.name),
               "/wzsm/index.html": _doc("网站声明", prose(400, 600), "2021-01-01 09:00", A.name),
               "/xwzx/index.html": article_html("新闻中心", ["<a href='/x'>一条新闻</a>"], site_name=A.name)}
    read: list[str] = []
    parse = index.article_text

    def counted(body: bytes, url: str, **kwargs: object) -> object:
        read.append(url)
        return parse(body, url, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(index, "article_text", counted)
    first = world.record_run({A: a_pages}, as_of=date(2021, 3, 5), run_id="run-1")
    index_run(world.store, world.config, first, [A])
    assert len(read) == 4
    read.clear()
    second = world.record_run({
        A: a_pages,
        B: {"/zwgk/t20210310_7.html": _doc("示范市教育局信息发布审核制度", COPY, "2021-03-10 09:00", B.name)},
    }, fetched_at=datetime(2021, 3, 21, 2, tzinfo=UTC), run_id="run-2")
    report = index_run(world.store, world.config, second, [A, B])
    copy, rules = "http://jyj.shifan.gov.cn/zwgk/t20210310_7.html", "http://www.shifan.gov.cn/zwgk/t20210101_1.html"
    # indexing read only the new body; verifying the pair then compares both texts exactly
    assert read == [copy, copy, rules]
    assert report.documents == 3 and report.new_documents == 1
    (doc,) = report.by_site[B.code]
    assert doc.source_url == "http://www.shifan.gov.cn/zwgk/t20210101_1.html" and doc.source_run_id == "run-1"
    # an index that lacks the articles (another MinHash scheme, a cleared index) reads them again
    with world.store.session() as session, session.begin():
        for table in (SimBandRow, SimRunDocumentRow, SimDocumentRow):
            session.execute(delete(table))
    read.clear()
    rebuilt = index_run(world.store, world.config, second, [A, B])
    # the articles (no list page, no 网站声明), then the pair verified
    assert sorted(read) == sorted([copy, "http://www.shifan.gov.cn/xwzx/t20210301_2.html", rules, copy, rules])
    assert rebuilt.documents == 3 and rebuilt.new_documents == 3
    assert [(d.url, d.source_url, d.jaccard) for d in rebuilt.by_site[B.code]] == [
        (doc.url, doc.source_url, doc.jaccard)]


def test_a_lost_warc_falls_back_to_the_estimate(world: World) -> None:
    first = world.record_run({A: {"/zwgk/t20210101_1.html": _doc("制度", RULES, "2021-01-01 09:00", A.name)}},
                             run_id="run-1")
    index_run(world.store, world.config, first, [A])
    for path in (Path(world.config.warc_dir) / "run-1").glob("*.warc.gz"):
        path.unlink()
    second = world.record_run({B: {"/zwgk/t20210310_7.html": _doc("制度", RULES, "2021-03-10 09:00", B.name)}},
                              run_id="run-2")
    (doc,) = index_run(world.store, world.config, second, [B]).by_site[B.code]
    assert doc.estimated and doc.jaccard == 1.0


def test_analyse_reports_w_d16_with_evidence_and_source(world: World) -> None:
    run = world.record_run({
        A: {"/zwgk/t20210101_1.html": _doc("信息发布审核制度", RULES, "2021-01-01 09:00", A.name)},
        B: {"/zwgk/t20210310_7.html": _doc("示范市教育局信息发布审核制度", COPY, "2021-03-10 09:00", B.name)},
    })
    result = pipeline.analyse(world.store, world.config, run, only_rules=["W-D16"])
    (finding,) = result.findings
    assert finding.target == B.code and finding.rule == "W-D16"
    assert "示范市人民政府" in finding.message and "未注明来源" in finding.message
    assert finding.evidence["warc"] and finding.evidence["record"]
    assert finding.details["source"]["url"] == "http://www.shifan.gov.cn/zwgk/t20210101_1.html"
