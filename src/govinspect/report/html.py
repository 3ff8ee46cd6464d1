"""The bulletin as an HTML report with charts (pass rate by region, problem types, trend across
periods; for new-media accounts, pass rate by platform and across periods) drawn as inline SVG: one folder (index.html, the XLSX attachments, screenshots) that
reads offline, with no script and no CDN."""

from __future__ import annotations

import shutil
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from govinspect.config import Config
from govinspect.report.bulletin import BulletinData, pass_rate_trends
from govinspect.report.charts import hbar_chart, line_chart
from govinspect.report.word import Shot, context
from govinspect.store import Store

TEMPLATES = Path(__file__).with_name("templates")


def render_html(store: Store, config: Config, data: BulletinData, out_dir: Path, *,
                shots: list[Shot] | None = None, attachments: list[Path] | None = None) -> Path:
    out_dir.mkdir(parents=True, exist_ok=True)
    local_shots = []
    for shot in shots or []:
        target = out_dir / "screenshots" / shot.path.name
        target.parent.mkdir(exist_ok=True)
        if shot.path.resolve() != target.resolve():
            shutil.copyfile(shot.path, target)
        local_shots.append(Shot(shot.problem, Path("screenshots") / shot.path.name, shot.caption))
    files = []
    for path in attachments or []:
        if path.parent.resolve() != out_dir.resolve():
            shutil.copyfile(path, out_dir / path.name)
        files.append(path.name)
    ctx = context(data, local_shots, image=lambda p: p.as_posix())
    regions = [(r.name, r.passed / r.checked * 100 if r.checked else 0.0) for r in data.by_region]
    problems = [(g.title, float(len(g.sites))) for g in data.groups]
    trends = pass_rate_trends(store, config, data.period)
    ctx["charts"] = {
        "region": hbar_chart(regions, unit="%", max_value=100.0, color="#2e86c1"),
        "problems": hbar_chart(problems, unit="家"),
        "trend": line_chart(trends.sites),
        "accounts_trend": line_chart(trends.accounts),
        "platform": hbar_chart([(r.name, r.passed / r.checked * 100 if r.checked else 0.0) for r in data.by_platform],
                               unit="%", max_value=100.0, color="#27ae60"),
    }
    ctx["files"] = files
    env = Environment(loader=FileSystemLoader(str(TEMPLATES)), autoescape=select_autoescape(["html", "j2"]))
    path = out_dir / "index.html"
    path.write_text(env.get_template("report.html.j2").render(**ctx), encoding="utf-8")
    return path
