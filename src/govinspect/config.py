"""Configuration: the home folder, package defaults merged with ``<home>/config.toml``.

One home folder holds the store (SQLite), the WARC files and the config:
``--home DIR`` or ``GOVINSPECT_HOME`` (default ``./govinspect-data``).
``GOVINSPECT_DB_URL`` points the store at PostgreSQL instead of the SQLite file.
"""

from __future__ import annotations

import copy
import os
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_HOME = "govinspect-data"


class ConfigError(Exception):
    """配置错误 / configuration error."""


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_defaults() -> dict[str, Any]:
    text = resources.files("govinspect").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@dataclass(frozen=True)
class Threshold:
    name: str
    value: Any
    verified: bool


@dataclass
class RuleConfig:
    """The thresholds of one rule, each with its ``verified`` flag."""

    code: str
    raw: dict[str, Any] = field(default_factory=dict)

    @property
    def enabled(self) -> bool:
        return bool(self.raw.get("enabled", True))

    def thresholds(self) -> list[Threshold]:
        out = []
        for key, value in self.raw.items():
            if isinstance(value, dict) and "value" in value:
                out.append(Threshold(key, value["value"], bool(value.get("verified", False))))
        return out

    def get(self, name: str, default: Any = None) -> Any:
        value = self.raw.get(name, default)
        if isinstance(value, dict) and "value" in value:
            return value["value"]
        return value

    def __getitem__(self, name: str) -> Any:
        if name not in self.raw:
            raise ConfigError(f"规则 {self.code} 缺少阈值 {name} / rule {self.code} has no threshold {name!r}")
        return self.get(name)


@dataclass
class Config:
    home: Path
    data: dict[str, Any]

    @property
    def crawl(self) -> dict[str, Any]:
        return dict(self.data.get("crawl", {}))

    @property
    def scoring(self) -> dict[str, Any]:
        return dict(self.data.get("scoring", {}))

    def rule(self, code: str) -> RuleConfig:
        return RuleConfig(code, dict(self.data.get("rules", {}).get(code, {})))

    @property
    def db_url(self) -> str:
        env = os.environ.get("GOVINSPECT_DB_URL")
        if env:
            return env
        return f"sqlite:///{(self.home / 'govinspect.db').resolve()}"

    @property
    def warc_dir(self) -> Path:
        return self.home / "warc"


def resolve_home(home: str | Path | None = None) -> Path:
    if home is None:
        home = os.environ.get("GOVINSPECT_HOME") or DEFAULT_HOME
    return Path(home)


def load_config(home: str | Path | None = None, overrides: dict[str, Any] | None = None) -> Config:
    """Load defaults, then ``<home>/config.toml``, then ``overrides`` (tests, CLI flags)."""
    path = resolve_home(home)
    data = load_defaults()
    user_file = path / "config.toml"
    if user_file.exists():
        try:
            data = _merge(data, tomllib.loads(user_file.read_text(encoding="utf-8")))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"配置文件无法解析 / cannot parse {user_file}: {exc}") from exc
    if overrides:
        data = _merge(data, overrides)
    return Config(home=path, data=data)
