"""Initial schema: tracks, people, identities, addresses, assessments, scores, track views,
processed events.

Revision ID: 0001
Revises:
Create Date: 2026-03-02
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Migrations are frozen history: plain types here, never imports of today's models.
UTC_TIME = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "tracks",
        sa.Column("id", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("description", sa.String(), nullable=False),
        sa.Column("document", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_tracks")),
    )
    op.create_table(
        "processed_events",
        sa.Column("key", sa.String(), nullable=False),
        sa.Column("seen_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("key", name=op.f("pk_processed_events")),
    )
    op.create_table(
        "addresses",
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("tenant_id", sa.String(), nullable=False),
        sa.Column("address", sa.JSON(), nullable=False),
        sa.Column("updated_at", UTC_TIME, nullable=False),
        sa.PrimaryKeyConstraint("platform", "user_id", name=op.f("pk_addresses")),
    )
    op.create_table(
        "people",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("email", sa.String(), nullable=False),
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("manager_id", sa.Integer(), nullable=True),
        sa.Column("track_id", sa.String(), nullable=True),
        sa.Column("level_id", sa.String(), nullable=True),
        sa.Column("team", sa.String(), nullable=False),
        sa.Column("role", sa.String(), nullable=False),
        sa.Column("timezone", sa.String(), nullable=False),
        sa.ForeignKeyConstraint(["manager_id"], ["people.id"], ondelete="SET NULL",
                                name=op.f("fk_people_manager_id_people")),
        sa.ForeignKeyConstraint(["track_id"], ["tracks.id"],
                                name=op.f("fk_people_track_id_tracks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_people")),
        sa.UniqueConstraint("email", name=op.f("uq_people_email")),
    )
    op.create_index(op.f("ix_people_manager_id"), "people", ["manager_id"])
    op.create_index(op.f("ix_people_track_id"), "people", ["track_id"])
    op.create_table(
        "identities",
        sa.Column("platform", sa.String(), nullable=False),
        sa.Column("user_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("tenant_id", sa.String(), nullable=False),
        sa.Column("linked_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_identities_person_id_people")),
        sa.PrimaryKeyConstraint("platform", "user_id", name=op.f("pk_identities")),
    )
    op.create_index(op.f("ix_identities_person_id"), "identities", ["person_id"])
    op.create_table(
        "assessments",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("subject_id", sa.Integer(), nullable=False),
        sa.Column("rater_id", sa.Integer(), nullable=False),
        sa.Column("track_id", sa.String(), nullable=False),
        sa.Column("target_level_id", sa.String(), nullable=False),
        sa.Column("started_at", UTC_TIME, nullable=False),
        sa.Column("completed_at", UTC_TIME, nullable=True),
        sa.ForeignKeyConstraint(["rater_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_assessments_rater_id_people")),
        sa.ForeignKeyConstraint(["subject_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_assessments_subject_id_people")),
        sa.ForeignKeyConstraint(["track_id"], ["tracks.id"],
                                name=op.f("fk_assessments_track_id_tracks")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_assessments")),
    )
    op.create_index(op.f("ix_assessments_subject_id"), "assessments", ["subject_id"])
    op.create_index(
        "uq_assessments_open", "assessments",
        ["subject_id", "rater_id", "track_id", "target_level_id"], unique=True,
        sqlite_where=sa.text("completed_at IS NULL"),
        postgresql_where=sa.text("completed_at IS NULL"),
    )
    op.create_table(
        "scores",
        sa.Column("assessment_id", sa.Integer(), nullable=False),
        sa.Column("competency_id", sa.String(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=True),
        sa.Column("rated_at", UTC_TIME, nullable=False),
        sa.ForeignKeyConstraint(["assessment_id"], ["assessments.id"], ondelete="CASCADE",
                                name=op.f("fk_scores_assessment_id_assessments")),
        sa.PrimaryKeyConstraint("assessment_id", "competency_id", name=op.f("pk_scores")),
    )
    op.create_table(
        "track_views",
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("first_viewed_at", UTC_TIME, nullable=False),
        sa.Column("last_viewed_at", UTC_TIME, nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["person_id"], ["people.id"], ondelete="CASCADE",
                                name=op.f("fk_track_views_person_id_people")),
        sa.PrimaryKeyConstraint("person_id", name=op.f("pk_track_views")),
    )


def downgrade() -> None:
    for table in ("track_views", "scores", "assessments", "identities", "people", "addresses",
                  "processed_events", "tracks"):
        op.drop_table(table)
