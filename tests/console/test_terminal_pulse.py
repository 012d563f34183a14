"""Answering a pulse in the terminal (issue 12): one statement at a time with its progress
("3/7"), never every statement again after each answer; the comment is asked after the last
statement (not offered as a numbered choice beside the 1-5 scale) and its prompt says
"optional" once. Through the real core on a real SQLite database."""

from __future__ import annotations

import io
from datetime import UTC, datetime

import pytest

from adapters.console.chat import ConsoleChat
from adapters.console.forms import LineReader, prompt_for
from bot.reply import FormField
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
EMPLOYEE = "p1@example.com"


def reader(lines: list[str], transcript: io.StringIO) -> LineReader:
    queue = list(lines)

    def read_line(prompt: str) -> str | None:
        if not queue:
            return None
        line = queue.pop(0)
        transcript.write(f"{prompt}{line}\n")
        return line

    return read_line


@pytest.fixture
async def chat(sqlite_db: Database) -> tuple[ConsoleChat, io.StringIO, list[str]]:
    """An employee's terminal chat with an open pulse waiting, and its statements."""
    await add_people(sqlite_db, "People", 1, start=100, role="hr")
    await add_people(sqlite_db, "Platform", 5)
    services = services_on(sqlite_db, FakeClock(NOW))
    scheduled = await Speaker(services, "p100@example.com").say("pulse schedule Platform")
    assert "Scheduled pulse #1" in scheduled.text
    async with services.units() as uow:
        poll = await uow.pulses.pulse(1)
        assert poll is not None
        await uow.pulses.open_pulse(1, await uow.people.in_teams(poll.audience))
        await uow.commit()
    out = io.StringIO()
    return ConsoleChat(services, EMPLOYEE, out), out, [q.text for q in poll.questions]


async def test_each_answer_shows_only_the_next_statement_with_progress(
        chat: tuple[ConsoleChat, io.StringIO, list[str]]) -> None:
    console, out, statements = chat
    count = len(statements)
    assert count >= 3
    await console.run(reader(["pulse", "4"], out), greet=False)
    first, after = out.getvalue().split("> 4\n")
    assert f"1/{count}" in first and statements[0] in first
    assert statements[1] not in first  # one statement at a time
    assert f"2/{count}" in after and statements[1] in after
    assert statements[0] not in after and statements[2] not in after
    assert "Saved (1 of" in after
    assert len(after.strip().splitlines()) <= 8, after


async def test_the_comment_comes_after_the_last_statement_prompted_once(
        chat: tuple[ConsoleChat, io.StringIO, list[str]]) -> None:
    console, out, statements = chat
    scores = ["4"] * len(statements)
    await console.run(reader(["pulse", *scores, "More mentoring, please."], out), greet=False)
    text = out.getvalue()
    assert "Send comment" not in text.split(f"> {scores[-1]}\n")[0]  # not beside the scale
    assert "[6]" not in text
    assert "Anything else? (optional, Enter to skip): More mentoring, please." in text
    assert "(optional) (optional" not in text
    assert "Comment saved, without your name." in text


async def test_enter_at_the_comment_sends_nothing(
        chat: tuple[ConsoleChat, io.StringIO, list[str]]) -> None:
    console, out, statements = chat
    await console.run(reader(["pulse", *(["5"] * len(statements)), ""], out), greet=False)
    text = out.getvalue()
    assert "Comment removed" not in text
    assert "No comment" in text


def test_an_optional_label_is_not_marked_twice() -> None:
    field = FormField("comment", "Anything else? (optional)", "multiline", optional=True)
    assert prompt_for(field) == "Anything else? (optional, Enter to skip): "


async def test_a_finished_pulse_shown_again_offers_the_comment_without_taking_the_next_line(
        chat: tuple[ConsoleChat, io.StringIO, list[str]]) -> None:
    console, out, statements = chat
    await console.run(reader(["pulse", *(["4"] * len(statements)), "Good.", "pulse", "next"],
                             out), greet=False)
    again = out.getvalue().split("> pulse\n")[-1]
    assert "[1] Send comment" in again
    assert "Anything else?" not in again and "> next" in again
    assert out.getvalue().count("Comment saved") == 1
