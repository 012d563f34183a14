"""Tables of people, their platform identities, proactive addresses and processed event keys
(created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import utc


class PersonRow(SQLModel, table=True):
    __tablename__ = "people"

    id: int | None = Field(default=None, primary_key=True)
    email: str = Field(unique=True)  # always stored lower-cased
    name: str
    manager_id: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL",
                                   index=True)
    track_id: str | None = Field(default=None, foreign_key="tracks.id", index=True)
    level_id: str | None = None
    team: str = ""
    role: str = "employee"
    timezone: str = "UTC"
    # A leaver HR deactivated (import people --leavers deactivate): no chat, prompts or pulses.
    deactivated_at: datetime | None = utc(nullable=True)
    # Set when the person was forgotten: the row keeps only its id (storage/rights/forget.py).
    forgotten_at: datetime | None = utc(nullable=True)


class IdentityRow(SQLModel, table=True):
    """A person's user id on one platform (Slack user, Teams AAD object, console name)."""

    __tablename__ = "identities"

    platform: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    tenant_id: str = ""
    linked_at: datetime = utc()


class AddressRow(SQLModel, table=True):
    """Where to reach a platform user proactively (Teams conversation reference, Slack DM).

    Keyed by platform user, not person: adapters save it before the user is linked."""

    __tablename__ = "addresses"

    platform: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    tenant_id: str = ""
    address: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = utc()


class ProcessedEventRow(SQLModel, table=True):
    """Platform event keys already handled, so a retried delivery is ignored."""

    __tablename__ = "processed_events"

    key: str = Field(primary_key=True)
    seen_at: datetime = utc()
