"""After a pulse's close is committed: no file may still hold what the close erased (the open
pulse's answer keys, its recipients, its small teams' labels).

SQLite: every connection runs with secure_delete on (storage/database.py), so deleted rows are
zeroed in the database file; the WAL still holds the pages as they were before the close until
a checkpoint copies the new pages back, so the WAL is checkpointed and truncated to nothing.
PostgreSQL: the pulse tables are rewritten (VACUUM FULL: a plain VACUUM only marks the dead
rows' space free, and their bytes stay in the table's files); it needs its own connection
outside any transaction. The server's own write-ahead log is PostgreSQL's to recycle (README,
"Privacy")."""

from __future__ import annotations

import logging

from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.database import Database

log = logging.getLogger(__name__)

TABLES = ("pulse_answers", "pulse_comments", "pulse_recipients")


def _checkpoint(sync: Connection) -> tuple[int, int, int]:
    # On the DB-API connection itself: no BEGIN (a checkpoint inside a transaction could not
    # move past that transaction's snapshot).
    cursor = sync.connection.dbapi_connection.cursor()  # type: ignore[union-attr]
    try:
        cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        row = cursor.fetchone()
        return (int(row[0]), int(row[1]), int(row[2])) if row else (1, 0, 0)
    finally:
        cursor.close()


async def erase_traces(db: Database) -> None:
    """Never raises: the close is committed already; a failure here is logged (the next close,
    or SQLite's own checkpoints, finish the job)."""
    try:
        async with db.engine.connect() as connection:
            if db.dialect == "sqlite":
                busy, _frames, _done = await connection.run_sync(_checkpoint)
                if busy:
                    log.warning("the database file was busy: the write-ahead log could not be "
                                "truncated after a pulse closed; it will be at the next close")
                return
            connection = await connection.execution_options(isolation_level="AUTOCOMMIT")
            for table in TABLES:
                await connection.execute(text(f"VACUUM FULL {table}"))
    except Exception as error:  # noqa: BLE001  # never undo or fail a committed close
        log.warning("could not erase a closed pulse's old rows from the database files: %s",
                    type(error).__name__)
