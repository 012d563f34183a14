"""Recurring pulses: a series of pulses with the same questions (issue 14).

Reserved in the revision chain so parallel work lands in a fixed order.

Revision ID: 0015_pulse_series
Revises: 0014_question_bank
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0015_pulse_series"
down_revision: str | None = "0014_question_bank"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
