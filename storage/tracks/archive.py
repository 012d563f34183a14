"""Archiving a track (`careerbot tracks archive`) and the CLI's list of tracks. An archived
track keeps its row, so ratings, history and exports still find it; chat no longer shows it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Track
from storage.database import Database
from storage.people.tables import PersonRow
from storage.records import ImportFailed
from storage.tracks.mapping import to_track
from storage.tracks.tables import TrackRow


@dataclass(frozen=True)
class TrackEntry:
    """One line of `careerbot tracks list`."""

    track: Track
    people: int
    archived_at: datetime | None


async def track_entries(db: Database) -> list[TrackEntry]:
    """Every track, archived ones too, by name, with how many people are on each."""
    async with db.session() as s:
        counts = dict((await s.exec(select(PersonRow.track_id, func.count()).group_by(
            col(PersonRow.track_id)))).all())
        rows = (await s.exec(select(TrackRow).order_by(col(TrackRow.name)))).all()
        return [TrackEntry(to_track(row), counts.get(row.id, 0), row.archived_at)
                for row in rows]


async def set_archived(db: Database, name: str, at: datetime | None) -> Track:
    """Archive the track named `name` (id or name, any case) at `at`, or restore it (None).

    Refuses, changing nothing, an unknown name and archiving a track people are still on
    (naming them). Archiving an archived track, or restoring an active one, changes nothing."""
    async with db.session() as s:
        row = await _find(s, name)
        if at is not None and row.archived_at is None:
            people = (await s.exec(select(PersonRow).where(PersonRow.track_id == row.id)
                                   .order_by(col(PersonRow.name)))).all()
            if people:
                listed = ", ".join(f"{p.name} ({p.email})" for p in people[:20])
                more = f" and {len(people) - 20} more" if len(people) > 20 else ""
                raise ImportFailed(row.name, f"{_people(len(people))} still on this track: "
                                   f"{listed}{more}. Move them to another track first (import "
                                   "an updated people file), then archive it.")
        if (at is None) != (row.archived_at is None):
            row.archived_at = at
            s.add(row)
            await s.commit()
        return to_track(row)


def _people(count: int) -> str:
    return "1 person is" if count == 1 else f"{count} people are"


async def _find(s: AsyncSession, name: str) -> TrackRow:
    wanted = name.strip().casefold()
    rows = (await s.exec(select(TrackRow).order_by(col(TrackRow.name)))).all()
    for row in rows:
        if wanted in (row.id.casefold(), row.name.strip().casefold()):
            return row
    known = ", ".join(f"{row.name} ({row.id})" for row in rows) or "none yet"
    raise ImportFailed(name, f"no track called that (tracks: {known})")
