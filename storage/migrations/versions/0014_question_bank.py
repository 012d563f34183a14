"""Pulse question types and a question bank: HR's saved questions (issue 14).

pulse_questions: one row per question HR saved for reuse, under its own id (the bank's ids are
in the code, bot/pulses/bank.py), with its kind (agree, enps, choice) and choices as JSON. The
author is kept while their people row exists (ON DELETE SET NULL). Pulses copy a question into
their own questions JSON, so removing a saved question changes no pulse.

Revision ID: 0014_question_bank
Revises: 0013_slack_oauth
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0014_question_bank"
down_revision: str | None = "0013_slack_oauth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "pulse_questions",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("choices", sa.JSON(), nullable=False),
        sa.Column("created_by", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["created_by"], ["people.id"],
                                name=op.f("fk_pulse_questions_created_by_people"),
                                ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_questions")),
    )


def downgrade() -> None:
    op.drop_table("pulse_questions")
