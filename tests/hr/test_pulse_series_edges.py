"""Recurring pulses never stop silently (issue 14): each run is created when the one before it
opens, so any path that cancels a series' scheduled run must create the next one: `pulse
merge` dropping a run, the overlap warning's Skip button, a run moved before one HR cancelled;
a series whose teams have nobody left goes on and `pulse list` says so. SQLite and
PostgreSQL, through the core and the scheduler."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlalchemy import text

from bot.pulses.rules import PulseStatus
from bot.reply import actions_of
from scheduler.service import desired_jobs
from storage.database import Database
from tests.hr.test_pulse_series_chat import hr, pulses, series_world
from tests.hr.test_scheduler import World

MON_16 = datetime(2026, 3, 16, 9, tzinfo=UTC)


@pytest.fixture
async def world(db: Database) -> World:
    return await series_world(db)


async def test_merging_away_a_series_run_keeps_the_series_going(world: World) -> None:
    """A one-off pulse first, then a series whose run 1 overlaps it: "pulse merge 1 2" keeps
    the one-off for both and cancels run 1, which would have created run 2 when it opened."""
    await hr(world).say("pulse schedule Design 2026-03-17")
    warned = await hr(world).say("pulse schedule Platform, Design 2026-03-16 --every 2 weeks")
    assert "Careful: pulse #1" in warned.text and "\"pulse merge 1 2\"" in warned.text
    merged = (await hr(world).say("pulse merge 1 2")).text
    assert "pulse #2 is cancelled" in merged
    assert ("Series 1 goes on: its next run is pulse #3, opening Mon 30 Mar 2026 09:00 UTC "
            "(\"pulse stop 1\" ends the series).") in merged
    one_off, dropped, following = await pulses(world)
    assert (one_off.status, one_off.audience) == (PulseStatus.SCHEDULED, ("Design", "Platform"))
    assert (dropped.status, following.status) == (PulseStatus.CANCELLED, PulseStatus.SCHEDULED)
    assert (following.series_id, following.title) == (1, "Career tracks pulse (every 2 weeks, "
                                                         "run 2)")
    assert "pulse:3:open" in {spec.id for spec in await desired_jobs(world.rt)}
    assert "pulse:3:open" in await world.run_due(datetime(2026, 3, 30, 9, tzinfo=UTC))
    assert len(await pulses(world)) == 4  # and run 3 was created when run 2 opened


async def test_the_merge_button_says_the_same(world: World) -> None:
    await hr(world).say("pulse schedule Platform 2026-03-17")
    warned = await hr(world).say("pulse schedule Platform 2026-03-16 --every month")
    button = next(b for b in actions_of(warned) if b.label == "Merge into #1")
    merged = (await hr(world).press(button.action_id, dict(button.value))).text
    assert "Series 1 goes on: its next run is pulse #3, opening Thu 16 Apr 2026" in merged


async def test_skipping_a_series_run_from_the_warning_keeps_the_series_going(
        world: World) -> None:
    await hr(world).say("pulse schedule Platform 2026-03-17")
    warned = await hr(world).say("pulse schedule Platform 2026-03-16 --every month")
    button = next(b for b in actions_of(warned) if b.label == "Skip #2")
    skipped = (await hr(world).press(button.action_id, dict(button.value))).text
    assert "pulse #2 is cancelled" in skipped
    assert "Series 1 goes on: its next run is pulse #3, opening Thu 16 Apr 2026" in skipped
    statuses = {p.id: p.status for p in await pulses(world)}
    assert statuses == {1: PulseStatus.SCHEDULED, 2: PulseStatus.CANCELLED,
                        3: PulseStatus.SCHEDULED}


async def test_a_run_moved_before_a_cancelled_one_still_plans_the_next(world: World) -> None:
    """Run 2 (30 Mar) cancelled made run 3 (13 Apr); HR moves run 3 to 25 Mar. When it opens,
    the cancelled run 2 is later than it: that must not count as the series' next run."""
    await hr(world).say("pulse schedule Platform 2026-03-16 --every 2 weeks")
    await world.run_due(MON_16)
    assert "Series 1 goes on: its next run is pulse #3" in (await hr(world).say(
        "pulse cancel 2")).text
    assert "now opens Wed 25 Mar 2026" in (await hr(world).say("pulse move 3 2026-03-25")).text
    assert "pulse:3:open" in await world.run_due(datetime(2026, 3, 25, 9, tzinfo=UTC))
    later = [p for p in await pulses(world) if p.id > 3]
    assert [(p.status, p.opens_at) for p in later] == [
        (PulseStatus.SCHEDULED, datetime(2026, 4, 13, 9, tzinfo=UTC))]
    listed = (await hr(world).say("pulse list")).text.replace("**", "")
    assert "next run #4 opens Mon 13 Apr 2026 09:00 UTC" in listed


