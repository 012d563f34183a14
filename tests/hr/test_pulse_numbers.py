"""A pulse's number as HR types it, or as a forged button carries it: a superscript or other
non-ASCII digit ('²', '٣'), which str.isdigit() accepts and int() refuses or reads, and a number
past what the database's integer holds (PostgreSQL refuses it with an error). Each is one
sentence and changes nothing, never "Sorry, something went wrong" (SQLite and PostgreSQL)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.pulses.rules import PulseStatus
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.sql_repo import SqlHr

NOW = datetime(2026, 3, 2, 10, tzinfo=UTC)
HUGE = "9" * 25
COMMANDS = ["pulse cancel {n}", "pulse merge {n} 1", "pulse merge 1 {n}", "pulse threshold {n} 5",
            "pulse threshold 1 {n}", "pulse move {n} 2026-03-20", "pulse question {n} enps",
            "pulse results {n}", "pulse results {n} --by team", "pulse stop {n}"]


@pytest.mark.parametrize("number", ["²", "٣", HUGE, "#²"])
async def test_odd_numbers_are_one_sentence_and_change_nothing(db: Database,
                                                               number: str) -> None:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", 5)
    services = services_on(db, FakeClock(NOW))
    hr = Speaker(services, "p100@example.com")
    await hr.say("pulse schedule Platform 2026-03-16")
    before = await SqlHr(db).pulses()
    for command in COMMANDS:
        reply = await hr.say(command.format(n=number))
        assert "Sorry" not in reply.text and "went wrong" not in reply.text, (command, reply)
        assert reply.text.count("\n") <= 2, (command, reply.text)
    assert await SqlHr(db).pulses() == before
    assert [p.status for p in before] == [PulseStatus.SCHEDULED]


@pytest.mark.parametrize("number", ["²", HUGE])
async def test_a_forged_button_with_an_odd_pulse_number_is_refused(db: Database,
                                                                   number: str) -> None:
    await add_people(db, "Platform", 5)
    person = Speaker(services_on(db, FakeClock(NOW)), "p1@example.com")
    reply = await person.press("pulse.answer", {"p": number, "q": "know", "score": "4"})
    assert "Sorry" not in reply.text and "went wrong" not in reply.text, reply
