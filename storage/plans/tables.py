"""Tables of development plans and their goals (created and changed only through migrations)."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import utc


class PlanRow(SQLModel, table=True):
    __tablename__ = "dev_plans"

    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    track_id: str
    target_level_id: str
    focus: list[str] = Field(default_factory=list, sa_type=JSON)
    updated_at: datetime = utc()


class GoalRow(SQLModel, table=True):
    __tablename__ = "plan_goals"

    id: int | None = Field(default=None, primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    text: str
    due: date | None = None
    created_at: datetime = utc()
    done_at: datetime | None = utc(nullable=True)
    nudged_at: datetime | None = utc(nullable=True)
