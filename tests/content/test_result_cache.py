"""Paragraph results kept in the store (content.result_cache): the same problems as a fresh check,
never another date's, another setting's or another site's protected names'."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import select

from govinspect.content.check import ContentChecker
from govinspect.content.models import ContentResultRow
from govinspect.content.result_cache import active_cache, remembered_results
from govinspect.content.typos import TypoParams
from govinspect.store import Store, open_store

# new sentences: typos, a leader's name and titles, a formulation, clean prose
TEXTS = [
    "县住建局组织开展老旧小区改造回头看，督促施工单位整该问题。",
    "镇政府召开专题会议，研究部署秋冬季森林防火公作。",
    "国务院总理李墙在北京主持召开国务院常务会议。",
    "国务院总理李克强主持召开国务院常务会议，研究部署稳就业工作。",
    "全体干部职工要牢固树立三个意识，坚定四个自信。",
    "今年以来，全县累计发放创业担保贷款一千二百万元，带动就业三百余人。",
    "市政府研究推进大数局产业发展的政策措施。",
]
D2020, D2024 = date(2020, 6, 1), date(2024, 6, 1)


def _store(tmp_path: Path) -> Store:
    return open_store(f"sqlite:///{tmp_path / 'store.db'}")


def _fresh(checker: ContentChecker, text: str, on: date, where: str, line: int | None) -> list:
    assert active_cache() is None
    return checker.check(text, where, on=on, line=line)


@pytest.fixture(scope="module")
def checker() -> ContentChecker:
    return ContentChecker()


def test_no_cache_outside_an_analysis() -> None:
    assert active_cache() is None


def test_results_read_back_equal_a_fresh_check(tmp_path: Path, checker: ContentChecker) -> None:
    store = _store(tmp_path)
    expected = {(t, on): _fresh(checker, t, on, f"https://a.gov.cn/{i}", i) for i, t in enumerate(TEXTS)
                for on in (D2020, D2024)}
    assert sum(map(len, expected.values())) >= 6, "the sentences must hold problems to compare"
    with remembered_results(store, "site-a") as first:
        for i, t in enumerate(TEXTS):
            for on in (D2020, D2024):
                assert checker.check(t, f"https://a.gov.cn/{i}", on=on, line=i) == expected[(t, on)]
        assert first.hits == 0
    with remembered_results(store, "site-a") as again:  # read back from the store
        for i, t in enumerate(TEXTS):
            for on in (D2020, D2024):
                assert checker.check(t, f"https://a.gov.cn/{i}", on=on, line=i) == expected[(t, on)]
                # another page and no line: its own location, no column
                moved = checker.check(t, "https://a.gov.cn/other", on=on)
                assert moved == [replace(p, location="https://a.gov.cn/other", line=None, column=None)
                                 for p in expected[(t, on)]]
        assert again.hits == 4 * len(TEXTS)
    assert active_cache() is None


def test_the_date_is_part_of_the_key_when_wording_runs(tmp_path: Path, checker: ContentChecker) -> None:
    text = TEXTS[3]  # 国务院总理李克强: right in 2020, a former title in 2024
    with remembered_results(_store(tmp_path), "site-a"):
        in_2024 = checker.check(text, "u", on=D2024)
        in_2020 = checker.check(text, "u", on=D2020)
    assert [p.category for p in in_2024] == ["leader-title"]
    assert in_2020 == []


def test_settings_and_protected_names_are_part_of_the_key(tmp_path: Path) -> None:
    text = TEXTS[6]  # 大数局 is a typo of 大数据 unless the site protects the name
    plain = ContentChecker(("W-D12",))
    protecting = ContentChecker(("W-D12",), protected_terms=["大数局"])
    strict = ContentChecker(("W-D12",), typo_params=TypoParams(threshold=30.0))
    with remembered_results(_store(tmp_path), "site-a") as cache:
        assert [p.suggestion for p in plain.check(text, "u")] == ["据"]
        assert protecting.check(text, "u") == []
        assert strict.check(text, "u") == []
        assert [p.suggestion for p in plain.check(text, "u")] == ["据"]
        assert cache.hits == 1


def test_results_of_older_code_are_deleted(tmp_path: Path, checker: ContentChecker) -> None:
    store = _store(tmp_path)
    when = datetime(2021, 3, 21, tzinfo=UTC)
    store.add_new([ContentResultRow(scope="site-a", key="k" * 64, code="older", problems=[], created=when),
                   ContentResultRow(scope="site-b", key="k" * 64, code="older", problems=[], created=when)])
    with remembered_results(store, "site-a"):
        checker.check(TEXTS[0], "u", on=D2024)
    with store.session() as session:
        rows = {(r.scope, r.code) for r in session.scalars(select(ContentResultRow))}
    assert ("site-a", "older") not in rows and ("site-b", "older") in rows  # another scope: its own turn
    assert any(scope == "site-a" and code != "older" for scope, code in rows)
