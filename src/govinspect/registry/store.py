"""The registry in the store (table ``sites``): upsert on import, read back as :class:`Site`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import UTC, datetime

from sqlalchemy import select

from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.importer import RegistryError, RowProblem
from govinspect.store import Store
from govinspect.store.models import SiteRow

_CHUNK = 500  # SQLite allows 999 bound parameters per statement in older builds


def _chunks(values: list[str]) -> Iterator[list[str]]:
    for i in range(0, len(values), _CHUNK):
        yield values[i : i + _CHUNK]


def _row_values(site: Site) -> dict[str, str]:
    return {
        "name": site.name,
        "url": site.url,
        "sponsor": site.sponsor,
        "supervisor": site.supervisor,
        "region": site.region,
        "site_type": str(site.site_type),
        "status": str(site.status),
    }


def save_sites(store: Store, sites: list[Site]) -> tuple[int, int]:
    """Add or update ``sites`` (keyed by 网站标识码) in ONE transaction; returns (added,
    updated). A site whose row is already identical counts as neither; sites absent from
    ``sites`` are left alone (a registry import never deletes: 关停 is a status)."""
    first: dict[str, int] = {}
    problems: list[RowProblem] = []
    for i, site in enumerate(sites, 1):
        if site.code in first:
            problems.append(
                RowProblem(
                    i,
                    "网站标识码",
                    f"网站标识码{site.code}与第{first[site.code]}个重复 / duplicate site code {site.code}, "
                    f"first at position {first[site.code]}",
                )
            )
        first.setdefault(site.code, i)
    if problems:
        raise RegistryError("网站重复，未保存 / duplicate sites, nothing saved", problems)

    now = datetime.now(UTC)
    added = updated = 0
    with store.session() as session, session.begin():
        existing: dict[str, SiteRow] = {}
        for chunk in _chunks(list(first)):
            for found in session.scalars(select(SiteRow).where(SiteRow.code.in_(chunk))):
                existing[found.code] = found
        for site in sites:
            values = _row_values(site)
            row = existing.get(site.code)
            if row is None:
                session.add(SiteRow(code=site.code, imported_at=now, **values))
                added += 1
            elif any(getattr(row, key) != value for key, value in values.items()):
                for key, value in values.items():
                    setattr(row, key, value)
                row.imported_at = now
                updated += 1
    return added, updated


def _to_site(row: SiteRow) -> Site:
    try:
        site_type = SiteType(row.site_type)
    except ValueError:
        site_type = SiteType.OTHER
    try:
        status = SiteStatus(row.status)
    except ValueError:
        status = SiteStatus.RUNNING
    return Site(
        code=row.code,
        name=row.name,
        url=row.url,
        sponsor=row.sponsor or "",
        supervisor=row.supervisor or "",
        region=row.region or "",
        site_type=site_type,
        status=status,
    )


def load_sites(store: Store, codes: Iterable[str] | None = None) -> list[Site]:
    """All registered sites ordered by 网站标识码, or only those with the given ``codes``
    (codes not in the registry are simply absent)."""
    with store.session() as session:
        if codes is None:
            rows = list(session.scalars(select(SiteRow).order_by(SiteRow.code)))
        else:
            wanted = sorted(set(codes))
            rows = []
            for chunk in _chunks(wanted):
                rows += session.scalars(select(SiteRow).where(SiteRow.code.in_(chunk)))
            rows.sort(key=lambda row: row.code)
        return [_to_site(row) for row in rows]


__all__ = ["load_sites", "save_sites"]
