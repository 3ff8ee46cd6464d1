"""Crawl settings: the ``[crawl]`` table of the config as a typed dataclass."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from typing import Any

from govinspect.config import ConfigError

_RENDER_MODES = ("auto", "never", "always")


@dataclass
class CrawlSettings:
    """Fields mirror ``[crawl]`` in ``defaults.toml``; unknown keys are ignored."""

    user_agent: str = "govinspect/0.1 (+government website inspection; 政府网站检查)"
    max_pages_per_site: int = 500
    max_depth: int = 4
    timeout_seconds: float = 15.0
    retries: int = 2
    retry_backoff_seconds: float = 1.0
    per_host_concurrency: int = 4
    global_concurrency: int = 64
    sites_in_parallel: int = 16
    download_delay_seconds: float = 0.0
    max_delay_seconds: float = 10.0
    max_page_bytes: int = 10_000_000
    max_redirects: int = 10
    obey_robots: bool = True
    check_links: bool = True
    max_link_checks_per_site: int = 2000
    render_js: str = "auto"
    chromium_path: str = "/usr/bin/chromium"
    site_checks: str = "all"  # all | none | comma-separated kinds (search, ipv6, https, cloak-spider, ...)
    max_query_params: int = 6
    max_path_segments: int = 12
    max_repeated_segment: int = 2
    max_urls_per_pattern: int = 60
    # Not in defaults.toml: tuning knobs with sensible fixed defaults.
    commit_every: int = 200
    commit_interval_seconds: float = 0.5
    max_retry_after_seconds: float = 10.0
    link_check_body_bytes: int = 262_144
    fetch_attachments: bool = True  # GET in-scope document attachments (W-D14) instead of HEAD
    max_attachment_bytes: int = 20_000_000
    ca_file: str = ""  # extra trusted roots (PEM), beside the system's: an intranet CA, a test root
    tls_aia: bool = True  # complete a chain whose intermediate the server does not send (caIssuers)
    homepage_probes: int = 3  # a homepage that failed is probed this many more times (W-V2) ...
    homepage_probe_interval_seconds: float = 30.0  # ... this far apart, after the site's crawl

    def __post_init__(self) -> None:
        if self.render_js not in _RENDER_MODES:
            raise ConfigError(
                f"render_js 只能是 auto/never/always / render_js must be one of {_RENDER_MODES}: {self.render_js!r}")
        if self.per_host_concurrency < 1 or self.global_concurrency < 1 or self.sites_in_parallel < 1:
            raise ConfigError("并发数必须至少为1 / concurrency settings must be at least 1")

    @classmethod
    def from_config(cls, crawl: dict[str, Any]) -> CrawlSettings:
        """Build from the ``[crawl]`` dict, casting numbers to the field types."""
        kwargs: dict[str, Any] = {}
        for f in dataclasses.fields(cls):
            if f.name not in crawl:
                continue
            value = crawl[f.name]
            default = f.default
            try:
                if isinstance(default, bool):
                    kwargs[f.name] = bool(value)
                elif isinstance(default, int):
                    kwargs[f.name] = int(value)
                elif isinstance(default, float):
                    kwargs[f.name] = float(value)
                else:
                    kwargs[f.name] = str(value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"抓取配置 {f.name} 的值无效 / invalid crawl setting {f.name}={value!r}") from exc
        return cls(**kwargs)
