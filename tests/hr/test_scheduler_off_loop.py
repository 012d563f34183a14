"""The job store is synchronous SQLAlchemy: its calls must never run on the event loop, or a
chat transaction holding SQLite's write lock (and waiting for the loop to finish) and the job
store (waiting for that lock on the loop) block each other for the whole busy timeout."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Awaitable, Callable, Coroutine, Iterator
from contextlib import contextmanager
from datetime import UTC, datetime, timedelta
from pathlib import Path
from types import TracebackType
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import Engine

from bot.pulses.rules import PulsePoll, default_questions
from careerbot.bootstrap import build
from careerbot.settings import Settings
from scheduler.runtime import Runtime
from scheduler.service import JOBS_TABLE, paused_scheduler, reconcile
from storage.database import Database
from storage.unit_of_work import SqlUnitOfWork, SqlUnits
from tests.fakes import FakeClock, RecordingMessenger
from tests.hr.helpers import Speaker
from tests.hr.people import add_people
from tests.sql_repo import SqlHr

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)


class _ThenChat(SqlUnitOfWork):
    def __init__(self, db: Database, after: Callable[[], Awaitable[None]]) -> None:
        super().__init__(db)
        self._after = after

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        await super().__aexit__(kind, error, trace)
        await self._after()


class ChatRightAfterPlanning(SqlUnits):
    """Units of work whose first one, as it closes, lets a chat transaction take the write lock
    (the race `careerbot serve` loses now and then: a chat event queued behind the planners)."""

    def __init__(self, db: Database, chat: Callable[[], Coroutine[Any, Any, None]]) -> None:
        super().__init__(db)
        self._chat = chat
        self.task: asyncio.Task[None] | None = None

    def __call__(self) -> SqlUnitOfWork:
        return _ThenChat(self.db, self._start_chat)

    async def _start_chat(self) -> None:
        if self.task is None:
            self.task = asyncio.create_task(self._chat())
            await asyncio.sleep(0.1)  # the chat holds the lock now, and awaits before committing


class Heartbeat:
    """The longest the event loop went without running this task."""

    def __init__(self) -> None:
        self.longest = 0.0
        self._task = asyncio.create_task(self._beat())

    async def _beat(self) -> None:
        last = time.monotonic()
        while True:
            await asyncio.sleep(0.01)
            now = time.monotonic()
            self.longest, last = max(self.longest, now - last), now

    async def stop(self) -> float:
        self._task.cancel()
        await asyncio.gather(self._task, return_exceptions=True)
        return self.longest


async def test_reconcile_waits_for_a_chat_transaction_without_blocking_the_loop(
        sqlite_db: Database) -> None:
    await add_people(sqlite_db, "Platform", 3)
    opens = NOW + timedelta(days=14)
    await SqlHr(sqlite_db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), opens, opens + timedelta(days=5)))
    committed: list[float] = []

    async def chat() -> None:
        async with SqlUnits(sqlite_db)() as uow:
            await uow.pulses.pulse(1)  # BEGIN IMMEDIATE: the write lock is held from here
            await asyncio.sleep(0.3)  # e.g. waiting for the driver, with the loop free
            await uow.commit()
        committed.append(time.monotonic())

    units = ChatRightAfterPlanning(sqlite_db, chat)
    rt = Runtime(units, FakeClock(NOW), RecordingMessenger())
    async with paused_scheduler(sqlite_db.sync_url, rt) as scheduler:
        beat = Heartbeat()
        try:
            added, removed = await reconcile(scheduler, rt)
            assert units.task is not None
            await units.task
        finally:
            longest = await beat.stop()
    assert (added, removed) == (4, 0)  # open, two reminders, close
    assert committed and longest < 1.0, f"the event loop stood still for {longest:.1f}s"


@contextmanager
def job_store_statements() -> Iterator[list[bool]]:
    """For each statement on the job store's table, whether it ran on this (the loop's) thread."""
    loop_thread = threading.get_ident()
    on_loop: list[bool] = []

    def seen(_conn: Any, _cursor: Any, statement: str, *_rest: Any) -> None:
        if JOBS_TABLE in statement:
            on_loop.append(threading.get_ident() == loop_thread)

    event.listen(Engine, "before_cursor_execute", seen)
    try:
        yield on_loop
    finally:
        event.remove(Engine, "before_cursor_execute", seen)


async def wait_for(condition: Callable[[], bool]) -> None:
    for _ in range(100):
        if condition():
            return
        await asyncio.sleep(0.05)
    raise AssertionError("timed out")


async def test_serve_never_touches_the_job_store_on_the_event_loop(tmp_path: Path) -> None:
    box = RecordingMessenger()
    app = build(Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}"), scheduler=True,
                messenger=box)
    assert app.scheduler is not None
    app.db.upgrade()
    await add_people(app.db, "People", 1, start=100, role="hr")
    await add_people(app.db, "Platform", 3)
    opened = datetime.now(UTC) - timedelta(hours=1)  # came due while nothing was running
    await SqlHr(app.db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), opened, opened + timedelta(days=5)))
    hr = Speaker(app.services, "p100@example.com")
    with job_store_statements() as on_loop:
        await app.scheduler.start()  # start, catch up, resume; the due pulse opens
        try:
            await wait_for(lambda: len(box.sent) == 3)
            now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
            await hr.say(f"pulse schedule Platform {now}")  # the planner reconciles at once
            await wait_for(lambda: len(box.sent) == 6)
            await hr.say("pulse schedule Platform 2099-01-05")
            await hr.say("pulse cancel 3")
        finally:
            await app.scheduler.stop()
            await app.db.close()
    assert len(on_loop) > 10 and not any(on_loop), (
        f"{on_loop.count(True)} of {len(on_loop)} job store statements ran on the event loop")
