"""Check-ins default to one digest per manager (issue 12): a short line per report, a button
per report opening its full prompt; "checkins each" and "checkins digest" switch both ways, the
choice is stored, and help says so. Through the real scheduler on SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import timedelta

import pytest

from bot.reply import actions_of
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.test_scheduler import CrashingMessenger
from tests.managers.chat import Chat, services
from tests.managers.org import seed
from tests.managers.test_managers_scheduler import SLOT, START, World


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    await seed(db)
    clock = FakeClock(START)
    yield World(db, clock, CrashingMessenger(), Chat(services(db, clock)))


async def test_a_manager_gets_one_digest_by_default_with_a_button_per_report(
        world: World) -> None:
    w = world
    assert "(one digest)" in (await w.chat.say("morgan", "checkins")).text
    await w.run_due(START)
    await w.run_due(SLOT)
    sent = w.prompts("morgan")
    assert len(sent) == 1  # was one message per report
    digest = sent[0]
    assert "Growth check-ins: 2 reports" in digest.text
    assert "Pat Example: Software Engineer I, self - / manager -, last check-in never, no plan" \
        in digest.text
    assert "Sam Example: Software Engineer II" in digest.text
    assert "Competency | Self | Manager" not in digest.text  # short: details behind the button
    assert "Say \"checkins each\"" in digest.text
    assert [b.label for b in actions_of(digest)] == ["Pat", "Sam"]
    opened = await w.chat.press_label("morgan", digest, "Pat")
    assert "Growth check-in: Pat Example" in opened.text and "Questions for Pat" in opened.text
    labels = [b.label for b in actions_of(opened)]
    assert labels == ["Rate Pat's readiness", "Log notes", "Snooze a week", "Skip"]
    skipped = await w.chat.press_label("morgan", opened, "Skip")
    assert "Skipped" in skipped.text
    assert "isn't yours" in (await w.chat.press_label("cole", digest, "Sam")).text
    # A manager with one report gets that report's full prompt.
    assert "Questions for Morgan" in w.prompts("ada")[0].text


async def test_switching_to_one_message_per_report_and_back_is_stored(world: World) -> None:
    w = world
    each = await w.chat.say("morgan", "checkins each")
    assert "one message per report" in each.text
    await w.run_due(START)
    await w.run_due(SLOT)
    assert w.about("morgan") == ["Pat Example", "Sam Example"]
    assert "Say \"checkins digest\"" in w.prompts("morgan")[0].text
    back = await w.chat.say("morgan", "checkins digest")
    assert "(one digest)" in back.text
    w.clock.current = SLOT + timedelta(days=1)
    assert "(one digest)" in (await w.chat.say("morgan", "checkins")).text
    await w.run_due(SLOT + timedelta(days=14))
    assert "Growth check-ins: 2 reports" in w.prompts("morgan")[-1].text
    assert len(w.prompts("morgan")) == 3


async def test_help_says_how_to_switch_both_ways(world: World) -> None:
    shown = (await world.chat.say("morgan", "help")).text
    assert "checkins digest" in shown and "checkins each" in shown
