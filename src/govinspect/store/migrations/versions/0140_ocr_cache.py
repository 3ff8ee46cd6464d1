"""ocr_results: OCR text cached by body digest and engine (issue 11 part 1)

Revision ID: 0140_ocr_cache
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0140_ocr_cache"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "ocr_results",
        sa.Column("digest", sa.String(length=64), nullable=False),
        sa.Column("engine", sa.String(length=120), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.Column("created", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("digest", "engine"),
    )


def downgrade() -> None:
    op.drop_table("ocr_results")
