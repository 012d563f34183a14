"""Employees' ratings and plans through the core on real SQLite and PostgreSQL (issue 12):
rating again keeps the last finished rating on show, and the top of a track still has a rating
and a plan."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.reply import Reply, Scale
from storage.database import Database
from storage.plans.repository import SqlPlans
from tests.fakes import FakeClock
from tests.managers.chat import Chat, services
from tests.managers.org import T0, seed

ADA = 1  # Staff Engineer: the top of the track (Engineering Manager is another branch)


@pytest.fixture
async def chat(db: Database) -> AsyncIterator[Chat]:
    await seed(db)
    yield Chat(services(db, FakeClock(T0)))


async def answer(chat: Chat, who: str, reply: Reply, scores: list[int]) -> Reply:
    for score in scores:
        scale = next(b for b in reply.blocks if isinstance(b, Scale))
        reply = await chat.press(who, scale.action_id, dict(scale.value) | {"score": str(score)})
    return reply


async def test_rating_again_keeps_the_last_finished_rating_until_the_new_one_is_done(
        chat: Chat) -> None:
    await answer(chat, "pat", await chat.say("pat", "rate"), [4, 2])
    again = await chat.say("pat", "rate")
    assert "How ready are you for Software Engineer II?" in again.text
    shown = (await chat.say("pat", "next")).text
    assert "Your readiness for Software Engineer II: 50% (complete, 2 of 2 rated)" in shown
    assert "in progress, 0 of 2 rated" not in shown
    assert "Your self-rating: 4/5 (Usually)" in shown
    assert "A new rating is in progress: 0 of 2 rated" in shown
    await answer(chat, "pat", again, [5])
    shown = (await chat.say("pat", "what's next for me")).text
    assert "50% (complete, 2 of 2 rated)" in shown and "in progress: 1 of 2 rated" in shown
    resumed = await chat.say("pat", "rate")
    await answer(chat, "pat", resumed, [5])
    shown = (await chat.say("pat", "next")).text
    assert "Your readiness for Software Engineer II: 100% (complete, 2 of 2 rated)" in shown
    assert "in progress" not in shown


async def test_a_first_rating_in_progress_is_still_shown_as_such(chat: Chat) -> None:
    await answer(chat, "pat", await chat.say("pat", "rate"), [4])
    shown = (await chat.say("pat", "next")).text
    assert "(in progress, 1 of 2 rated)" in shown and "A new rating" not in shown


async def test_rate_at_the_top_rates_the_current_level(chat: Chat) -> None:
    started = await chat.say("ada", "rate")
    assert "no next level" not in started.text
    assert "How fully do you work at Staff Engineer today?" in started.text
    assert "Ownership" in started.text
    summary = await answer(chat, "ada", started, [4, 2])
    assert "Where you stand at Staff Engineer: 50%" in summary.text
    assert "deepen" in summary.text
    top = (await chat.say("ada", "next")).text
    assert "You're at the top of Software Engineering" in top
    assert "Where you stand at Staff Engineer: 50%" in top


async def test_next_at_the_top_offers_a_rating_and_a_plan(chat: Chat) -> None:
    top = await chat.say("ada", "next")
    labels = [b.label for b in top.blocks[-1].buttons]  # type: ignore[union-attr]
    assert "Rate myself at Staff Engineer" in labels and "My plan" in labels


async def test_a_plan_and_goals_at_the_top(chat: Chat, db: Database) -> None:
    await answer(chat, "ada", await chat.say("ada", "rate"), [5, 2])
    plan = await chat.say("ada", "plan")
    assert "Deepening: Staff Engineer" in plan.text
    assert "at the top of Software Engineering" in plan.text
    assert "Suggested (your lowest self-ratings): Communication, Ownership" in plan.text
    chosen = await chat.say("ada", "plan focus communication")
    assert "Focus: Communication" in chosen.text
    added = await chat.say("ada", "goal Mentor two senior engineers by 20 Dec")
    assert "Added goal 1: Mentor two senior engineers, due Sun 20 Dec 2026." in added.text
    assert "1. Mentor two senior engineers" in (await chat.say("ada", "plan")).text
    saved = await SqlPlans(db).plan(ADA)
    assert saved is not None and saved.target_level_id == "staff"
    assert saved.focus == ("communication",) and len(saved.goals) == 1
