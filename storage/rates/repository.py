"""SqlRateBudget: send times per bucket handed out from one row, in one short transaction per
batch (the row is locked: FOR UPDATE on PostgreSQL, the write lock SQLite takes at BEGIN), so
processes sharing the database never go over the platform's rate together."""

from __future__ import annotations

from sqlmodel import col, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.database import Database
from storage.rates.tables import RateBucketRow
from storage.upsert import upsert

LOWER_TO = 0.75  # each 429 (once per pause) cuts the rate in use to three quarters...
FLOOR = 0.1  # ...never below a tenth of the configured rate...
RECOVERY_PER_SECOND = 0.02  # ...and it climbs back by 2% of the rate every second after.


def share_at(row: RateBucketRow, now: float) -> float:
    """The part of the configured rate in use at `now`."""
    return min(1.0, row.share + RECOVERY_PER_SECOND * max(0.0, now - row.share_at))


class SqlRateBudget:
    """Implements scheduler.pacing.RateBudget on the application database."""

    def __init__(self, db: Database) -> None:
        self.db = db

    async def reserve(self, bucket: str, per_second: float, count: int,
                      now: float) -> tuple[float, float]:
        async with self.db.transaction() as s:
            row = await self._locked(s, bucket)
            spacing = 1.0 / (per_second * share_at(row, now))
            first = max(row.next_at, row.paused_until, now)
            await s.exec(update(RateBucketRow).where(col(RateBucketRow.name) == bucket)
                         .values(next_at=first + count * spacing))
        return first, spacing

    async def pause(self, bucket: str, until: float, now: float) -> None:
        async with self.db.transaction() as s:
            row = await self._locked(s, bucket)
            values = {"paused_until": max(row.paused_until, until),
                      "next_at": max(row.next_at, until)}
            if row.paused_until <= now:  # a new 429, not another sender hitting the same one
                values |= {"share": max(FLOOR, share_at(row, now) * LOWER_TO), "share_at": now}
            await s.exec(update(RateBucketRow).where(col(RateBucketRow.name) == bucket)
                         .values(**values))

    async def _locked(self, s: AsyncSession, bucket: str) -> RateBucketRow:
        """The bucket's row, locked until the transaction ends (created the first time)."""
        pick = select(RateBucketRow).where(col(RateBucketRow.name) == bucket)
        if self.db.dialect == "postgresql":
            pick = pick.with_for_update()
        row = (await s.exec(pick)).first()
        if row is None:
            await upsert(s, RateBucketRow, {"name": bucket, "next_at": 0.0, "paused_until": 0.0,
                                            "share": 1.0, "share_at": 0.0}, keys=["name"])
            row = (await s.exec(pick.execution_options(populate_existing=True))).one()
        return row
