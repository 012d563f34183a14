"""The SCIM users table (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import utc


class ScimUserRow(SQLModel, table=True):
    """A person provisioned by the identity provider: their stable SCIM id, the User resource
    as last sent (read back as written) and their manager's SCIM id. Erased with the person
    when they are forgotten (a foreign key to people: storage/rights/forget.py)."""

    __tablename__ = "scim_users"

    scim_id: str = Field(primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", unique=True, index=True)
    user_name: str = Field(unique=True, index=True)  # case-folded: userName is not case-exact
    external_id: str | None = None
    # May name someone not provisioned yet: they are linked as the manager when they arrive.
    manager_scim_id: str | None = Field(default=None, index=True)
    resource: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    created_at: datetime = utc()
    updated_at: datetime = utc()
