"""Two pulses to the same people close together (issue 12): `rollout Sales`, then `rollout
everyone` a day later, warns and offers to merge or skip; times are shown in the HR person's
own time zone, not UTC. Through the core on SQLite and PostgreSQL."""

from __future__ import annotations

import pytest

from bot.pulses.rules_schedule import close_in_time, local_time, merged_audience, shares_people
from bot.reply import Reply, actions_of
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people


@pytest.fixture
async def hr(db: Database) -> Speaker:
    await add_people(db, "People", 1, start=100, role="hr", timezone="Europe/Berlin")
    await add_people(db, "Sales", 3)
    await add_people(db, "Platform", 2, start=10)
    return Speaker(services_on(db, FakeClock()), "p100@example.com")


async def press(hr: Speaker, reply: Reply, label: str) -> Reply:
    button = next(b for b in actions_of(reply) if b.label.startswith(label))
    return await hr.press(button.action_id, dict(button.value))


async def test_a_second_rollout_a_day_later_warns_and_merges(hr: Speaker) -> None:
    first = await hr.say("rollout Sales 2026-03-02")
    assert "opens Mon 16 Mar 2026 09:00 CET and closes Sat 21 Mar 2026 09:00 CET" in first.text
    assert "UTC" not in first.text and "Careful" not in first.text
    second = await hr.say("rollout everyone 2026-03-03")
    assert ("Careful: pulse #1 (Sales, opens Mon 16 Mar 2026 09:00 CET) reaches some of the "
            "same people as pulse #2 (everyone, opens Tue 17 Mar 2026 09:00 CET)") in second.text
    assert [b.label for b in actions_of(second)] == ["Merge into #1", "Skip #2", "Keep both"]
    assert "\"pulse merge 1 2\"" in second.text
    merged = await press(hr, second, "Merge into #1")
    assert "Merged: pulse #1 goes to everyone, opening Mon 16 Mar 2026 09:00 CET" in merged.text
    listed = (await hr.say("pulse list")).text
    assert "scheduled, everyone, opens Mon 16 Mar 2026 09:00 CET" in listed
    assert "cancelled, everyone" in listed
    again = await press(hr, second, "Merge into #1")  # a second press changes nothing
    assert "only scheduled pulses can be merged" in again.text


async def test_skip_cancels_the_new_pulse_and_far_apart_pulses_say_nothing(hr: Speaker) -> None:
    await hr.say("rollout Sales 2026-03-02")
    second = await hr.say("pulse schedule Sales, Platform 2026-03-18")
    assert "Careful: pulse #1 (Sales" in second.text
    skipped = await press(hr, second, "Skip #2")
    assert "pulse #2 is cancelled" in skipped.text
    assert "cancelled, Sales, Platform" in (await hr.say("pulse list")).text
    far = await hr.say("rollout Platform 2026-06-01")
    assert "Careful" not in far.text
    other_team = await hr.say("pulse schedule Platform 2026-03-16")
    assert "Careful" not in other_team.text  # nobody in common with Sales


async def test_bad_merges_are_refused_with_nothing_changed(hr: Speaker) -> None:
    await hr.say("rollout Sales 2026-03-02")
    await hr.say("rollout everyone 2026-03-03")
    for typed, reason in (("pulse merge 1", "Which two pulses?"),
                          ("pulse merge 1 1", "two different pulses"),
                          ("pulse merge 1 9", "two different pulses")):
        assert reason in (await hr.say(typed)).text
    assert (await hr.say("pulse list")).text.count("scheduled") == 2
    employee = Speaker(hr.services, "p1@example.com")
    refused = await employee.press("pulses.merge", {"keep": "1", "drop": "2"})
    assert "for the HR team" in refused.text
    assert (await hr.say("pulse list")).text.count("scheduled") == 2


def test_overlap_rules() -> None:
    from datetime import UTC, datetime, timedelta
    t = datetime(2026, 3, 16, 8, tzinfo=UTC)
    five = timedelta(days=5)
    assert shares_people((), ("Sales",)) and shares_people(("sales",), ("Sales", "X"))
    assert not shares_people(("Sales",), ("Platform",))
    assert close_in_time((t, t + five), (t + timedelta(days=6), t + timedelta(days=11)))
    assert not close_in_time((t, t + five), (t + timedelta(days=8), t + timedelta(days=13)))
    assert merged_audience(("Sales",), ("sales", "Platform")) == ("Sales", "Platform")
    assert merged_audience(("Sales",), ()) == ()
    assert local_time(t, "America/New_York") == "Mon 16 Mar 2026 04:00 EDT"
