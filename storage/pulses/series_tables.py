"""The table of recurring pulses' series; each run is a row of `pulses` with its series_id."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class PulseSeriesRow(SQLModel, table=True):
    """`every` `unit` (weeks|months) apart from `first_opens_at`, wall-clock in `timezone`;
    stopped once `stopped_at` is set (never deleted: its runs keep pointing at it)."""

    __tablename__ = "pulse_series"

    id: int | None = Field(default=None, primary_key=True)
    audience: list[str] = Field(default_factory=list, sa_type=JSON)
    every: int
    unit: str
    first_opens_at: datetime = Field(sa_type=UtcDateTime)
    timezone: str = "UTC"
    stopped_at: datetime | None = Field(default=None, sa_type=UtcDateTime)
    created_by: int | None = Field(default=None, foreign_key="people.id", ondelete="SET NULL")
