"""Check-ins on Teams: the prompt reaches the manager as a valid Adaptive Card through the real
CloudAdapter and a fake Bot Connector (sent by the scheduler's run_due), the manager logs notes
from the card, the report reads them, and HR sees only that a check-in happened."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from adapters.teams.http import TeamsConfig, mount_teams
from adapters.teams.messenger import RetryPolicy, TeamsMessenger
from adapters.teams.render import FORM_PREFIX
from bot.context import Services
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.database import Database
from tests.fakes import FakeClock, units_of
from tests.sql_repo import SqlRepo
from tests.storage.seed import seed_people
from tests.teams.activities import TeamsUser, message, submit
from tests.teams.conftest import Rig, card_text, connector, start_app, submits
from tests.teams.fake_connector import Call, FakeConnector

__all__ = ["connector"]  # the Teams rig's fake Bot Connector fixture, used here too
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # the seeded people live in UTC


@pytest.fixture
async def world(sqlite_db: Database,
                connector: FakeConnector) -> AsyncIterator[tuple[Rig, Services, FakeClock]]:
    people = await seed_people(sqlite_db)  # Morgan manages Pat and Sam; Sam is HR
    users = {name: TeamsUser.make(i, name.title())
             for i, name in enumerate(("pat", "morgan", "sam"), start=1)}
    for name, user in users.items():
        connector.add_member(user.user_id, f"{name}@example.com", user.aad_object_id)
    repo = SqlRepo(sqlite_db)
    clock = FakeClock(datetime(2026, 3, 4, 12, tzinfo=UTC))
    services = Services(units=units_of(repo), clock=clock)
    app = web.Application()
    endpoint = mount_teams(app, services=services,
                           config=TeamsConfig(dev_anonymous=True))
    assert endpoint is not None
    runner, base = await start_app(app)
    async with aiohttp.ClientSession() as session:
        yield Rig(f"{base}/api/messages", connector, repo, sqlite_db, endpoint, people, session,
                  users), services, clock
    await runner.cleanup()


async def say(rig: Rig, who: str, text: str) -> Call:
    sent = await rig.exchange(message(rig.users[who], rig.service_url, text))
    assert len(sent) == 1
    return sent[0]


def data_of(call: Call, title: str) -> dict[str, Any]:
    found: dict[str, Any] = next(s["data"] for s in submits(call.cards[0]) if s["title"] == title)
    return found


async def test_checkin_prompt_on_teams(world: tuple[Rig, Services, FakeClock]) -> None:
    rig, services, clock = world
    for who in ("pat", "morgan", "sam"):
        await say(rig, who, "hi")  # installs: conversation references stored
    await say(rig, "morgan", "checkins each")  # one message per report (the default: a digest)

    async def no_sleep(seconds: float) -> None:
        return None

    messenger = TeamsMessenger(rig.endpoint.adapter, services.units, None, sleep=no_sleep,
                               jitter=lambda: 0.5, policy=RetryPolicy(attempts=2))
    rt = Runtime(services.units, clock, messenger)
    await run_due(rt, rig.db.sync_url, clock.now())
    before = len(rig.connector.calls)
    clock.current = MONDAY
    await run_due(rt, rig.db.sync_url, MONDAY)
    await run_due(rt, rig.db.sync_url, MONDAY)  # a second run sends nothing again
    prompts = [c for c in rig.connector.calls[before:] if c.method == "POST"]
    morgan_chat = rig.users["morgan"].conversation_id
    assert [c.conversation_id for c in prompts] == [morgan_chat, morgan_chat]
    texts = [card_text(c.cards[0]) for c in prompts]
    assert "Growth check-in: Pat Person" in texts[0] and "Growth check-in: Sam Other" in texts[1]
    assert "Snooze a week" in texts[0] and "Log notes" in texts[0]

    notes = await rig.exchange(submit(rig.users["morgan"], rig.service_url,
                                      data_of(prompts[0], "Log notes"), prompts[0].new_id or ""))
    form = notes[0]
    saved_data = {**data_of(form, "Save"), FORM_PREFIX + "note": "Talked about design docs"}
    saved = await rig.exchange(submit(rig.users["morgan"], rig.service_url, saved_data,
                                      form.new_id or ""))
    assert "Saved." in card_text(saved[0].cards[0])
    assert "Talked about design docs" in card_text((await say(rig, "pat", "notes")).cards[0])
    hr_view = card_text((await say(rig, "sam", "notes pat@example.com")).cards[0])
    assert "Check-ins logged: Mon 09 Mar 2026" in hr_view and "design docs" not in hr_view
