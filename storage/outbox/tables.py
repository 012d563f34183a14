"""The outbox table (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index, UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class DeliveryRow(SQLModel, table=True):
    """The outbox: one proactive message to one person, claimed, sent and marked.

    A claimed row belongs to `holder` (one drain in one process) until `lease_until`, which the
    holder keeps pushing back while it lives; a pending row waits for `not_before` (a platform
    asked to slow down, or a failed send backs off)."""

    __tablename__ = "deliveries"
    __table_args__ = (UniqueConstraint("subject", "kind", "person_id"),
                      Index("ix_deliveries_subject_status", "subject", "status"),
                      Index("ix_deliveries_status", "status"))

    id: int | None = Field(default=None, primary_key=True)
    subject: str = Field(index=True)
    kind: str
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    status: str = "pending"
    attempts: int = 0
    claimed_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    sent_at: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    holder: str | None = None
    lease_until: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
    not_before: datetime | None = Field(default=None, sa_type=UtcDateTime, nullable=True)
