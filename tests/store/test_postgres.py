"""The store on a real PostgreSQL: migrations, a registry round trip, and a small inspection whose
findings.json matches the SQLite run's.

A throwaway cluster (initdb + pg_ctl from /usr/lib/postgresql/*/bin) listens on a free loopback
port in a temp dir for the session and is stopped afterwards. PostgreSQL refuses to run as root,
so as root the server runs as the ``postgres`` user (``runuser``) in a directory it owns.
"""

from __future__ import annotations

import glob
import json
import os
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import create_engine, text

from govinspect import pipeline
from govinspect.demo.farm import DEMO_AS_OF, build_farm
from govinspect.demo.server import serve_farm_in_thread
from govinspect.model import Site, SiteStatus, SiteType
from govinspect.registry.store import load_sites, save_sites
from govinspect.store import open_store

from ..e2e_support import inspect_sites, proxy_env

pytest.importorskip("psycopg", reason="psycopg 未安装 / psycopg not installed (pip install -e .[postgres])")


def _bindir() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="session")
def pg_server() -> Iterator[str]:
    """Base URL (no database) of a throwaway PostgreSQL cluster on 127.0.0.1."""
    bindir = _bindir()
    if bindir is None:
        pytest.skip("未找到PostgreSQL服务器程序 / PostgreSQL server binaries not found "
                    "(/usr/lib/postgresql/*/bin; scripts/setup.sh installs Debian's postgresql)")
    as_root = os.geteuid() == 0
    prefix: list[str] = []
    if as_root:
        if shutil.which("runuser") is None:
            pytest.skip("以root运行但没有runuser / running as root without runuser")
        prefix = ["runuser", "-u", "postgres", "--"]
    top = Path(tempfile.mkdtemp(prefix="govinspect-pg-"))
    data, sock = top / "data", top / "sock"
    sock.mkdir()
    if as_root:
        shutil.chown(top, "postgres")
        shutil.chown(sock, "postgres")

    def run(*args: str) -> None:
        # liveness bounds: initdb and start-up take seconds more on a loaded machine
        subprocess.run([*prefix, *args], check=True, capture_output=True, timeout=180, cwd=top)

    def start(port: int) -> None:
        run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(top / "log"), "-w", "-t", "120", "-o",
            f"-p {port} -k {sock} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start")

    try:
        run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8",
            "--locale=C", "--no-sync")
        for attempt in range(3):
            port = _free_port()
            try:
                start(port)
                break
            except subprocess.CalledProcessError:
                # the port was free when chosen; a busy machine may give it to another process first
                log = (top / "log").read_text(errors="replace") if (top / "log").exists() else ""
                if attempt == 2 or "already in use" not in log:
                    raise
    except subprocess.CalledProcessError as exc:
        log = (top / "log").read_text(errors="replace") if (top / "log").exists() else ""
        shutil.rmtree(top, ignore_errors=True)
        pytest.fail(f"PostgreSQL启动失败 / PostgreSQL did not start: {exc.stderr!r} {log[-2000:]}")
    try:
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}"
    finally:
        subprocess.run([*prefix, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"],
                       capture_output=True, timeout=60, cwd=top)
        shutil.rmtree(top, ignore_errors=True)


def _create_db(server: str, name: str) -> str:
    engine = create_engine(server + "/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}"'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{server}/{name}"


def test_migrations_apply_to_all_heads(pg_server: str) -> None:
    from importlib import resources

    from alembic.config import Config as AlembicConfig
    from alembic.script import ScriptDirectory

    url = _create_db(pg_server, "migrations")
    store = open_store(url)
    open_store(url).close()  # a second open finds nothing to do
    cfg = AlembicConfig()
    cfg.set_main_option("script_location", str(resources.files("govinspect.store").joinpath("migrations")))
    heads = set(ScriptDirectory.from_config(cfg).get_heads())
    with store.engine.connect() as conn:
        applied = {row[0] for row in conn.execute(text("select version_num from alembic_version"))}
        tables = {row[0] for row in conn.execute(text(
            "select table_name from information_schema.tables where table_schema = 'public'"))}
    store.close()
    assert applied == heads
    assert {"sites", "runs", "fetches", "findings", "frontier"} <= tables


def test_registry_round_trip(pg_server: str) -> None:
    store = open_store(_create_db(pg_server, "registry"))
    sites = [
        Site("3398000001", "云溪县人民政府", "http://www.yunxi.gov.cn/", "云溪县人民政府办公室", "云溪县政府",
             "浙江省云溪县", SiteType.PORTAL),
        Site("bm12000001", "某某部", "https://www.example.gov.cn/", "某某部办公厅", site_type=SiteType.DEPARTMENT,
             status=SiteStatus.CLOSED),
        Site("3398020002", "石岭市教育局" + "（网站）" * 20, "http://jyj.shiling.gov.cn/" + "x" * 300,
             "石岭市教育局"),
    ]
    save_sites(store, sites)
    save_sites(store, sites)  # again: an update, not a duplicate
    assert sorted(load_sites(store), key=lambda s: s.code) == sorted(sites, key=lambda s: s.code)
    store.close()


def _unordered(value: Any) -> Any:
    """Lists sorted, so the comparison is about content, not the order rows came back in."""
    if isinstance(value, dict):
        return {k: _unordered(v) for k, v in value.items()}
    if isinstance(value, list):
        return sorted((_unordered(v) for v in value), key=lambda v: json.dumps(v, sort_keys=True))
    return value


def _doc_without_times(result: pipeline.RunResult, out: Path) -> dict[str, Any]:
    doc = json.loads(pipeline.write_findings(result, out).read_text(encoding="utf-8"))
    doc["run"] = {"as_of": doc["run"]["as_of"]}
    for finding in doc["findings"]:
        # WARC file names and record ids differ between two crawls; their presence must not
        finding["evidence"] = sorted(k for k, v in finding["evidence"].items() if v)
        finding["details"] = _unordered(finding["details"])
    doc["findings"].sort(key=lambda f: json.dumps(f, sort_keys=True, ensure_ascii=False))
    return doc


def test_inspection_on_postgres_matches_sqlite(pg_server: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
                                               ) -> None:
    farm = build_farm(DEMO_AS_OF)
    # the site with planted broken links: pages, link checks, findings with WARC evidence
    sites = [fs.site for fs in farm.sites if fs.site.code == "3399210005"]
    assert len(sites) == 1
    as_of = DEMO_AS_OF.isoformat()
    with serve_farm_in_thread(farm) as proxy, proxy_env(proxy):
        monkeypatch.delenv("GOVINSPECT_DB_URL", raising=False)
        _, lite = inspect_sites(tmp_path / "sqlite", sites, as_of)
        monkeypatch.setenv("GOVINSPECT_DB_URL", _create_db(pg_server, "inspection"))
        config, pg = inspect_sites(tmp_path / "pg", sites, as_of)
    assert config.db_url.startswith("postgresql+psycopg://")
    assert not pg.errors and not lite.errors
    assert pg.findings, "the inspection found something to compare"
    doc_pg, doc_lite = _doc_without_times(pg, tmp_path / "out-pg"), _doc_without_times(lite, tmp_path / "out-lite")
    as_text = lambda doc: {json.dumps(f, sort_keys=True, ensure_ascii=False) for f in doc["findings"]}  # noqa: E731
    if as_text(doc_pg) != as_text(doc_lite):
        pytest.fail("PostgreSQL:\n" + "\n".join(sorted(as_text(doc_pg) - as_text(doc_lite)))
                    + "\nSQLite:\n" + "\n".join(sorted(as_text(doc_lite) - as_text(doc_pg))))
    assert doc_pg == doc_lite
    # the rows really are in PostgreSQL: pages, site-check kinds longer than VARCHAR(10), findings
    store = open_store(config.db_url)
    with store.engine.connect() as conn:
        kinds: dict[str, int] = {k: n for k, n in conn.execute(text("select kind, count(*) from fetches group by kind"))}
        stored = conn.execute(text("select count(*) from findings")).scalar_one()
        verdict = conn.execute(text("select verdict from run_targets")).scalar_one()
    store.close()
    assert kinds.get("page", 0) > 10 and kinds.get("link", 0) > 0
    assert stored == len(pg.findings)
    assert verdict == pg.targets[0].judgement.verdict


def test_run_lock_on_postgres(pg_server: str) -> None:
    from .test_runlock import check_exclusion, check_stale_takeover, fast_settings

    url = _create_db(pg_server, "runlock")
    first, second = open_store(url, settings=fast_settings()), open_store(url, settings=fast_settings())
    try:
        check_exclusion(first, second)
        check_stale_takeover(second)
    finally:
        first.close()
        second.close()


def test_a_new_database_migrated_by_several_openers_at_once(pg_server: str) -> None:
    from concurrent.futures import ThreadPoolExecutor

    url = _create_db(pg_server, "together")
    with ThreadPoolExecutor(4) as pool:
        stores = list(pool.map(lambda _: open_store(url), range(4)))
    for store in stores:
        store.close()


def test_statement_timeout_applies(pg_server: str) -> None:
    from dataclasses import replace

    from sqlalchemy.exc import OperationalError

    from govinspect.store.settings import StoreSettings

    store = open_store(_create_db(pg_server, "timeouts"),
                       settings=replace(StoreSettings.defaults(), statement_timeout_seconds=0.5))
    try:
        with store.engine.connect() as conn:
            assert conn.execute(text("show statement_timeout")).scalar_one() == "500ms"
            with pytest.raises(OperationalError, match="statement timeout"):
                conn.execute(text("select pg_sleep(5)"))
    finally:
        store.close()
