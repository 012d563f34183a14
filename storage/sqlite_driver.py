"""aiosqlite with one thread hop per statement, for the async engine on a SQLite file.

aiosqlite runs every sqlite3 call on its connection's thread, and SQLAlchemy's adapter makes
four such calls per SELECT (cursor, execute, fetchall, close), each a round trip between the
event loop and that thread. On a 2-core machine a round trip costs about as much as the query,
so an answer that runs six statements spent most of its time waiting. Here a cursor executes and
fetches in one trip and closes without one; rows, description, rowcount and lastrowid are the
sqlite3 cursor's own, so SQLAlchemy sees exactly what aiosqlite would give it. A transaction's
BEGIN rides along with its first statement, and a transaction that ran none ends without a
trip.

Statements marked QUICK (point lookups and one-row writes by key, the ones every chat message
runs) make no trip at all: they run on the event loop, which costs less than handing them over.
They cannot wait there: in WAL mode reads never wait for a lock, and a write transaction's BEGIN
is tried on the loop without waiting and, when another process holds the write lock, goes to
the thread to wait for it.

COMMIT (and ROLLBACK) runs on the loop too when the database is in WAL mode: the writer already
holds the lock, and with synchronous=NORMAL a commit only appends to the WAL file (no fsync), a
fraction of a thread trip's cost (under load, the trip's GIL hand-offs were the largest single
item of an answer's CPU). What could make a commit slow, the checkpoint SQLite would otherwise
run inside it every 1,000 pages, is turned off on this connection and run instead on a thread of
its own with its own connection, after every CHECKPOINT_EVERY commits (PASSIVE: it never waits
for, or blocks, readers and writers). Without WAL, COMMIT may have to wait for readers and goes
to the thread as before."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
from collections.abc import Iterable, Sequence
from contextlib import closing
from typing import Any

import aiosqlite

log = logging.getLogger(__name__)

# Statements that open a transaction (storage/database.py emits them): sent with the next one.
BEGINS = frozenset({"BEGIN", "BEGIN IMMEDIATE", "BEGIN DEFERRED", "BEGIN EXCLUSIVE"})
# The execution option that marks a statement quick: `stmt.execution_options(**QUICK)`.
QUICK_OPTION = "careerbot_quick"
QUICK = {QUICK_OPTION: True}
SQLITE_BUSY = 5  # primary result code (extended codes keep it in the low byte)
# Commits on the loop between two checkpoints: at a few pages per chat message, about as often
# as SQLite's own default (every 1,000 pages of WAL).
CHECKPOINT_EVERY = 200


def run_on_loop(cursor: Any) -> None:
    """Mark SQLAlchemy's adapted cursor's next statement to run on the event loop (called
    from the engine's before_cursor_execute for QUICK statements)."""
    inner = getattr(cursor, "_cursor", None)
    if isinstance(inner, OneTripCursor):
        inner.on_loop = True


class OneTripCursor(aiosqlite.Cursor):
    """A cursor created lazily on the connection's thread at its first execute."""

    _conn: OneTripConnection
    on_loop = False  # this cursor's statement is QUICK: run it here, no trip

    def __init__(self, conn: OneTripConnection) -> None:
        self.iter_chunk_size = conn._iter_chunk_size
        self._conn = conn
        self._cursor: sqlite3.Cursor | None = None  # type: ignore[assignment]
        self._rows: list[Any] = []

    def _run(self, sql: str, parameters: Any, many: bool) -> None:
        if self._cursor is None:
            self._cursor = self._conn._conn.cursor()
        self._conn.begin_now()
        if many:
            self._cursor.executemany(sql, parameters)
        else:
            self._cursor.execute(sql, parameters if parameters is not None else ())
        # SQLAlchemy fetches every row of a result at once anyway (it is not a server-side
        # cursor): doing it in the same trip is the whole point.
        self._rows = self._cursor.fetchall() if self._cursor.description else []

    async def execute(self, sql: str,
                      parameters: Iterable[Any] | None = None) -> OneTripCursor:
        if not parameters and sql.upper() in BEGINS:
            self._conn.begin_later(sql)
            return self
        if self.on_loop and self._conn.begin_on_loop():
            self._run(sql, parameters, False)
            return self
        await self._conn._execute(self._run, sql, parameters, False)  # type: ignore[no-untyped-call]
        return self

    async def executemany(self, sql: str,
                          parameters: Iterable[Iterable[Any]]) -> OneTripCursor:
        await self._conn._execute(self._run, sql, parameters, True)  # type: ignore[no-untyped-call]
        return self

    async def fetchone(self) -> Any:
        return self._rows.pop(0) if self._rows else None

    async def fetchmany(self, size: int | None = None) -> Sequence[Any]:
        count = size if size is not None else (self._cursor.arraysize if self._cursor else 1)
        taken, self._rows = self._rows[:count], self._rows[count:]
        return taken

    async def fetchall(self) -> Sequence[Any]:
        taken, self._rows = self._rows, []
        return taken

    async def close(self) -> None:
        # The statement is already reset (every row was fetched); the sqlite3 cursor is freed
        # with this object. No trip to the thread for it.
        self._rows = []

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount if self._cursor is not None else -1

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid if self._cursor is not None else None

    @property
    def description(self) -> Any:
        return self._cursor.description if self._cursor is not None else None

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize if self._cursor is not None else 1

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        if self._cursor is not None:
            self._cursor.arraysize = value


class _ReadyCursor:
    """What `connection.cursor()` returns: awaitable and an async context manager, as
    aiosqlite's own, but ready at once (no trip to the thread)."""

    def __init__(self, cursor: OneTripCursor) -> None:
        self._cursor = cursor

    def __await__(self) -> Any:
        async def ready() -> OneTripCursor:
            return self._cursor
        return ready().__await__()

    async def __aenter__(self) -> OneTripCursor:
        return self._cursor

    async def __aexit__(self, *exc: object) -> None:
        await self._cursor.close()


def checkpoint(path: str) -> None:
    """A PASSIVE checkpoint of the database at `path` through a connection of its own (run on a
    thread); a failure is logged, never raised: the next one tries again."""
    try:
        with closing(sqlite3.connect(path, timeout=0, check_same_thread=False)) as conn:
            conn.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchall()
    except sqlite3.Error as error:
        if getattr(error, "sqlite_errorcode", None) in (sqlite3.SQLITE_BUSY,
                                                        sqlite3.SQLITE_LOCKED):
            # Another connection holds what it needs (a pulse's close truncating the WAL, a
            # writer starting): expected under load, not worth a warning; the next catches up.
            log.info("SQLite checkpoint skipped (%s); the next one tries again", error)
        else:
            log.warning("SQLite checkpoint failed: %s", error)


class Checkpoints:
    """Every CHECKPOINT_EVERY commits on the loop, one checkpoint on a thread (never two at
    once: a commit that comes due while one runs leaves it to the next)."""

    def __init__(self, path: str, every: int | None = None) -> None:
        self.path = path
        self.every = every or CHECKPOINT_EVERY
        self.commits = 0
        self.running: asyncio.Future[None] | None = None

    def committed(self) -> None:
        self.commits += 1
        if self.commits < self.every or (self.running is not None and not self.running.done()):
            return
        self.commits = 0
        self.running = asyncio.get_running_loop().run_in_executor(None, checkpoint, self.path)


class OneTripConnection(aiosqlite.Connection):
    # The BEGIN issued and not yet sent: it runs on the connection's thread just before the
    # next statement, in that statement's trip. Nothing else uses the connection meanwhile
    # (the pool hands it to one session at a time, which awaits each statement).
    _pending_begin: str | None = None
    _busy_timeout_ms: int | None = None  # the connection's own, read once
    _wal: bool | None = None  # the database is in WAL mode (read at the first commit)
    checkpoints: Checkpoints | None = None  # set by connect(): commits on the loop need it

    def cursor(self) -> Any:
        return _ReadyCursor(OneTripCursor(self))

    def begin_later(self, sql: str) -> None:
        self._pending_begin = sql

    def begin_now(self) -> None:
        """On the connection's thread: send the pending BEGIN, if any (its errors, such as
        "database is locked" after the busy timeout, surface at the statement)."""
        pending, self._pending_begin = self._pending_begin, None
        if pending is not None:
            self._conn.execute(pending)

    @property
    def sqlite(self) -> sqlite3.Connection:
        """The sqlite3 connection itself (storage/prepared.py runs statements on it here)."""
        return self._conn

    def begin_on_loop(self, *, quiet: bool = False) -> bool:
        """Send the pending BEGIN, if any, on the event loop without waiting for a lock.
        False when another process holds the write lock: the statement then goes to the
        thread, whose BEGIN waits as long as the busy timeout allows. `quiet`: False, not an
        error, when the BEGIN fails otherwise too, and it stays pending (the caller runs its
        statement through SQLAlchemy, which then raises the error as its own)."""
        pending = self._pending_begin
        if pending is None:
            return True
        conn = self._conn
        if self._busy_timeout_ms is None:
            self._busy_timeout_ms = int(conn.execute("PRAGMA busy_timeout").fetchone()[0])
        conn.execute("PRAGMA busy_timeout = 0")
        try:
            conn.execute(pending)
        except sqlite3.Error as error:
            busy = getattr(error, "sqlite_errorcode", 0) & 0xFF == SQLITE_BUSY
            if busy or quiet:
                return False
            self._pending_begin = None
            raise
        finally:
            conn.execute(f"PRAGMA busy_timeout = {self._busy_timeout_ms}")
        self._pending_begin = None
        return True

    def _commits_on_loop(self) -> bool:
        """WAL mode (read once; SQLite's own checkpoints then turned off on this connection)."""
        if self._wal is None:
            mode = self._conn.execute("PRAGMA journal_mode").fetchone()[0]
            self._wal = self.checkpoints is not None and str(mode).lower() == "wal"
            if self._wal:
                self._conn.execute("PRAGMA wal_autocheckpoint = 0")
        return self._wal

    async def commit(self) -> None:
        if self._pending_begin is not None:  # nothing ran: nothing to commit
            self._pending_begin = None
            return
        if self.checkpoints is not None and self._commits_on_loop():
            self._conn.commit()
            self.checkpoints.committed()
            return
        await super().commit()

    async def rollback(self) -> None:
        if self._pending_begin is not None:
            self._pending_begin = None
            return
        if self.checkpoints is not None and self._commits_on_loop():
            self._conn.rollback()  # in WAL mode it drops the unit's frames: nothing to wait for
            return
        await super().rollback()


def connect(path: str) -> OneTripConnection:
    """What SQLAlchemy's `async_creator` returns for a SQLite file (the same sqlite3 arguments
    SQLAlchemy's aiosqlite dialect passes)."""
    connection = OneTripConnection(lambda: sqlite3.connect(path, check_same_thread=False),
                                   iter_chunk_size=64)
    connection._thread.daemon = True  # as SQLAlchemy's dialect does: never block exit
    connection.checkpoints = Checkpoints(path)
    return connection
