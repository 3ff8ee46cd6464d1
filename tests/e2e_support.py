"""Helpers for end-to-end tests: the demo farm served on loopback and reached via http_proxy."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from govinspect import pipeline
from govinspect.config import Config, load_config
from govinspect.model import Site
from govinspect.store import open_store

# Short timeouts keep the hostile farm hosts (slow, refusing) from dominating test time.
# The spaced homepage probes of W-V2 are time-compressed the same way: 0.3 s apart stand for 30 s.
FAST_CRAWL: dict[str, Any] = {"crawl": {"timeout_seconds": 5, "retries": 1, "retry_backoff_seconds": 0.1,
                                         "max_retry_after_seconds": 0.5, "max_delay_seconds": 1.0,
                                         "homepage_probe_interval_seconds": 0.3},
                              "rules": {"W-V2": {"crawl_min_span_seconds": 0.6}}}


@contextmanager
def proxy_env(proxy: str) -> Iterator[None]:
    keys = ("http_proxy", "HTTP_PROXY", "https_proxy", "HTTPS_PROXY", "no_proxy", "NO_PROXY")
    saved = {k: os.environ.get(k) for k in keys}
    for k in keys:
        os.environ.pop(k, None)
    os.environ["http_proxy"] = os.environ["HTTP_PROXY"] = proxy
    os.environ["no_proxy"] = os.environ["NO_PROXY"] = ""
    try:
        yield
    finally:
        for k, v in saved.items():
            if v is None:
                os.environ.pop(k, None)
            else:
                os.environ[k] = v


def inspect_sites(home: Path, sites: list[Site], as_of: str, overrides: dict[str, Any] | None = None
                  ) -> tuple[Config, pipeline.RunResult]:
    config = load_config(home, overrides or FAST_CRAWL)
    store = open_store(config.db_url)
    from govinspect.timeutil import parse_as_of

    run_id = pipeline.start_run(store, sites, parse_as_of(as_of))
    pipeline.crawl(store, config, run_id)
    result = pipeline.analyse(store, config, run_id)
    store.close()
    return config, result
