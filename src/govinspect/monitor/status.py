"""Per-site W-V2 status from the monitor's store, as ``govinspect monitor status`` prints it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from govinspect.config import Config
from govinspect.model import Site, SiteStatus
from govinspect.monitor.window import WindowSummary, load_window, summarise
from govinspect.registry.store import load_sites
from govinspect.store import Store


@dataclass
class SiteMonitorStatus:
    site: Site
    summary: WindowSummary

    @property
    def verdict(self) -> str:
        """否决 veto | 正常 pass | 无数据 no data — the W-V2 verdict the next analysis would give."""
        if not self.summary.probes:
            return "no data"
        return "veto" if self.summary.veto else "pass"


def monitor_status(store: Store, config: Config, as_of: datetime, codes: list[str] | None = None
                   ) -> list[SiteMonitorStatus]:
    """Every running registered site (or ``codes``) judged over the W-V2 window ending at ``as_of``."""
    cfg = config.rule("W-V2")
    window_days = int(cfg["window_days"])
    out = []
    for site in load_sites(store, codes):
        if site.status is not SiteStatus.RUNNING:
            continue
        window = load_window(store, site.code, as_of - timedelta(days=window_days), as_of)
        summary = summarise(window, as_of, window_days=window_days, min_probes_per_day=int(cfg["min_probes_per_day"]),
                            timeout_ms=int(float(cfg["probe_timeout_seconds"]) * 1000),
                            failure_share=float(cfg["failure_share"]))
        out.append(SiteMonitorStatus(site, summary))
    return out
