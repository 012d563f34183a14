"""Commits on the event loop (storage/sqlite_driver.py): in WAL mode a COMMIT makes no trip to
aiosqlite's thread, SQLite's own checkpoint inside a commit is off on that connection, and every
CHECKPOINT_EVERY commits one PASSIVE checkpoint runs on another thread, through a connection of
its own, and really empties the WAL into the database. Without WAL a commit still goes to the
thread (it may have to wait for readers there)."""

from __future__ import annotations

import asyncio
import logging
import sqlite3
import threading
from contextlib import closing
from pathlib import Path

import pytest

from storage import sqlite_driver
from tests.storage import test_quick_statements

trips = test_quick_statements.trips  # the fixture: what went to aiosqlite's thread


@pytest.fixture
def checkpoints(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """The threads checkpoints ran on (the real checkpoint runs)."""
    threads: list[int] = []
    real = sqlite_driver.checkpoint

    def recorded(path: str) -> None:
        threads.append(threading.get_ident())
        real(path)

    monkeypatch.setattr(sqlite_driver, "checkpoint", recorded)
    monkeypatch.setattr(sqlite_driver, "CHECKPOINT_EVERY", 5)
    return threads


async def _write(conn: sqlite_driver.OneTripConnection, rows: int) -> None:
    for n in range(rows):
        async with conn.cursor() as cur:
            await cur.execute("BEGIN IMMEDIATE")
            await cur.execute("INSERT INTO t (name) VALUES (?)", (f"row {n}",))
        await conn.commit()


def _rows_in_the_file(path: Path) -> int | None:
    """Rows of t in the database file itself, the WAL ignored (None: not even the table)."""
    with closing(sqlite3.connect(f"file:{path}?immutable=1", uri=True)) as other:
        try:
            return int(other.execute("SELECT count(*) FROM t").fetchone()[0])
        except sqlite3.OperationalError:
            return None


async def test_wal_commits_stay_on_the_loop_and_checkpoint_on_a_thread(
        tmp_path: Path, trips: list[str], checkpoints: list[int]) -> None:
    path = tmp_path / "wal.db"
    conn = sqlite_driver.connect(str(path))
    async with conn:
        await conn.execute("PRAGMA journal_mode = WAL")
        await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        await conn.commit()
        trips.clear()
        await _write(conn, 3)
        assert "commit" not in trips and trips, trips  # statements went (not QUICK), commits not
        cursor = await conn.execute("PRAGMA wal_autocheckpoint")
        assert await cursor.fetchone() == (0,)  # no checkpoint inside a commit on the loop
        assert checkpoints == [] and not _rows_in_the_file(path)  # the rows: in the WAL only
        await _write(conn, 1)  # the fifth commit (the CREATE's was the first): one is due
        assert conn.checkpoints is not None and conn.checkpoints.running is not None
        await conn.checkpoints.running
        assert len(checkpoints) == 1 and checkpoints[0] != threading.get_ident()
        assert _rows_in_the_file(path) == 4  # the checkpoint copied the WAL into the file
        await _write(conn, 4)
        assert len(checkpoints) == 1  # the next after five more
        async with conn.execute("SELECT count(*) FROM t") as cur:
            assert await cur.fetchone() == (8,)


async def test_a_checkpoint_that_fails_is_logged_and_the_next_runs(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    sqlite_driver.checkpoint(str(tmp_path / "missing" / "x.db"))
    assert "SQLite checkpoint failed" in caplog.text
    runs = sqlite_driver.Checkpoints(str(tmp_path / "missing" / "x.db"), every=1)
    runs.committed()
    assert runs.running is not None
    await runs.running  # never raises
    await asyncio.sleep(0)


async def test_without_wal_a_commit_goes_to_the_thread(tmp_path: Path,
                                                       trips: list[str]) -> None:
    conn = sqlite_driver.connect(str(tmp_path / "rollback.db"))
    async with conn:
        await conn.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT)")
        await conn.commit()
        trips.clear()
        await _write(conn, 2)
        assert trips.count("commit") == 2


def test_a_checkpoint_kept_waiting_by_another_connection_is_not_a_warning(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    """Busy is expected under load (seen in the bench: three warnings a run); a real failure
    (above) stays a warning."""
    path = tmp_path / "busy.db"
    with closing(sqlite3.connect(path, isolation_level=None)) as holder:
        holder.execute("PRAGMA journal_mode=WAL")
        # Keeps its locks once it has written: no other connection gets in (SQLITE_BUSY).
        holder.execute("PRAGMA locking_mode=EXCLUSIVE")
        holder.execute("CREATE TABLE t (x)")
        with caplog.at_level(logging.INFO, logger=sqlite_driver.log.name):
            sqlite_driver.checkpoint(str(path))
    assert "checkpoint skipped" in caplog.text
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
