"""Configuration: the home folder, package defaults merged with ``<home>/config.toml``.

One home folder holds the store (SQLite), the WARC files and the config:
``--home DIR`` or ``GOVINSPECT_HOME`` (default ``./govinspect-data``).
``GOVINSPECT_DB_URL`` points the store at PostgreSQL instead of the SQLite file.

``defaults.toml`` is the only source of settings: code reads them without fallbacks of its own
(``ctx.config["max_days"]``), a user's key that the file does not know is refused with the
nearest known key, and a plain user value (``max_days = 10``) replaces only the number of a
threshold table ``{value, verified}``, so the threshold keeps its metadata.
"""

from __future__ import annotations

import copy
import difflib
import functools
import os
import tomllib
from collections.abc import Iterator
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

DEFAULT_HOME = "govinspect-data"


class ConfigError(Exception):
    """配置错误 / configuration error."""


# Tables whose keys users choose (rule codes, problem-type names) rather than settings.
_OPEN_TABLES = {("bulletin", "problem_types"), ("alerts", "units")}
# Keys every rule accepts, whether or not defaults.toml has a section for it.
_ANY_RULE_KEYS = ("enabled",)
# Lists that also take a single text for their one item.
_ONE_OR_MANY = {("alerts", "inspector")}


def _is_threshold(value: Any) -> bool:
    return isinstance(value, dict) and "value" in value


def _unwrap(value: Any) -> Any:
    """A threshold table's number; any other setting as it is."""
    return value["value"] if _is_threshold(value) else value


def _merge(base: dict[str, Any], override: dict[str, Any]) -> dict[str, Any]:
    out = copy.deepcopy(base)
    for key, value in override.items():
        if _is_threshold(out.get(key)) and not isinstance(value, dict):
            out[key] = {**out[key], "value": value}  # a plain number keeps `verified` and the rest
        elif isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


