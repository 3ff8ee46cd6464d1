"""The period overview (概览): pass rates by region and site type, 待复核 counts, trend over runs.

Figures are computed from the targets the signed-in person may see (:class:`~govinspect.web.access.Scope`)
and drawn as server-side SVG with the report's chart functions (no script, no CDN)."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from govinspect.report.charts import hbar_chart, line_chart
from govinspect.timeutil import CHINA_TZ
from govinspect.web.access import Scope, Target


@dataclass
class Overview:
    run_id: str
    checked: int
    passed: int
    pending: int  # targets with 待复核 codes
    failing: int
    by_region: list[tuple[str, float]] = field(default_factory=list)
    by_type: list[tuple[str, float]] = field(default_factory=list)
    by_platform: list[tuple[str, float]] = field(default_factory=list)  # new-media accounts (政务新媒体)
    trend: list[tuple[str, float]] = field(default_factory=list)

    @property
    def pass_rate(self) -> str:
        return f"{self.passed / self.checked:.1%}" if self.checked else "-"

    def region_chart(self) -> str:
        return hbar_chart(self.by_region, unit="%", max_value=100, color="#2c6fbb")

    def type_chart(self) -> str:
        return hbar_chart(self.by_type, unit="%", max_value=100, color="#2c6fbb")

    def platform_chart(self) -> str:
        return hbar_chart(self.by_platform, unit="%", max_value=100, color="#2c6fbb")

    def trend_chart(self) -> str:
        return line_chart(self.trend)


def _rates(targets: list[Target], key: str) -> list[tuple[str, float]]:
    groups: dict[str, list[Target]] = defaultdict(list)
    for t in targets:
        groups[getattr(t, key) or "（未填）"].append(t)
    return [(name, 100.0 * sum(t.verdict == "pass" for t in ts) / len(ts)) for name, ts in sorted(groups.items())]


def build_overview(scope: Scope, run_id: str) -> Overview:
    targets = [t for t in scope.targets(run_id) if t.verdict is not None]
    passed = sum(t.verdict == "pass" for t in targets)
    trend = []
    for run in reversed(scope.runs()[:8]):  # oldest first, the last eight runs
        judged = [t for t in scope.targets(run.id) if t.verdict is not None]
        if judged:
            trend.append((f"{run.as_of.astimezone(CHINA_TZ):%Y-%m-%d}", 100.0 * sum(t.verdict == "pass" for t in judged) / len(judged)))
    return Overview(run_id=run_id, checked=len(targets), passed=passed,
                    pending=sum(1 for t in targets if t.pending_review),
                    failing=sum(t.verdict == "fail" for t in targets),
                    by_region=_rates(targets, "region"),
                    by_type=_rates([t for t in targets if not t.platform], "site_type"),
                    by_platform=_rates([t for t in targets if t.platform], "platform"), trend=trend)
