"""Workflow tables (migration 0003_workflow): finding reviews, rectification tickets (整改),
我为政府网站找错 messages.

Reviews are keyed by the finding's fingerprint within its run, not by the findings row id:
``govinspect analyse`` rewrites the findings rows, and an inspector's decision must survive that.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Boolean, Date, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from govinspect.store.models import Base, UTCDateTime


class FindingReviewRow(Base):
    """An inspector's decision on a finding that needs review: confirmed (确认) or rejected (驳回)."""

    __tablename__ = "finding_reviews"
    __table_args__ = (UniqueConstraint("run_id", "fingerprint"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64))
    fingerprint: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(20))
    state: Mapped[str] = mapped_column(String(10))  # confirmed | rejected
    note: Mapped[str] = mapped_column(Text, default="")
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime())
    decided_by: Mapped[str] = mapped_column(String(100), default="")  # who (migration 0130_web)


class TicketRow(Base):
    """A rectification ticket (整改单) for one failing target named in a bulletin.

    ``state``: open → fixed (the unit says it is done) → closed (a re-check passes) or reopened
    (a re-check still fails; the unit fixes again)."""

    __tablename__ = "tickets"
    __table_args__ = (UniqueConstraint("run_id", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64))
    period: Mapped[str] = mapped_column(String(10))
    target: Mapped[str] = mapped_column(String(200))  # 网站标识码 or platform:account
    name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200), default="")  # 主办单位
    problems: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"rule", "title"}]
    issued: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    state: Mapped[str] = mapped_column(String(10), default="open")
    history: Mapped[list[Any]] = mapped_column(JSON, default=list)  # [{"at", "state", "note", "run"}]
    recheck_run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)


class MessageRow(Base):
    """A forwarded 我为政府网站找错 message, routed to a site's unit by 网站标识码."""

    __tablename__ = "error_messages"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    ref: Mapped[str] = mapped_column(String(64), unique=True)  # 留言编号
    site_code: Mapped[str] = mapped_column(String(16))
    site_name: Mapped[str] = mapped_column(String(200))
    unit: Mapped[str] = mapped_column(String(200), default="")
    category: Mapped[str] = mapped_column(String(50))  # 问题类型
    description: Mapped[str] = mapped_column(Text)
    url: Mapped[str] = mapped_column(Text, default="")
    received: Mapped[date] = mapped_column(Date)
    deadline: Mapped[date] = mapped_column(Date)
    verified: Mapped[bool | None] = mapped_column(Boolean, nullable=True)  # 属实 (None: not yet judged)
    answered: Mapped[date | None] = mapped_column(Date, nullable=True)
    answer: Mapped[str] = mapped_column(Text, default="")
    source: Mapped[str] = mapped_column(String(20), default="import")  # import | web
    contact: Mapped[str] = mapped_column(String(200), default="")  # 联系方式 (web form; migration 0130_web)
