"""Tables of the availability monitor (可用性监测): every probe, and the monitor's own sessions.

A session is a span the monitor vouches for: the live service writes one when it starts and
moves ``last_alive`` on every heartbeat, so after a crash or a stop the time until the next
session is known to be "not monitored" (未监测) rather than silently counted as up or down. A
probe log imported from another system adds sessions of its own, per site, covering the spans
its probes are dense enough to vouch for.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from govinspect.store.models import Base, UTCDateTime


class MonitorSessionRow(Base):
    """A span when probes were being taken: the live monitor (site_code NULL: every site) or an
    imported log (site_code set)."""

    __tablename__ = "monitor_sessions"
    __table_args__ = (Index("ix_monitor_sessions_span", "started_at", "last_alive"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    source: Mapped[str] = mapped_column(String(20), default="monitor")  # monitor | import
    site_code: Mapped[str | None] = mapped_column(String(16), nullable=True)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime())
    last_alive: Mapped[datetime] = mapped_column(UTCDateTime())  # last heartbeat (or last imported probe)
    ended_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)  # clean stop only
    host: Mapped[str] = mapped_column(String(200), default="")
    pid: Mapped[int | None] = mapped_column(Integer, nullable=True)
    note: Mapped[str] = mapped_column(String(500), default="")


class MonitorProbeRow(Base):
    """One visit to a homepage: when, what came back, how long it took, and whether it failed."""

    __tablename__ = "monitor_probes"
    __table_args__ = (Index("ix_monitor_probes_site_at", "site_code", "at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    site_code: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text, default="")
    at: Mapped[datetime] = mapped_column(UTCDateTime())
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(String(200), nullable=True)
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    failed: Mapped[bool] = mapped_column(Boolean, default=False)  # as judged by [monitor] when taken
    source: Mapped[str] = mapped_column(String(20), default="monitor")  # monitor | import
    session_id: Mapped[int | None] = mapped_column(Integer, nullable=True)
