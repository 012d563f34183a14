"""Manager rating and sharing, the team view, plans and the cadence command, through the core
on a real SQLite database."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.reply import Reply, Scale
from storage.database import Database
from tests.managers.chat import Chat, services
from tests.managers.org import seed


@pytest.fixture
async def chat(sqlite_db: Database) -> AsyncIterator[Chat]:
    await seed(sqlite_db)
    yield Chat(services(sqlite_db))


async def answer(chat: Chat, who: str, reply: Reply, scores: list[int]) -> Reply:
    for score in scores:
        scale = next(b for b in reply.blocks if isinstance(b, Scale))
        reply = await chat.press(who, scale.action_id, dict(scale.value) | {"score": str(score)})
    return reply


async def test_manager_rating_is_shown_to_the_report_only_once_shared(chat: Chat) -> None:
    await answer(chat, "pat", await chat.say("pat", "rate"), [5, 4])
    reply = await chat.press("morgan", "checkins.rate", {"p": "4"})
    assert "How ready is Pat for Software Engineer II?" in reply.text
    summary = await answer(chat, "morgan", reply, [2, 4])
    assert "Your rating of their readiness for Software Engineer II: 50%" in summary.text
    assert "Your manager's rating" not in (await chat.say("pat", "next")).text
    thief = await chat.press_label("cole", summary, "Share with them")
    assert "isn't yours" in thief.text
    shared = await chat.press_label("morgan", summary, "Share with them")
    assert "Shared. Pat now sees your rating" in shared.text
    mine = (await chat.say("pat", "what's next for me?")).text
    assert "Your self-rating: 5/5 (Consistently)" in mine
    assert "Your manager's rating: 2/5 (Starting)" in mine
    assert "Your manager rates your readiness for Software Engineer II at 50%" in mine
    view = (await chat.say("morgan", "what's next for pat@example.com")).text
    assert "Ownership | 5 | 2 | gap >= 2" in view and "Biggest gaps: Ownership" in view
    team = (await chat.say("morgan", "team")).text
    assert "Pat Example | Software Engineer I | 88% | 50% | not yet | never | no plan" in team


async def test_plan_focus_goals_and_bad_input(chat: Chat) -> None:
    await answer(chat, "pat", await chat.say("pat", "rate"), [5, 2])
    shown = await chat.say("pat", "plan")
    assert "Suggested (your lowest self-ratings): Communication, Ownership" in shown.text
    assert "visible to you and your manager" in shown.text
    chosen = await chat.press_label("pat", shown, "Use the suggestion")
    assert "Focus: Communication, Ownership" in chosen.text
    assert "not a competency" in (await chat.say("pat", "plan focus cooking")).text
    assert "in the past" in (await chat.say("pat", "goal Ship it by 2020-01-01")).text
    assert "Say what the goal is" in (await chat.say("pat", "goal")).text
    plan = await chat.say("pat", "goal Write a design doc by 2026-04-01")
    assert "1. Write a design doc (due 2026-04-01)" in plan.text and "Ship it" not in plan.text
    assert "Which goal?" in (await chat.say("pat", "done 7")).text
    done = await chat.say("pat", "done 1")
    assert "1. [done] Write a design doc" in done.text and "1 of 1 goals done" in done.text
    assert "Status: 1 of 1 goals done" in (await chat.say("morgan", "plan pat@example.com")).text


async def test_cadence_command(chat: Chat) -> None:
    assert "every two weeks on Monday at 09:00" in (await chat.say("morgan", "checkins")).text
    assert "for managers" in (await chat.say("pat", "checkins weekly")).text
    assert "Only HR" in (await chat.say("morgan", "checkins default weekly")).text
    assert "every week on Tuesday at 10:00" in (
        await chat.say("hana", "checkins default weekly tuesday 10:00")).text
    assert "every week on Tuesday" in (await chat.say("ada", "checkins")).text  # the default
    assert "working hours" in (await chat.say("morgan", "checkins 20:00")).text
    assert "Monday to Friday" in (await chat.say("morgan", "checkins saturday")).text
    assert "didn't understand" in (await chat.say("morgan", "checkins hourly")).text
    assert "every week on Tuesday" in (await chat.say("morgan", "checkins")).text  # unchanged
    assert "off" in (await chat.say("morgan", "checkins off")).text
