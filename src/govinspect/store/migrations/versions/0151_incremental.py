"""Incremental re-crawls (issue 10 part 3): validators and content hashes of fetches, page models cached

- fetches.etag, fetches.last_modified: the answer's validators, sent back by the next run of the
  site as If-None-Match / If-Modified-Since;
- fetches.content_hash: SHA-256 of the body, so an unchanged page is known without comparing bytes;
- fetches.not_modified: the server answered 304 and the row points at the earlier run's WARC record,
  which is this run's evidence;
- page_models: what extraction made of a body (keyed by its hash, URL and the extraction code), so
  an unchanged page is not parsed again.

Revision ID: 0151_incremental
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0151_incremental"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("fetches") as batch:
        batch.add_column(sa.Column("etag", sa.String(length=200), nullable=True))
        batch.add_column(sa.Column("last_modified", sa.String(length=100), nullable=True))
        batch.add_column(sa.Column("content_hash", sa.String(length=64), nullable=True))
        batch.add_column(sa.Column("not_modified", sa.Boolean(), nullable=False, server_default=sa.false()))
    op.create_table(
        "page_models",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("model", sa.LargeBinary(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("page_models")
    with op.batch_alter_table("fetches") as batch:
        for name in ("not_modified", "content_hash", "last_modified", "etag"):
            batch.drop_column(name)
