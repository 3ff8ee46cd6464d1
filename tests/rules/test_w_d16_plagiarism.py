from dataclasses import replace
from datetime import date

from govinspect.similarity.types import SimilarDocument

from .builders import run, snapshot

COPY = SimilarDocument(
    url="https://www.jiading.gov.cn/zwgk/t20210310_7.html", title="信息发布审核制度", pub_date=date(2021, 3, 10),
    chars=820, attribution="", source_site_code="3101140001", source_site_name="某区教育局",
    source_url="https://jyj.example.gov.cn/zwgk/t20210101_1.html", source_title="信息发布审核制度",
    source_pub_date=date(2021, 1, 1), source_first_seen=None, source_run_id="run-1", jaccard=0.96,
    warc_file="run.warc.gz", warc_record_id="<urn:uuid:1>", warc_offset=10)


def test_a_later_unattributed_copy_is_flagged_with_its_source() -> None:
    snap = snapshot()
    snap.similar_documents = [COPY]
    (finding,) = run("W-D16", snap)
    assert finding.url == COPY.url and finding.points == 1.0
    assert finding.message == "《信息发布审核制度》与某区教育局网站此前发布的文件高度雷同（相似度0.96），未注明来源"
    assert finding.details["source"]["url"] == COPY.source_url
    assert finding.evidence["warc"] == "run.warc.gz" and finding.evidence["offset"] == 10


def test_attributed_reposts_and_same_day_pairs_are_not_flagged() -> None:
    snap = snapshot()
    snap.similar_documents = [replace(COPY, attribution="中国政府网"), replace(COPY, relation="same-day")]
    assert run("W-D16", snap) == []


def test_an_estimated_similarity_is_low_confidence_and_says_so() -> None:
    snap = snapshot()
    snap.similar_documents = [replace(COPY, estimated=True)]
    (finding,) = run("W-D16", snap)
    assert str(finding.confidence) == "low" and "MinHash" in finding.details["note"]


def test_nothing_similar_nothing_found() -> None:
    assert run("W-D16", snapshot()) == []
