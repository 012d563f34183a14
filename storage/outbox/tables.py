"""The outbox table (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class DeliveryRow(SQLModel, table=True):
    """The outbox: one proactive message to one person, claimed, sent and marked."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subject", "kind", "person_id"),)

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(index=True)
    kind: str
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    status: str = "pending"
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
