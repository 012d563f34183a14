"""The scheduler's leader lock: only one process on a database runs scheduled jobs.

PostgreSQL: a session advisory lock held on a dedicated connection (released when the process
or connection dies). SQLite: a lease row renewed while the holder lives (taken over after it
expires, so a crashed holder does not block forever)."""

from __future__ import annotations

import os
import socket
import uuid
from datetime import datetime

from sqlalchemy import text
from sqlalchemy.ext.asyncio import AsyncConnection

from storage.database import Database
from storage.leases import acquire_lease, release_lease

LOCK_NAME = "careerbot-scheduler"
ADVISORY_KEY = 0x6361726565  # "caree": an arbitrary constant shared by every careerbot process
LEASE_SECONDS = 90.0


class DatabaseLeader:
    def __init__(self, db: Database) -> None:
        self.db = db
        self.holder = f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"
        self._connection: AsyncConnection | None = None

    async def acquire(self, now: datetime) -> bool:
        """True while this process is the leader (call again periodically to keep a lease)."""
        if self.db.dialect != "postgresql":
            return await acquire_lease(self.db, LOCK_NAME, self.holder, now, LEASE_SECONDS)
        if self._connection is not None:
            return True
        connection = await self.db.engine.connect()
        got = (await connection.execute(text("SELECT pg_try_advisory_lock(:k)"),
                                        {"k": ADVISORY_KEY})).scalar()
        await connection.commit()
        if got:
            self._connection = connection
            return True
        await connection.close()
        return False

    async def release(self) -> None:
        if self.db.dialect != "postgresql":
            await release_lease(self.db, LOCK_NAME, self.holder)
            return
        if self._connection is not None:
            await self._connection.execute(text("SELECT pg_advisory_unlock(:k)"),
                                           {"k": ADVISORY_KEY})
            await self._connection.close()
            self._connection = None
