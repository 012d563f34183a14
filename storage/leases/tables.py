"""The leases table (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class LeaseRow(SQLModel, table=True):
    """A named lease (the scheduler's leader lock on SQLite)."""

    __tablename__ = "leases"

    name: str = Field(primary_key=True)
    holder: str
    expires_at: datetime = Field(sa_type=UtcDateTime)
