"""Named leases in the database: the scheduler's leader election on SQLite (PostgreSQL uses a
session advisory lock instead, see scheduler/leader.py)."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import or_
from sqlmodel import col, update

from storage.database import Database
from storage.leases.tables import LeaseRow
from storage.upsert import upsert


async def acquire_lease(db: Database, name: str, holder: str, at: datetime,
                        seconds: float) -> bool:
    """True when `holder` now holds the lease (new, renewed, or taken over after expiry)."""
    until = at + timedelta(seconds=seconds)
    async with db.session() as s:
        if await upsert(s, LeaseRow, {"name": name, "holder": holder, "expires_at": until},
                        keys=["name"]):
            await s.commit()
            return True
        taken = await s.exec(update(LeaseRow).where(
            col(LeaseRow.name) == name,
            or_(col(LeaseRow.holder) == holder, col(LeaseRow.expires_at) < at))
            .values(holder=holder, expires_at=until))
        await s.commit()
        return bool(taken.rowcount == 1)


async def release_lease(db: Database, name: str, holder: str) -> None:
    async with db.session() as s:
        await s.exec(update(LeaseRow).where(col(LeaseRow.name) == name,
                                            col(LeaseRow.holder) == holder)
                     .values(expires_at=datetime.fromtimestamp(0).astimezone()))
        await s.commit()
