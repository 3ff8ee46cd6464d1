"""Import a probe log from another monitoring system (监测记录导入).

Format — a CSV file (UTF-8 with or without BOM, or GB18030 as Excel saves it on Chinese
Windows) or an XLSX file, read by :mod:`govinspect.tabular`, with a header row holding these
four columns (any order; other columns are ignored)::

    网站标识码,时间,结果/状态码,耗时毫秒
    3101140038,2021-03-14 09:00:00,200,350
    3101140038,2021-03-14 10:12:30,超时,15000
    3101140038,2021-03-14T11:24:00+08:00,503,120

- 网站标识码: a registered site's code (unknown codes reject the file);
- 时间: ``YYYY-MM-DD HH:MM[:SS]`` (``/`` also accepted as the date separator) or ISO 8601 with an
  offset; without an offset the time is China time (UTC+8);
- 结果/状态码 (the header may also read 结果 or 状态码): the HTTP status (100–599), or a result
  word: 成功/正常/ok/success/up (stored as status 200), 超时/timeout, 失败/fail/failed/down/error,
  dns/域名解析失败, refused/拒绝连接;
- 耗时毫秒: the time to open the page in milliseconds (empty if unknown).

All or nothing: a file with any bad row imports nothing and every problem is listed with its row,
column and reason. Probes already stored for the same site and time are skipped, so importing the
same file twice is harmless. Each site's imported probes also vouch for coverage, but only across
gaps of at most ``[monitor] import_max_gap_minutes`` (and one usual interval after a stretch's last
probe): a longer hole stays "not monitored".
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime, timedelta
from itertools import pairwise
from pathlib import Path

from sqlalchemy import select

from govinspect.monitor.models import MonitorProbeRow, MonitorSessionRow
from govinspect.monitor.probe import judge
from govinspect.monitor.settings import MonitorSettings
from govinspect.registry.codes import check_site_code
from govinspect.registry.store import load_sites
from govinspect.store import Store
from govinspect.tabular import Row, RowProblem, TableError, TableSpec, cell_text, read_table
from govinspect.timeutil import CHINA_TZ
from govinspect.urls import canonical_url

COLUMNS = ("网站标识码", "时间", "结果/状态码", "耗时毫秒")
_SPEC = TableSpec(required=COLUMNS, aliases={"结果/状态码": ("结果", "状态码")})  # other columns: ignored
_WORDS: dict[str, tuple[int | None, str | None]] = {
    **{w: (200, None) for w in ("成功", "正常", "ok", "success", "up")},
    **{w: (None, "timeout") for w in ("超时", "timeout")},
    **{w: (None, "failed") for w in ("失败", "fail", "failed", "down", "error", "打不开")},
    **{w: (None, "dns") for w in ("dns", "域名解析失败")},
    **{w: (None, "refused") for w in ("refused", "拒绝连接")},
}


class ProbeLogError(TableError):
    """监测记录有误，未导入 / probe log rejected, nothing imported."""


@dataclass(frozen=True)
class ParsedProbe:
    row: int
    site_code: str
    at: datetime
    status: int | None
    error: str | None
    elapsed_ms: int | None


@dataclass
class ImportResult:
    imported: int
    skipped: int  # already stored
    sites: int


def parse_time(text: str) -> datetime:
    """``2021-03-14 09:00[:00]``, ``2021/03/14 09:00`` or ISO 8601; naive times are China time."""
    value = text.strip().replace("/", "-")
    if len(value) <= 10:
        raise ValueError("missing time of day")
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=CHINA_TZ)


def _result(text: str) -> tuple[int | None, str | None]:
    value = text.strip()
    if value.isdigit():
        status = int(value)
        if not 100 <= status <= 599:
            raise ValueError(value)
        return status, None
    try:
        return _WORDS[value.lower()]
    except KeyError:
        raise ValueError(value) from None


def parse_probe_log(rows: Iterable[Row], known_codes: set[str]) -> list[ParsedProbe]:
    """Every row of the log, or :class:`ProbeLogError` listing every problem."""
    problems: list[RowProblem] = []
    out: list[ParsedProbe] = []
    seen: dict[tuple[str, datetime], int] = {}
    for row in rows:
        line = row.number
        code, when, result, ms = (cell_text(row.values.get(c)) for c in COLUMNS)
        before = len(problems)
        reason = check_site_code(code)
        if reason:
            problems.append(RowProblem(line, "网站标识码", reason))
        elif code not in known_codes:
            problems.append(RowProblem(line, "网站标识码", f"网站标识码{code}不在网站名录中 / unknown site code {code} "
                                       "(not in the registry)"))
        at: datetime | None = None
        try:
            at = parse_time(when)
        except ValueError:
            problems.append(RowProblem(line, "时间", f"时间格式错误，应为 YYYY-MM-DD HH:MM:SS / bad time {when!r}, "
                                       "expected YYYY-MM-DD HH:MM:SS"))
        status: int | None = None
        error: str | None = None
        try:
            status, error = _result(result)
        except ValueError:
            problems.append(RowProblem(line, "结果/状态码", f"结果应为HTTP状态码（100–599）或成功/超时/失败 / bad result "
                                       f"{result!r}: expected an HTTP status (100–599) or 成功/超时/失败"))
        elapsed: int | None = None
        if ms:
            try:
                elapsed = int(float(ms))
                if elapsed < 0:
                    raise ValueError(ms)
            except ValueError:
                problems.append(RowProblem(line, "耗时毫秒", f"耗时应为非负整数毫秒 / bad elapsed {ms!r}: expected "
                                           "milliseconds ≥ 0"))
        if at is not None and len(problems) == before:
            key = (code, at)
            if key in seen:
                problems.append(RowProblem(line, "时间", f"与第{seen[key]}行重复（同一网站同一时间） / duplicate of "
                                           f"row {seen[key]} (same site and time)"))
                continue
            seen[key] = line
            out.append(ParsedProbe(line, code, at, status, error, elapsed))
    if problems:
        raise ProbeLogError("监测记录有误，未导入 / probe log rejected, nothing imported", problems)
    if not out:
        raise ProbeLogError("监测记录没有数据行 / the probe log has no rows")
    return out


def _spans(times: list[datetime], max_gap: timedelta) -> list[tuple[datetime, datetime]]:
    """Stretches where consecutive probes are at most ``max_gap`` apart; each stretch also covers
    one usual interval after its last probe (that probe speaks for the time until the next)."""
    ordered = sorted(times)
    gaps = sorted(b - a for a, b in pairwise(ordered) if b - a <= max_gap)
    tail = gaps[len(gaps) // 2] if gaps else timedelta(0)
    spans: list[tuple[datetime, datetime]] = []
    for t in ordered:
        if spans and t - spans[-1][1] <= max_gap:
            spans[-1] = (spans[-1][0], t)
        else:
            spans.append((t, t))
    return [(a, b + tail) for a, b in spans if b > a]


def import_probe_log(store: Store, path: Path, settings: MonitorSettings | None = None) -> ImportResult:
    """Import ``path`` in one transaction (all or nothing)."""
    settings = settings or MonitorSettings()
    table = read_table(path, _SPEC, error=ProbeLogError)
    sites = {s.code: s for s in load_sites(store)}
    probes = parse_probe_log(table.rows, set(sites))
    by_site: dict[str, list[ParsedProbe]] = defaultdict(list)
    for p in probes:
        by_site[p.site_code].append(p)
    imported = skipped = 0
    gap = timedelta(minutes=settings.import_max_gap_minutes)
    with store.session() as session, session.begin():
        for code, rows in by_site.items():
            first, last = min(r.at for r in rows), max(r.at for r in rows)
            stored = set(session.scalars(select(MonitorProbeRow.at).where(
                MonitorProbeRow.site_code == code, MonitorProbeRow.at >= first, MonitorProbeRow.at <= last)))
            url = canonical_url(sites[code].url) or sites[code].url
            for r in rows:
                if r.at in stored:
                    skipped += 1
                    continue
                session.add(MonitorProbeRow(site_code=code, url=url, final_url=url, at=r.at, status=r.status,
                                            error=r.error, elapsed_ms=r.elapsed_ms, source="import",
                                            failed=judge(r.status, r.error, r.elapsed_ms, settings)))
                imported += 1
            for a, b in _spans([r.at for r in rows], gap):
                session.add(MonitorSessionRow(source="import", site_code=code, started_at=a, last_alive=b, ended_at=b,
                                              note=path.name[:500]))
    return ImportResult(imported=imported, skipped=skipped, sites=len(by_site))
