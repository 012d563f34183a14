"""Every chat message's own statements make no trip to aiosqlite's thread (storage/sqlite_driver.py
QUICK): "what's next" costs no trip, where it cost seven (its COMMIT runs on the loop too, in WAL
mode; checkpoints run on a thread of their own). And a write lock held by another process is
still waited for on the thread, never on the event loop."""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text

from bot.context import Services
from bot.conversation import handle
from bot.events import Actor, Platform, TextMessage
from bot.reply import Reply
from storage.database import QUICK, Database
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock
from tests.loop_ticks import ticks_while
from tests.storage.seed import T0, seed_people

PAT = "pat@example.com"


@pytest.fixture
async def file_db(tmp_path: Path) -> AsyncIterator[Database]:
    db = Database(f"sqlite:///{tmp_path / 'app.db'}")
    db.upgrade()
    await seed_people(db)
    yield db
    await db.close()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """What went to aiosqlite's thread (by function name), and the threads statements ran on."""
    seen: list[str] = []
    real = aiosqlite.Connection._execute

    async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        seen.append(getattr(fn, "__name__", repr(fn)))
        return await real(self, fn, *args, **kwargs)  # type: ignore[no-untyped-call]

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)
    return seen


async def whats_next(db: Database) -> Reply | None:
    services = Services(units=SqlUnits(db), clock=FakeClock(T0))
    return await handle(services, TextMessage(Actor(Platform.CONSOLE, PAT, email=PAT),
                                              "what's next"))


async def test_whats_next_makes_no_trip_to_the_thread(file_db: Database,
                                                      trips: list[str]) -> None:
    first = await whats_next(file_db)  # links the console identity: a write of its own
    assert first is not None and "Towards" in first.text
    trips.clear()
    reply = await whats_next(file_db)
    assert reply is not None and "Towards" in reply.text
    # Identity, track, track view, ratings, shared rating and the commit: on the loop.
    assert trips == [], trips


async def test_a_unit_that_runs_nothing_makes_no_trip(file_db: Database,
                                                      trips: list[str]) -> None:
    async with SqlUnits(file_db)() as uow:
        await uow.commit()
    async with SqlUnits(file_db)() as uow:
        assert (await uow.people.person_by_email(PAT)) is not None
        trips.clear()
        await uow.commit()
    assert trips == []  # a commit of a unit that ran something: on the loop (WAL)
    trips.clear()
    async with SqlUnits(file_db)() as uow:
        await uow.commit()
    assert trips == []


async def test_a_write_lock_held_elsewhere_is_waited_for_off_the_loop(
        file_db: Database, tmp_path: Path, trips: list[str]) -> None:
    await whats_next(file_db)
    other = sqlite3.connect(tmp_path / "app.db", isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")  # another process writing
    release = threading.Timer(0.5, lambda: other.execute("COMMIT"))
    try:
        trips.clear()
        release.start()
        reply, ticks = await ticks_while(asyncio.wait_for(whats_next(file_db), 10))
    finally:
        release.join()
        other.close()
    assert reply is not None and "Towards" in reply.text
    # The BEGIN waited on the thread (with the statement it rode with); the loop kept running.
    # Once the lock is held, the rest (its commit included) runs on the loop.
    assert trips == ["_run"], trips
    assert ticks >= 20, f"the event loop stood still while the lock was held ({ticks} ticks)"


async def test_a_quick_statement_that_fails_leaves_the_connection_usable(
        file_db: Database) -> None:
    async with file_db.engine.connect() as connection:
        with pytest.raises(Exception, match="no such table"):
            await connection.execute(text("SELECT * FROM missing").execution_options(**QUICK))
    assert await whats_next(file_db) is not None


async def test_an_event_with_a_key_and_an_address_makes_no_trip(file_db: Database,
                                                                trips: list[str]) -> None:
    """The de-duplication claim and the address (Teams' every message) run on the loop too; a
    redelivery of the same key is still refused, and a changed address still stored."""
    services = Services(units=SqlUnits(file_db), clock=FakeClock(T0))
    actor = Actor(Platform.TEAMS, "29:pat", tenant_id="t1", email=PAT)
    await handle(services, TextMessage(actor, "what's next", key="k0", address={"c": "0"}))
    trips.clear()
    first = await handle(services, TextMessage(actor, "what's next", key="k1",
                                               address={"c": "1"}))
    again = await handle(services, TextMessage(actor, "what's next", key="k1",
                                               address={"c": "1"}))
    assert first is not None and "Towards" in first.text
    assert again is None  # the platform's retry of k1: answered once
    assert trips == [], trips
    async with file_db.engine.connect() as connection:
        stored = (await connection.execute(text(
            "SELECT address FROM addresses WHERE user_id = '29:pat'"))).scalar_one()
    assert '"1"' in str(stored)
