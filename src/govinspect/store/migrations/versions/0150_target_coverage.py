"""run_targets.coverage: how much of a site the run crawled (全站N页 / 抽查N页)

findings.json and the bulletin state each site's coverage under the run's inspection plan
(issue 10 part 2); it is stored beside the judgement so findings.json written again from the
store (a review decision) says the same as the one the inspection wrote.

Revision ID: 0150_target_coverage
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0150_target_coverage"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("run_targets") as batch:
        batch.add_column(sa.Column("coverage", sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("run_targets") as batch:
        batch.drop_column("coverage")
