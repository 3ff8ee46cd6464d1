"""``[monitor]`` settings (defaults.toml): how often and how strictly homepages are probed."""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any


class MonitorError(Exception):
    """监测错误 / monitor error."""


@dataclass(frozen=True)
class MonitorSettings:
    """Fields mirror ``[monitor]`` in ``defaults.toml``; unknown keys are ignored."""

    probes_per_day: int = 24  # the indicator asks for more than 20 a day
    jitter_share: float = 0.2  # each interval varies randomly by ± this share
    timeout_seconds: float = 15.0  # a homepage not open within 15 s is 打不开
    fail_status: int = 400  # an HTTP status ≥ this is a failed probe
    concurrency: int = 200  # probes in flight at once
    heartbeat_seconds: float = 60.0  # how often the service writes probes and proves it is alive
    reload_seconds: float = 600.0  # how often the registry is read again (sites added or closed)
    max_body_bytes: int = 2_000_000  # the homepage is read up to this much to count as opened
    import_max_gap_minutes: float = 180.0  # an imported log vouches for gaps up to this long only
    user_agent: str = "govinspect-monitor/0.1 (+government website availability; 政府网站可用性监测)"

    @classmethod
    def from_config(cls, data: dict[str, Any] | None) -> MonitorSettings:
        known = {f.name: f.type for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in (data or {}).items():
            if key not in known:
                continue
            default = getattr(cls, key)
            try:
                values[key] = type(default)(value)
            except (TypeError, ValueError) as exc:
                raise MonitorError(f"[monitor] {key} 取值无效 / invalid value {value!r}") from exc
        settings = cls(**values)
        if settings.probes_per_day < 1 or settings.timeout_seconds <= 0 or settings.concurrency < 1:
            raise MonitorError("[monitor] probes_per_day、timeout_seconds、concurrency 须为正数 / "
                               "probes_per_day, timeout_seconds and concurrency must be positive")
        if not 0 <= settings.jitter_share < 1:
            raise MonitorError("[monitor] jitter_share 须在 0 与 1 之间 / jitter_share must be in [0, 1)")
        return settings

    @property
    def interval_seconds(self) -> float:
        return 86400.0 / self.probes_per_day
