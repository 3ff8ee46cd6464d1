"""告警: a firm veto (单项否决, review false) new since the last run reaches the people who must act,
the same night, instead of waiting for the quarterly bulletin.

- What: a run's firm vetoes (``alert_run`` after ``inspect``/``analyse``) and the availability
  monitor's W-V2 verdicts (``alert_monitor``, ``govinspect alerts --monitor``).
- Who (``[alerts]`` in config.toml): ``units`` maps a 主办单位 to the apprise URLs of its web team
  (mailto://, json:// webhooks, chat services); ``inspector`` URLs receive every alert.
- Once: one alert per target, rule and cause (``Finding.cause``, else the first page) (``alert_states`` in the store) until the veto clears,
  then one "已恢复 / resolved" alert. An alert no recipient took (an unreachable SMTP server or
  webhook), veto or resolved, is reported, logged and kept in its state, and sent again on the
  next run or tick, up to ``max_attempts`` (:mod:`govinspect.alerts.outbox`).
- ``dry_run``: the alerts are returned (and printed by the commands), nothing is sent, the state
  is left as it was.

A failed alert never touches the run's findings: alerts are planned after they are stored.
"""

from govinspect.alerts.deliver import Alert, AlertReport, AlertSettings, Delivery, deliver
from govinspect.alerts.state import alert_monitor, alert_run, plan_alerts, stored_targets

__all__ = ["Alert", "AlertReport", "AlertSettings", "Delivery", "alert_monitor", "alert_run", "deliver",
           "plan_alerts", "stored_targets"]
