"""SqlProcessedEvents: the core's ProcessedEvents port (platform event keys already answered)."""

from __future__ import annotations

from datetime import datetime
from typing import Any, cast

from sqlalchemy import CursorResult, Table, bindparam, delete, literal_column
from sqlalchemy.dialects import postgresql, sqlite
from sqlmodel import col

from storage.database import QUICK, Sessions
from storage.people.tables import ProcessedEventRow
from storage.prepared import Prepared

_TABLE: Table = ProcessedEventRow.__table__  # type: ignore[attr-defined]  # table=True


def _claim(insert: Any) -> Prepared:
    return Prepared(insert(_TABLE).values(key=bindparam("key"), seen_at=bindparam("seen_at"))
                    .on_conflict_do_nothing(index_elements=["key"])
                    .returning(literal_column("1")).execution_options(**QUICK))


# One row by its key, the first write of every event's unit: built once per dialect, QUICK (on
# SQLite it runs on the event loop, with the unit's BEGIN) and Prepared (storage/prepared.py).
_CLAIM = {"sqlite": _claim(sqlite.insert), "postgresql": _claim(postgresql.insert)}


class SqlProcessedEvents:
    """Implements bot.ports.ProcessedEvents, plus the clean-up of old keys."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def claim_event(self, key: str, at: datetime) -> bool:
        async with self.db.transaction() as s:
            written = await _CLAIM[self.db.dialect].all(s, key=key, seen_at=at)
        return len(written) == 1

    async def forget_events_before(self, at: datetime) -> int:
        """Drop event keys older than `at` (platforms stop retrying after minutes)."""
        async with self.db.transaction() as s:
            result = await s.exec(
                delete(ProcessedEventRow).where(col(ProcessedEventRow.seen_at) < at))
            await s.flush()
        return int(cast(CursorResult[Any], result).rowcount)
