"""Tracks that change over time: stable competency ids, archived tracks (issue 12).

Reserved in the revision chain so parallel work lands in a fixed order; filled in by that work.

Revision ID: 0009_tracks_over_time
Revises: 0008_people_rights
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0009_tracks_over_time"
down_revision: str | None = "0008_people_rights"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
