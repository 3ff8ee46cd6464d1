"""findings.cause: the key the engine merged a finding's pages by (``Finding.cause``)

Kept so that alerts planned from a stored run (``govinspect alerts``) are keyed by cause exactly
as those planned right after the analysis. Findings stored before have none: their alerts keep
the older key (source|rule|first URL).

Revision ID: 0160_finding_cause
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0160_finding_cause"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.add_column(sa.Column("cause", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("findings") as batch:
        batch.drop_column("cause")
