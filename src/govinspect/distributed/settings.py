"""The ``[distributed]`` settings (defaults.toml), and why a distributed run needs PostgreSQL."""

from __future__ import annotations

import os
from dataclasses import dataclass

from govinspect.config import Config
from govinspect.store.settings import mask_url

BROKER_ENV = "GOVINSPECT_BROKER_URL"


class DistributedError(Exception):
    """分布式运行错误 / distributed run error (no PostgreSQL, no broker, a task that failed)."""


@dataclass(frozen=True)
class DistributedSettings:
    broker_url: str
    result_backend: str
    task_retries: int
    retry_backoff_max_seconds: int
    visibility_timeout_seconds: int
    lost_task_seconds: float
    poll_seconds: float

    @classmethod
    def from_config(cls, config: Config) -> DistributedSettings:
        section = config.data.get("distributed", {})
        broker = os.environ.get(BROKER_ENV) or str(section["broker_url"])
        return cls(broker_url=broker, result_backend=str(section["result_backend"]) or broker,
                   task_retries=int(section["task_retries"]),
                   retry_backoff_max_seconds=int(section["retry_backoff_max_seconds"]),
                   visibility_timeout_seconds=int(section["visibility_timeout_seconds"]),
                   lost_task_seconds=float(section["lost_task_seconds"]),
                   poll_seconds=float(section["poll_seconds"]))

    @property
    def display_broker(self) -> str:
        return mask_url(self.broker_url)


def require_postgresql(db_url: str) -> None:
    """Raise :class:`DistributedError` unless the store is PostgreSQL: workers on several machines
    write one store at once, which a SQLite file on one disk cannot be."""
    if not db_url.startswith("postgresql"):
        raise DistributedError(
            "分布式模式需要PostgreSQL数据库：SQLite只是一台机器上的一个文件，多台机器上的worker无法同时写入。"
            "请设置 GOVINSPECT_DB_URL=postgresql+psycopg://用户@主机/库 / distributed mode needs a PostgreSQL "
            "store: SQLite is one file on one machine, which workers on several machines cannot share. Set "
            f"GOVINSPECT_DB_URL=postgresql+psycopg://user@host/db (the store now is {mask_url(db_url)})")
