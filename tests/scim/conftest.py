"""A running `careerbot serve` application with SCIM_TOKEN set, on loopback, on a real
database (SQLite file and PostgreSQL through db_url)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp
import pytest

from bot.context import Services
from careerbot.bootstrap import App
from careerbot.server import create_app
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.slack.conftest import settings, start_app
from tests.sql_repo import SqlRepo

TOKEN = "scim-test-token-0123456789abcdef"
SCIM_JSON = "application/scim+json"


@dataclass
class Scim:
    """The SCIM base URL of a running server, and its database."""

    base: str
    db: Database
    clock: FakeClock

    async def call(self, method: str, path: str, body: Any = None, token: str | None = TOKEN,
                   ) -> tuple[int, Any]:
        headers = {"Content-Type": SCIM_JSON}
        if token is not None:
            headers["Authorization"] = f"Bearer {token}"
        async with aiohttp.ClientSession() as session, session.request(
                method, f"{self.base}{path}", json=body, headers=headers) as response:
            text = await response.text()
            try:
                return response.status, await response.json(content_type=None)
            except ValueError:
                return response.status, text


async def serve(db: Database, clock: FakeClock | None = None,
                **overrides: Any) -> tuple[aiohttp.web.AppRunner, str]:
    """`careerbot serve`'s application (Slack and Teams off) for `db`, listening on loopback."""
    config = settings("http://127.0.0.1:9/api/", db.sync_url, SLACK_BOT_TOKEN=None,
                      **overrides)
    app = App(settings=config, db=db, stores=Stores(db),
              services=Services(units=units_of(SqlRepo(db)), clock=clock or FakeClock()))
    return await start_app(create_app(app))


@pytest.fixture
async def scim(db: Database) -> AsyncIterator[Scim]:
    clock = FakeClock()
    runner, base = await serve(db, clock, SCIM_TOKEN=TOKEN)
    try:
        yield Scim(base=f"{base}/scim/v2", db=db, clock=clock)
    finally:
        await runner.cleanup()
