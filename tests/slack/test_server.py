"""The server application: the health check, which Slack mode is picked, and Socket Mode running
the same handlers over a real websocket to the fake Slack."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qsl

import aiohttp
import pytest
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.context import Services
from careerbot.bootstrap import App
from careerbot.server import SLACK, create_app, slack_mode
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text, settings, start_app
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlRepo
from tests.storage.seed import seed_people


def _app(db: Database, api_url: str = "http://127.0.0.1:9/api/", **overrides: Any) -> App:
    repo = SqlRepo(db)
    return App(settings=settings(api_url, db.sync_url, **overrides), db=db, stores=Stores(db),
               services=Services(units=units_of(repo), clock=FakeClock()))


async def _get(base: str, path: str) -> tuple[int, dict[str, Any]]:
    async with aiohttp.ClientSession() as session, session.get(base + path) as response:
        return response.status, await response.json()


async def test_healthz_reports_the_database(rig: Rig) -> None:
    status, body = await _get(rig.base, "/healthz")
    assert status == 200
    assert body == {"status": "ok", "database": "ok", "slack": "http", "teams": "off",
                    "queue": {"depth": 0, "running": 0, "capacity": 200, "workers": 8}}


async def test_healthz_is_503_when_the_database_is_down(tmp_path: object) -> None:
    db = Database("postgresql://nobody@127.0.0.1:1/none")
    runner, base = await start_app(create_app(_app(db)))
    try:
        status, body = await _get(base, "/healthz")
    finally:
        await runner.cleanup()
        await db.close()
    assert status == 503
    assert body["status"] == "unavailable" and body["database"] == "unreachable"
    assert (body["slack"], body["teams"]) == ("http", "off")


@pytest.mark.parametrize(("overrides", "mode"), [
    ({}, "http"),
    ({"SLACK_APP_TOKEN": "xapp-1"}, "socket"),
    ({"SLACK_APP_TOKEN": "xapp-1", "SLACK_SIGNING_SECRET": None}, "socket"),
    ({"SLACK_SIGNING_SECRET": None}, "off"),
    ({"SLACK_BOT_TOKEN": None}, "off"),
])
async def test_slack_mode_and_routes(sqlite_db: Database, overrides: dict[str, Any],
                                     mode: str) -> None:
    app = _app(sqlite_db, **overrides)
    assert slack_mode(app.settings) == mode
    web_app = create_app(app)
    routes = {(r.method, r.resource.canonical) for r in web_app.router.routes()
              if r.resource is not None}
    assert ("POST", "/slack/events") in routes if mode == "http" else \
        ("POST", "/slack/events") not in routes
    assert ("GET", "/healthz") in routes
    assert (SLACK in web_app) == (mode != "off")


async def test_slack_off_answers_404_on_the_slack_path(sqlite_db: Database) -> None:
    runner, base = await start_app(create_app(_app(sqlite_db, SLACK_BOT_TOKEN=None)))
    try:
        async with aiohttp.ClientSession() as session, \
                session.post(base + "/slack/events", data=b"x") as response:
            assert response.status == 404
    finally:
        await runner.cleanup()


@pytest.fixture
async def socket_server(sqlite_db: Database, fake_slack: FakeSlackApi
                        ) -> AsyncIterator[web.Application]:
    await seed_people(sqlite_db)
    web_app = create_app(_app(sqlite_db, fake_slack.api_url, SLACK_APP_TOKEN="xapp-test",
                              SLACK_SIGNING_SECRET=None))
    runner, _ = await start_app(web_app)  # connects Socket Mode on start-up
    yield web_app
    await runner.cleanup()


async def test_socket_mode_runs_the_same_handlers(socket_server: web.Application,
                                                  fake_slack: FakeSlackApi) -> None:
    bot = socket_server[SLACK]
    assert isinstance(bot.socket_handler, AsyncSocketModeHandler)
    [opened] = fake_slack.of("apps.connections.open")
    assert opened.token == "xapp-test"  # the app-level token, not the bot token
    command = dict(parse_qsl(payloads.slash_command(USERS["pat"], "next",
                                                    fake_slack.response_url("sock"))))
    ack = await fake_slack.push({"envelope_id": "env-1", "type": "slash_commands",
                                 "accepts_response_payload": True, "payload": command})
    assert ack["envelope_id"] == "env-1"
    await bot.drain(timeout=10)
    [answer] = [c for c in fake_slack.calls if c.path == "/hooks/sock"]
    assert "What's next for you, Pat" in all_text(answer.args["blocks"])
