"""SQLModel table models: the database schema (created and changed only through migrations).

Rows stay here; the core sees frozen dataclasses built by storage/mapping.py."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, text
from sqlalchemy.engine import Dialect
from sqlalchemy.types import TypeDecorator
from sqlmodel import Field, SQLModel

# Deterministic constraint names on every backend, so later migrations can refer to them
# (SQLite batch migrations cannot drop an unnamed constraint).
SQLModel.metadata.naming_convention = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class UtcDateTime(TypeDecorator[datetime]):
    """A timezone-aware UTC datetime on both backends.

    PostgreSQL keeps the zone (timestamptz); SQLite stores text without one, so values are
    converted to UTC on the way in and tagged as UTC on the way out. Naive values are refused:
    the clock port always gives aware ones."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value!r}: pass a timezone-aware UTC datetime")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: datetime | None, dialect: Dialect) -> datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _utc(nullable: bool = False) -> Any:
    if nullable:
        return Field(default=None, sa_type=UtcDateTime, nullable=True)
    return Field(sa_type=UtcDateTime, nullable=False)


class TrackRow(SQLModel, table=True):
    """A career track. Levels, competencies and expectations live in one JSON `document`, so
    a re-import replaces the matrix in place (see mapping.track_document)."""

    __tablename__ = "tracks"

    id: str = Field(primary_key=True)
    name: str
    description: str = ""
    document: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = _utc()


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


class IdentityRow(SQLModel, table=True):
    """A person's user id on one platform (Slack user, Teams AAD object, console name)."""

    __tablename__ = "identities"

    platform: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    person_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    tenant_id: str = ""
    linked_at: datetime = _utc()


class AddressRow(SQLModel, table=True):
    """Where to reach a platform user proactively (Teams conversation reference, Slack DM).

    Keyed by platform user, not person: adapters save it before the user is linked."""

    __tablename__ = "addresses"

    platform: str = Field(primary_key=True)
    user_id: str = Field(primary_key=True)
    tenant_id: str = ""
    address: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = _utc()


class AssessmentRow(SQLModel, table=True):
    __tablename__ = "assessments"
    # At most one unfinished assessment per (subject, rater, target): a double-pressed
    # "rate" button resumes it instead of starting a second one.
    __table_args__ = (
        Index("uq_assessments_open", "subject_id", "rater_id", "track_id", "target_level_id",
              unique=True, sqlite_where=text("completed_at IS NULL"),
              postgresql_where=text("completed_at IS NULL")),
    )

    id: int | None = Field(default=None, primary_key=True)
    subject_id: int = Field(foreign_key="people.id", ondelete="CASCADE", index=True)
    rater_id: int = Field(foreign_key="people.id", ondelete="CASCADE")
    track_id: str = Field(foreign_key="tracks.id")
    target_level_id: str
    started_at: datetime = _utc()
    completed_at: datetime | None = _utc(nullable=True)


class ScoreRow(SQLModel, table=True):
    """One competency's score in an assessment; NULL score = skipped."""

    __tablename__ = "scores"

    assessment_id: int = Field(foreign_key="assessments.id", primary_key=True,
                               ondelete="CASCADE")
    competency_id: str = Field(primary_key=True)
    score: int | None = None
    rated_at: datetime = _utc()


class TrackViewRow(SQLModel, table=True):
    __tablename__ = "track_views"

    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    first_viewed_at: datetime = _utc()
    last_viewed_at: datetime = _utc()
    count: int = 1


class ProcessedEventRow(SQLModel, table=True):
    """Platform event keys already handled, so a retried delivery is ignored."""

    __tablename__ = "processed_events"

    key: str = Field(primary_key=True)
    seen_at: datetime = _utc()

