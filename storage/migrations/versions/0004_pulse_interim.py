"""Pulses: the interim snapshot shown while a pulse is open (see storage/hr_tables.py).

Revision ID: 0004_pulse_interim
Revises: 0003_managers
Create Date: 2026-11-24
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_pulse_interim"
down_revision: str | None = "0003_managers"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("pulses") as batch:
        batch.add_column(sa.Column("interim", sa.JSON(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("pulses") as batch:
        batch.drop_column("interim")
