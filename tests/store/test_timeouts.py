"""Store connection timeouts and password masking (issue 12 part 4).

A fake database port on 127.0.0.1 accepts connections and never says a word; another port
refuses. Every command must give up within seconds with a clear message, and the password from
``GOVINSPECT_DB_URL`` must never appear: not in errors, not in ``govinspect config``, not in logs.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.store import StoreError, open_store
from govinspect.store.settings import StoreSettings, mask_url, scrub

pytest.importorskip("psycopg", reason="psycopg 未安装 / psycopg not installed (pip install -e .[postgres])")

PASSWORD = "s3cr@t-Pw9"
ENCODED = "s3cr%40t-Pw9"  # as it is written inside a URL
runner = CliRunner()


@pytest.fixture()
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections and never answers (a hung database, a black-holed proxy)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                conn, _ = server.accept()
            except OSError:
                continue
            held.append(conn)  # kept open, never read or written

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield int(server.getsockname()[1])
    finally:
        stop.set()
        thread.join(2)
        for conn in held:
            conn.close()
        server.close()


@pytest.fixture()
def refused_port() -> Iterator[int]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))  # bound, never listening: connections are refused, and no other
        yield int(sock.getsockname()[1])  # process can start listening there during the test


def _home(tmp_path: Path, connect_timeout: int = 2) -> Path:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text(f"[store]\nconnect_timeout_seconds = {connect_timeout}\n", encoding="utf-8")
    return home


def _url(port: int) -> str:
    return f"postgresql+psycopg://inspector:{ENCODED}@127.0.0.1:{port}/govinspect"


def _assert_no_password(text: str) -> None:
    assert PASSWORD not in text and ENCODED not in text


def test_silent_database_fails_within_seconds_with_clear_message(
        tmp_path: Path, silent_port: int, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVINSPECT_DB_URL", _url(silent_port))
    home = _home(tmp_path, connect_timeout=2)
    started = time.monotonic()
    result = runner.invoke(app, ["--home", str(home), "runs"])
    elapsed = time.monotonic() - started
    assert result.exit_code == 2, result.output
    assert elapsed < 10, f"gave up only after {elapsed:.1f} s"
    assert "did not answer within 2 s" in result.output and "没有应答" in result.output
    assert "inspector:***@127.0.0.1" in result.output
    assert "Traceback" not in result.output
    _assert_no_password(result.output)


def test_refused_port_names_the_masked_url(tmp_path: Path, refused_port: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVINSPECT_DB_URL", _url(refused_port))
    result = runner.invoke(app, ["--home", str(_home(tmp_path)), "registry", "list"])
    assert result.exit_code == 2
    assert "refused" in result.output.lower() and f"inspector:***@127.0.0.1:{refused_port}" in result.output
    _assert_no_password(result.output)


def test_config_shows_the_store_url_masked(tmp_path: Path, refused_port: int,
                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVINSPECT_DB_URL", _url(refused_port))
    result = runner.invoke(app, ["--home", str(_home(tmp_path, connect_timeout=3)), "config"])
    assert result.exit_code == 0, result.output
    assert f"inspector:***@127.0.0.1:{refused_port}/govinspect" in result.output
    assert "connect_timeout_seconds = 3" in result.output  # config.toml overrides the default
    _assert_no_password(result.output)


def test_logs_and_exception_never_hold_the_password(silent_port: int, caplog: pytest.LogCaptureFixture) -> None:
    settings = StoreSettings.from_section({**_defaults(), "connect_timeout_seconds": 2})
    caplog.set_level(logging.DEBUG)
    with pytest.raises(StoreError) as info:
        open_store(_url(silent_port), settings=settings)
    assert info.value.__cause__ is None
    _assert_no_password(str(info.value))
    _assert_no_password(caplog.text)


def test_bad_store_settings_are_refused(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir()
    (home / "config.toml").write_text("[store]\nlock_stale_seconds = 5\nlock_heartbeat_seconds = 10\n",
                                      encoding="utf-8")
    result = runner.invoke(app, ["--home", str(home), "runs"])
    assert result.exit_code == 2 and "lock_stale_seconds" in result.output
    (home / "config.toml").write_text('[store]\nconnect_timeout_seconds = "soon"\n', encoding="utf-8")
    result = runner.invoke(app, ["--home", str(home), "runs"])
    # refused when the configuration is read, naming the setting and the kind it takes
    assert result.exit_code == 2 and "connect_timeout_seconds = 'soon'" in result.output
    assert "should be a number" in result.output


def _defaults() -> dict[str, float]:
    from govinspect.config import load_defaults

    return dict(load_defaults()["store"])


@pytest.mark.parametrize(("url", "shown"), [
    ("postgresql+psycopg://u:p%40ss-word@db.example:5432/x", "postgresql+psycopg://u:***@db.example:5432/x"),
    ("postgresql://u@db.example/x", "postgresql://u@db.example/x"),
    ("sqlite:////tmp/govinspect.db", "sqlite:////tmp/govinspect.db"),
    ("not a url://user:hunter22@host", "not a url://user:***@host"),
])
def test_mask_url(url: str, shown: str) -> None:
    assert mask_url(url) == shown


def test_scrub_masks_every_form_of_the_password() -> None:
    url = "postgresql+psycopg://u:p%40ss-word@db.example/x"
    message = f"failed for {url} (password p@ss-word, p%40ss-word)"
    assert scrub(message, url) == "failed for postgresql+psycopg://u:***@db.example/x (password ***, ***)"
