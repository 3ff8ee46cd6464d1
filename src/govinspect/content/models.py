"""Store table of the content checks: false alarms a user marked once (忽略列表)."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import Index, Integer, String, Text
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
