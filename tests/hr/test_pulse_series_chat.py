"""Recurring pulses through chat and the scheduler, on SQLite and PostgreSQL: `pulse schedule
TEAMS DATE --every N weeks|months` creates a series and its first run; each run opening (`jobs
run-due`) creates the next, with the latest run's statements; `pulse list` shows the series;
`pulse stop SERIES` cancels what is scheduled and lets an open run close."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.pulses.rules import PulsePoll, PulseStatus
from scheduler.runtime import Runtime
from scheduler.service import desired_jobs
from storage.database import Database
from storage.rights.repository import SqlRights
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.hr.test_scheduler import CrashingMessenger, World

FIRST = datetime(2026, 3, 31, 9, tzinfo=UTC)  # a Tuesday
SECOND = datetime(2026, 4, 30, 9, tzinfo=UTC)  # same day of the month: the 31st is clamped
THIRD = datetime(2026, 6, 1, 9, tzinfo=UTC)  # 31 May is a Sunday: Monday at 9:00


async def pulses(w: World) -> list[PulsePoll]:
    async with w.services.units() as uow:
        return sorted(await uow.pulses.pulses(), key=lambda p: p.id)


async def series_count(w: World) -> int:
    async with w.services.units() as uow:
        return len(await uow.series.all_series())


def hr(w: World) -> Speaker:
    return w.speaker("p100@example.com")


@pytest.fixture
async def world(db: Database) -> World:
    return await series_world(db)


async def series_world(db: Database) -> World:
    """test_scheduler's world: HR (p100), Platform (5 people) and Design (2), on 2 March."""
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", 5)
    await add_people(db, "Design", 2, start=20)
    clock = FakeClock(datetime(2026, 3, 2, 10, tzinfo=UTC))
    services, messenger = services_on(db, clock), CrashingMessenger()
    return World(db, clock, messenger, services, Runtime(services.units, clock, messenger))


async def test_each_run_is_created_when_the_one_before_opens(world: World) -> None:
    w = world
    said = (await hr(w).say("pulse schedule Platform, Design 2026-03-31 --every month")).text
    assert ("Scheduled series 1 (monthly) for Platform, Design. Run 1 is pulse #1: "
            "opens Tue 31 Mar 2026 09:00 UTC") in said
    assert "later runs carry the change forward" in said and "pulse stop 1" in said
    listed = (await hr(w).say("pulse list")).text
    assert "#1 Career tracks pulse (monthly, run 1)" in listed and ", series 1" in listed
    assert ("Series 1: monthly, Platform, Design: 0 run(s) so far; next run #1 opens Tue 31 "
            "Mar 2026 09:00 UTC") in listed.replace("\n", " ").replace("**", "")
    assert await w.run_due(FIRST - timedelta(minutes=1)) == []
    assert await w.run_due(FIRST) == ["pulse:1:open"]
    assert len({p.email for p, _ in w.messenger.sent}) == 7
    first, second = await pulses(w)
    assert (second.title, second.status, second.series_id) == (
        "Career tracks pulse (monthly, run 2)", PulseStatus.SCHEDULED, 1)
    assert (second.opens_at, second.audience, second.questions) == (
        SECOND, ("Platform", "Design"), first.questions)
    # The scheduler plans the new run's jobs from the database.
    assert "pulse:2:open" in {spec.id for spec in await desired_jobs(w.rt)}
    # A second run-due at the same time (another replica, cron overlapping) creates nothing.
    await w.run_due(FIRST + timedelta(minutes=5))
    assert len(await pulses(w)) == 2
    # An edit to the scheduled run carries forward to the runs after it.
    edited = await hr(w).say("pulse question 2 future I can see myself growing here")
    assert "I can see myself growing here" in edited.text
    ran = await w.run_due(SECOND)
    assert "pulse:1:close" in ran and "pulse:2:open" in ran
    third = (await pulses(w))[2]
    assert (third.title, third.opens_at) == ("Career tracks pulse (monthly, run 3)", THIRD)
    assert dict((q.id, q.text) for q in third.questions)["future"] == (
        "I can see myself growing here")
    listed = (await hr(w).say("pulse list")).text.replace("**", "")
    assert "2 run(s) so far (#1, #2); next run #3 opens Mon 01 Jun 2026 09:00 UTC" in listed


