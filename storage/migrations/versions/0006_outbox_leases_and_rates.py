"""Fan-out at the platforms' rate limits (issue 10): outbox claims become short leases held by a
named drain (renewed while it lives), pending rows can wait for a not-before time (a 429's
Retry-After, a failed send's back-off), and the rate buckets every process shares.

Rows claimed before this revision have no lease end: they count as expired, so any drain takes
them over.

Revision ID: 0006_outbox_leases_and_rates
Revises: 0005_pulse_results_at_close
Create Date: 2026-11-26
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006_outbox_leases_and_rates"
down_revision: str | None = "0005_pulse_results_at_close"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("deliveries") as batch:
        batch.add_column(sa.Column("holder", sa.String(), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True))
        batch.add_column(sa.Column("not_before", sa.DateTime(timezone=True), nullable=True))
        batch.create_index("ix_deliveries_subject_status", ["subject", "status"])
        batch.create_index("ix_deliveries_status", ["status"])
    op.create_table(
        "rate_buckets",
        sa.Column("name", sa.String(), nullable=False),
        sa.Column("next_at", sa.Float(), nullable=False),
        sa.Column("paused_until", sa.Float(), nullable=False),
        sa.Column("share", sa.Float(), nullable=False),
        sa.Column("share_at", sa.Float(), nullable=False),
        sa.PrimaryKeyConstraint("name", name=op.f("pk_rate_buckets")),
    )


def downgrade() -> None:
    op.drop_table("rate_buckets")
    with op.batch_alter_table("deliveries") as batch:
        batch.drop_index("ix_deliveries_status")
        batch.drop_index("ix_deliveries_subject_status")
        batch.drop_column("not_before")
        batch.drop_column("lease_until")
        batch.drop_column("holder")
