"""Tracks that change over time: stable competency ids, archived tracks (issue 12).

Competency ids need no schema: they live in the track's JSON document, and ratings already
refer to them. An archived track keeps its row (ratings and exports refer to it) with the time
it was archived; op.add_column, not a batch copy, so no child row is touched on SQLite.

Revision ID: 0009_tracks_over_time
Revises: 0008_people_rights
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009_tracks_over_time"
down_revision: str | None = "0008_people_rights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tracks", sa.Column("archived_at", sa.DateTime(timezone=True), nullable=True))


def downgrade() -> None:
    # SQLite 3.35+ drops a column in place (a batch copy of `tracks` would cascade).
    op.drop_column("tracks", "archived_at")
