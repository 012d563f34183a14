"""SqlProcessedEvents: the core's ProcessedEvents port (platform event keys already answered)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, delete
from sqlmodel import col

from storage.database import Sessions
from storage.people.tables import ProcessedEventRow
from storage.upsert import upsert


class SqlProcessedEvents:
    """Implements bot.ports.ProcessedEvents, plus the clean-up of old keys."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def claim_event(self, key: str, at: datetime) -> bool:
        async with self.db.transaction() as s:
            written = await upsert(s, ProcessedEventRow, dict(key=key, seen_at=at),
                                   keys=("key",))
            await s.flush()
        return written == 1

    async def forget_events_before(self, at: datetime) -> int:
        """Drop event keys older than `at` (platforms stop retrying after minutes)."""
        async with self.db.transaction() as s:
            result = await s.exec(
                delete(ProcessedEventRow).where(col(ProcessedEventRow.seen_at) < at))
            await s.flush()
        return int(cast(CursorResult[Any], result).rowcount)
