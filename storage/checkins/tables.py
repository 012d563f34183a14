"""Tables of check-in cadences, schedules, prompts and notes (created and changed only through
migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import UniqueConstraint
from sqlmodel import Field, SQLModel

from storage.columns import utc


class CadenceRow(SQLModel, table=True):
    """A manager's check-in cadence; manager_id 0 holds the organisation default HR sets."""

    __tablename__ = "checkin_cadences"

    manager_id: int = Field(primary_key=True, sa_column_kwargs={"autoincrement": False})
    frequency: str = "biweekly"
    weekday: int = 0
    minutes: int = 9 * 60  # local time of day, minutes after midnight
    digest: bool = True  # one message for all reports; False: one per report
    updated_at: datetime = utc()


class ScheduleRow(SQLModel, table=True):
    """The manager's next check-in slot (UTC); NULL when check-ins are off."""

    __tablename__ = "checkin_schedules"

    manager_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    next_slot_at: datetime | None = utc(nullable=True)


class PromptRow(SQLModel, table=True):
    """The outbox of check-in prompts: one row per (manager, report, slot), claimed before
    sending so a restart or a second sender never sends it twice."""

    __tablename__ = "checkin_prompts"
    __table_args__ = (UniqueConstraint("manager_id", "report_id", "slot_at"),)

    id: int | None = Field(default=None, primary_key=True)
    manager_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    report_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    slot_at: datetime = utc()
    send_at: datetime = utc()
    status: str = Field(default="pending", index=True)
    changed_at: datetime = utc()
    sent_at: datetime | None = utc(nullable=True)
    held_at: datetime | None = utc(nullable=True)


class NoteRow(SQLModel, table=True):
    """A check-in note or agreed action, private to the manager and the report."""

    __tablename__ = "checkin_notes"

    id: int | None = Field(default=None, primary_key=True)
    report_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    author_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    prompt_id: int | None = Field(default=None, foreign_key="checkin_prompts.id",
                                  ondelete="SET NULL")
    kind: str = "note"
    text: str
    created_at: datetime = utc()
