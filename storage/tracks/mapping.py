"""Tracks to and from their row: the matrix (levels, competencies, expectations) as JSON."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.model import Competency, Level, Track
from storage.tracks.tables import TrackRow

# Bumped if the document's shape ever changes, so old rows can be recognised and converted.
DOCUMENT_VERSION = 1


def track_document(track: Track) -> dict[str, Any]:
    """The matrix part of a track (levels, competencies, expectations) as plain JSON."""
    return {
        "version": DOCUMENT_VERSION,
        "levels": [{"id": lv.id, "title": lv.title, "after": lv.after} for lv in track.levels],
        "competencies": [
            {"id": c.id, "name": c.name, "description": c.description,
             "expectations": {lid: list(bullets) for lid, bullets in c.expectations.items()}}
            for c in track.competencies
        ],
    }


def track_row(track: Track, at: datetime) -> TrackRow:
    return TrackRow(id=track.id, name=track.name, description=track.description,
                    document=track_document(track), updated_at=at)


def to_track(row: TrackRow) -> Track:
    doc = row.document
    return Track(
        id=row.id,
        name=row.name,
        description=row.description,
        levels=tuple(Level(lv["id"], lv["title"], lv.get("after")) for lv in doc["levels"]),
        competencies=tuple(
            Competency(c["id"], c["name"], c.get("description", ""),
                       {lid: tuple(bullets) for lid, bullets in c["expectations"].items()})
            for c in doc["competencies"]
        ),
    )