async def test_stop_cancels_scheduled_runs_and_lets_the_open_one_close(world: World) -> None:
    w = world
    await hr(w).say("pulse schedule Platform 2026-03-16 --every 2 weeks")
    await w.run_due(datetime(2026, 3, 16, 9, tzinfo=UTC))
    opened, scheduled = await pulses(w)
    assert scheduled.opens_at == datetime(2026, 3, 30, 9, tzinfo=UTC)
    assert scheduled.title == "Career tracks pulse (every 2 weeks, run 2)"
    stopped = (await hr(w).say("pulse stop 1")).text
    assert "Stopped series 1: no new runs. Cancelled its scheduled run(s): #2." in stopped
    assert "Pulse #1 is open and goes on until it closes Sat 21 Mar 2026 09:00 UTC" in stopped
    assert [p.status for p in await pulses(w)] == [PulseStatus.OPEN, PulseStatus.CANCELLED]
    assert "pulse:2:open" not in {spec.id for spec in await desired_jobs(w.rt)}
    assert "stopped Mon 16 Mar 2026 09:00 UTC" in (await hr(w).say("pulse list")).text
    assert "pulse:1:close" in await w.run_due(datetime(2026, 3, 21, 9, tzinfo=UTC))
    assert not [j for j in await w.run_due(datetime(2026, 4, 30, 9, tzinfo=UTC))
                if j.startswith("pulse:")]
    assert [p.status for p in await pulses(w)] == [PulseStatus.CLOSED, PulseStatus.CANCELLED]
    again = (await hr(w).say("pulse stop 1")).text
    assert again == "Series 1 was already stopped on 16 Mar 2026; nothing changed."
    assert (await hr(w).say("pulse stop 7")).text == "There is no series 7 (see \"pulse list\")."
    assert "Which series?" in (await hr(w).say("pulse stop soon")).text
    async with w.services.units() as uow:
        actions = [(e.action, e.detail) for e in await uow.audit.entries()]
    assert ("pulse.stop", "1") in actions
    assert ("pulse.schedule", "Platform 2026-03-16 --every 2 weeks (pulse #1)") in actions


@pytest.mark.parametrize(("typed", "said"), [
    ("pulse schedule Platform --every month", "needs the date of its first run"),
    ("pulse schedule Platform 2026-04-01 --every 3 days", "weeks or months, not \"days\""),
    ("pulse schedule Platform 2026-04-01 --every 27 weeks", "pick 1 to 26 weeks"),
    ("pulse schedule Platform 2026-04-01 --every", "Say how often"),
    ("pulse schedule Nowhere 2026-04-01 --every month", "Nobody is in a team called"),
    ("pulse schedule Platform 2026-02-01 --every month", "is in the past"),
])
async def test_bad_input_is_one_sentence_and_creates_nothing(world: World, typed: str,
                                                             said: str) -> None:
    reply = (await hr(world).say(typed)).text
    assert said in reply and "\n" not in reply and "Traceback" not in reply
    assert await pulses(world) == [] and await series_count(world) == 0


async def test_only_hr_schedules_or_stops_series(world: World) -> None:
    await hr(world).say("pulse schedule everyone 2026-03-16 --every month")
    employee = Speaker(world.services, "p1@example.com")
    for typed in ("pulse stop 1", "pulse schedule Platform 2026-04-01 --every week"):
        assert "HR" in (await employee.say(typed)).text
    assert len(await pulses(world)) == 1
    assert [p.status for p in await pulses(world)] == [PulseStatus.SCHEDULED]


async def test_a_run_opened_late_skips_the_slots_already_past(world: World) -> None:
    await hr(world).say("pulse schedule Platform 2026-03-16 --every week")
    await world.run_due(datetime(2026, 3, 31, 10, tzinfo=UTC))  # two weeks of downtime
    first, second = await pulses(world)
    assert first.status == PulseStatus.CLOSED  # its close was overdue too
    assert (second.opens_at, second.title) == (datetime(2026, 4, 6, 9, tzinfo=UTC),
                                               "Career tracks pulse (weekly, run 2)")


async def test_cancelling_a_scheduled_run_skips_it_and_the_series_goes_on(world: World) -> None:
    await hr(world).say("pulse schedule Platform 2026-03-16 --every 2 weeks")
    await world.run_due(datetime(2026, 3, 16, 9, tzinfo=UTC))
    cancelled = (await hr(world).say("pulse cancel 2")).text
    assert "Cancelled pulse #2. Nobody will receive it." in cancelled
    assert ("Series 1 goes on: its next run is pulse #3, opening Mon 13 Apr 2026 09:00 UTC "
            "(\"pulse stop 1\" ends the series).") in cancelled
    third = (await pulses(world))[2]
    assert (third.title, third.status) == ("Career tracks pulse (every 2 weeks, run 3)",
                                           PulseStatus.SCHEDULED)
    assert "pulse:3:open" in {spec.id for spec in await desired_jobs(world.rt)}
    assert "Scheduled pulse #4" in (await hr(world).say("pulse schedule Platform 2026-05-04")).text
    assert "goes on" not in (await hr(world).say("pulse cancel 4")).text  # not a series run


async def test_forgetting_the_hr_person_who_scheduled_it_keeps_the_series(world: World) -> None:
    await hr(world).say("pulse schedule Platform 2026-03-16 --every month")
    async with world.services.units() as uow:
        author = (await uow.series.all_series())[0].created_by
    assert author is not None
    assert await SqlRights(world.db).forget(author, datetime(2026, 3, 3, tzinfo=UTC))
    await world.run_due(datetime(2026, 3, 16, 9, tzinfo=UTC))
    assert [p.title for p in await pulses(world)] == [
        "Career tracks pulse (monthly, run 1)", "Career tracks pulse (monthly, run 2)"]
