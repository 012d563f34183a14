"""Shared column building blocks of every table module: the constraint naming convention and
a timezone-aware UTC datetime type that behaves the same on SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import DateTime
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


def utc(nullable: bool = False) -> Any:
    """A UtcDateTime field (NOT NULL unless `nullable`, then defaulting to NULL)."""
    if nullable:
        return Field(default=None, sa_type=UtcDateTime, nullable=True)
    return Field(sa_type=UtcDateTime, nullable=False)
