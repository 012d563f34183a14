"""Pulses: no interim snapshot (HR sees participation only while a pulse is open; scores and
comments appear once, at close), and closed pulses keep complete submissions only, as the close
now does, so their results are one GROUP BY.

Revision ID: 0005_pulse_results_at_close
Revises: 0004_pulse_interim
Create Date: 2026-11-25
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_pulse_results_at_close"
down_revision: str | None = "0004_pulse_interim"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

pulses = sa.table("pulses", sa.column("id", sa.Integer), sa.column("status", sa.String),
                  sa.column("questions", sa.JSON))
answers = sa.table("pulse_answers", sa.column("pulse_id", sa.Integer),
                   sa.column("submission", sa.String), sa.column("question_id", sa.String))
comments = sa.table("pulse_comments", sa.column("pulse_id", sa.Integer),
                    sa.column("submission", sa.String))


def upgrade() -> None:
    bind = op.get_bind()
    closed = bind.execute(sa.select(pulses.c.id, pulses.c.questions)
                          .where(pulses.c.status == "closed")).all()
    for pulse_id, questions in closed:
        wanted = sorted({q["id"] for q in questions})
        complete = (sa.select(answers.c.submission)
                    .where(answers.c.pulse_id == pulse_id, answers.c.question_id.in_(wanted))
                    .group_by(answers.c.submission).having(sa.func.count() == len(wanted)))
        bind.execute(sa.delete(answers).where(
            answers.c.pulse_id == pulse_id,
            sa.or_(answers.c.submission.not_in(complete), answers.c.question_id.not_in(wanted))))
        bind.execute(sa.delete(comments).where(comments.c.pulse_id == pulse_id,
                                               comments.c.submission.not_in(complete)))
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+), never a batch copy of the table: migrations run
    # with SQLite's foreign keys on, and dropping the old copy of `pulses` would cascade to the
    # answers, recipients and comments of every pulse.
    with op.batch_alter_table("pulses", recreate="never") as batch:
        batch.drop_column("interim")


def downgrade() -> None:
    # The incomplete submissions of closed pulses are gone for good (they were never shown).
    with op.batch_alter_table("pulses") as batch:
        batch.add_column(sa.Column("interim", sa.JSON(), nullable=True))
