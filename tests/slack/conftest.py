"""Slack test rig: the real server application (create_app) with the real Bolt app on loopback,
the Web API pointed at a local fake Slack, and a real SQLite database seeded with sample people."""

from __future__ import annotations

import itertools
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import aiohttp
import pytest
from aiohttp import web

from bot.context import Services
from careerbot.bootstrap import App
from careerbot.server import SLACK, create_app
from careerbot.settings import Settings
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.slack import payloads
from tests.slack.fake_slack_api import Call, FakeSlackApi
from tests.sql_repo import SqlRepo
from tests.storage.seed import seed_people

SECRET = "test-signing-secret-0123456789abcdef"
TOKEN = "xoxb-test-token"
USERS = {"pat": "UPAT", "morgan": "UMORGAN", "sam": "USAM", "stranger": "USTRANGER",
         "noemail": "UNOEMAIL"}
_hooks = itertools.count(1)


def settings(api_url: str, database_url: str, **overrides: Any) -> Settings:
    values: dict[str, Any] = {
        "DATABASE_URL": database_url, "SLACK_BOT_TOKEN": TOKEN, "SLACK_SIGNING_SECRET": SECRET,
        "SLACK_APP_TOKEN": None, "SLACK_API_URL": api_url, "MICROSOFT_APP_ID": None,
        "MICROSOFT_APP_PASSWORD": None, "TEAMS_DEV_ANONYMOUS": False,
        # Commands answer through the response_url, where these tests read them; the reply
        # carried in the ack has its own tests (test_ack_reply.py).
        "CAREERBOT_ACK_REPLY_SECONDS": 0, **overrides}
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


async def start_app(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    return runner, f"http://127.0.0.1:{port}"


@dataclass
class Rig:
    """A running server, the fake Slack it talks to, and its database."""

    base: str
    slack: FakeSlackApi
    web_app: web.Application
    db: Database
    repo: SqlRepo
    people: dict[str, int]
    session: aiohttp.ClientSession
    statuses: list[int] = field(default_factory=list)

    async def post(self, body: str, content_type: str, *, secret: str = SECRET,
                   timestamp: int | None = None, headers: dict[str, str] | None = None) -> int:
        sent = payloads.signed_headers(secret, body, content_type=content_type,
                                       timestamp=timestamp)
        sent.update(headers or {})
        async with self.session.post(f"{self.base}/slack/events", data=body.encode(),
                                     headers=sent) as response:
            await response.read()
            self.statuses.append(response.status)
            return response.status

    async def settle(self) -> None:
        """Wait for the work the server started after acknowledging (Slack's 3 s rule)."""
        await self.web_app[SLACK].drain(timeout=10)

    async def command(self, user: str, text: str, *, settle: bool = True) -> list[Call]:
        """`/career TEXT` from a sample person; the response_url calls it caused."""
        hook = f"cmd{next(_hooks)}"
        status = await self.post(
            payloads.slash_command(USERS[user], text, self.slack.response_url(hook)),
            payloads.FORM)
        assert status == 200
        if settle:
            await self.settle()
        return [c for c in self.slack.calls if c.path.endswith(f"/{hook}")]

    async def event(self, event: dict[str, Any], *, event_id: str | None = None,
                    headers: dict[str, str] | None = None) -> int:
        status = await self.post(payloads.event_callback(event, event_id=event_id),
                                 payloads.JSON, headers=headers)
        await self.settle()
        return status

    async def press(self, user: str, element: dict[str, Any], *,
                    container: dict[str, Any] | None = None,
                    state: dict[str, Any] | None = None, settle: bool = True) -> list[Call]:
        """Press a rendered button; the response_url calls it caused."""
        hook = f"press{next(_hooks)}"
        body = payloads.block_action(USERS[user], element, self.slack.response_url(hook),
                                     container=container, state=state)
        assert await self.post(body, payloads.FORM) == 200
        if settle:
            await self.settle()
        return [c for c in self.slack.calls if c.path.endswith(f"/{hook}")]


def buttons(blocks: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [e for b in blocks if b["type"] == "actions" for e in b["elements"]]


def button(blocks: list[dict[str, Any]], label: str) -> dict[str, Any]:
    """The rendered button whose text starts with `label`."""
    found = [e for e in buttons(blocks) if e["text"]["text"].startswith(label)]
    assert found, f"no button {label!r} in {[e['text']['text'] for e in buttons(blocks)]}"
    return found[0]


def all_text(blocks: list[dict[str, Any]]) -> str:
    out: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == "text" and isinstance(value, str):
                    out.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(blocks)
    return "\n".join(out)


@pytest.fixture
async def fake_slack() -> AsyncIterator[FakeSlackApi]:
    fake = FakeSlackApi(token=TOKEN)
    await fake.start()
    for name in ("pat", "morgan", "sam"):
        fake.add_user(USERS[name], f"{name}@example.com")
    fake.add_user(USERS["stranger"], "stranger@example.com")
    fake.add_user(USERS["noemail"], None)
    yield fake
    await fake.stop()


async def running(db: Database, repo: SqlRepo, fake: FakeSlackApi,
                  services: Services | None = None, **overrides: Any) -> AsyncIterator[Rig]:
    """The server on `db` seeded with the sample people; `services` default to the core's,
    `overrides` are settings (CAREERBOT_WORKERS=1, ...)."""
    people = await seed_people(db)
    app = App(settings=settings(fake.api_url, db.sync_url, **overrides), db=db, stores=Stores(db),
              services=services or Services(units=units_of(repo), clock=FakeClock()))
    web_app = create_app(app)
    runner, base = await start_app(web_app)
    async with aiohttp.ClientSession() as session:
        yield Rig(base, fake, web_app, db, repo, people, session)
    await runner.cleanup()
    assert not fake.rejected, f"Slack would have rejected: {fake.rejected}"


@pytest.fixture
async def rig(sqlite_db: Database, sqlite_repo: SqlRepo,
              fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:
    """The server on a SQLite file (most tests)."""
    async for server in running(sqlite_db, sqlite_repo, fake_slack):
        yield server


@pytest.fixture
async def any_db_rig(db: Database, repo: SqlRepo,
                     fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:
    """The server on SQLite and on PostgreSQL (where concurrency and upserts differ)."""
    async for server in running(db, repo, fake_slack):
        yield server
