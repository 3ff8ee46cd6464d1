"""可用性监测 — the availability monitor behind W-V2 (站点无法访问).

``Monitor`` (service.py) probes every running site's homepage ≥ 20 times a day and stores every
probe with its own coverage bookkeeping (models.py); ``import_probe_log`` (importer.py) feeds
another system's probe history; ``load_window`` / ``summarise`` (window.py) give the rule and
``govinspect monitor status`` the same view of a 7-day window.
"""

from govinspect.monitor.clock import Clock, RealClock, SimulatedClock
from govinspect.monitor.settings import MonitorError, MonitorSettings

__all__ = ["Clock", "MonitorError", "MonitorSettings", "RealClock", "SimulatedClock"]
