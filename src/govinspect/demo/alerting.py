"""The demo's alert: the defaced site's web team (its 主办单位) listens on a local webhook, and the
demo checks that the firm veto reached it (告警演示)."""

from __future__ import annotations

from typing import Any

__all__ = ["DEFACED_CODE", "DEFACED_NAME", "DEFACED_RULE", "DEFACED_SPONSOR", "alert_arrived", "alert_settings"]

# 青禾区人民政府: its homepage shows gambling spam to Baiduspider and to visitors from a Baidu
# search (a hacked, cloaked homepage): a firm W-V1d veto.
DEFACED_CODE = "3399020004"
DEFACED_NAME = "青禾区人民政府"
DEFACED_SPONSOR = "青禾区人民政府办公室"
DEFACED_RULE = "W-V1d"


def alert_settings(hook_url: str) -> dict[str, Any]:
    """Config overrides: alerts on, the defaced site's unit → the local webhook."""
    return {"alerts": {"enabled": True, "units": {DEFACED_SPONSOR: [hook_url]}}}


def alert_arrived(received: list[dict[str, Any]]) -> bool:
    """A veto alert for the defaced site, naming its rule, reached the webhook."""
    return any("【单项否决】" in str(body.get("title", "")) and DEFACED_NAME in str(body.get("title", ""))
               and DEFACED_RULE in str(body.get("title", "")) for body in received)
