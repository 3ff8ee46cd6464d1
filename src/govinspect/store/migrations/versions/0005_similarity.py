"""similarity index for W-D16 (抄袭): document signatures, LSH bands, run membership

Revision ID: 0005_similarity
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0005_similarity"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sim_documents",
        sa.Column("id", sa.Integer(), autoincrement=True, nullable=False),
        sa.Column("scheme", sa.String(length=64), nullable=False),
        sa.Column("site_code", sa.String(length=16), nullable=False),
        sa.Column("site_name", sa.String(length=200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("content_hash", sa.String(length=40), nullable=False),
        sa.Column("title", sa.String(length=300), nullable=False),
        sa.Column("pub_date", sa.Date(), nullable=True),
        sa.Column("first_seen", sa.DateTime(timezone=True), nullable=False),
        sa.Column("first_run", sa.String(length=64), nullable=False),
        sa.Column("chars", sa.Integer(), nullable=False),
        sa.Column("attribution", sa.String(length=200), nullable=False),
        sa.Column("signature", sa.LargeBinary(), nullable=False),
        sa.Column("content_type", sa.String(length=200), nullable=False),
        sa.Column("warc_file", sa.String(length=500), nullable=True),
        sa.Column("warc_offset", sa.BigInteger(), nullable=True),
        sa.Column("warc_record_id", sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ux_sim_documents_key", "sim_documents", ["scheme", "site_code", "url", "content_hash"],
                    unique=True)
    op.create_table(
        "sim_bands",
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("band", sa.SmallInteger(), nullable=False),
        sa.Column("key", sa.BigInteger(), nullable=False),
        sa.Column("site_code", sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["sim_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("doc_id", "band"),
    )
    op.create_index("ix_sim_bands_band_key", "sim_bands", ["band", "key"])
    op.create_table(
        "sim_run_documents",
        sa.Column("run_id", sa.String(length=64), nullable=False),
        sa.Column("doc_id", sa.Integer(), nullable=False),
        sa.Column("site_code", sa.String(length=16), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["doc_id"], ["sim_documents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("run_id", "doc_id"),
    )
    op.create_index("ix_sim_run_documents_doc", "sim_run_documents", ["doc_id"])


def downgrade() -> None:
    op.drop_index("ix_sim_run_documents_doc", table_name="sim_run_documents")
    op.drop_table("sim_run_documents")
    op.drop_index("ix_sim_bands_band_key", table_name="sim_bands")
    op.drop_table("sim_bands")
    op.drop_index("ux_sim_documents_key", table_name="sim_documents")
    op.drop_table("sim_documents")
