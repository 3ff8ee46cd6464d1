"""On PostgreSQL (which enforces VARCHAR widths, unlike SQLite): account codes (平台:账号标识, longer
than a 网站标识码) fit run_targets, fetches and frontier after migration 0120."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import select

from govinspect import pipeline
from govinspect.media.model import Account, Platform
from govinspect.store import open_store
from govinspect.store.models import FetchRow, FrontierRow
from govinspect.timeutil import parse_as_of

pytest.importorskip("psycopg", reason="psycopg 未安装 / psycopg not installed (pip install -e .[postgres])")

from .test_postgres import _create_db, pg_server  # noqa: F401  (the session's throwaway cluster)

LONG_ID = "MzA5NTU3MjM0Mg==_gh_3a7f0c21d9e4_shifanfabu"


def test_account_codes_fit(pg_server: str) -> None:  # noqa: F811
    store = open_store(_create_db(pg_server, "accounts"))
    account = Account("示范发布", Platform.TOUTIAO, "示范市人民政府新闻办公室", LONG_ID, "http://127.0.0.1/feed")
    run_id = pipeline.start_run(store, [], parse_as_of("2021-03-21"), accounts=[account])
    now = datetime.now(UTC)
    with store.session() as session, session.begin():
        session.add(FetchRow(run_id=run_id, site_code=account.code, url=account.data_url, final_url=account.data_url,
                             kind="feed", status=200, fetched_at=now))
        session.add(FrontierRow(run_id=run_id, site_code=account.code, url=account.data_url, kind="feed", depth=0))
    assert [a.code for a in pipeline.run_accounts(store, run_id)] == [f"今日头条:{LONG_ID}"]
    with store.session() as session:
        assert session.scalars(select(FetchRow.site_code)).one() == account.code
    store.close()
