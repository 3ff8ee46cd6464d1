"""Collectors: each format read into posts with China-time dates; bad inputs are clear errors."""

from __future__ import annotations

from datetime import datetime

import pytest

from govinspect.media.collectors import CollectError, collect
from govinspect.timeutil import CHINA_TZ
from tests.media import samples


def test_rss_with_and_without_zone_and_html_descriptions() -> None:
    data = collect(samples.RSS.encode(), "application/rss+xml", "http://127.0.0.1/rss")
    assert data.format == "rss" and data.profile is None  # a bridge's feed title is not the account's name
    first, second = data.posts
    assert first.published == datetime(2021, 3, 19, 16, 20, tzinfo=CHINA_TZ)
    assert second.published == datetime(2021, 3, 8, 9, 0, tzinfo=CHINA_TZ)  # no zone: China time
    assert "汛前" in first.text and "<b>" not in first.text
    # a feed cannot say anything about menus, interaction or comments: not assessable, not "none"
    assert data.menus is None and data.interaction is None and first.comments is None


def test_atom_dates_in_utc_become_china_time() -> None:
    [post] = collect(samples.ATOM.encode(), "application/atom+xml").posts
    assert post.published == datetime(2021, 3, 18, 10, 0, tzinfo=CHINA_TZ)
    assert post.url == "http://127.0.0.1/w/1" and "管网改造" in post.text


def test_json_feed() -> None:
    data = collect(samples.dumps(samples.JSON_FEED), "application/feed+json")
    assert data.format == "jsonfeed"
    assert [p.title for p in data.posts] == ["2021年春季学期开学须知", "寒假安全告家长书"]
    assert data.posts[0].text == "请家长注意以下事项。" and data.posts[1].text == "寒假将至。"


def test_snapshot_carries_menus_interaction_comments() -> None:
    data = collect(samples.dumps(samples.snapshot()), "application/json")
    assert data.format == "snapshot" and data.interaction == {"留言": True, "私信": False}
    assert data.menus is not None and [leaf.name for m in data.menus for leaf in m.leaves()] == ["政策文件", "我要咨询"]
    comment = data.posts[0].comments[0]  # type: ignore[index]
    assert comment.replies[0].at == datetime(2021, 3, 16, 9, 0, tzinfo=CHINA_TZ)
    assert data.profile is not None and data.profile.entity == "澄溪县人民政府办公室"


def test_snapshot_without_menus_means_not_captured() -> None:
    doc = samples.snapshot()
    del doc["menus"], doc["interaction"]
    data = collect(samples.dumps(doc))
    assert data.menus is None and data.interaction is None
    assert collect(samples.dumps(samples.snapshot(menus=[]))).menus == []


def test_snapshot_missing_fields_are_all_named() -> None:
    doc = samples.snapshot(account={"platform": "微信"}, posts=[{"title": "只有标题"}, {"published": "2021-03-01"}])
    with pytest.raises(CollectError) as caught:
        collect(samples.dumps(doc))
    message = str(caught.value)
    for field in ("account.name", "posts[0].published", "posts[1].title"):
        assert field in message
    assert "缺少字段" in message and "missing fields" in message
    with pytest.raises(CollectError, match="posts"):
        collect(samples.dumps({k: v for k, v in samples.snapshot().items() if k != "posts"}))


def test_csv_export_gb18030_with_counts() -> None:
    data = collect(samples.CSV_EXPORT.encode("gb18030"), "text/csv")
    assert data.format == "csv" and len(data.posts) == 2
    first, second = data.posts
    assert first.published == datetime(2021, 3, 12, 10, 0, tzinfo=CHINA_TZ)
    assert second.published == datetime(2021, 3, 1, 8, 0, tzinfo=CHINA_TZ)  # epoch seconds
    assert first.comments is not None and len(first.comments) == 4 and sum(bool(c.replies) for c in first.comments) == 1


def test_jsonl_export() -> None:
    data = collect(samples.JSONL_EXPORT.encode())
    assert data.format == "jsonl" and [p.text for p in data.posts] == ["即日起恢复开放。", "欢迎报名。"]
    assert all(p.comments is None for p in data.posts)


@pytest.mark.parametrize(("body", "expected"), [
    (b"", "empty"),
    (b"   \n", "empty"),
    ("<!DOCTYPE html><html><head><title>404</title></head><body>页面不存在</body></html>".encode(), "HTML page"),
    (b"<html><body><p>\xe7\x99\xbb\xe5\xbd\x95</p></body></html>", "HTML page"),
    (samples.RSS.encode()[:-60], "truncated"),
    (b"<?xml version='1.0'?><rss version='2.0'><channel><title>x</title><item><title>a</ite", "truncated"),
    (b"just some words", "unrecognised"),
    (b'{"schema": "govinspect-account-snapshot/1", "posts": [', "not valid JSON"),
    (b'{"title": "ok"}\n{"title": broken}\n', "line 2"),
])
def test_bad_inputs_are_clear_errors(body: bytes, expected: str) -> None:
    with pytest.raises(CollectError, match=expected):
        collect(body)


def test_empty_feed_is_data_with_no_posts() -> None:
    data = collect(b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    assert data.posts == [] and data.format == "rss"


def test_feed_without_dates_keeps_the_posts_undated() -> None:
    body = b'<?xml version="1.0"?><rss version="2.0"><channel><title>x</title><item><title>a</title></item></channel></rss>'
    [post] = collect(body).posts
    assert post.published is None and post.title == "a"
