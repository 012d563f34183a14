"""The one-trip SQLite driver (storage/sqlite_driver.py) gives SQLAlchemy what aiosqlite gives
it, statement for statement, in one trip to the connection's thread per statement."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest

from storage import sqlite_driver
from storage.database import Database


async def _run_both(path: Path, script: list[tuple[str, Any]]) -> list[list[Any]]:
    """Each statement on a stock aiosqlite connection and on the one-trip one: what a caller
    observes (rows in order, description, rowcount, lastrowid)."""
    seen: list[list[Any]] = []
    for make in (lambda: aiosqlite.connect(str(path)),
                 lambda: sqlite_driver.connect(str(path))):
        observed: list[Any] = []
        async with make() as conn:  # type: ignore[no-untyped-call]
            await conn.execute("DROP TABLE IF EXISTS t")
            await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
            for sql, params in script:
                async with conn.cursor() as cur:
                    if isinstance(params, list) and params and isinstance(params[0], tuple):
                        await cur.executemany(sql, params)
                    else:
                        await cur.execute(sql, params)
                    first = await cur.fetchone()
                    some = await cur.fetchmany(2)
                    rest = await cur.fetchall()
                    names = [d[0] for d in cur.description] if cur.description else None
                    observed.append((sql, first, list(some), list(rest), names, cur.rowcount,
                                     cur.lastrowid))
            await conn.commit()
        seen.append(observed)
    return seen


async def test_statements_look_the_same_as_through_aiosqlite(tmp_path: Path) -> None:
    script: list[tuple[str, Any]] = [
        ("INSERT INTO t (name) VALUES (?)", ("ana",)),
        ("INSERT INTO t (name) VALUES (?)", [("bo",), ("cy",), ("di",), ("ed",)]),
        ("UPDATE t SET name = upper(name) WHERE id > ?", (2,)),
        ("SELECT id, name FROM t ORDER BY id", ()),
        ("SELECT id FROM t WHERE name = ?", ("nobody",)),
        ("DELETE FROM t WHERE id = ?", (1,)),
    ]
    stock, one_trip = await _run_both(tmp_path / "t.db", script)
    assert one_trip == stock
    assert stock[3][1] == (1, "ana")  # the comparison is about real rows


async def test_a_select_is_one_trip_to_the_thread(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    trips: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        trips.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    async with sqlite_driver.connect(str(tmp_path / "t.db")) as conn:
        trips.clear()
        async with conn.cursor() as cur:
            await cur.execute("SELECT 1")
            assert list(await cur.fetchall()) == [(1,)]
    assert len([t for t in trips if t != "close"]) == 1, trips


async def test_errors_reach_the_caller_and_the_connection_stays_usable(tmp_path: Path) -> None:
    async with sqlite_driver.connect(str(tmp_path / "t.db")) as conn, conn.cursor() as cur:
        with pytest.raises(aiosqlite.OperationalError, match="no such table"):
            await cur.execute("SELECT * FROM missing")
        await cur.execute("SELECT 2")
        assert list(await cur.fetchall()) == [(2,)]


@pytest.fixture
async def file_db(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'app.db'}")
    db.upgrade()
    yield db
    await db.close()


async def test_the_application_engine_uses_it_and_a_ping_takes_no_write_lock(
        file_db: Database, tmp_path: Path) -> None:
    async with file_db.engine.connect() as connection:
        raw = await connection.get_raw_connection()
        assert isinstance(raw.driver_connection, sqlite_driver.OneTripConnection)
    # Another process holds the write lock (BEGIN IMMEDIATE); a health ping must still answer.
    # (Within the process, units of work and pings take turns on the one connection.)
    other = sqlite3.connect(tmp_path / "app.db", isolation_level=None)
    try:
        other.execute("BEGIN IMMEDIATE")
        other.execute("UPDATE people SET name = name WHERE id = -1")
        assert await asyncio.wait_for(file_db.ping(), 5)
    finally:
        other.execute("ROLLBACK")
        other.close()
