"""Employees' everyday use: goals with dates (issue 12).

Reserved in the revision chain so parallel work lands in a fixed order. That work needed no
schema change: goals already had their due date and nudge columns (plan_goals.due, nudged_at);
editing, removing and reopening a goal, small talk and the closest commands are code only. The
revision stays, empty, so the chain keeps its order.

Revision ID: 0010_goals_and_chat
Revises: 0009_tracks_over_time
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0010_goals_and_chat"
down_revision: str | None = "0009_tracks_over_time"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