async def test_a_series_whose_teams_left_goes_on_and_the_list_says_so(world: World) -> None:
    """Both Design people leave (SCIM deactivates them): the run opens to nobody, the next run
    is still created, and `pulse list` tells HR nobody is reached."""
    await hr(world).say("pulse schedule Design 2026-03-16 --every month")
    async with world.db.engine.begin() as connection:
        await connection.execute(text(
            "UPDATE people SET deactivated_at = :at WHERE team = 'Design'"),
            {"at": datetime(2026, 3, 10, tzinfo=UTC)})
    await world.run_due(MON_16)
    first, second = await pulses(world)
    assert (first.status, second.status) == (PulseStatus.OPEN, PulseStatus.SCHEDULED)
    assert world.messenger.sent == []
    listed = (await hr(world).say("pulse list")).text.replace("**", "")
    assert "nobody is in Design now" in listed


async def test_moving_a_run_onto_a_cancelled_runs_time_is_one_sentence(world: World) -> None:
    """A cancelled run keeps its (series, opening): moving the next run onto it was refused by
    the database's unique index, shown as a database error."""
    await hr(world).say("pulse schedule Platform 2026-03-16 --every 2 weeks")
    assert "its next run is pulse #2" in (await hr(world).say("pulse cancel 1")).text
    before = await pulses(world)
    moved = (await hr(world).say("pulse move 2 2026-03-16")).text
    assert moved == ("Pulse #1 of series 1, cancelled, was due at that very time; pick another "
                     "time, a minute apart is enough.")
    assert await pulses(world) == before
    # Merging a one-off pulse into the run would move the run there too.
    assert "Scheduled pulse #3" in (await hr(world).say("pulse schedule Platform 2026-03-16")).text
    before = await pulses(world)
    assert (await hr(world).say("pulse merge 2 3")).text == moved
    assert await pulses(world) == before
    assert "now opens Mon 16 Mar 2026 09:01" in (await hr(world).say(
        "pulse move 2 2026-03-16T09:01")).text


async def test_a_series_left_with_no_run_says_what_to_do(world: World) -> None:
    """A series whose scheduled run was cancelled before this was fixed (no next run was made)
    never creates one again: `pulse list` says so and how to restart it."""
    await hr(world).say("pulse schedule Platform 2026-03-16 --every month")
    async with world.db.engine.begin() as connection:
        await connection.execute(text("UPDATE pulses SET status = 'cancelled'"))
    listed = (await hr(world).say("pulse list")).text.replace("**", "").replace("\n", " ")
    assert ("Series 1: monthly, Platform: 0 run(s) so far; no run scheduled, so no more runs: "
            "\"pulse stop 1\", then schedule it again") in listed


async def test_forged_merge_and_skip_buttons_are_one_sentence(world: World) -> None:
    await hr(world).say("pulse schedule Platform 2026-03-16 --every month")
    before = await pulses(world)
    skipped = await hr(world).press("pulses.skip", {"p": "²"})
    assert skipped.text == "That pulse is no longer scheduled. Say \"pulse list\"."
    merged = await hr(world).press("pulses.merge", {"keep": "²", "drop": "1"})
    assert merged.text == "That button didn't come through. Say \"pulse list\"."
    assert await pulses(world) == before
