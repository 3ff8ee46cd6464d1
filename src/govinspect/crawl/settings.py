"""Crawl settings: the ``[crawl]`` table of the config as a typed dataclass."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from govinspect.config import ConfigError, section_defaults

_RENDER_MODES = ("auto", "never", "always")
_CASTS: dict[str, Callable[[Any], Any]] = {"bool": bool, "int": int, "float": float, "str": str}


_DEFAULTS = section_defaults("crawl")


@dataclass
class CrawlSettings:
    """Fields mirror ``[crawl]`` in ``defaults.toml``, where every default and its reason live;
    unknown keys are ignored here (``load_config`` refuses them)."""

    user_agent: str = str(_DEFAULTS["user_agent"])
    max_pages_per_site: int = int(_DEFAULTS["max_pages_per_site"])
    max_depth: int = int(_DEFAULTS["max_depth"])
    timeout_seconds: float = float(_DEFAULTS["timeout_seconds"])
    retries: int = int(_DEFAULTS["retries"])
    retry_backoff_seconds: float = float(_DEFAULTS["retry_backoff_seconds"])
    max_retry_after_seconds: float = float(_DEFAULTS["max_retry_after_seconds"])
    per_host_concurrency: int = int(_DEFAULTS["per_host_concurrency"])
    global_concurrency: int = int(_DEFAULTS["global_concurrency"])
    sites_in_parallel: int = int(_DEFAULTS["sites_in_parallel"])
    download_delay_seconds: float = float(_DEFAULTS["download_delay_seconds"])
    max_delay_seconds: float = float(_DEFAULTS["max_delay_seconds"])
    max_page_bytes: int = int(_DEFAULTS["max_page_bytes"])
    max_redirects: int = int(_DEFAULTS["max_redirects"])
    obey_robots: bool = bool(_DEFAULTS["obey_robots"])
    check_links: bool = bool(_DEFAULTS["check_links"])
    max_link_checks_per_site: int = int(_DEFAULTS["max_link_checks_per_site"])
    link_check_body_bytes: int = int(_DEFAULTS["link_check_body_bytes"])
    render_js: str = str(_DEFAULTS["render_js"])
    chromium_path: str = str(_DEFAULTS["chromium_path"])
    site_checks: str = str(_DEFAULTS["site_checks"])
    max_query_params: int = int(_DEFAULTS["max_query_params"])
    max_path_segments: int = int(_DEFAULTS["max_path_segments"])
    max_repeated_segment: int = int(_DEFAULTS["max_repeated_segment"])
    trap_min_pages: int = int(_DEFAULTS["trap_min_pages"])
    trap_max_distinct_share: float = float(_DEFAULTS["trap_max_distinct_share"])
    trap_simhash_bits: int = int(_DEFAULTS["trap_simhash_bits"])
    fetch_attachments: bool = bool(_DEFAULTS["fetch_attachments"])
    max_attachment_bytes: int = int(_DEFAULTS["max_attachment_bytes"])
    fetch_images: bool = bool(_DEFAULTS["fetch_images"])
    max_image_bytes: int = int(_DEFAULTS["max_image_bytes"])
    conditional_requests: bool = bool(_DEFAULTS["conditional_requests"])
    commit_every: int = int(_DEFAULTS["commit_every"])
    commit_interval_seconds: float = float(_DEFAULTS["commit_interval_seconds"])
    ca_file: str = str(_DEFAULTS["ca_file"])
    tls_aia: bool = bool(_DEFAULTS["tls_aia"])
    homepage_probes: int = int(_DEFAULTS["homepage_probes"])
    homepage_probe_interval_seconds: float = float(_DEFAULTS["homepage_probe_interval_seconds"])

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
            try:
                kwargs[f.name] = _CASTS[str(f.type)](value)
            except (TypeError, ValueError) as exc:
                raise ConfigError(f"抓取配置 {f.name} 的值无效 / invalid crawl setting {f.name}={value!r}") from exc
        return cls(**kwargs)
