"""People's data rights: deactivation, audit log, retention (issue 11).

Reserved in the revision chain so parallel work lands in a fixed order; filled in by that work.

Revision ID: 0008_people_rights
Revises: 0007_pulse_privacy
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

revision: str = "0008_people_rights"
down_revision: str | None = "0007_pulse_privacy"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
