"""The rollouts table (created and changed only through migrations)."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class RolloutRow(SQLModel, table=True):
    __tablename__ = "rollouts"

    id: int | None = Field(default=None, primary_key=True)
    team: str
    team_key: str = Field(unique=True)  # lower-cased team, one rollout per team
    rollout_date: date
    stages: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    created_at: datetime = Field(sa_type=UtcDateTime)


class SelfCheckRow(SQLModel, table=True):
    """An HR person's organisation self-check in progress: the answers so far ("1,0,4"), so
    an answer typed in chat continues it where a button would."""

    __tablename__ = "selfcheck_progress"

    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    answers: str = ""
    updated_at: datetime = Field(sa_type=UtcDateTime)
