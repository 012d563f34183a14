"""Managers: development plans and goals, check-in cadences, schedules, prompts (outbox) and
notes, shared manager ratings.

Revision ID: 0003_managers
Revises: 0002_hr
Create Date: 2026-03-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003_managers"
down_revision: str | None = "0002_hr"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "checkin_cadences",
        sa.Column("manager_id", sa.Integer(), autoincrement=False, nullable=False),
        sa.Column("frequency", sa.String(), nullable=False),
        sa.Column("weekday", sa.Integer(), nullable=False),
        sa.Column("minutes", sa.Integer(), nullable=False),
        sa.Column("digest", sa.Boolean(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("manager_id", name=op.f("pk_checkin_cadences")),
    )
    op.create_table(
        "checkin_prompts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("slot_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("send_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("changed_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("held_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["people.id"],
            name=op.f("fk_checkin_prompts_manager_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["people.id"],
            name=op.f("fk_checkin_prompts_report_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_prompts")),
        sa.UniqueConstraint(
            "manager_id",
            "report_id",
            "slot_at",
            name=op.f("uq_checkin_prompts_manager_id_report_id_slot_at"),
        ),
    )
    with op.batch_alter_table("checkin_prompts", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_checkin_prompts_report_id"), ["report_id"], unique=False
        )
        batch_op.create_index(batch_op.f("ix_checkin_prompts_status"), ["status"], unique=False)

    op.create_table(
        "checkin_schedules",
        sa.Column("manager_id", sa.Integer(), nullable=False),
        sa.Column("next_slot_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["manager_id"],
            ["people.id"],
            name=op.f("fk_checkin_schedules_manager_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("manager_id", name=op.f("pk_checkin_schedules")),
    )
    op.create_table(
        "dev_plans",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.String(), nullable=False),
        sa.Column("target_level_id", sa.String(), nullable=False),
        sa.Column("focus", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_dev_plans_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_dev_plans")),
    )
    op.create_table(
        "plan_goals",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("due", sa.Date(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("done_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("nudged_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_plan_goals_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_plan_goals")),
    )
    with op.batch_alter_table("plan_goals", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_plan_goals_person_id"), ["person_id"], unique=False)

    op.create_table(
        "checkin_notes",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("report_id", sa.Integer(), nullable=False),
        sa.Column("author_id", sa.Integer(), nullable=False),
        sa.Column("prompt_id", sa.Integer(), nullable=True),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("text", sa.String(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["author_id"],
            ["people.id"],
            name=op.f("fk_checkin_notes_author_id_people"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["prompt_id"],
            ["checkin_prompts.id"],
            name=op.f("fk_checkin_notes_prompt_id_checkin_prompts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["report_id"],
            ["people.id"],
            name=op.f("fk_checkin_notes_report_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_checkin_notes")),
    )
    with op.batch_alter_table("checkin_notes", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_checkin_notes_report_id"), ["report_id"], unique=False)

    op.create_table(
        "shared_ratings",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("shared_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["assessment_id"],
            ["assessments.id"],
            name=op.f("fk_shared_ratings_assessment_id_assessments"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("assessment_id", name=op.f("pk_shared_ratings")),
    )


def downgrade() -> None:
    op.drop_table("shared_ratings")
    with op.batch_alter_table("checkin_notes", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_notes_report_id"))

    op.drop_table("checkin_notes")
    with op.batch_alter_table("plan_goals", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_plan_goals_person_id"))

    op.drop_table("plan_goals")
    op.drop_table("dev_plans")
    op.drop_table("checkin_schedules")
    with op.batch_alter_table("checkin_prompts", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_checkin_prompts_status"))
        batch_op.drop_index(batch_op.f("ix_checkin_prompts_report_id"))

    op.drop_table("checkin_prompts")
    op.drop_table("checkin_cadences")
