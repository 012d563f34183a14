"""SqlProcessedEvents: the core's ProcessedEvents port (platform event keys already answered)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete, literal_column
from sqlmodel import col

from storage.database import QUICK, Sessions
from storage.people.tables import ProcessedEventRow
from storage.upsert import insert_for


class SqlProcessedEvents:
    """Implements bot.ports.ProcessedEvents, plus the clean-up of old keys."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def claim_event(self, key: str, at: datetime) -> bool:
        # One row by its key, the first write of every event's unit: QUICK (on SQLite it runs
        # on the event loop, with the unit's BEGIN, instead of a trip to aiosqlite's thread).
        async with self.db.transaction() as s:
            stmt = (insert_for(s, ProcessedEventRow).values(key=key, seen_at=at)
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(literal_column("1")).execution_options(**QUICK))
            written = len((await s.exec(stmt)).all())
            await s.flush()
        return written == 1

    async def forget_events_before(self, at: datetime) -> int:
        """Drop event keys older than `at` (platforms stop retrying after minutes)."""
        async with self.db.transaction() as s:
            result = await s.exec(
                delete(ProcessedEventRow).where(col(ProcessedEventRow.seen_at) < at))
            await s.flush()
        return int(cast(CursorResult[Any], result).rowcount)
