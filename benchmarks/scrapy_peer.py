"""The peer in the benchmark: a bare Scrapy spider that only fetches the same pages.

It follows in-site links from each homepage (same host), with no parsing beyond the hrefs and
no storage: the least Scrapy can do for a crawl. Run by benchmarks/run.py with
``scrapy runspider``; the farm is reached through http_proxy like govinspect reaches it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy


class FetchOnlySpider(scrapy.Spider):
    name = "fetch_only"
    custom_settings: ClassVar[dict[str, Any]] = {
        "ROBOTSTXT_OBEY": False,
        "CONCURRENT_REQUESTS": int(os.environ.get("BENCH_CONCURRENCY", "64")),
        "CONCURRENT_REQUESTS_PER_DOMAIN": int(os.environ.get("BENCH_PER_HOST", "8")),
        "DOWNLOAD_DELAY": 0,
        "LOG_LEVEL": "WARNING",
        "TELNETCONSOLE_ENABLED": False,
        "COOKIES_ENABLED": False,
        "RETRY_ENABLED": False,
    }

    def __init__(self, urls: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.start_urls = [u for u in urls.split(",") if u]
        self.pages = 0

    def parse(self, response: scrapy.http.Response) -> Iterator[scrapy.Request]:  # type: ignore[override]
        self.pages += 1
        if not isinstance(response, scrapy.http.TextResponse):
            return
        host = urlsplit(response.url).hostname
        for href in response.css("a::attr(href)").getall():
            url = response.urljoin(href)
            if urlsplit(url).hostname == host:
                yield scrapy.Request(url, callback=self.parse)

    def closed(self, reason: str) -> None:
        out = os.environ.get("BENCH_RESULT")
        if out:
            with open(out, "w", encoding="utf-8") as fh:
                fh.write(str(self.pages))
