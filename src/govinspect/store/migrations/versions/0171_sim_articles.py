"""sim_articles: what the similarity pass (W-D16) read of each body, its text left out

Keyed by the body's SHA-256, the URL, content type, the site's own names and the reading code
(govinspect.similarity.articles), so the next run's pass, or the run analysed again, does not read
an unchanged page's WARC record and parse it to learn that the index holds it already.

Revision ID: 0171_sim_articles
Revises: 0005_similarity
"""

import sqlalchemy as sa
from alembic import op

revision = "0171_sim_articles"
down_revision = "0005_similarity"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sim_articles",
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("summary", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("sim_articles")
