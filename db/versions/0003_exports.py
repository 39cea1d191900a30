"""Exports of signed bundles; an exported period is locked (changes need a reason).

Revision ID: 0003_exports
Revises: 0002_issued_batches
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_exports"
down_revision = "0002_issued_batches"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "exports",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("period_label", sa.String(16), nullable=False),
        sa.Column("cutoff", sa.String(16), nullable=False),
        sa.Column("start", sa.Date(), nullable=False),
        sa.Column("end", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("folder", sa.Text(), nullable=False),
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("certificate_subject", sa.Text(), nullable=False),
        sa.Column("certificate_fingerprint", sa.String(95), nullable=False),
        sa.Column("self_signed", sa.Boolean(), nullable=False),
        sa.Column("forms", sa.Integer(), nullable=False),
        sa.Column("active", sa.Integer(), nullable=False),
        sa.Column("void", sa.Integer(), nullable=False),
        sa.Column("changes", sa.Integer(), nullable=False),
        sa.Column("audit_last_id", sa.Integer(), nullable=False),
        sa.Column("exported_at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(80), nullable=False),
        sa.UniqueConstraint("period_label", "start", "end", "version",
                            name="uq_exports_period_version"),
    )
    op.create_index("ix_exports_dates", "exports", ["start", "end"])


def downgrade() -> None:
    op.drop_index("ix_exports_dates", table_name="exports")
    op.drop_table("exports")
