"""eNPS and single-choice questions in the terminal (issue 14, A): the eNPS question reads 0-10
and typing 0 answers it; a choice is answered by its number or its words; a number the question
does not take answers nothing. Through the real core on a real SQLite database."""

from __future__ import annotations

import io
from datetime import UTC, datetime, timedelta

from adapters.console.chat import ConsoleChat
from bot.pulses.rules import PulsePoll
from storage.database import Database
from tests.console.test_terminal_pulse import reader
from tests.fakes import FakeClock
from tests.hr.helpers import services_on
from tests.hr.people import add_people
from tests.hr.pulse_types_sample import QUESTIONS
from tests.sql_repo import SqlHr, SqlRepo

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)


async def run(db: Database, lines: list[str]) -> tuple[str, dict[str, int]]:
    """p1 answers the open pulse in the terminal: what was printed and what is stored."""
    await add_people(db, "Platform", 5)
    hr = SqlHr(db)
    poll = await hr.create_pulse(PulsePoll(0, "Quarter pulse", QUESTIONS, ("Platform",), NOW,
                                           NOW + timedelta(days=5)))
    assert await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(("Platform",)))
    out = io.StringIO()
    chat = ConsoleChat(services_on(db, FakeClock(NOW)), "p1@example.com", out)
    await chat.run(reader(["pulse", *lines], out), greet=False)
    person = await SqlRepo(db).person_by_email("p1@example.com")
    assert person is not None
    return out.getvalue(), dict(await hr.answers_of(poll.id, person.id))


async def test_typing_0_answers_the_enps_question(sqlite_db: Database) -> None:
    text, stored = await run(sqlite_db, ["4", "0", "every month"])
    before_zero = text.split("> 0\n")[0]
    assert "2/3  How likely are you to recommend working here?" in before_zero
    assert "0 = not at all likely, 10 = extremely likely" in before_zero
    assert "0 Not at all likely · 1 · 2" in before_zero
    assert "Type a score from 0 to 10." in before_zero
    assert "1 Every week · 2 Every month · 3 Hardly ever" in text
    assert stored == {"know": 4, "enps": 0, "often": 2}


async def test_a_number_the_question_does_not_take_answers_nothing(
        sqlite_db: Database) -> None:
    text, stored = await run(sqlite_db, ["4", "11", "10", "4"])
    assert "There is no choice 11 here. Type 0-10 to rate" in text
    assert "There is no choice 4 here. Type 1-3 to rate" in text
    assert stored == {"know": 4, "enps": 10}
