"""People provisioned by an identity provider over SCIM 2.0 (issue 13).

scim_users holds each provisioned person's stable SCIM id, the User resource as the identity
provider last sent it (so it reads back as written), and the SCIM id of their manager (a
manager provisioned later is linked when they arrive). It points at people.id with ON DELETE
CASCADE and is erased with the person when they are forgotten.

Revision ID: 0012_scim
Revises: 0011_manager_prefs
Create Date: 2026-11-30
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012_scim"
down_revision: str | None = "0011_manager_prefs"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "scim_users",
        sa.Column("scim_id", sa.String(), nullable=False),
        sa.Column("person_id", sa.Integer(), nullable=False),
        sa.Column("user_name", sa.String(), nullable=False),
        sa.Column("external_id", sa.String(), nullable=True),
        sa.Column("manager_scim_id", sa.String(), nullable=True),
        sa.Column("resource", sa.JSON(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["person_id"],
            ["people.id"],
            name=op.f("fk_scim_users_person_id_people"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("scim_id", name=op.f("pk_scim_users")),
    )
    op.create_index(op.f("ix_scim_users_person_id"), "scim_users", ["person_id"], unique=True)
    op.create_index(op.f("ix_scim_users_user_name"), "scim_users", ["user_name"], unique=True)
    op.create_index(op.f("ix_scim_users_manager_scim_id"), "scim_users", ["manager_scim_id"])


def downgrade() -> None:
    op.drop_index(op.f("ix_scim_users_manager_scim_id"), table_name="scim_users")
    op.drop_index(op.f("ix_scim_users_user_name"), table_name="scim_users")
    op.drop_index(op.f("ix_scim_users_person_id"), table_name="scim_users")
    op.drop_table("scim_users")
