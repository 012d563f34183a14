"""Check-ins on Slack: the scheduler's run_due sends the manager's prompts as Block Kit DMs
through the real server app and a local fake Slack Web API; the manager skips one from its
button; HR asking about a report through /career sees the track only."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, datetime

import aiohttp
import pytest

from bot.context import Services
from careerbot.bootstrap import App, jobs_runtime
from careerbot.server import create_app
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.slack.conftest import USERS, Rig, all_text, button, fake_slack, settings, start_app
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlRepo
from tests.storage.seed import seed_people

__all__ = ["fake_slack"]  # the Slack rig's fake Web API fixture, used here too
MONDAY = datetime(2026, 3, 9, 9, 0, tzinfo=UTC)  # the seeded people live in UTC


@pytest.fixture
async def world(sqlite_db: Database,
                fake_slack: FakeSlackApi) -> AsyncIterator[tuple[Rig, Runtime, FakeClock]]:
    people = await seed_people(sqlite_db)  # Morgan manages Pat and Sam; Sam is HR
    repo = SqlRepo(sqlite_db)
    clock = FakeClock(datetime(2026, 3, 4, 12, tzinfo=UTC))
    services = Services(units=units_of(repo), clock=clock)
    app = App(settings=settings(fake_slack.api_url, sqlite_db.sync_url), db=sqlite_db,
              stores=Stores(sqlite_db), services=services)
    web_app = create_app(app)
    runner, base = await start_app(web_app)
    rt = jobs_runtime(app.settings, services.units, clock)  # what `careerbot jobs` sends with
    async with aiohttp.ClientSession() as session:
        yield Rig(base, fake_slack, web_app, sqlite_db, repo, people, session), rt, clock
    await runner.cleanup()
    assert not fake_slack.rejected, f"Slack would have rejected: {fake_slack.rejected}"


async def test_checkin_prompts_on_slack(world: tuple[Rig, Runtime, FakeClock]) -> None:
    rig, rt, clock = world
    await rig.command("morgan", "checkins each")  # one message per report (digest: below)
    await run_due(rt, rig.db.sync_url, clock.now())
    clock.current = MONDAY
    await run_due(rt, rig.db.sync_url, MONDAY)
    await run_due(rt, rig.db.sync_url, MONDAY)  # nothing twice
    posts = rig.slack.of("chat.postMessage")
    assert [p.args["channel"] for p in posts] == [USERS["morgan"], USERS["morgan"]]
    pat_prompt, sam_prompt = (p.args["blocks"] for p in posts)
    assert "Growth check-in: Pat Person" in all_text(pat_prompt)
    assert "Growth check-in: Sam Other" in all_text(sam_prompt)
    skipped = await rig.press("morgan", button(sam_prompt, "Skip"))
    assert any("Skipped" in str(c.args) for c in skipped)
    hr = await rig.command("sam", "what's next for pat@example.com")
    text = " ".join(str(c.args) for c in hr)
    assert "HR sees tracks and levels only" in text and "Competency" not in text


async def test_checkin_digest_on_slack(world: tuple[Rig, Runtime, FakeClock]) -> None:
    """The default: one Block Kit digest (Slack accepts it), a button per report opening it."""
    rig, rt, clock = world
    await run_due(rt, rig.db.sync_url, clock.now())
    clock.current = MONDAY
    await run_due(rt, rig.db.sync_url, MONDAY)
    posts = rig.slack.of("chat.postMessage")
    assert [p.args["channel"] for p in posts] == [USERS["morgan"]]
    digest = posts[0].args["blocks"]
    assert "Growth check-ins: 2 reports" in all_text(digest)
    opened = await rig.press("morgan", button(digest, "Pat"))
    assert any("Growth check-in: Pat Person" in str(c.args) for c in opened)
