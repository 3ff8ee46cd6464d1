"""alert_states: failed deliveries retried, their failure kept (outbox, attempts, last_error, last_attempt)

- outbox: which message still awaits delivery, "veto" or "resolved" (none once a recipient took it);
- attempts: how often that message was tried (bounded by ``[alerts] max_attempts``);
- last_error, last_attempt: why the last try failed, and when.

A veto stored as not delivered (and not resolved) awaits delivery: its outbox is "veto".

Revision ID: 0161_alert_retry
Revises: 0140_alert_state
"""

import sqlalchemy as sa
from alembic import op

revision = "0161_alert_retry"
down_revision = "0140_alert_state"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("alert_states") as batch:
        batch.add_column(sa.Column("outbox", sa.String(length=10), nullable=True))
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("last_error", sa.Text(), nullable=True))
        batch.add_column(sa.Column("last_attempt", sa.DateTime(timezone=True), nullable=True))
    states = sa.table("alert_states", sa.column("outbox", sa.String), sa.column("attempts", sa.Integer),
                      sa.column("delivered", sa.Boolean), sa.column("resolved", sa.DateTime))
    op.execute(states.update().where(states.c.delivered.is_(sa.false()), states.c.resolved.is_(None))
               .values(outbox="veto", attempts=1))


def downgrade() -> None:
    with op.batch_alter_table("alert_states") as batch:
        for name in ("last_attempt", "last_error", "attempts", "outbox"):
            batch.drop_column(name)
