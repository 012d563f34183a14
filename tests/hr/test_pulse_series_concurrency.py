"""Two processes at once never make two next runs of a series (two replicas, or two `jobs
run-due` overlapping): concurrent callers on real PostgreSQL, each in its own transaction; and a
stop racing a run's opening leaves nothing scheduled."""

from __future__ import annotations

import asyncio
from dataclasses import replace
from datetime import UTC, datetime

from bot.context import Services
from bot.pulses import series as series_ops
from bot.pulses.rules import PulsePoll, PulseStatus
from bot.pulses.service import open_due
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people

FIRST = datetime(2026, 3, 16, 9, tzinfo=UTC)


async def scheduled(db: Database) -> Services:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", 3)
    services = services_on(db, FakeClock(datetime(2026, 3, 2, 10, tzinfo=UTC)))
    said = await Speaker(services, "p100@example.com").say(
        "pulse schedule Platform 2026-03-16 --every month")
    assert "Scheduled series 1" in said.text
    return services


async def runs(services: Services) -> list[PulsePoll]:
    async with services.units() as uow:
        return list(await uow.series.runs(1))


async def test_two_openers_at_once_make_one_next_run(pg_db: Database) -> None:
    services = await scheduled(pg_db)
    started = asyncio.Event()

    async def opener() -> bool:
        async with services.units() as uow:
            poll = await uow.pulses.pulse(1)
            assert poll is not None
            await started.wait()  # both have read the scheduled run before either writes
            opened = await open_due(uow, poll, FIRST)
            await uow.commit()
            return opened

    tasks = [asyncio.create_task(opener()) for _ in range(2)]
    await asyncio.sleep(0.1)
    started.set()
    assert await asyncio.gather(*tasks) == [True, True]
    assert [(r.id, r.status, r.title) for r in await runs(services)] == [
        (1, PulseStatus.OPEN, "Career tracks pulse (monthly, run 1)"),
        (2, PulseStatus.SCHEDULED, "Career tracks pulse (monthly, run 2)")]


async def test_the_unique_key_holds_when_both_skip_the_check(pg_db: Database) -> None:
    """Below plan_next's "is there a later run?" check: two inserts of the same run at once,
    one row, and the loser gets None without an error."""
    services = await scheduled(pg_db)
    first = (await runs(services))[0]
    draft = replace(first, id=0, title="Career tracks pulse (monthly, run 2)",
                    opens_at=datetime(2026, 4, 16, 9, tzinfo=UTC),
                    closes_at=datetime(2026, 4, 21, 9, tzinfo=UTC))
    started = asyncio.Event()

    async def adder() -> int | None:
        async with services.units() as uow:
            await uow.series.series(1)
            await started.wait()
            made = await uow.series.add_run(draft)
            await asyncio.sleep(0.2)  # the other insert waits on the unique key meanwhile
            await uow.commit()
            return made.id if made else None

    tasks = [asyncio.create_task(adder()) for _ in range(2)]
    await asyncio.sleep(0.1)
    started.set()
    made = await asyncio.gather(*tasks)
    assert sorted(made, key=lambda m: m is None) == [2, None]
    assert len(await runs(services)) == 2


async def test_a_stop_racing_an_opening_leaves_nothing_scheduled(pg_db: Database) -> None:
    services = await scheduled(pg_db)

    async def opener() -> None:
        async with services.units() as uow:
            poll = await uow.pulses.pulse(1)
            assert poll is not None
            await open_due(uow, poll, FIRST)
            await uow.commit()

    async def stopper() -> None:
        async with services.units() as uow:
            await series_ops.stop(uow, 1, FIRST, set())
            await uow.commit()

    await asyncio.gather(opener(), stopper())
    statuses = [r.status for r in await runs(services)]
    assert PulseStatus.SCHEDULED not in statuses
    async with services.units() as uow:
        stopped = await uow.series.series(1)
    assert stopped is not None and stopped.stopped_at == FIRST


async def test_one_run_per_opening_on_sqlite_and_postgresql(db: Database) -> None:
    services = await scheduled(db)
    async with services.units() as uow:
        first = (await uow.series.runs(1))[0]
        assert await uow.series.add_run(replace(first, id=0)) is None
        await uow.commit()
    assert len(await runs(services)) == 1
