"""Tables of the store.

The crawl frontier lives here so a killed run resumes; every fetched response is indexed here
with the WARC file and offset that hold it, so any run can be analysed again offline.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.engine import Dialect
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from sqlalchemy.types import TypeDecorator


class UTCDateTime(TypeDecorator[datetime]):
    """Aware datetimes in, aware UTC datetimes out, on every database.

    SQLite keeps no zone and hands back naive values; comparing those with aware ones silently
    goes wrong (a resumed run must find its monitoring point again), so normalise here once.
    """

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to the store; pass an aware one")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    type_annotation_map: ClassVar[dict[Any, Any]] = {dict[str, Any]: JSON, list[Any]: JSON}


class SiteRow(Base):
    """A registered site (the registry, 网站名录)."""

    __tablename__ = "sites"

    code: Mapped[str] = mapped_column(String(16), primary_key=True)  # 网站标识码
    name: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(String(2000))
    sponsor: Mapped[str] = mapped_column(String(200), default="")
    supervisor: Mapped[str] = mapped_column(String(200), default="")
    region: Mapped[str] = mapped_column(String(100), default="")
    site_type: Mapped[str] = mapped_column(String(20), default="其他")
    status: Mapped[str] = mapped_column(String(10), default="运行")
    imported_at: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)


class RunRow(Base):
    """One inspection run over a set of targets at a monitoring point (监测时间点)."""

    __tablename__ = "runs"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    as_of: Mapped[datetime] = mapped_column(UTCDateTime())
    started: Mapped[datetime] = mapped_column(UTCDateTime())
    finished: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    state: Mapped[str] = mapped_column(String(20), default="crawling")  # crawling|crawled|analysed
    options: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    out_dir: Mapped[str | None] = mapped_column(String(2000), nullable=True)


class RunTargetRow(Base):
    """A site within a run, with its crawl state (pending, crawling, done)."""

    __tablename__ = "run_targets"
    __table_args__ = (UniqueConstraint("run_id", "site_code"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(ForeignKey("runs.id", ondelete="CASCADE"))
    site_code: Mapped[str] = mapped_column(String(200))  # 网站标识码, or 平台:账号标识 (0120)
    snapshot: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)  # the registry row as it was
    crawl_state: Mapped[str] = mapped_column(String(20), default="pending")  # pending|crawling|done
    pages: Mapped[int] = mapped_column(Integer, default=0)
    errors: Mapped[int] = mapped_column(Integer, default=0)
    started: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    finished: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    verdict: Mapped[str | None] = mapped_column(String(10), nullable=True)
    score: Mapped[float | None] = mapped_column(Float, nullable=True)
    # The judgement beside the verdict (migration 0110_target_judgement): firm veto codes, codes of
    # findings awaiting review (待复核), and rules that failed on this target (规则执行出错).
    veto: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    pending_review: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    rule_errors: Mapped[list[Any] | None] = mapped_column(JSON, nullable=True)
    # 全站N页 / 抽查N页 under the run's plan (migration 0150_target_coverage); None for accounts
    coverage: Mapped[str | None] = mapped_column(String(40), nullable=True)


class FrontierRow(Base):
    """A URL the crawler has discovered for a site in a run. ``state``: pending|done|failed|skipped."""

    __tablename__ = "frontier"
    __table_args__ = (
        UniqueConstraint("run_id", "site_code", "url", "kind"),
        Index("ix_frontier_pending", "run_id", "site_code", "state"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="page")  # page|link|render|<site-check kind>
    depth: Mapped[int] = mapped_column(Integer, default=0)
    referrer: Mapped[str | None] = mapped_column(Text, nullable=True)
    state: Mapped[str] = mapped_column(String(10), default="pending")
    reason: Mapped[str | None] = mapped_column(String(200), nullable=True)  # why skipped (robots, trap, ...)


class FetchRow(Base):
    """A response (or the failure to get one) with the WARC record that holds it."""

    __tablename__ = "fetches"
    __table_args__ = (Index("ix_fetches_run_site", "run_id", "site_code"), Index("ix_fetches_url", "run_id", "url"))

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    final_url: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40), default="page")  # 40: migration 0100_kind_width
    status: Mapped[int | None] = mapped_column(Integer, nullable=True)
    error: Mapped[str | None] = mapped_column(String(500), nullable=True)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    length: Mapped[int] = mapped_column(Integer, default=0)
    warc_file: Mapped[str | None] = mapped_column(String(500), nullable=True)  # relative to <home>/warc
    warc_record_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    warc_offset: Mapped[int | None] = mapped_column(Integer, nullable=True)
    warc_length: Mapped[int | None] = mapped_column(Integer, nullable=True)
    fetched_at: Mapped[datetime] = mapped_column(UTCDateTime())
    elapsed_ms: Mapped[int | None] = mapped_column(Integer, nullable=True)
    soft404: Mapped[bool] = mapped_column(Boolean, default=False)
    redirects: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # Incremental re-crawls (migration 0151_incremental): the answer's validators, sent back by the
    # next run as If-None-Match / If-Modified-Since; the body's SHA-256; not_modified: a 304, and the
    # WARC pointer is this run's revisit record of it, which the readers follow to the earlier
    # record holding the page (rows of runs before revisits point at that record directly).
    etag: Mapped[str | None] = mapped_column(String(200), nullable=True)
    last_modified: Mapped[str | None] = mapped_column(String(100), nullable=True)
    content_hash: Mapped[str | None] = mapped_column(String(64), nullable=True)
    not_modified: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class FindingRow(Base):
    """A finding of a rule on a target in a run."""

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_run", "run_id", "target"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    run_id: Mapped[str] = mapped_column(String(64))
    target: Mapped[str] = mapped_column(String(200))
    rule: Mapped[str] = mapped_column(String(20))
    severity: Mapped[str] = mapped_column(String(20))
    confidence: Mapped[str] = mapped_column(String(10), default="high")
    message: Mapped[str] = mapped_column(Text)
    url: Mapped[str | None] = mapped_column(Text, nullable=True)
    evidence: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    details: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    points: Mapped[float] = mapped_column(Float, default=0.0)
    review: Mapped[bool] = mapped_column(Boolean, default=False)
    confirmed: Mapped[bool] = mapped_column(Boolean, default=False)
    fingerprint: Mapped[str] = mapped_column(String(64), default="")
    cause: Mapped[str | None] = mapped_column(Text, nullable=True)  # Finding.cause: what alerts are keyed by


class RunLockRow(Base):
    """运行锁: the one ``inspect`` allowed to run on this store, and how to tell it is still alive."""

    __tablename__ = "run_locks"

    name: Mapped[str] = mapped_column(String(40), primary_key=True)  # "inspect"
    token: Mapped[str] = mapped_column(String(64))  # changes on every take-over (compare-and-swap)
    run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    pid: Mapped[int] = mapped_column(Integer)
    host: Mapped[str] = mapped_column(String(255))
    started: Mapped[datetime] = mapped_column(UTCDateTime())
    heartbeat: Mapped[datetime] = mapped_column(UTCDateTime())


class PageModelRow(Base):
    """页面解析结果缓存: the PageModel extraction made of one body at one URL, keyed by a digest of the
    body's hash, the URL, the site and the extraction code (snapshot.page_cache), so an unchanged
    page is not parsed again by a later run or a second analysis."""

    __tablename__ = "page_models"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    model: Mapped[bytes] = mapped_column(LargeBinary)
    created: Mapped[datetime] = mapped_column(UTCDateTime())


class OcrResultRow(Base):
    """OCR 识别结果缓存: what OCR read from one stored body (an image or a PDF), by its SHA-256 and
    the engine settings, so analysing a run again never OCRs again (and gives the same text)."""

    __tablename__ = "ocr_results"

    digest: Mapped[str] = mapped_column(String(64), primary_key=True)
    engine: Mapped[str] = mapped_column(String(120), primary_key=True)
    result: Mapped[dict[str, Any]] = mapped_column(JSON)  # OcrOutcome.to_json()
    created: Mapped[datetime] = mapped_column(UTCDateTime())


class AlertStateRow(Base):
    """告警状态: one open alert per target and cause (a firm veto), so a veto is announced once
    until it clears, then once as resolved. A message no recipient took (an unreachable SMTP
    server or webhook) waits in ``outbox`` and is tried again on the next run or tick."""

    __tablename__ = "alert_states"

    target: Mapped[str] = mapped_column(String(64), primary_key=True)  # 网站标识码 / account code
    key: Mapped[str] = mapped_column(String(300), primary_key=True)  # source|rule|cause
    rule: Mapped[str] = mapped_column(String(20))
    message: Mapped[str] = mapped_column(Text)
    run_id: Mapped[str | None] = mapped_column(String(64), nullable=True)  # the run that last saw it
    opened: Mapped[datetime] = mapped_column(UTCDateTime())
    resolved: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
    delivered: Mapped[bool] = mapped_column(Boolean, default=False)  # the veto alert reached a recipient
    # A message no recipient took yet ("veto" or "resolved"), retried on the next run or monitor tick
    # until ``[alerts] max_attempts``; the last failure and its time stay here for everyone to see.
    outbox: Mapped[str | None] = mapped_column(String(10), nullable=True)
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    last_error: Mapped[str | None] = mapped_column(Text, nullable=True)
    last_attempt: Mapped[datetime | None] = mapped_column(UTCDateTime(), nullable=True)
