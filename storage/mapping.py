"""Rows to the core's frozen dataclasses and back (tracks as a JSON document, people, ratings)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import Any

from bot.model import Assessment, Competency, Level, Person, Role, Track
from storage.tables import AssessmentRow, PersonRow, ScoreRow, TrackRow

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


def to_person(row: PersonRow, *, has_reports: bool = False) -> Person:
    """A person; an `employee` with direct reports is presented as a manager."""
    assert row.id is not None  # rows come from the database
    role = Role(row.role)
    if has_reports and role is Role.EMPLOYEE:
        role = Role.MANAGER
    return Person(id=row.id, email=row.email, name=row.name, track_id=row.track_id,
                  level_id=row.level_id, manager_id=row.manager_id, team=row.team, role=role,
                  timezone=row.timezone)


def to_assessment(row: AssessmentRow, scores: Iterable[ScoreRow]) -> Assessment:
    assert row.id is not None  # rows come from the database
    return Assessment(
        id=row.id, subject_id=row.subject_id, rater_id=row.rater_id, track_id=row.track_id,
        target_level_id=row.target_level_id, started_at=row.started_at,
        completed_at=row.completed_at,
        scores={s.competency_id: s.score for s in sorted(scores, key=lambda s: s.rated_at)},
    )
