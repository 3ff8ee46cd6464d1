"""Store settings (``[store]`` in defaults.toml / config.toml) and the store URL shown to people.

A database URL carries its password (``postgresql+psycopg://user:secret@host/db``); whatever
people see — error messages, ``govinspect config``, logs — shows it as ``***`` instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote, unquote

from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from govinspect.config import load_defaults

MASK = "***"
_USERINFO = re.compile(r"(?P<head>://[^:/@\s]*):(?P<password>[^@\s]*)@")


@dataclass(frozen=True)
class StoreSettings:
    """Timeouts of the store connection and the run lock (运行锁)."""

    connect_timeout_seconds: float
    statement_timeout_seconds: float
    lock_heartbeat_seconds: float
    lock_stale_seconds: float
    lock_wait_poll_seconds: float

    @classmethod
    def from_section(cls, section: dict[str, Any]) -> StoreSettings:
        """From a merged ``[store]`` table (defaults.toml holds every key)."""
        try:
            values = {name: float(section[name]) for name in cls.__dataclass_fields__}
        except KeyError as exc:
            raise ValueError(f"[store] 缺少设置 / [store] has no setting {exc.args[0]!r}") from exc
        except (TypeError, ValueError) as exc:
            raise ValueError(f"[store] 设置应为数字 / [store] settings must be numbers: {exc}") from exc
        if values["connect_timeout_seconds"] <= 0 or values["lock_heartbeat_seconds"] <= 0:
            raise ValueError("[store] connect_timeout_seconds 和 lock_heartbeat_seconds 应大于0 / must be > 0")
        if values["lock_stale_seconds"] <= values["lock_heartbeat_seconds"]:
            raise ValueError("[store] lock_stale_seconds 应大于 lock_heartbeat_seconds / must exceed "
                             "lock_heartbeat_seconds, or a live run would look stale")
        return cls(**values)

    @classmethod
    def defaults(cls) -> StoreSettings:
        return cls.from_section(load_defaults()["store"])


def mask_url(url: str) -> str:
    """``url`` with its password replaced by ``***`` (unchanged when it has none)."""
    try:
        parsed = make_url(url)
    except ArgumentError:
        return _USERINFO.sub(lambda m: f"{m['head']}:{MASK}@", url)
    if not parsed.password:
        return url
    return parsed.render_as_string(hide_password=True)


def url_password(url: str) -> str | None:
    try:
        password = make_url(url).password
    except ArgumentError:
        match = _USERINFO.search(url)
        password = unquote(match["password"]) if match else None
    return str(password) if password else None


def scrub(text: str, url: str) -> str:
    """``text`` (an error message, a log line) with the URL's password masked wherever it appears."""
    text = text.replace(url, mask_url(url))
    password = url_password(url)
    if password and len(password) >= 4:  # a shorter one would blank out ordinary words
        for form in {password, quote(password, safe=""), quote(password)}:
            text = text.replace(form, MASK)
    return text
