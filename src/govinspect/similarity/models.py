"""Tables of the 抄袭 (plagiarism) index: document signatures kept across runs.

A document is one (site, URL, body) under one MinHash scheme: unchanged pages are stored once,
however many runs see them (``sim_run_documents`` says which runs did); ``first_seen`` is when
any run first fetched that body. LSH band keys live in ``sim_bands``, indexed by (band, key), so
finding candidates for a run is one indexed join, at millions of documents too.
Migrations: ``0005_similarity``; ``0171_sim_articles`` (articles read before, by body).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Date,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    SmallInteger,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column

from govinspect.store.models import Base, UTCDateTime


class SimDocumentRow(Base):
    """One article body of one site, with its MinHash signature and where its evidence sits."""

    __tablename__ = "sim_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    scheme: Mapped[str] = mapped_column(String(64))
    site_code: Mapped[str] = mapped_column(String(16))
    site_name: Mapped[str] = mapped_column(String(200), default="")
    url: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(40))
    title: Mapped[str] = mapped_column(String(300), default="")
    pub_date: Mapped[date | None] = mapped_column(Date, nullable=True)
    first_seen: Mapped[datetime] = mapped_column(UTCDateTime)
    first_run: Mapped[str] = mapped_column(String(64))
    chars: Mapped[int] = mapped_column(Integer)
    attribution: Mapped[str] = mapped_column(String(200), default="")
    signature: Mapped[bytes] = mapped_column(LargeBinary)
    content_type: Mapped[str] = mapped_column(String(200), default="")
    warc_file: Mapped[str | None] = mapped_column(String(500), nullable=True)
    warc_offset: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    warc_record_id: Mapped[str | None] = mapped_column(String(100), nullable=True)

    __table_args__ = (
        Index("ux_sim_documents_key", "scheme", "site_code", "url", "content_hash", unique=True),
    )


class SimBandRow(Base):
    """One LSH band key of one document (site code repeated so the join can skip the same site)."""

    __tablename__ = "sim_bands"

    doc_id: Mapped[int] = mapped_column(ForeignKey("sim_documents.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(SmallInteger, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)
    site_code: Mapped[str] = mapped_column(String(16))

    __table_args__ = (Index("ix_sim_bands_band_key", "band", "key"),)


class SimRunDocumentRow(Base):
    """Which documents a run saw (re-indexing a run replaces its rows)."""

    __tablename__ = "sim_run_documents"

    run_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    doc_id: Mapped[int] = mapped_column(ForeignKey("sim_documents.id", ondelete="CASCADE"), primary_key=True)
    site_code: Mapped[str] = mapped_column(String(16))
    url: Mapped[str] = mapped_column(Text)

    __table_args__ = (Index("ix_sim_run_documents_doc", "doc_id"),)


class SimArticleRow(Base):
    """An article read before (抄袭 index): what ``document.article_text`` made of one body at one
    URL, its text left out (its digest kept), keyed by the body's hash, the request, the site's
    own names and the reading code (``similarity.articles``), so an unchanged page is not parsed
    again by the next run's similarity pass or a second analysis."""

    __tablename__ = "sim_articles"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    summary: Mapped[dict[str, Any]] = mapped_column(JSON)  # ArticleSummary's fields, the date as ISO text
    created: Mapped[datetime] = mapped_column(UTCDateTime())
