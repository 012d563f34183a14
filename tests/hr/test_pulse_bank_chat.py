"""The question bank and HR's saved questions in chat, through the conversation core on SQLite
and PostgreSQL: HR lists, saves (agreement, eNPS, single choice), updates and removes questions
and adds them to a pulse by id; employees are refused; bad input changes nothing and every
change is audited."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest

from adapters.slack import render as slack_render
from adapters.teams import render as teams_render
from bot.pulses.rules import Question, QuestionKind
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people, sql
from tests.slack.fake_slack_api import MESSAGE_BLOCKS, block_problems

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)


@pytest.fixture
async def people(db: Database) -> tuple[Speaker, Speaker]:
    await add_people(db, "People", 2, start=100, role="hr")
    await add_people(db, "Platform", 5)
    services = services_on(db, FakeClock(NOW))
    return Speaker(services, "p100@example.com"), Speaker(services, "p1@example.com")


async def saved(db: Database) -> list[dict[str, object]]:
    return await sql(db, "SELECT id, text, kind, choices, created_by FROM pulse_questions "
                         "ORDER BY id")


async def questions_of(hr: Speaker, pulse_id: int) -> tuple[Question, ...]:
    async with hr.services.units() as uow:
        poll = await uow.pulses.pulse(pulse_id)
    assert poll is not None
    return poll.questions


async def test_hr_lists_saves_updates_and_removes(db: Database,
                                                  people: tuple[Speaker, Speaker]) -> None:
    hr, _ = people
    listed = (await hr.say("pulse questions")).text
    for expected in ("Clarity of the track", "Manager support", "Growth opportunities",
                     "Fairness", "clarity-1 (agree 1-5): I understand what is expected",
                     "enps (eNPS 0-10): How likely are you to recommend working here to a "
                     "friend?", "growth-path (single choice: Deeper expertise",
                     "Saved by HR (0)"):
        assert expected in listed
    # Chat's matcher drops a trailing "?" off a command; a question keeps it.
    reply = await hr.say("pulse questions save Tracks-NPS --enps How likely are you to "
                         "recommend our career tracks?")
    assert "Saved question tracks-nps." in reply.text
    assert "How likely are you to recommend our career tracks? (eNPS 0-10)" in reply.text
    reply = await hr.say("pulse questions save lunch \u2014choice Where should we eat? | Pizza "
                         "| Sushi | Not sure")
    assert "single choice: Pizza / Sushi / Not sure" in reply.text
    await hr.say("pulse questions save plain I know who to ask about my track.")
    hr_id = (await sql(db, "SELECT id FROM people WHERE email = 'p100@example.com'"))[0]["id"]
    rows = await saved(db)
    assert [(r["id"], r["kind"], r["created_by"]) for r in rows] == [
        ("lunch", "choice", hr_id), ("plain", "agree", hr_id), ("tracks-nps", "enps", hr_id)]
    assert rows[0]["text"] == "Where should we eat?"
    assert rows[1]["text"] == "I know who to ask about my track."  # the "." kept too

    other = Speaker(hr.services, "p101@example.com")
    reply = await other.say("pulse questions save plain I know where my track is")
    assert "Updated question plain." in reply.text
    rows = await saved(db)
    assert rows[1]["text"] == "I know where my track is" and rows[1]["created_by"] == hr_id
    listed = (await hr.say("pulse questions")).text
    assert "Saved by HR (3)" in listed and "lunch (single choice: Pizza / Sushi / Not sure): " \
                                            "Where should we eat?" in listed

    assert "Removed saved question lunch" in (await hr.say("pulse questions remove LUNCH")).text
    assert [r["id"] for r in await saved(db)] == ["plain", "tracks-nps"]
    entries = await sql(db, "SELECT action, detail FROM audit_log ORDER BY id")
    assert [(e["action"], e["detail"]) for e in entries] == [
        ("pulse.questions.save", "tracks-nps (enps)"), ("pulse.questions.save", "lunch (choice)"),
        ("pulse.questions.save", "plain (agree)"), ("pulse.questions.save", "plain (agree)"),
        ("pulse.questions.remove", "lunch")]


@pytest.mark.parametrize(("text", "says"), [
    ("pulse questions save clarity-1 My own words", "one of our own questions"),
    ("pulse questions save future My own words", "one of our own questions"),
    ("pulse questions save enps --enps Would you?", "one of our own questions"),
    ("pulse questions save", "Which id and text?"),
    ("pulse questions save bad/id Text", "can't be a question id"),
    ("pulse questions save x", "Give the question's text"),
    ("pulse questions save x --choice Which? | Only one", "2 to 10 choices"),
    ("pulse questions save x --choice Which? | A | " + "B" * 80, "keep each choice to 75"),
    ("pulse questions save x --rating Which?", "--rating is not an option"),
    ("pulse questions remove clarity-1", "can't be removed"),
    ("pulse questions remove nothing-here", "no saved question \"nothing-here\""),
    ("pulse questions remove", "Which one?"),
    ("pulse questions frobnicate", "Question bank:"),
    ("pulse question 1 clarity-1 My own words", "goes in as written"),
    ("pulse question 1 enps --enps My own words", "goes in as written"),
    ("pulse question 1 nowhere", "not in the question bank nor saved by HR"),
    ("pulse question 1 x --choice Which? | A", "2 to 10 choices"),
    ("pulse question 1 x --choice Which? | A | a", "given twice"),
    ("pulse question 1", "pulse question 3 clarity-1"),
])
async def test_bad_input_says_what_and_changes_nothing(
        db: Database, people: tuple[Speaker, Speaker], text: str, says: str) -> None:
    hr, _ = people
    await hr.say("pulse schedule Platform 2026-04-01")
    await hr.say("pulse questions save keep Kept as it was.")
    before = (await saved(db), await questions_of(hr, 1),
              await sql(db, "SELECT count(*) AS n FROM audit_log"))
    reply = await hr.say(text)
    assert says in reply.text and "Traceback" not in reply.text
    assert (await saved(db), await questions_of(hr, 1),
            await sql(db, "SELECT count(*) AS n FROM audit_log")) == before


async def test_employees_are_refused(db: Database, people: tuple[Speaker, Speaker]) -> None:
    hr, employee = people
    await hr.say("pulse schedule Platform 2026-04-01")
    before = await questions_of(hr, 1)
    for text in ("pulse questions", "pulse questions save x Hello", "pulse questions remove x",
                 "pulse question 1 clarity-1"):
        assert "for the HR team" in (await employee.say(text)).text, text
    assert await saved(db) == []
    assert await questions_of(hr, 1) == before


async def test_adding_bank_saved_and_typed_questions_to_a_pulse(
        db: Database, people: tuple[Speaker, Speaker]) -> None:
    hr, _ = people
    await hr.say("pulse schedule Platform 2026-04-01")
    await hr.say("pulse questions save lunch --choice Where should we eat? | Pizza | Sushi")
    defaults = await questions_of(hr, 1)
    reply = await hr.say("pulse question 1 clarity-2")
    assert "clarity-2: I know what I would need to show to reach the next level." in reply.text
    reply = await hr.say("pulse question 1 enps")
    assert "enps: How likely are you to recommend working here to a friend? (eNPS 0-10)" \
        in reply.text
    await hr.say("pulse question 1 LUNCH")
    await hr.say("pulse question 1 path --choice Which path? | Expertise | People | Unsure")
    await hr.say("pulse question 1 mood --enps Would you recommend your team?")
    await hr.say("pulse question 1 future -")
    got = await questions_of(hr, 1)
    assert got[:len(defaults) - 1] == defaults[:-1]
    assert got[len(defaults) - 1:] == (
        Question("clarity-2", "I know what I would need to show to reach the next level."),
        Question("enps", "How likely are you to recommend working here to a friend?",
                 QuestionKind.ENPS),
        Question("lunch", "Where should we eat?", QuestionKind.CHOICE, ("Pizza", "Sushi")),
        Question("path", "Which path?", QuestionKind.CHOICE, ("Expertise", "People", "Unsure")),
        Question("mood", "Would you recommend your team?", QuestionKind.ENPS))
    # The default statement comes back by its id; removing the saved question keeps the pulse's.
    await hr.say("pulse question 1 future")
    assert (await questions_of(hr, 1))[-1] == defaults[-1]
    await hr.say("pulse questions remove lunch")
    assert "lunch" in [q.id for q in await questions_of(hr, 1)]
    actions = [(e["action"], e["detail"]) for e in await sql(
        db, "SELECT action, detail FROM audit_log WHERE action = 'pulse.question' ORDER BY id")]
    assert actions[:3] == [("pulse.question", "1 clarity-2"), ("pulse.question", "1 enps"),
                           ("pulse.question", "1 LUNCH")]


async def test_a_long_list_fits_slack_and_teams(db: Database,
                                                people: tuple[Speaker, Speaker]) -> None:
    """60 saved questions of the longest kind: chat shows 50 and says where the rest are; the
    reply renders within Slack's Block Kit limits and Teams' card size."""
    hr, _ = people
    choices = " | ".join(f"{n} " + "c" * 72 for n in range(10))
    for n in range(60):
        reply = await hr.say(f"pulse questions save q{n:02} --choice {'w' * 299}? | {choices}")
        assert "Saved question" in reply.text, reply.text
    listing = await hr.say("pulse questions")
    assert "Saved by HR (60)" in listing.text and "q49 (single choice" in listing.text
    assert "q50 (" not in listing.text and "And 10 more" in listing.text
    messages = slack_render.render_message(listing)
    assert messages and all(block_problems(m.blocks, MESSAGE_BLOCKS) == [] for m in messages)
    shown = " ".join(str(m.blocks) for m in messages)
    assert "q49" in shown and "Fairness" in shown
    cards = teams_render.render(listing)
    assert all(len(json.dumps(c.card).encode()) <= teams_render.MAX_CARD_BYTES for c in cards)
    assert "q49" in json.dumps([c.card for c in cards])
