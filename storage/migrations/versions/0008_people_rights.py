"""People's data rights: deactivation, audit log, retention (issue 11).

people gets deactivated_at (a leaver HR deactivated: no chat, no prompts, no pulses, forgotten
after the retention period) and forgotten_at (what is left of a forgotten person: a row with no
email or name, kept so the notes and ratings they wrote about their reports stay their
reports'). audit_log records HR's and admins' actions; it never holds answers or notes.

Revision ID: 0008_people_rights
Revises: 0007_pulse_privacy
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008_people_rights"
down_revision: str | None = "0007_pulse_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # add_column, not a batch copy: on SQLite a copy of the people table (a parent) would
    # cascade-delete every child row.
    op.add_column("people", sa.Column("deactivated_at", sa.DateTime(timezone=True),
                                      nullable=True))
    op.add_column("people", sa.Column("forgotten_at", sa.DateTime(timezone=True), nullable=True))
    op.create_table(
        "audit_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("actor", sa.String(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("action", sa.String(), nullable=False),
        sa.Column("detail", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_audit_log")),
    )
    op.create_index(op.f("ix_audit_log_at"), "audit_log", ["at"])
    op.create_index(op.f("ix_audit_log_person_id"), "audit_log", ["person_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_audit_log_person_id"), table_name="audit_log")
    op.drop_index(op.f("ix_audit_log_at"), table_name="audit_log")
    op.drop_table("audit_log")
    # recreate="never": DROP COLUMN in place (SQLite 3.35+); a copy would cascade-delete.
    with op.batch_alter_table("people", recreate="never") as batch:
        batch.drop_column("forgotten_at")
        batch.drop_column("deactivated_at")
