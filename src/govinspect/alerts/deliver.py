"""Who gets an alert and sending it through apprise (e-mail, webhooks, chat), one URL at a time so
a report can say which recipient failed; a failure is a report line, never an exception."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field, replace
from typing import Any

from govinspect.config import Config, ConfigError, section_defaults
from govinspect.model import Site

__all__ = ["Alert", "AlertReport", "AlertSettings", "Delivery", "deliver", "masked"]

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class AlertSettings:
    """``[alerts]``: see defaults.toml for each setting."""

    enabled: bool = False
    dry_run: bool = False
    inspector: tuple[str, ...] = ()
    units: dict[str, tuple[str, ...]] = field(default_factory=dict)
    max_attempts: int = 5

    @classmethod
    def from_config(cls, config: Config) -> AlertSettings:
        values = dict(section_defaults("alerts"))
        values.update(config.data.get("alerts", {}))
        units = {str(unit): tuple(_urls(urls)) for unit, urls in dict(values.get("units", {})).items()}
        attempts = values["max_attempts"]
        if isinstance(attempts, bool) or not isinstance(attempts, int) or attempts < 1:
            raise ConfigError(f"[alerts] max_attempts 应为不小于1的整数 / must be a whole number of at least 1, "
                              f"not {attempts!r}")
        return cls(bool(values["enabled"]), bool(values["dry_run"]), tuple(_urls(values["inspector"])), units,
                   attempts)

    def forced(self, dry_run: bool) -> AlertSettings:
        """These settings enabled, dry run or not (a command's --dry-run)."""
        return replace(self, enabled=True, dry_run=dry_run)

    def recipients(self, site: Site) -> list[str]:
        """The unit's web team (by 主办单位, else 主管单位), then the inspector; each URL once."""
        team = self.units.get(site.sponsor) or self.units.get(site.supervisor) or ()
        return list(dict.fromkeys([*team, *self.inspector]))


def _urls(value: Any) -> list[str]:
    return [value] if isinstance(value, str) else [str(v) for v in value or []]


@dataclass(frozen=True)
class Alert:
    """One message: ``kind`` "veto" (a firm 单项否决 found) or "resolved" (it cleared)."""

    kind: str
    target: str  # 网站标识码 or account code
    name: str
    rule: str
    message: str
    url: str | None
    run_id: str | None
    recipients: tuple[str, ...]
    key: str = ""
    attempt: int = 1  # 2 and more: sent again, no recipient took the earlier attempts

    @property
    def title(self) -> str:
        head = "【单项否决】" if self.kind == "veto" else "【已恢复】"
        return f"{head}{self.name}（{self.target}）{self.rule}"

    @property
    def body(self) -> str:
        lines = [f"{'发现单项否决问题' if self.kind == 'veto' else '以下单项否决问题已不再出现'} / "
                 f"{'firm veto found' if self.kind == 'veto' else 'veto cleared'}",
                 f"网站 site: {self.name}（{self.target}）", f"指标 rule: {self.rule}", f"问题 problem: {self.message}"]
        if self.url:
            lines.append(f"网址 URL: {self.url}")
        if self.run_id:
            lines.append(f"检查批次 run: {self.run_id}")
        return "\n".join(lines)


@dataclass(frozen=True)
class Delivery:
    alert: Alert
    recipient: str  # masked (no password)
    ok: bool
    error: str = ""


@dataclass
class AlertReport:
    alerts: list[Alert] = field(default_factory=list)
    deliveries: list[Delivery] = field(default_factory=list)
    dry_run: bool = False
    note: str = ""  # why nothing was planned (alerts disabled, an older run)
    given_up: list[Alert] = field(default_factory=list)  # failed its last allowed attempt

    @property
    def failures(self) -> list[Delivery]:
        return [d for d in self.deliveries if not d.ok]

    def lines(self) -> list[str]:
        """What a command prints: each alert with its recipients, then each failed delivery."""
        out = [self.note] if self.note else []
        verb = "将发送 / would send" if self.dry_run else "告警 / alert"
        for alert in self.alerts:
            to = ", ".join(masked(r) for r in alert.recipients) or "无接收人 / no recipient configured"
            again = f"（第{alert.attempt}次 / attempt {alert.attempt}）" if alert.attempt > 1 else ""
            out.append(f"{verb}{again}: {alert.title} — {alert.message} → {to}")
        for failed in self.failures:
            out.append(f"发送失败 / not delivered: {failed.alert.title} → {failed.recipient}: {failed.error}")
        for alert in self.given_up:
            out.append(f"已放弃重发 / given up after {alert.attempt} attempts: {alert.title} "
                       f"(govinspect alerts --undelivered)")
        return out


_SECRET = re.compile(r"(?<=://)([^:/@?#]*):([^@/?#]*)@")


def masked(url: str) -> str:
    """A recipient URL fit to print: its password replaced by ***."""
    return _SECRET.sub(r"\1:***@", url)


def deliver(alert: Alert) -> list[Delivery]:
    """Send ``alert`` to each recipient; each failure (bad URL, refused, timed out) is a Delivery
    with ok False, never an exception."""
    import apprise

    out = []
    for url in alert.recipients:
        sender = apprise.Apprise()
        try:
            if not sender.add(url):
                out.append(Delivery(alert, masked(url), False, "无法识别的接收地址 / unsupported recipient URL"))
                continue
            ok = bool(sender.notify(title=alert.title, body=alert.body))
        except Exception as exc:  # a plugin's own error is one failed delivery
            out.append(Delivery(alert, masked(url), False, f"{type(exc).__name__}: {str(exc)[:120]}"))
            continue
        error = "" if ok else "发送失败（服务器无法连接或拒绝） / not delivered (server unreachable or refused)"
        if not ok:
            log.warning("alert %s not delivered to %s", alert.title, masked(url))
        out.append(Delivery(alert, masked(url), ok, error))
    return out
