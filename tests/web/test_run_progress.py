"""The runs page shows how far a run made by another process is (the command line, or
``inspect --distributed`` whose workers are elsewhere): counted in the store, polled by the page."""

from __future__ import annotations

from sqlalchemy import update

from govinspect.store.models import RunRow, RunTargetRow
from govinspect.store.runlock import RunLock

from .conftest import Web, run_id


def test_a_run_of_another_process_shows_its_progress(web: Web) -> None:
    web.login("insp1")
    run = run_id(web.store)
    assert "run-elsewhere" not in web.client.get("/runs/status").text  # nothing running
    with web.store.session() as session, session.begin():  # a run half-way: one site crawled, none judged
        session.execute(update(RunRow).where(RunRow.id == run).values(state="crawling", finished=None))
        session.execute(update(RunTargetRow).where(RunTargetRow.run_id == run).values(verdict=None))
        first = session.query(RunTargetRow).filter_by(run_id=run).order_by(RunTargetRow.id).first()
        assert first is not None
        session.execute(update(RunTargetRow).where(RunTargetRow.run_id == run, RunTargetRow.id != first.id)
                        .values(crawl_state="crawling"))
    with RunLock(web.store, host="worker-host").acquire() as lock:
        lock.set_run(run)
        status = web.client.get("/runs/status").text
        assert "run-elsewhere" in status and run in status
        assert "采集 crawled 1/2" in status and "分析 analysed 0/2" in status
        assert 'data-done="1"' not in status, "the page keeps polling while the run goes on"
        page = web.client.get("/runs").text
        assert "采集 1/2 · 分析 0/2" in page
    assert "run-elsewhere" not in web.client.get("/runs/status").text
