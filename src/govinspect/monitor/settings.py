"""``[monitor]`` settings (defaults.toml): how often and how strictly homepages are probed."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields
from typing import Any

from govinspect.config import section_defaults


class MonitorError(Exception):
    """监测错误 / monitor error."""


_DEFAULTS = section_defaults("monitor")
_CASTS: dict[str, Callable[[Any], Any]] = {"int": int, "float": float, "str": str}


@dataclass(frozen=True)
class MonitorSettings:
    """Fields mirror ``[monitor]`` in ``defaults.toml``, where every default and its reason live;
    unknown keys are ignored here (``load_config`` refuses them)."""

    probes_per_day: int = int(_DEFAULTS["probes_per_day"])
    jitter_share: float = float(_DEFAULTS["jitter_share"])
    timeout_seconds: float = float(_DEFAULTS["timeout_seconds"])
    fail_status: int = int(_DEFAULTS["fail_status"])
    concurrency: int = int(_DEFAULTS["concurrency"])
    heartbeat_seconds: float = float(_DEFAULTS["heartbeat_seconds"])
    reload_seconds: float = float(_DEFAULTS["reload_seconds"])
    max_body_bytes: int = int(_DEFAULTS["max_body_bytes"])
    import_max_gap_minutes: float = float(_DEFAULTS["import_max_gap_minutes"])
    user_agent: str = str(_DEFAULTS["user_agent"])

    @classmethod
    def from_config(cls, data: dict[str, Any] | None) -> MonitorSettings:
        known = {f.name: str(f.type) for f in fields(cls)}
        values: dict[str, Any] = {}
        for key, value in (data or {}).items():
            if key not in known:
                continue
            try:
                values[key] = _CASTS[known[key]](value)
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
