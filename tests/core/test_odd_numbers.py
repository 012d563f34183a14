"""Numbers the product reads from what people type and from buttons' values: a superscript or
another script's digit ('²', '٣'), which str.isdigit() accepts and int() refuses or reads, and
numbers past what the database's INTEGER holds (PostgreSQL answers those with an error). Every
button of every feature, pressed with such values by an employee, a manager and HR, and the
typed commands that take a number: each gets a sentence, never "Sorry, something went wrong",
and nothing is stored but a rating its start button begins (SQLite and PostgreSQL, on the
sample company)."""

from __future__ import annotations

import pytest
from sqlalchemy import text

from bot.registry import ACTIONS
from careerbot.samples import people_file, track_files
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.trackfiles import load_people, load_tracks
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on

ODD = ["²", "٣", "9" * 25, "2147483648"]
# Every key a button's value carries anywhere in bot/ (grep 'value.get(').
KEYS = ("p", "a", "c", "q", "score", "level", "track", "focus", "keep", "drop")
PEOPLE = ("sam.taylor@example.com", "leo.martin@example.com", "hannah.berg@example.com")
TYPED = ["goal {n} done", "goal {n} remove", "done {n}", "goal read a book by in {n} weeks",
         "goal ship it in {n} days", "rollout stage everyone {n} done 1",
         "rollout stage everyone awareness done {n}", "checkins {n}"]
# "Rate my readiness" starts a rating whatever its values say (the level is only a hint: an
# unknown one means the next level), so it may store one.
STARTS = {"readiness.start", "readiness.restart"}
WRITTEN = ("goals", "assessments", "ratings", "pulse_answers", "pulses", "rollouts",
           "checkin_notes")


async def sample_company(db: Database) -> None:
    await import_tracks(db, [t for path in track_files() for t in load_tracks(path)], "samples")
    await import_people(db, load_people(people_file()), "people.csv")


async def stored(db: Database) -> dict[str, int]:
    counts = {}
    async with db.engine.connect() as connection:
        names = set(await connection.run_sync(
            lambda sync: sync.dialect.get_table_names(sync)))
        for table in WRITTEN:
            if table in names:  # the names are this module's, never input
                counts[table] = (await connection.execute(
                    text(f"SELECT COUNT(*) FROM {table}"))).scalar_one()
    return counts


def no_failure(reply_text: str, what: str) -> None:
    assert "went wrong" not in reply_text and "Sorry, something" not in reply_text, what


@pytest.mark.parametrize("odd", ODD)
async def test_every_button_with_odd_numbers_is_refused_in_a_sentence(db: Database,
                                                                      odd: str) -> None:
    await sample_company(db)
    services = services_on(db, FakeClock())
    assert await stored(db), "the tables this test watches exist"
    for email in PEOPLE:
        person = Speaker(services, email)
        for action_id in ACTIONS:
            before = await stored(db)
            reply = await person.press(action_id, {key: odd for key in KEYS})
            what = f"{email} pressed {action_id} with {odd!r}"
            no_failure(reply.text, what)
            if action_id not in STARTS:
                assert await stored(db) == before, what


@pytest.mark.parametrize("odd", ["²", "9" * 25])
async def test_typed_numbers_that_are_not_numbers(db: Database, odd: str) -> None:
    await sample_company(db)
    services = services_on(db, FakeClock())
    hr, employee = Speaker(services, PEOPLE[2]), Speaker(services, PEOPLE[0])
    await employee.say("goal read the track by friday")
    before = await stored(db)
    for command in TYPED:
        for speaker in (employee, hr):
            reply = await speaker.say(command.format(n=odd))
            no_failure(reply.text, f"{speaker.email}: {command.format(n=odd)}")
    after = await stored(db)
    assert {k: v for k, v in after.items() if k != "goals"} == {
        k: v for k, v in before.items() if k != "goals"}
