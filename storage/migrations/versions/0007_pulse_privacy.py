"""Pulse answers unlinkable at rest (issue 11).

Reserved in the revision chain so parallel work lands in a fixed order; filled in by that work.

Revision ID: 0007_pulse_privacy
Revises: 0006_outbox_leases_and_rates
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0007_pulse_privacy"
down_revision: str | None = "0006_outbox_leases_and_rates"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
