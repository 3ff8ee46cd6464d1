"""分布式检查 / distributed mode: Celery workers with a Redis broker and PostgreSQL as the store.

``govinspect worker`` starts a worker; ``govinspect inspect --distributed`` fans the run out as
one task per target (crawl, then analyse) and waits, showing progress. The tasks are the ones
the embedded run calls in-process (:mod:`govinspect.tasks`).

- :mod:`.settings`: the ``[distributed]`` section, and the refusal of a SQLite store.
- :mod:`.app`: the Celery application and its tasks, each under a per-target lease.
- :mod:`.coordinator`: what ``inspect --distributed`` does: send, watch, send again what was lost.

Everything a worker needs is shared: the PostgreSQL store (``GOVINSPECT_DB_URL``), the broker, and
the home folder (its ``config.toml`` and the WARC files under ``warc/``) on a path every
machine mounts.
"""
