"""Managers' and HR's everyday use (issue 12).

Reserved in the revision chain so parallel work lands in a fixed order; filled in by that work.

Revision ID: 0011_manager_prefs
Revises: 0010_goals_and_chat
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0011_manager_prefs"
down_revision: str | None = "0010_goals_and_chat"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
