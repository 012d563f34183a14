"""The audit log table (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class AuditRow(SQLModel, table=True):
    """One HR or admin action. No foreign keys: the log outlives the people it names, and
    holds ids, teams and dates only, never an answer, a comment or a note."""

    __tablename__ = "audit_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime = Field(sa_type=UtcDateTime, nullable=False, index=True)
    platform: str
    actor: str  # an email in chat, the OS user in the terminal
    actor_id: int | None = None
    action: str
    detail: str = ""
    person_id: int | None = Field(default=None, index=True)  # about whom, if anyone
