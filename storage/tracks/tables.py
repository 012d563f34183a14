"""Tables of career tracks and track views (created and changed only through migrations)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import utc


class TrackRow(SQLModel, table=True):
    """A career track. Levels, competencies and expectations live in one JSON `document`, so
    a re-import replaces the matrix in place (see tracks.mapping.track_document)."""

    __tablename__ = "tracks"

    id: str = Field(primary_key=True)
    name: str
    description: str = ""
    document: dict[str, Any] = Field(default_factory=dict, sa_type=JSON)
    updated_at: datetime = utc()
    # Set by `careerbot tracks archive`: gone from chat, kept for ratings and exports.
    archived_at: datetime | None = utc(nullable=True)


class TrackViewRow(SQLModel, table=True):
    __tablename__ = "track_views"

    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    first_viewed_at: datetime = utc()
    last_viewed_at: datetime = utc()
    count: int = 1
