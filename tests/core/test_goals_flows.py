"""Goals through the core on real SQLite and PostgreSQL (issue 12): dates in the person's own
order and relative dates are understood and said back, impossible ones refused with nothing
saved, goals edited, removed and reopened by number, and a dated goal gets its nudge."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta

import pytest

from bot.plans.rules import Goal
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.database import Database
from storage.plans.repository import SqlPlans
from tests.fakes import FakeClock, RecordingMessenger
from tests.managers.chat import Chat, services
from tests.managers.org import seed

MONDAY = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)  # Pat is in Berlin, Sam in New York


@pytest.fixture
async def chat(db: Database) -> AsyncIterator[Chat]:
    await seed(db)
    yield Chat(services(db, FakeClock(MONDAY)))


async def goals(db: Database, person_id: int) -> tuple[Goal, ...]:
    plan = await SqlPlans(db).plan(person_id)
    return plan.goals if plan else ()


PAT, SAM = 4, 5


@pytest.mark.parametrize(("text", "understood"), [
    ("goal Read a book by 12/20/2026", "due Sun 20 Dec 2026"),
    ("goal Read a book by next friday", "due Fri 6 Mar 2026"),
    ("goal Read a book by 20 Dec", "due Sun 20 Dec 2026"),
    ("goal Read a book in 2 weeks", "due Mon 16 Mar 2026"),
    ("goal Read a book by 2026-12-20", "due Sun 20 Dec 2026"),
    ("goal Read a book by 03/04", "due Fri 3 Apr 2026"),  # Berlin: day first
])
async def test_a_goal_date_is_understood_saved_and_said(chat: Chat, db: Database, text: str,
                                                        understood: str) -> None:
    reply = await chat.say("pat", text)
    assert f"Added goal 1: Read a book, {understood}." in reply.text
    (goal,) = await goals(db, PAT)
    assert goal.text == "Read a book" and goal.due is not None
    assert understood.endswith(f"{goal.due.day} {goal.due:%b %Y}")


async def test_the_date_order_is_the_persons(chat: Chat, db: Database) -> None:
    reply = await chat.say("sam", "goal Demo the tool by 03/04")  # New York: month first
    assert "due Wed 4 Mar 2026" in reply.text
    assert [g.due for g in await goals(db, SAM)] == [date(2026, 3, 4)]


@pytest.mark.parametrize(("text", "said"), [
    ("goal Read a book by 2026-13-45", "2026-13-45 is not a real date"),
    ("goal Read a book by 31/02/2026", "31/02/2026 is not a real date"),
    ("goal Read a book by 1 Jan 2026", "in the past"),
    ("goal by friday", "Say what the goal is"),
])
async def test_bad_dates_are_refused_and_nothing_is_saved(chat: Chat, db: Database, text: str,
                                                          said: str) -> None:
    reply = await chat.say("pat", text)
    assert said in reply.text and len(reply.text.splitlines()) == 1
    assert await goals(db, PAT) == ()


async def test_edit_remove_and_reopen_by_number(chat: Chat, db: Database) -> None:
    await chat.say("pat", "goal Read a book by 20 Dec")
    await chat.say("pat", "goal Write a design doc")
    assert "2. Write a design doc" in (await chat.say("pat", "plan")).text
    edited = await chat.say("pat", "goal 2 edit Write two design docs by next friday")
    assert "Goal 2 is now: Write two design docs, due Fri 6 Mar 2026." in edited.text
    moved = await chat.say("pat", "goal 1 by 2026-11-01")
    assert "Goal 1 is now due Sun 1 Nov 2026." in moved.text
    assert "Goal 1 is now: Read a book, due Wed 4 Mar 2026." in (
        await chat.say("pat", "goal 1 edit by wednesday")).text
    done = await chat.say("pat", "goal 2 done")
    assert "Goal 2 done: Write two design docs" in done.text and "2. [done]" in done.text
    reopened = await chat.say("pat", "goal 2 reopen")
    assert "Goal 2 is open again" in reopened.text and "[done]" not in reopened.text
    removed = await chat.say("pat", "goal 1 remove")
    assert "Removed goal 1: Read a book." in removed.text
    assert "1. Write two design docs (due 2026-03-06)" in removed.text
    assert [(g.text, g.due, g.done) for g in await goals(db, PAT)] == [
        ("Write two design docs", date(2026, 3, 6), False)]


@pytest.mark.parametrize(("text", "said"), [
    ("goal 7 remove", "There is no goal 7"),
    ("goal 1 edit by 2026-13-45", "2026-13-45 is not a real date"),
    ("goal 1 by someday", "couldn't read \"someday\" as a date"),
    ("goal 1 by 1 Jan 2026", "in the past"),
    ("goal 1 edit", "What should goal 1 say?"),
    ("done 7", "Which goal?"),
])
async def test_bad_goal_changes_change_nothing(chat: Chat, db: Database, text: str,
                                               said: str) -> None:
    await chat.say("pat", "goal Read a book by 20 Dec")
    before = await goals(db, PAT)
    assert said in (await chat.say("pat", text)).text
    assert await goals(db, PAT) == before


async def test_a_goal_may_start_with_a_number(chat: Chat, db: Database) -> None:
    reply = await chat.say("pat", "goal 3 talks at meetups by 20 Dec")
    assert "Added goal 1: 3 talks at meetups, due Sun 20 Dec 2026." in reply.text


async def test_others_cannot_change_my_goals(chat: Chat, db: Database) -> None:
    await chat.say("pat", "goal Read a book by 20 Dec")
    assert "You have no goals yet" in (await chat.say("sam", "goal 1 remove")).text
    assert len(await goals(db, PAT)) == 1


async def test_a_relative_goal_date_is_nudged_and_a_new_date_nudged_again(
        chat: Chat, db: Database) -> None:
    clock = FakeClock(MONDAY)
    messenger = RecordingMessenger()
    talk = Chat(services(db, clock))
    runtime = Runtime(talk.services.units, clock, messenger)

    async def at(moment: datetime) -> list[str]:
        clock.current = moment
        ran = await run_due(runtime, db.sync_url, moment)
        return [job for job in ran if job.startswith("goal:")]  # check-ins run too

    await talk.say("pat", "goal Read a book by next friday")  # Fri 6 Mar
    assert await at(MONDAY) == []
    ran = await at(datetime(2026, 3, 4, 8, 0, tzinfo=UTC))  # Wednesday 9:00 in Berlin
    assert ran == ["goal:1"]
    assert "Read a book is due on Fri 6 Mar 2026" in messenger.sent[0][1].text
    await talk.say("pat", "goal 1 by 20 Mar")
    clock.current = datetime(2026, 3, 18, 8, 0, tzinfo=UTC)
    assert await at(clock.current) == ["goal:1"]
    nudges = [r.text for _, r in messenger.sent if "nudge" in r.text]
    assert len(nudges) == 2 and "Fri 20 Mar 2026" in nudges[1]
    await at(clock.current + timedelta(hours=1))
    assert len([r for _, r in messenger.sent if "nudge" in r.text]) == 2
