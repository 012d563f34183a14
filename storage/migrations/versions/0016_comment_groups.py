"""Closed pulses' comments labelled with their reported group, like answers (issue 14).

Reserved in the revision chain so parallel work lands in a fixed order.

Revision ID: 0016_comment_groups
Revises: 0015_pulse_series
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0016_comment_groups"
down_revision: str | None = "0015_pulse_series"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
