"""Two `careerbot serve` replicas on one database (SQLite and PostgreSQL), scraped over loopback
HTTP: exactly one reports itself the scheduler leader; a database error is counted."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import AsyncExitStack, asynccontextmanager

import aiohttp
from sqlalchemy import text

from careerbot.bootstrap import App, build
from careerbot.server import create_app
from storage.database import Database
from tests.ops.test_metrics import samples, value
from tests.secret import TEST_SECRET_KEY
from tests.slack.conftest import settings, start_app


@asynccontextmanager
async def replica(db_url: str) -> AsyncIterator[tuple[App, str]]:
    """A server with its scheduler host, as `careerbot serve` builds it (no Slack, no Teams)."""
    app = build(settings("http://127.0.0.1:9/", db_url, SLACK_BOT_TOKEN=None,
                         CAREERBOT_SECRET_KEY=TEST_SECRET_KEY), scheduler=True)
    runner, base = await start_app(create_app(app))
    try:
        yield app, base
    finally:
        await runner.cleanup()
        await app.db.close()


async def leaders(session: aiohttp.ClientSession, bases: list[str]) -> list[float]:
    found = []
    for base in bases:
        async with session.get(f"{base}/metrics") as response:
            assert response.status == 200
            found.append(value(samples(await response.text()), "careerbot_scheduler_leader"))
    return found


async def test_one_of_two_replicas_leads(db: Database) -> None:
    await asyncio.to_thread(db.upgrade)
    async with AsyncExitStack() as stack, aiohttp.ClientSession() as session:
        apps = [await stack.enter_async_context(replica(db.sync_url)) for _ in range(2)]
        bases = [base for _, base in apps]
        for _ in range(100):  # each tries for the lock as it starts
            if sum(await leaders(session, bases)) >= 1:
                break
            await asyncio.sleep(0.1)
        assert sorted(await leaders(session, bases)) == [0.0, 1.0]


async def test_database_errors_are_counted(db: Database) -> None:
    await asyncio.to_thread(db.upgrade)
    async with replica(db.sync_url) as (app, base), aiohttp.ClientSession() as session:
        async def errors() -> float:
            async with session.get(f"{base}/metrics") as response:
                return sum(v for (name, _), v in samples(await response.text()).items()
                           if name == "careerbot_database_errors_total")

        before = await errors()
        try:
            async with app.db.engine.connect() as connection:
                await connection.execute(text("SELECT * FROM no_such_table"))
        except Exception as error:
            assert "no_such_table" in str(error)
        else:
            raise AssertionError("the statement should have failed")
        assert await errors() == before + 1


