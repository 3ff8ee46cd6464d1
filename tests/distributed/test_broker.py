"""What the broker and the workers say of a task that has not started, on a real redis-server
(127.0.0.1): a task waiting in the queue was not taken; one taken by a process that is gone is
unacknowledged and held by no worker, and dropping it leaves nothing to hand out again; one a live
worker holds (waiting for its countdown) is reported by that worker: it is not lost."""

from __future__ import annotations

import os
import time
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path

import pytest

pytest.importorskip("celery", reason="Celery 未安装 / Celery not installed (pip install -e .[distributed])")

# after the skip: these need Celery
from celery import Celery
from celery.contrib.testing.worker import start_worker
from kombu import Connection

from govinspect.distributed import app as dist
from govinspect.distributed.broker import drop_delivery, held_by_workers, unacknowledged
from govinspect.distributed.settings import DistributedSettings
from govinspect.timeutil import utcnow


@pytest.fixture
def app(redis_url: str) -> Iterator[Celery]:
    """The application on a database of its own (the distributed test's workers use database 0)."""
    url = redis_url.rsplit("/", 1)[0] + "/3"
    app = dist.make_app(DistributedSettings(broker_url=url, result_backend=url, task_retries=0,
                                            retry_backoff_max_seconds=1, visibility_timeout_seconds=3600,
                                            lost_task_seconds=1, poll_seconds=0.2))
    yield app
    with app.connection_for_write() as connection:
        connection.default_channel.client.flushdb()


def _queued(app: Celery) -> int:
    with app.connection_for_read() as connection:
        return int(connection.default_channel.client.llen(dist.QUEUE))


def test_a_queued_task_is_not_taken_a_taken_one_is_and_dropping_it_ends_it(app: Celery) -> None:
    sent = app.send_task(dist.CRAWL, args=["run-1", "3398000009"])
    assert sent.id not in unacknowledged(app)  # waiting its turn: not lost, whatever its age
    assert _queued(app) == 1
    with Connection(app.conf.broker_url) as connection:  # a worker's late-acknowledging take
        queue = connection.SimpleQueue(dist.QUEUE)
        queue.consumer.qos(prefetch_count=1)
        message = queue.get(block=True, timeout=10)
        assert message.headers["id"] == sent.id
        taken = unacknowledged(app)
        assert set(taken) == {sent.id} and _queued(app) == 0
        assert held_by_workers(app, [sent.id]) == set()  # no worker answers for it
        drop_delivery(app, taken[sent.id])
        assert unacknowledged(app) == {}
    # the taker went without acknowledging (its channel puts back what it did not ack): nothing came back
    assert unacknowledged(app) == {} and _queued(app) == 0


def test_a_task_a_live_worker_holds_for_its_countdown_is_held(app: Celery, tmp_path: Path,
                                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GOVINSPECT_HOME", os.fspath(tmp_path))  # the task never runs; its home is empty
    with start_worker(app, perform_ping_check=False, shutdown_timeout=30):
        waiting = app.send_task(dist.CRAWL, args=["run-2", "3398000010"], eta=utcnow() + timedelta(minutes=10))
        taken: dict[str, str] = {}
        for _ in range(50):  # the worker takes it within a moment
            taken = unacknowledged(app)
            if waiting.id in taken:
                break
            time.sleep(0.1)
        assert waiting.id in taken
        assert held_by_workers(app, [waiting.id, "some-other-task"]) == {waiting.id}
