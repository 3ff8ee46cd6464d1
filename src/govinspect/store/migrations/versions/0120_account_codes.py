"""run_targets / fetches / frontier.site_code: room for new-media account codes (平台:账号标识)

A target is a website (网站标识码, 10 characters) or an account (``微信:gh_3a7f0c21d9e4``, a
platform's id can be long); findings.target is already VARCHAR(200). PostgreSQL enforces the
width where SQLite ignores it.

Revision ID: 0120_account_codes
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0120_account_codes"
down_revision = "0001"
branch_labels = None
depends_on = None

_TABLES = ("run_targets", "fetches", "frontier")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return  # SQLite does not enforce VARCHAR lengths
    for table in _TABLES:
        op.alter_column(table, "site_code", type_=sa.String(length=200), existing_type=sa.String(length=16),
                        existing_nullable=False)


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        return
    for table in _TABLES:
        op.alter_column(table, "site_code", type_=sa.String(length=16), existing_type=sa.String(length=200),
                        existing_nullable=False)
