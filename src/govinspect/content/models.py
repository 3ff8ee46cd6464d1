"""Store tables of the content checks: false alarms a user marked once (忽略列表), and what the
checks found in each paragraph an analysis judged (段落检查结果缓存, ``content.result_cache``)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from govinspect.store.models import Base, UTCDateTime


def _now() -> datetime:
    return datetime.now(UTC)


class ContentIgnoreRow(Base):
    """A problem a user marked as a false alarm, by its id (rule, location, text, context)."""

    __tablename__ = "content_ignores"
    __table_args__ = (Index("ix_content_ignores_problem", "problem_id", unique=True),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    problem_id: Mapped[str] = mapped_column(String(32))
    rule: Mapped[str] = mapped_column(String(20), default="")
    location: Mapped[str] = mapped_column(Text, default="")
    text: Mapped[str] = mapped_column(Text, default="")
    context: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime(), default=_now)


class ContentResultRow(Base):
    """段落检查结果缓存: the problems W-D12 / W-V1a's checks found in one paragraph, by a digest of
    everything the result depends on (``content.result_cache``), per site or account (``scope``)
    and checker code (``code``: rows of older code are deleted when a scope is judged again)."""

    __tablename__ = "content_results"
    __table_args__ = (Index("ix_content_results_scope_code", "scope", "code"),)

    scope: Mapped[str] = mapped_column(String(200), primary_key=True)
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    code: Mapped[str] = mapped_column(String(16))
    problems: Mapped[list[dict[str, Any]]] = mapped_column(JSON)  # Problem fields, location and line left out
    created: Mapped[datetime] = mapped_column(UTCDateTime())
