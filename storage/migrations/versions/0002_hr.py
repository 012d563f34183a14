"""HR: rollouts, pulse polls, recipients, anonymous answers and comments, delivery outbox, leases.

Revision ID: 0002_hr
Revises: 0001
Create Date: 2026-03-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0002_hr"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "rollouts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("team_key", sa.String(), nullable=False),
        sa.Column("rollout_date", sa.Date(), nullable=False),
        sa.Column("stages", sa.JSON(), nullable=False),
        sa.Column("created_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_rollouts")),
        sa.UniqueConstraint("team_key", name=op.f("uq_rollouts_team_key")),
    )
    op.create_table(
        "pulses",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("title", sa.String(), nullable=False),
        sa.Column("rollout_id", sa.Integer(), nullable=True),
        sa.Column("questions", sa.JSON(), nullable=False),
        sa.Column("audience", sa.JSON(), nullable=False),
        sa.Column("opens_at", UTC_TIME, nullable=False),
        sa.Column("closes_at", UTC_TIME, nullable=False),
        sa.Column("threshold", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reminder_days", sa.JSON(), nullable=False),
        sa.Column("secret", sa.String(), nullable=True),
        sa.ForeignKeyConstraint(["rollout_id"], ["rollouts.id"], ondelete="SET NULL",
                                name=op.f("fk_pulses_rollout_id_rollouts")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulses")),
    )
    op.create_index(op.f("ix_pulses_rollout_id"), "pulses", ["rollout_id"])
    op.create_table(
        "pulse_recipients",
        sa.Column("pulse_id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("complete", sa.Boolean(), nullable=False),
        sa.ForeignKeyConstraint(["pulse_id"], ["pulses.id"], ondelete="CASCADE",
                                name=op.f("fk_pulse_recipients_pulse_id_pulses")),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_pulse_recipients_person_id_people")),
        sa.PrimaryKeyConstraint("pulse_id", "person_id", name=op.f("pk_pulse_recipients")),
    )
    op.create_table(
        "pulse_answers",
        sa.Column("pulse_id", sa.Integer(), nullable=False),
        sa.Column("submission", sa.String(), nullable=False),
        sa.Column("question_id", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("team", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["pulse_id"], ["pulses.id"], ondelete="CASCADE",
                                name=op.f("fk_pulse_answers_pulse_id_pulses")),
        sa.PrimaryKeyConstraint("pulse_id", "submission", "question_id",
                                name=op.f("pk_pulse_answers")),
    )
    op.create_table(
        "pulse_comments",
        sa.Column("pulse_id", sa.Integer(), nullable=False),
        sa.Column("submission", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["pulse_id"], ["pulses.id"], ondelete="CASCADE",
                                name=op.f("fk_pulse_comments_pulse_id_pulses")),
        sa.PrimaryKeyConstraint("pulse_id", "submission", name=op.f("pk_pulse_comments")),
    )
    op.create_table(
        "deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject", sa.String(), nullable=False),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("claimed_at", UTC_TIME, nullable=True),
        sa.Column("sent_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_deliveries_person_id_people")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_deliveries")),
        sa.UniqueConstraint("subject", "kind", "person_id",
                            name=op.f("uq_deliveries_subject_kind_person_id")),
    )
    op.create_index(op.f("ix_deliveries_subject"), "deliveries", ["subject"])
    op.create_table(
        "leases",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("holder", sa.String(), nullable=False),
        sa.Column("expires_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_leases")),
    )


def downgrade() -> None:
    op.drop_index(op.f("ix_deliveries_subject"), table_name="deliveries")
    op.drop_index(op.f("ix_pulses_rollout_id"), table_name="pulses")
    for table in ("leases", "deliveries", "pulse_comments", "pulse_answers", "pulse_recipients",
                  "pulses", "rollouts"):
        op.drop_table(table)
