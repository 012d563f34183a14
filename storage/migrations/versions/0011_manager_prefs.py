"""Managers' and HR's everyday use (issue 12): check-in digests by default, and the HR
self-check's place kept between messages (so a typed answer continues it).

Check-ins now default to one digest per manager. Until now one message per report was the
default, and every stored cadence row carries digest = false from it (typing "each" changed
nothing, so no row records a choice of per-report prompts): every stored cadence moves to the
digest; "checkins each" switches back and is stored as before.

Revision ID: 0011_manager_prefs
Revises: 0010_goals_and_chat
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011_manager_prefs"
down_revision: str | None = "0010_goals_and_chat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.execute(sa.text("UPDATE checkin_cadences SET digest = :yes").bindparams(yes=True))
    op.create_table(
        "selfcheck_progress",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("answers", sa.String(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_selfcheck_progress_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_selfcheck_progress")),
    )


def downgrade() -> None:
    op.drop_table("selfcheck_progress")
    # Cadences stay digests: per-report prompts were never a recorded choice.
