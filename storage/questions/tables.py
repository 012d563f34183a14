"""HR's saved pulse questions (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import utc


class SavedQuestionRow(SQLModel, table=True):
    """One question HR saved for reuse, under its own id (never one of the bank's). Its author
    stays linked only while their people row exists."""

    __tablename__ = "pulse_questions"

    id: str = Field(primary_key=True)
    text: str
    kind: str = "agree"
    choices: list[str] = Field(default_factory=list, sa_type=JSON)
    created_by: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
    created_at: datetime = utc()
