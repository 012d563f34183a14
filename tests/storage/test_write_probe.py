"""Database.write_problem: a real write, rolled back, through the pool; None when the database
takes writes, the reason when it does not. A connection that found the file read-only is dropped,
so writes work again once the file can be written."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import make_url

from storage.database import Database
from tests.storage.seed import dump, seed_people
from tests.unwritable import unwritable


async def test_a_write_probe_changes_nothing(db: Database) -> None:
    await seed_people(db)
    before = await dump(db)
    assert await db.write_problem() is None
    assert await dump(db) == before


async def test_an_unwritable_sqlite_file_is_reported_and_recovered_from(
        sqlite_db: Database) -> None:
    path = Path(make_url(sqlite_db.sync_url).database or "")
    with unwritable(path):
        problem = await sqlite_db.write_problem()
        assert problem == "attempt to write a readonly database"
    # The read-only connection was dropped; a new one writes.
    assert await sqlite_db.write_problem() is None
