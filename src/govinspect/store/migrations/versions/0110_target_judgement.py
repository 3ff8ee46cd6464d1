"""run_targets: veto, pending_review and rule_errors beside the verdict and score

A target's stored judgement must be complete on its own so that findings.json can be written
again from the store after an inspector's review decision (issue 13 part 5): the firm veto codes,
the rule codes awaiting review (待复核) and the rules that failed on the target.

Revision ID: 0110_target_judgement
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0110_target_judgement"
down_revision = "0001"
branch_labels = None
depends_on = None

_COLUMNS = ("veto", "pending_review", "rule_errors")


def upgrade() -> None:
    with op.batch_alter_table("run_targets") as batch:
        for name in _COLUMNS:
            batch.add_column(sa.Column(name, sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run_targets") as batch:
        for name in reversed(_COLUMNS):
            batch.drop_column(name)
