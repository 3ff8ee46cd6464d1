"""web application: accounts, sessions, who decided a review, a 找错 message's contact (issue 9)

Revision ID: 0130_web
Revises: 0003_workflow
"""

import sqlalchemy as sa
from alembic import op

revision = "0130_web"
down_revision = "0003_workflow"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "web_users",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("name", sa.String(length=100), nullable=False),
        sa.Column("role", sa.String(length=20), nullable=False),
        sa.Column("units", sa.JSON(), nullable=False),
        sa.Column("password_hash", sa.String(length=200), nullable=False),
        sa.Column("failed_logins", sa.Integer(), nullable=False),
        sa.Column("locked_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("name"),
    )
    op.create_table(
        "web_sessions",
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("csrf", sa.String(length=64), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.Column("expires", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["user_id"], ["web_users.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("token_hash"),
    )
    with op.batch_alter_table("finding_reviews") as batch:
        batch.add_column(sa.Column("decided_by", sa.String(length=100), nullable=False, server_default=""))
    with op.batch_alter_table("error_messages") as batch:
        batch.add_column(sa.Column("contact", sa.String(length=200), nullable=False, server_default=""))


def downgrade() -> None:
    with op.batch_alter_table("error_messages") as batch:
        batch.drop_column("contact")
    with op.batch_alter_table("finding_reviews") as batch:
        batch.drop_column("decided_by")
    op.drop_table("web_sessions")
    op.drop_table("web_users")
