"""A manager rating a report who stops is told how to carry on rating THAT report ("rate
Pat"), and "rate NAME" does carry on (issue 12). Through the core on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.authz import REFUSAL
from bot.reply import Scale
from storage.database import Database
from storage.people.tables import PersonRow
from tests.managers.chat import Chat, services
from tests.managers.org import seed


@pytest.fixture
async def chat(db: Database) -> AsyncIterator[tuple[Chat, dict[str, int]]]:
    ids = await seed(db)
    yield Chat(services(db)), ids


async def test_stopping_a_managers_rating_says_rate_that_report(
        chat: tuple[Chat, dict[str, int]]) -> None:
    c, ids = chat
    started = await c.press("morgan", "checkins.rate", {"p": str(ids["pat"])})
    scale = next(b for b in started.blocks if isinstance(b, Scale))
    await c.press("morgan", scale.action_id, dict(scale.value) | {"score": "4"})
    stopped = await c.press_label("morgan", started, "Stop for now")
    assert "Say \"rate Pat\" to carry on rating Pat where you left off." in stopped.text
    assert "Say \"rate\" whenever" not in stopped.text
    again = await c.say("morgan", "rate Pat")
    assert "How ready is Pat for Software Engineer II?" in again.text
    assert "(2 of 2)" in again.text  # where Morgan left off, not a self-rating
    assert "How ready is Pat" in (await c.say("morgan", "rate pat@example.com")).text


async def test_rate_name_is_refused_for_someone_elses_report_and_rate_alone_is_oneself(
        chat: tuple[Chat, dict[str, int]], db: Database) -> None:
    c, ids = chat
    async with db.session() as s:  # "me" must not be taken for the start of her name
        s.add(PersonRow(email="mei@example.com", name="Mei Lin", team="core",
                        manager_id=ids["lee"]))
        await s.commit()
    assert "how often do you already do" in (await c.say("pat", "rate me")).text
    refused = (await c.say("morgan", "rate cole")).text
    assert "You asked about \"cole\"." in refused and REFUSAL in refused
    assert "How ready" not in refused
    own = (await c.say("pat", "rate")).text
    assert "how often do you already do what the next level expects" in own
    assert "How ready is" not in (await c.say("pat", "rate morgan")).text
    stopped = await c.say("pat", "stop")
    assert "Say \"rate\" whenever you want to carry on" in stopped.text
