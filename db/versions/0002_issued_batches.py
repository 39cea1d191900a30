"""Issued batches of printed forms and spoiled serials.

Revision ID: 0002_issued_batches
Revises: 0001_initial
Create Date: 2026-11-23
"""

import sqlalchemy as sa
from alembic import op

revision = "0002_issued_batches"
down_revision = "0001_initial"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "issued_batches",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("first_serial", sa.Integer(), nullable=True),
        sa.Column("last_serial", sa.Integer(), nullable=True),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("questionnaire_id", sa.String(64), nullable=False),
        sa.Column("questionnaire_version", sa.String(32), nullable=False),
        sa.Column("file_name", sa.Text(), nullable=False),
        sa.Column("operator", sa.String(80), nullable=False),
        sa.Column("issued_at", sa.DateTime(), nullable=False),
    )
    op.create_index("ix_issued_batches_year", "issued_batches", ["year"])
    op.create_table(
        "spoiled_serials",
        sa.Column("year", sa.Integer(), primary_key=True),
        sa.Column("serial", sa.Integer(), primary_key=True),
        sa.Column("kind", sa.String(8), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("operator", sa.String(80), nullable=False),
        sa.Column("at", sa.DateTime(), nullable=False),
    )


def downgrade() -> None:
    op.drop_table("spoiled_serials")
    op.drop_index("ix_issued_batches_year", table_name="issued_batches")
    op.drop_table("issued_batches")
