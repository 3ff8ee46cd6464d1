"""``govinspect worker`` — a worker of the distributed mode (分布式检查的工作进程): it takes the tasks
``inspect --distributed`` sends (one per target: crawl, then analyse) from the Redis broker. The
work is :mod:`govinspect.distributed`; Celery is loaded only by the commands that use it."""

from __future__ import annotations

import socket
from typing import Annotated

import typer

from govinspect.commands._common import err_console, fail, home_config, home_store


def register(app: typer.Typer) -> None:
    app.command()(worker)


def worker(
    concurrency: Annotated[int | None, typer.Option("--concurrency", "-c", min=1, help=(
        "同时执行的任务数 / tasks at once, one process each (default: this machine's cores)."))] = None,
    name: Annotated[str | None, typer.Option("--name", "-n", help=(
        "Worker name shown to the broker (default govinspect@<host>)."))] = None,
    loglevel: Annotated[str, typer.Option("--loglevel", "-l", help="debug | info | warning | error")] = "info",
) -> None:
    """Start a worker of the distributed mode (Celery) and keep it running until Ctrl-C.

    Every worker and the machine running `inspect --distributed` share three things: the
    PostgreSQL store (GOVINSPECT_DB_URL=postgresql+psycopg://user@host/db; SQLite is refused),
    the Redis broker (\\[distributed] broker_url in config.toml, or GOVINSPECT_BROKER_URL), and the
    home folder (--home or GOVINSPECT_HOME) on a shared path: its config.toml and the WARC
    evidence under warc/ are read and written by every machine.

    A worker killed in the middle of a task loses nothing: the task goes back to the queue (or is
    sent again by `inspect --distributed`) and another worker resumes the target from the store.

    \b
    Example (on each machine):
      export GOVINSPECT_DB_URL=postgresql+psycopg://inspect@db.example/govinspect
      export GOVINSPECT_BROKER_URL=redis://queue.example:6379/0
      govinspect --home /mnt/shared/govinspect-data worker --concurrency 4
    """
    from govinspect.distributed.settings import DistributedError, DistributedSettings, require_postgresql
    from govinspect.tasks.parallel import default_jobs

    config = home_config()
    try:
        require_postgresql(config.db_url)
        settings = DistributedSettings.from_config(config)
    except DistributedError as exc:
        raise fail(str(exc)) from None
    store = home_store(config)  # reachable, and migrated before any task touches it
    store.close()
    try:
        from govinspect.distributed.app import start_worker  # Celery: only the commands that use it load it
    except ImportError as exc:
        raise fail(f"未安装Celery / Celery is not installed ({exc}): pip install 'govinspect[distributed]'") from None
    err_console.print(f"worker: 消息队列 broker {settings.display_broker}, 数据库 store "
                      f"{store.display_url}, 主目录 home {config.home.resolve()}", highlight=False)
    start_worker(settings, config.home.resolve(), concurrency=concurrency or default_jobs(), loglevel=loglevel,
                 hostname=name or f"govinspect@{socket.gethostname()}")
