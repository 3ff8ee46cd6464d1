"""fetches.kind / frontier.kind: room for site-check kinds such as cloak-baiduspider

VARCHAR(10) held page|link|render, but site checks (crawl/sitechecks) record fetches under
their own kind names, and PostgreSQL rejects longer values where SQLite ignored the length.

Revision ID: 0100_kind_width
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0100_kind_width"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("fetches", "frontier")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite does not enforce VARCHAR lengths
    for table in _TABLES:
        op.alter_column(table, "kind", type_=sa.String(length=40), existing_type=sa.String(length=10),
                        existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in _TABLES:
        op.alter_column(table, "kind", type_=sa.String(length=10), existing_type=sa.String(length=40),
                        existing_nullable=False)
