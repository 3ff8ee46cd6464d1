"""content_results: what the content checks (W-D12, W-V1a) found in each paragraph an analysis judged

Keyed by the site or account (scope) and a digest of the paragraph, the checks, their settings and
the checker's code (govinspect.content.result_cache), so analysing a run again, or the next run of
an unchanged site, does not judge the same paragraph again.

Revision ID: 0170_content_results
Revises: 0004_content
"""

import sqlalchemy as sa
from alembic import op

revision = "0170_content_results"
down_revision = "0004_content"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_results",
        sa.Column("scope", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("code", sa.String(length=16), nullable=False),
        sa.Column("problems", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("scope", "key"),
    )
    op.create_index("ix_content_results_scope_code", "content_results", ["scope", "code"])


def downgrade() -> None:
    op.drop_index("ix_content_results_scope_code", table_name="content_results")
    op.drop_table("content_results")
