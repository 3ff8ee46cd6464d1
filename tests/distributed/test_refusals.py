"""What the distributed mode refuses, clearly and in both languages, before anything starts:
a SQLite store (workers on several machines cannot share one file) and a broker nobody answers on."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.demo.farm import DEMO_AS_OF, build_farm
from govinspect.registry.importer import write_registry

from ..store.test_postgres import _free_port

runner = CliRunner()


@pytest.fixture
def sqlite_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv("GOVINSPECT_DB_URL", raising=False)
    return tmp_path / "home"


def test_a_worker_on_sqlite_is_refused(sqlite_home: Path) -> None:
    result = runner.invoke(app, ["--home", str(sqlite_home), "worker"])
    assert result.exit_code == 2
    text = " ".join(result.output.split())
    assert "需要PostgreSQL" in text and "needs a PostgreSQL store" in text and "GOVINSPECT_DB_URL" in text


def test_a_distributed_inspection_on_sqlite_is_refused_before_any_run(sqlite_home: Path, tmp_path: Path) -> None:
    registry = tmp_path / "sites.csv"
    write_registry(build_farm(DEMO_AS_OF).registry()[:2], registry)
    result = runner.invoke(app, ["--home", str(sqlite_home), "inspect", "--registry", str(registry),
                                 "--distributed"])
    assert result.exit_code == 2
    assert "needs a PostgreSQL store" in " ".join(result.output.split())
    assert not (sqlite_home / "govinspect.db").exists(), "nothing was started"


def test_a_distributed_analysis_on_sqlite_is_refused_before_the_store_is_touched(sqlite_home: Path) -> None:
    result = runner.invoke(app, ["--home", str(sqlite_home), "analyse", "some-run", "--distributed"])
    assert result.exit_code == 2
    assert "needs a PostgreSQL store" in " ".join(result.output.split())
    assert not (sqlite_home / "govinspect.db").exists()


def test_an_unreachable_broker_is_named(tmp_path: Path) -> None:
    pytest.importorskip("celery")
    from govinspect.config import load_config
    from govinspect.distributed.coordinator import Coordinator
    from govinspect.distributed.settings import DistributedError
    from govinspect.store import open_store

    port = _free_port()  # nothing listens there
    config = load_config(tmp_path, {"distributed": {"broker_url": f"redis://:secret@127.0.0.1:{port}/0"}})
    store = open_store(f"sqlite:///{tmp_path / 'x.db'}")
    with pytest.raises(DistributedError, match="需要PostgreSQL"):
        Coordinator(store, config)
    store.url = "postgresql+psycopg://u@127.0.0.1:1/db"  # the check looks at the URL only
    with pytest.raises(DistributedError) as caught:
        Coordinator(store, config).workers()
    store.close()
    message = str(caught.value)
    assert "无法连接消息队列" in message and "cannot reach the broker" in message and str(port) in message
    assert "secret" not in message
