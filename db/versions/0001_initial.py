"""Initial schema: settings, questionnaires, forms, answers, drafts, audit log.

Revision ID: 0001_initial
Revises:
Create Date: 2026-11-22
"""

import sqlalchemy as sa
from alembic import op

revision = "0001_initial"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "settings",
        sa.Column("key", sa.String(64), primary_key=True),
        sa.Column("value", sa.Text(), nullable=False),
    )
    op.create_table(
        "questionnaires",
        sa.Column("id", sa.String(64), primary_key=True),
        sa.Column("version", sa.String(32), primary_key=True),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("definition", sa.Text(), nullable=False),
        sa.Column("added_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "forms",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("serial", sa.Integer(), nullable=False),
        sa.Column("survey_date", sa.Date(), nullable=False),
        sa.Column("field_code", sa.String(16), nullable=False),
        sa.Column("questionnaire_id", sa.String(64), nullable=False),
        sa.Column("questionnaire_version", sa.String(32), nullable=False),
        sa.Column("opinion", sa.Text(), nullable=False),
        sa.Column("status", sa.String(8), nullable=False),
        sa.Column("void_reason", sa.Text(), nullable=False),
        sa.Column("operator", sa.String(80), nullable=False),
        sa.Column("keyed_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.UniqueConstraint("year", "serial", name="uq_forms_year_serial"),
        sa.ForeignKeyConstraint(
            ["questionnaire_id", "questionnaire_version"],
            ["questionnaires.id", "questionnaires.version"],
            name="fk_forms_questionnaire",
        ),
    )
    op.create_index("ix_forms_year_status_date", "forms", ["year", "status", "survey_date"])
    op.create_table(
        "answers",
        sa.Column("form_id", sa.Integer(), primary_key=True),
        sa.Column("question_code", sa.String(16), primary_key=True),
        sa.Column("value", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["form_id"], ["forms.id"], name="fk_answers_form", ondelete="CASCADE"),
    )
    op.create_table(
        "drafts",
        sa.Column("operator", sa.String(80), primary_key=True),
        sa.Column("data", sa.Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(), nullable=False),
    )
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column("at", sa.DateTime(), nullable=False),
        sa.Column("operator", sa.String(80), nullable=False),
        sa.Column("action", sa.String(32), nullable=False),
        sa.Column("entity", sa.String(32), nullable=False),
        sa.Column("entity_id", sa.String(64), nullable=False),
        sa.Column("before", sa.Text(), nullable=True),
        sa.Column("after", sa.Text(), nullable=True),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.Column("prev_hash", sa.String(64), nullable=False),
        sa.Column("hash", sa.String(64), nullable=False, unique=True),
    )
    # The audit log is append-only: the database itself refuses to change or remove an entry.
    op.execute(
        "CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )
    op.execute(
        "CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END"
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_delete")
    op.execute("DROP TRIGGER IF EXISTS audit_log_no_update")
    op.drop_table("audit_log")
    op.drop_table("drafts")
    op.drop_table("answers")
    op.drop_index("ix_forms_year_status_date", table_name="forms")
    op.drop_table("forms")
    op.drop_table("questionnaires")
    op.drop_table("settings")
