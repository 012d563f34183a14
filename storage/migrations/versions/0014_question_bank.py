"""Pulse question types and a question bank: HR's saved questions (issue 14).

Reserved in the revision chain so parallel work lands in a fixed order.

Revision ID: 0014_question_bank
Revises: 0013_slack_oauth
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0014_question_bank"
down_revision: str | None = "0013_slack_oauth"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
