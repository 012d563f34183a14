"""Recurring pulses: a series of pulses with the same questions (issue 14).

A new pulse_series table, and pulses.series_id with a unique (series_id, opens_at) index so two
processes never create the same run twice. op.add_column, not a batch copy of pulses: on SQLite
with foreign keys on, a copy of a parent table would cascade-delete its children.

Revision ID: 0015_pulse_series
Revises: 0014_question_bank
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0015_pulse_series"
down_revision: str | None = "0014_question_bank"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pulse_series",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("every", sa.Integer(), nullable=False),
        sa.Column("unit", sa.String(), nullable=False),
        sa.Column("first_opens_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.Column("stopped_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"],
                                name=op.f("fk_pulse_series_created_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_series")),
    )
    op.add_column("pulses", sa.Column("series_id", sa.Integer(), nullable=True))
    op.create_index("uq_pulses_series_id_opens_at", "pulses", ["series_id", "opens_at"],
                    unique=True)


def downgrade() -> None:
    op.drop_index("uq_pulses_series_id_opens_at", table_name="pulses")
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a batch copy of pulses (see above).
    with op.batch_alter_table("pulses", recreate="never") as batch:
        batch.drop_column("series_id")
    op.drop_table("pulse_series")
