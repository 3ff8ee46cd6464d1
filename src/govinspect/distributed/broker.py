"""Where a task that never started is (未开始的任务): handed to a worker, not acknowledged, and held
by no live worker.

With late acknowledgement a task taken from the queue stays in the broker until its worker says it
is done. On Redis the taken messages wait in the ``unacked`` hash (kombu's Redis transport); one
whose worker dies before starting it (killed between taking it and running it, or while it waited
for a countdown) is put back only after the visibility timeout (``[distributed]
visibility_timeout_seconds``, an hour). ``inspect --distributed`` looks for such deliveries itself:
a task that has not started, whose message is unacknowledged, and that no live worker reports as
active, reserved or scheduled (``query_task``) was taken by a worker that is gone. The coordinator
drops that delivery (so that it does not come back an hour later) and sends the task again.

Other brokers need none of this: RabbitMQ hands an unacknowledged message out again as soon as the
connection of the worker that took it closes.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

from celery import Celery

QUERY_SECONDS = 1.0  # how long the workers have to say which of the tasks they hold


def unacknowledged(app: Celery) -> dict[str, str]:
    """Task id → delivery tag of every message a worker took and has not acknowledged (Redis only:
    empty for another broker)."""
    with app.connection_for_read() as connection:
        if connection.transport.driver_type != "redis":
            return {}
        channel = connection.default_channel
        raw = channel.client.hgetall(channel.unacked_key)
    taken: dict[str, str] = {}
    for tag, value in raw.items():
        try:
            headers = json.loads(value)[0]["headers"]
            taken[str(headers["id"])] = tag.decode() if isinstance(tag, bytes) else str(tag)
        except (ValueError, LookupError, TypeError, AttributeError):
            continue  # not a Celery task message (another application on the same Redis)
    return taken


def held_by_workers(app: Celery, task_ids: Iterable[str]) -> set[str]:
    """Those of ``task_ids`` a live worker holds (running, waiting for a pool slot or a countdown)."""
    ids = list(task_ids)
    if not ids:
        return set()
    replies = app.control.inspect(timeout=QUERY_SECONDS).query_task(*ids) or {}
    return {task_id for reply in replies.values() for task_id in (reply or {})}


def drop_delivery(app: Celery, tag: str) -> None:
    """Forget an unacknowledged delivery whose worker is gone (a copy of its task is sent instead),
    so that Redis does not hand it out again after the visibility timeout."""
    with app.connection_for_write() as connection:
        channel = connection.default_channel
        channel.client.pipeline().zrem(channel.unacked_index_key, tag).hdel(channel.unacked_key, tag).execute()
