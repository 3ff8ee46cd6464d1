"""The crawler: frontier, politeness, fetch, robots, traps, rendering, recording (WARC + store)."""

from govinspect.crawl.engine import CrawlProgress, crawl_run, crawl_run_sync
from govinspect.crawl.settings import CrawlSettings

__all__ = ["CrawlProgress", "CrawlSettings", "crawl_run", "crawl_run_sync"]
