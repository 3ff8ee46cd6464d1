"""Accounts of the web application: `govinspect user add` with its checks, argon2 hashes,
sessions that expire and end on sign-out."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path

from sqlalchemy import select
from typer.testing import CliRunner

from govinspect.cli import app
from govinspect.config import load_config
from govinspect.store import open_store
from govinspect.timeutil import utcnow
from govinspect.web.accounts import open_session, session_principal
from govinspect.web.models import UserRow
from tests.web.conftest import PASSWORD, Web

runner = CliRunner()


def _add(home: Path, *args: str, password: str = "a long enough secret") -> tuple[int, str]:
    result = runner.invoke(app, ["--home", str(home), "user", "add", *args, "--password-env", "GI_PW"],
                           env={"GI_PW": password})
    return result.exit_code, result.output


def test_user_add_stores_an_argon2_hash_and_refuses_bad_accounts(tmp_path: Path) -> None:
    home = tmp_path / "home"
    assert _add(home, "wang", "--role", "inspector")[0] == 0
    code, out = _add(home, "li", "--role", "operator")
    assert code == 2 and "--unit" in out
    code, out = _add(home, "zhao", "--role", "operator", "--unit", "示范市水务局", password="short")
    assert code == 2 and "密码" in out
    code, out = _add(home, "wang", "--role", "admin")
    assert code == 2 and "已存在" in out
    assert _add(home, "sun", "--role", "superuser")[0] == 2
    assert _add(home, "<b>x</b>", "--role", "admin")[0] == 2
    store = open_store(load_config(home).db_url)
    try:
        with store.session() as session:
            rows = session.scalars(select(UserRow)).all()
    finally:
        store.close()
    assert [r.name for r in rows] == ["wang"]
    assert rows[0].password_hash.startswith("$argon2id$") and "a long enough secret" not in rows[0].password_hash


def test_an_expired_session_signs_in_again(web: Web) -> None:
    with web.store.session() as session:
        user_id = session.scalars(select(UserRow.id).where(UserRow.name == "insp1")).one()
    stale = open_session(web.store, user_id, now=utcnow() - timedelta(days=2))
    assert session_principal(web.store, stale) is None
    web.client.cookies.set("gi_session", stale)
    assert web.client.get("/reviews", follow_redirects=False).status_code == 303
    assert web.client.get("/api/runs").status_code == 401


def test_sign_out_ends_the_session_in_the_store(web: Web) -> None:
    response = web.login("insp1", PASSWORD)
    token = response.cookies.get("gi_session") or web.client.cookies.get("gi_session")
    assert session_principal(web.store, token) is not None
    web.client.post("/logout", data={"csrf": web.csrf("/targets")})
    assert session_principal(web.store, token) is None
    assert web.client.get("/targets", follow_redirects=False).status_code == 303
