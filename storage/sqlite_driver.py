"""aiosqlite with one thread hop per statement, for the async engine on a SQLite file.

aiosqlite runs every sqlite3 call on its connection's thread, and SQLAlchemy's adapter makes
four such calls per SELECT (cursor, execute, fetchall, close), each a round trip between the
event loop and that thread. On a 2-core machine a round trip costs about as much as the query,
so an answer that runs six statements spent most of its time waiting. Here a cursor executes and
fetches in one trip and closes without one; rows, description, rowcount and lastrowid are the
sqlite3 cursor's own, so SQLAlchemy sees exactly what aiosqlite would give it."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Sequence
from typing import Any

import aiosqlite


class OneTripCursor(aiosqlite.Cursor):
    """A cursor created lazily on the connection's thread at its first execute."""

    def __init__(self, conn: OneTripConnection) -> None:
        self.iter_chunk_size = conn._iter_chunk_size
        self._conn = conn
        self._cursor: sqlite3.Cursor | None = None  # type: ignore[assignment]
        self._rows: list[Any] = []

    def _run(self, sql: str, parameters: Any, many: bool) -> None:
        if self._cursor is None:
            self._cursor = self._conn._conn.cursor()
        if many:
            self._cursor.executemany(sql, parameters)
        else:
            self._cursor.execute(sql, parameters if parameters is not None else ())
        # SQLAlchemy fetches every row of a result at once anyway (it is not a server-side
        # cursor): doing it in the same trip is the whole point.
        self._rows = self._cursor.fetchall() if self._cursor.description else []

    async def execute(self, sql: str,
                      parameters: Iterable[Any] | None = None) -> OneTripCursor:
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


class OneTripConnection(aiosqlite.Connection):
    def cursor(self) -> Any:
        return _ReadyCursor(OneTripCursor(self))


def connect(path: str) -> OneTripConnection:
    """What SQLAlchemy's `async_creator` returns for a SQLite file (the same sqlite3 arguments
    SQLAlchemy's aiosqlite dialect passes)."""
    connection = OneTripConnection(lambda: sqlite3.connect(path, check_same_thread=False),
                                   iter_chunk_size=64)
    connection._thread.daemon = True  # as SQLAlchemy's dialect does: never block exit
    return connection
