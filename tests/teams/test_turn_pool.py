"""Teams turns run on the server's bounded worker pool, as Slack's work does: with every worker
busy and no room in the queue, a message is told the bot is busy at once (the core is not asked),
and the turns already running finish normally."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from adapters.teams import bot as teams_bot
from adapters.workers import BUSY
from bot.conversation import handle
from careerbot.bootstrap import build
from careerbot.server import WORKERS, create_app
from careerbot.settings import Settings
from storage.database import Database
from tests.fakes import FakeClock
from tests.storage.seed import seed_people
from tests.teams.activities import TeamsUser, message
from tests.teams.conftest import card_text, start_app
from tests.teams.fake_connector import FakeConnector


@pytest.fixture
async def one_worker(sqlite_db: Database, connector: FakeConnector,
                     monkeypatch: pytest.MonkeyPatch) -> AsyncIterator[dict[str, Any]]:
    """`careerbot serve` (anonymous Teams) with one worker and no queue, whose core holds the
    first event until `release` is set."""
    await seed_people(sqlite_db)
    pat = TeamsUser.make(1, "Pat")
    connector.add_member(pat.user_id, "pat@example.com", pat.aad_object_id)
    release = asyncio.Event()
    held = asyncio.Event()

    async def slow_handle(services: Any, event: Any) -> Any:
        if not held.is_set():
            held.set()
            await release.wait()
        return await handle(services, event)

    monkeypatch.setattr(teams_bot, "handle", slow_handle)
    settings = Settings(_env_file=None, DATABASE_URL=sqlite_db.sync_url,  # type: ignore[call-arg]
                        TEAMS_DEV_ANONYMOUS=True, MICROSOFT_APP_ID=None, SLACK_BOT_TOKEN=None,
                        CAREERBOT_WORKERS=1, CAREERBOT_QUEUE=0,
                        CAREERBOT_QUEUE_WAIT_SECONDS=0)
    composed = build(settings, clock=FakeClock())
    app = create_app(composed)
    runner, base = await start_app(app)
    async with aiohttp.ClientSession() as session:
        yield {"url": f"{base}/api/messages", "session": session, "pat": pat, "app": app,
               "release": release, "held": held}
    release.set()
    await runner.cleanup()
    await composed.db.close()


async def test_a_full_pool_tells_the_person_the_bot_is_busy(one_worker: dict[str, Any],
                                                             connector: FakeConnector) -> None:
    url, session, pat = one_worker["url"], one_worker["session"], one_worker["pat"]

    async def post(text: str) -> int:
        async with session.post(url, json=message(pat, connector.url, text)) as response:
            await response.read()
            return int(response.status)

    first = asyncio.create_task(post("what's next"))
    await asyncio.wait_for(one_worker["held"].wait(), 10)
    assert one_worker["app"][WORKERS].running == 1  # the turn is the pool's job
    before = len(connector.calls)
    assert await asyncio.wait_for(post("my track"), 10) == 200
    busy = [c for c in connector.calls[before:] if c.method != "GET"]
    assert len(busy) == 1 and any(BUSY in card_text(card) for card in busy[0].cards)
    one_worker["release"].set()
    assert await asyncio.wait_for(first, 20) == 200
    answered = [c for c in connector.calls[before:] if c.method != "GET"][1:]
    assert answered and any("Towards" in card_text(card) for c in answered for card in c.cards)
