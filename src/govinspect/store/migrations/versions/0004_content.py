"""content checks: content_ignores (false alarms marked by users)

Revision ID: 0004_content
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0004_content"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "content_ignores",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("problem_id", sa.String(length=32), nullable=False),
        sa.Column("rule", sa.String(length=20), nullable=False),
        sa.Column("location", sa.Text(), nullable=False),
        sa.Column("text", sa.Text(), nullable=False),
        sa.Column("context", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_content_ignores_problem", "content_ignores", ["problem_id"], unique=True)


def downgrade() -> None:
    op.drop_index("ix_content_ignores_problem", table_name="content_ignores")
    op.drop_table("content_ignores")
