"""SqlTracks: the core's Tracks port, plus the CLI's `track_view` (adoption numbers)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Track
from storage.database import Sessions
from storage.tracks.mapping import to_track
from storage.tracks.tables import TrackRow, TrackViewRow
from storage.upsert import insert_for


async def all_tracks(session: AsyncSession) -> list[Track]:
    rows = await session.exec(select(TrackRow).order_by(col(TrackRow.name), col(TrackRow.id)))
    return [to_track(row) for row in rows.all()]


class SqlTracks:
    """Implements bot.ports.Tracks."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def track(self, track_id: str) -> Track | None:
        async with self.db.transaction() as s:
            row = await s.get(TrackRow, track_id)
            return to_track(row) if row is not None else None

    async def tracks(self) -> Sequence[Track]:
        """Every track, ordered by name."""
        async with self.db.transaction() as s:
            return await all_tracks(s)

    async def record_track_view(self, person_id: int, at: datetime) -> None:
        async with self.db.transaction() as s:
            insert = insert_for(s, TrackViewRow).values(
                person_id=person_id, first_viewed_at=at, last_viewed_at=at, count=1)
            await s.exec(insert.on_conflict_do_update(
                index_elements=["person_id"],
                set_={"last_viewed_at": at, "count": col(TrackViewRow.count) + 1}))
            await s.flush()

    async def track_view(self, person_id: int) -> TrackViewRow | None:
        """When (and how often) the person looked at their track, for adoption numbers."""
        async with self.db.transaction() as s:
            return await s.get(TrackViewRow, person_id)
