"""SqlTracks: the core's Tracks port, plus the CLI's `track_view` (adoption numbers)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Table, bindparam
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Track
from storage.database import QUICK, Sessions
from storage.prepared import Prepared
from storage.tracks.mapping import to_track
from storage.tracks.tables import TrackRow, TrackViewRow

# Built once with parameters (every "what's next" runs both): a reused statement keeps its
# cache key and compiled form. On the plain tables: rows, not ORM objects (a row has the columns
# to_track reads). QUICK: by key, run on the event loop on SQLite; Prepared: straight on its
# sqlite3 connection (storage/prepared.py).
_TRACKS: Table = TrackRow.__table__  # type: ignore[attr-defined]  # table=True
_TRACK = Prepared(select(*_TRACKS.c).where(_TRACKS.c.id == bindparam("track_id"))
                  .execution_options(**QUICK), as_stored=("document",))
# Tracks made from a row whose document came as stored (JSON text), by the row's values: a
# track changes in place (a re-import), and a changed row is a new key, so a Track (frozen) is
# reused only for exactly the row it was made from. Reading and building the matrix was a
# third of the track's lookup; the row itself is still read each time. Bounded: cleared when
# full (tracks are few; each re-import adds a key).
_MADE: dict[tuple[Any, ...], Track] = {}
_MADE_LIMIT = 256


def _track(row: Any) -> Track:
    if not isinstance(row.document, str):  # read through SQLAlchemy: already an object
        return to_track(cast(TrackRow, row))
    key = tuple(row)
    track = _MADE.get(key)
    if track is None:
        if len(_MADE) >= _MADE_LIMIT:
            _MADE.clear()
        track = _MADE[key] = to_track(cast(TrackRow, row._replace(
            document=json.loads(row.document))))
    return track
_VIEWS: Table = TrackViewRow.__table__  # type: ignore[attr-defined]  # table=True


def _view_upsert(insert: Any) -> Any:
    stmt = insert(_VIEWS).values(person_id=bindparam("person_id"),
                                       first_viewed_at=bindparam("at"),
                                       last_viewed_at=bindparam("at"), count=1)
    return stmt.on_conflict_do_update(
        index_elements=["person_id"],
        set_={"last_viewed_at": stmt.excluded.last_viewed_at,
              "count": _VIEWS.c.count + 1}).execution_options(**QUICK)


_VIEW_UPSERT = {"sqlite": Prepared(_view_upsert(sqlite.insert)),
                "postgresql": Prepared(_view_upsert(postgresql.insert))}


async def all_tracks(session: AsyncSession, *, archived: bool = True) -> list[Track]:
    """Every track ordered by name; without the archived ones when `archived` is False."""
    query = select(TrackRow).order_by(col(TrackRow.name), col(TrackRow.id))
    if not archived:
        query = query.where(col(TrackRow.archived_at).is_(None))
    rows = await session.exec(query)
    return [to_track(row) for row in rows.all()]


async def archived_ids(session: AsyncSession) -> set[str]:
    """The ids of archived tracks."""
    rows = await session.exec(select(TrackRow.id).where(col(TrackRow.archived_at).isnot(None)))
    return set(rows.all())


class SqlTracks:
    """Implements bot.ports.Tracks."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def track(self, track_id: str) -> Track | None:
        """The track, archived or not: ratings made on an archived track still show."""
        async with self.db.transaction() as s:
            row = await _TRACK.first(s, track_id=track_id)
            return _track(row) if row is not None else None

    async def tracks(self) -> Sequence[Track]:
        """Every track people can see in chat (not archived), ordered by name."""
        async with self.db.transaction() as s:
            return await all_tracks(s, archived=False)

    async def record_track_view(self, person_id: int, at: datetime) -> None:
        async with self.db.transaction() as s:
            await _VIEW_UPSERT[self.db.dialect].run(s, person_id=person_id, at=at)

    async def track_view(self, person_id: int) -> TrackViewRow | None:
        """When (and how often) the person looked at their track, for adoption numbers."""
        async with self.db.transaction() as s:
            return await s.get(TrackViewRow, person_id)
