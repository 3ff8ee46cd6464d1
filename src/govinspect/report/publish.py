"""Issuing a period's bulletin: the Word document, its XLSX attachments, the HTML report and a
rectification ticket (整改单) per failing target, deadline in working days from the issue date."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path

from govinspect.config import Config
from govinspect.report.bulletin import BulletinData, build_bulletin
from govinspect.report.html import render_html
from govinspect.report.periods import Period
from govinspect.report.screenshots import take_screenshots
from govinspect.report.word import Shot, load_template, render_docx
from govinspect.report.xlsx import write_attachments
from govinspect.store import Store
from govinspect.timeutil import CHINA_TZ
from govinspect.workflow.models import TicketRow
from govinspect.workflow.tickets import TicketSpec, open_tickets, rectify_deadline


@dataclass
class Published:
    data: BulletinData
    docx: Path
    xlsx: list[Path]
    html: Path | None
    tickets: list[TicketRow] = field(default_factory=list)
    shots: list[Shot] = field(default_factory=list)


def publish_bulletin(store: Store, config: Config, period: Period, out_dir: Path, *,
                     template: Path | None = None, screenshots: bool = False, issued: date | None = None,
                     html: bool = True, tickets: bool = True) -> Published:
    if template is not None:
        load_template(template)  # a bad user template fails before anything is written
    issued = issued or datetime.now(CHINA_TZ).date()
    deadline = rectify_deadline(config, issued)
    data = build_bulletin(store, config, period, issued=issued, deadline=deadline)
    shots: list[Shot] = []
    if screenshots:
        shots = take_screenshots(store, config, data, out_dir / "screenshots")
    out_dir.mkdir(parents=True, exist_ok=True)
    docx = render_docx(data, out_dir / f"{data.title}.docx", template=template, shots=shots)
    xlsx = write_attachments(data, out_dir)
    page = render_html(store, config, data, out_dir / "html", shots=shots, attachments=xlsx) if html else None
    opened: list[TicketRow] = []
    named = [*data.failing, *data.failing_accounts]  # websites and 政务新媒体 named in the bulletin
    if tickets and named:
        specs = [TicketSpec(t.site.code, t.site.name, t.site.sponsor,
                            [{"rule": p.rule, "title": p.title} for p in t.problems]) for t in named]
        opened = open_tickets(store, data.run_id, period.label, specs, issued, deadline)
    return Published(data, docx, xlsx, page, opened, shots)