def load_defaults() -> dict[str, Any]:
    text = resources.files("govinspect").joinpath("defaults.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@functools.cache
def _defaults_cached() -> dict[str, Any]:
    return load_defaults()


def section_defaults(section: str) -> dict[str, Any]:
    """A copy of ``[section]`` of defaults.toml: typed settings (crawl, monitor) take their
    field defaults from here, so the file stays their only source."""
    return copy.deepcopy(_defaults_cached()[section])


def _unknown_keys(user: dict[str, Any], known: dict[str, Any], path: tuple[str, ...]
                  ) -> Iterator[tuple[tuple[str, ...], list[str]]]:
    """(path of an unknown key, the keys known at that level) for every key ``known`` lacks."""
    if path in _OPEN_TABLES:
        return
    for key, value in user.items():
        here = (*path, key)
        if path == ("rules",):
            allowed: dict[str, Any] = {k: None for k in _ANY_RULE_KEYS} | known.get(key, {})
            if isinstance(value, dict):
                yield from _unknown_keys(value, allowed, here)
            else:
                yield here, sorted(known)
        elif key not in known:
            yield here, sorted(known)
        elif isinstance(value, dict) and isinstance(known[key], dict) and not _is_threshold(known[key]):
            yield from _unknown_keys(value, known[key], here)


def _dotted(path: tuple[str, ...]) -> str:
    return ".".join(f'"{p}"' if "-" in p or "." in p else p for p in path)


def check_keys(user: dict[str, Any], defaults: dict[str, Any], source: str) -> None:
    """Raise :class:`ConfigError` naming every key of ``user`` that ``defaults`` does not know,
    each with the nearest known key (a misspelt ``max_dayz`` must not be ignored silently)."""
    lines = []
    for path, known in _unknown_keys(user, defaults, ()):
        near = difflib.get_close_matches(path[-1], known, n=1, cutoff=0.5)
        hint = f"，是否应为 {_dotted((*path[:-1], near[0]))}？" if near else ""
        hint_en = f"; did you mean {_dotted((*path[:-1], near[0]))}?" if near else ""
        lines.append(f"  {_dotted(path)}：未知的设置{hint} / unknown setting{hint_en}")
    if lines:
        raise ConfigError(f"{source} 中有未知的设置（可用设置见 `govinspect config`） / unknown settings in "
                          f"{source} (`govinspect config` lists the known ones):\n" + "\n".join(lines))


def _kind(value: Any) -> str:
    """What a setting holds, as the error message names it (a threshold table by its number)."""
    value = _unwrap(value)
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "数字 number"
    if isinstance(value, str):
        return "文字 text"
    if isinstance(value, list):
        return "列表 list"
    return "表 table" if isinstance(value, dict) else type(value).__name__  # TOML dates are their own kind


def _wrong_kinds(user: dict[str, Any], known: dict[str, Any], path: tuple[str, ...]
                 ) -> Iterator[tuple[tuple[str, ...], str, Any]]:
    """(path, the kind defaults.toml gives, the value) for every known key of ``user`` set to another
    kind of value ("many" pages, pass_score = "sixty"); whole and decimal numbers are one kind."""
    if path in _OPEN_TABLES:
        return
    for key, value in user.items():
        here = (*path, key)
        default = known.get(key) if path != ("rules",) else {"enabled": True} | known.get(key, {})
        if default is None:
            continue  # unknown: check_keys names it
        if isinstance(value, dict) and isinstance(default, dict) and not _is_threshold(default):
            yield from _wrong_kinds(value, default, here)
        elif _kind(value) != _kind(default) and not (here in _ONE_OR_MANY and isinstance(value, str)):
            yield here, _kind(default), _unwrap(value)


def check_kinds(user: dict[str, Any], defaults: dict[str, Any], source: str) -> None:
    """Raise :class:`ConfigError` naming every setting of ``user`` whose value is not of the kind its
    default is (a number, text, true/false, a list, a table), before any command uses it."""
    lines = [f"  {_dotted(path)} = {value!r}：应为{expected} / should be a {expected.split()[-1]}"
             for path, expected, value in _wrong_kinds(user, defaults, ())]
    if lines:
        raise ConfigError(f"{source} 中有设置的值类型不对 / settings of the wrong kind in {source}:\n"
                          + "\n".join(lines))


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

    def get(self, name: str) -> Any:
        """The value, or None when the rule has no such setting (an optional one, such as the
        ``cap`` of a rule without deductions). Rules read theirs with ``[]``: no fallbacks."""
        value = self.raw.get(name)
        return _unwrap(value)

    def __getitem__(self, name: str) -> Any:
        if name not in self.raw:
            raise ConfigError(f"规则 {self.code} 缺少阈值 {name}（应在defaults.toml中） / rule {self.code} has no "
                              f"setting {name!r} (defaults.toml should define it)")
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

    def value(self, section: str, name: str) -> Any:
        """``[section] name`` (a threshold table's ``value``); ConfigError if defaults.toml lacks it."""
        try:
            value = self.data[section][name]
        except KeyError:
            raise ConfigError(f"缺少设置 [{section}] {name}（应在defaults.toml中） / missing setting [{section}] "
                              f"{name} (defaults.toml should define it)") from None
        return _unwrap(value)

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
    defaults = load_defaults()
    data = defaults
    user_file = path / "config.toml"
    if user_file.exists():
        try:
            user = tomllib.loads(user_file.read_text(encoding="utf-8"))
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"配置文件无法解析 / cannot parse {user_file}: {exc}") from exc
        except UnicodeDecodeError as exc:
            raise ConfigError(f"配置文件不是UTF-8编码 / {user_file} is not UTF-8 text: {exc.reason} at byte "
                              f"{exc.start}") from exc
        except OSError as exc:  # a folder of that name, no permission to read it
            raise ConfigError(f"配置文件无法读取 / cannot read {user_file}: {exc.strerror or exc}") from exc
        check_keys(user, defaults, str(user_file))
        check_kinds(user, defaults, str(user_file))
        data = _merge(data, user)
    if overrides:
        check_keys(overrides, defaults, "overrides")
        data = _merge(data, overrides)
    return Config(home=path, data=data)
