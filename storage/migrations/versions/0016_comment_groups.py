"""Closed pulses' comments labelled with their reported group, like answers (issue 14): a new
`pulse_comments.team`. Comments of pulses closed before it keep "" (no group): they count for
everyone only, never for a team.

Revision ID: 0016_comment_groups
Revises: 0015_pulse_series
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016_comment_groups"
down_revision: str | None = "0015_pulse_series"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # ALTER TABLE ... ADD COLUMN on both backends: no batch copy of a table.
    op.add_column("pulse_comments",
                  sa.Column("team", sa.String(), nullable=False, server_default=""))


def downgrade() -> None:
    # ALTER TABLE ... DROP COLUMN (SQLite 3.35+); pulse_comments has no children anyway.
    with op.batch_alter_table("pulse_comments", recreate="never") as batch:
        batch.drop_column("team")
