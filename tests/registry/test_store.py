"""Registry ↔ store round trip on SQLite: upsert in one transaction, (added, updated) counts."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest
from sqlalchemy import func, select

from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.importer import RegistryError
from govinspect.registry.store import load_sites, save_sites
from govinspect.store import Store, open_store
from govinspect.store.models import SiteRow

SITES = [
    Site(
        code="3101140038",
        name="上海市嘉定区人民政府",
        url="http://www.jiading.gov.cn/",
        sponsor="嘉定区政府办",
        region="上海市嘉定区",
        site_type=SiteType.PORTAL,
    ),
    Site(
        code="bm01000001",
        name="中国政府网",
        url="https://www.gov.cn/",
        sponsor="国务院办公厅",
        supervisor="国务院",
        site_type=SiteType.PORTAL,
    ),
    Site(
        code="4412910009",
        name="肇庆高新区",
        url="http://www.zqgx.gov.cn/",
        sponsor="管委会",
        status=SiteStatus.CLOSED,
        site_type=SiteType.DEPARTMENT,
    ),
]


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    s = open_store("sqlite:///" + str(tmp_path / "x.db"))
    yield s
    s.close()


def test_round_trip(store: Store) -> None:
    assert save_sites(store, SITES) == (3, 0)
    assert load_sites(store) == sorted(SITES, key=lambda s: s.code)
    assert load_sites(store, ["4412910009", "nope", "3101140038"]) == [SITES[0], SITES[2]]
    assert load_sites(store, []) == []


def test_upsert_counts_only_real_changes(store: Store) -> None:
    save_sites(store, SITES)
    assert save_sites(store, SITES) == (0, 0)
    renamed = replace(SITES[1], name="中华人民共和国中央人民政府", status=SiteStatus.RUNNING)
    closed = replace(SITES[0], status=SiteStatus.CLOSED)
    new = Site(
        code="3600000013", name="江西省人民政府", url="http://www.jiangxi.gov.cn/", sponsor="省政府办公厅"
    )
    assert save_sites(store, [renamed, closed, new]) == (1, 2)
    by_code = {s.code: s for s in load_sites(store)}
    assert by_code["bm01000001"] == renamed
    assert by_code["3101140038"].status is SiteStatus.CLOSED
    assert by_code["4412910009"] == SITES[2]  # absent from the import: kept, never deleted
    assert len(by_code) == 4


def test_duplicates_rejected_and_nothing_saved(store: Store) -> None:
    with pytest.raises(RegistryError) as excinfo:
        save_sites(store, [SITES[0], SITES[1], replace(SITES[0], name="x")])
    assert [(p.row, p.column) for p in excinfo.value.problems] == [(3, "网站标识码")]
    assert load_sites(store) == []


def test_one_transaction(store: Store) -> None:
    # A failure part-way (here: a NOT NULL violation) leaves nothing behind.
    broken = replace(SITES[2], name=None)  # type: ignore[arg-type]
    with pytest.raises(Exception):  # noqa: B017 - the driver's IntegrityError
        save_sites(store, [SITES[0], SITES[1], broken])
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(SiteRow)) == 0


def test_many_sites_chunked(store: Store) -> None:
    sites = [
        Site(code=f"31011{i:05d}", name=f"站{i}", url=f"http://s{i}.sh.gov.cn/", sponsor="s")
        for i in range(1200)
    ]
    assert save_sites(store, sites) == (1200, 0)
    assert len(load_sites(store, [s.code for s in sites])) == 1200
    with store.session() as session:
        row = session.get(SiteRow, "3101100000")
        assert row is not None and row.imported_at is not None


def test_unknown_stored_enum_values_fall_back(store: Store) -> None:
    with store.session() as session, session.begin():
        session.add(
            SiteRow(code="3101140038", name="a", url="http://a/", sponsor="s", site_type="门户", status="?")
        )
    (site,) = load_sites(store)
    assert site.site_type is SiteType.OTHER and site.status is SiteStatus.RUNNING
