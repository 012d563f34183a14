"""Teams test rig: the real CloudAdapter behind a real aiohttp server on loopback (anonymous dev
mode), a local fake Bot Connector, and a real SQLite database seeded with the sample people."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator, Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

import aiohttp
import jsonschema  # type: ignore[import-untyped]
import pytest
from aiohttp import web

from adapters.teams.http import TeamsEndpoint
from careerbot.bootstrap import build
from careerbot.server import TEAMS, create_app
from careerbot.settings import Settings
from storage.database import Database
from tests.fakes import FakeClock
from tests.sql_repo import SqlRepo
from tests.storage.seed import seed_people
from tests.teams.activities import TeamsUser
from tests.teams.fake_connector import Call, FakeConnector

SCHEMAS = Path(__file__).resolve().parents[3] / "shared" / "validators" / "schemas"
if not SCHEMAS.is_dir():
    SCHEMAS = Path("/work/shared/validators/schemas")
TEAMS_MESSAGE_LIMIT = 28 * 1024


@cache
def card_validator() -> jsonschema.Draft6Validator:
    """AC 1.5 schema with the Teams-only `msteams` property allowed (in memory only)."""
    schema = copy.deepcopy(json.loads((SCHEMAS / "adaptive-card-1.5.schema.json").read_text()))
    schema["definitions"]["AdaptiveCard"]["properties"]["msteams"] = {"type": "object"}
    return jsonschema.Draft6Validator(schema)


def assert_valid_card(card: dict[str, Any]) -> None:
    errors = [f"{list(e.absolute_path)}: {e.message[:200]}"
              for e in card_validator().iter_errors(card)]
    assert not errors, "\n".join(errors)


def nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every JSON object in the tree, depth first."""
    if isinstance(tree, dict):
        yield tree
        tree = list(tree.values())
    if isinstance(tree, list):
        for item in tree:
            yield from nodes(item)


def card_text(card: dict[str, Any]) -> str:
    """Every text in the card (texts, fact values, button titles, labels), in order."""
    keys = ("text", "title", "value", "label")
    return "\n".join(node[key] for node in nodes(card) for key in keys
                     if isinstance(node.get(key), str))


def submits(card: dict[str, Any]) -> list[dict[str, Any]]:
    """Every Action.Submit in the card, in order."""
    return [node for node in nodes(card) if node.get("type") == "Action.Submit"]


@dataclass
class Rig:
    """A running Teams endpoint, its fake connector and its database."""

    url: str
    connector: FakeConnector
    repo: SqlRepo
    db: Database
    endpoint: TeamsEndpoint
    people: dict[str, int]
    session: aiohttp.ClientSession
    users: dict[str, TeamsUser] = field(default_factory=dict)

    @property
    def service_url(self) -> str:
        return self.connector.url

    async def post(self, activity: dict[str, Any], **headers: str) -> aiohttp.ClientResponse:
        async with self.session.post(self.url, json=activity, headers=headers) as response:
            await response.read()
            return response

    async def exchange(self, activity: dict[str, Any]) -> list[Call]:
        """Post one activity; the messages the bot sent (checked: valid cards, under 28 KB)."""
        before = len(self.connector.calls)
        response = await self.post(activity)
        assert response.status == 200, response.status
        sent = [c for c in self.connector.calls[before:] if c.method != "GET"]
        for call in sent:
            assert call.size < TEAMS_MESSAGE_LIMIT, call.size
            assert call.body.get("summary"), "every card message carries a text summary"
            assert call.cards, "every message carries an Adaptive Card"
            for card in call.cards:
                assert_valid_card(card)
        return sent


async def start_app(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


@pytest.fixture
async def connector() -> AsyncIterator[FakeConnector]:
    fake = FakeConnector()
    await fake.start()
    yield fake
    await fake.stop()


@pytest.fixture
async def rig(sqlite_db: Database, connector: FakeConnector) -> AsyncIterator[Rig]:
    people = await seed_people(sqlite_db)
    users = {name: TeamsUser.make(i, name.title()) for i, name in
             enumerate(("pat", "morgan", "sam", "stranger"), start=1)}
    for name in ("pat", "morgan", "sam"):
        connector.add_member(users[name].user_id, f"{name}@example.com",
                             users[name].aad_object_id, upn=f"{name.upper()}@Example.com")
    connector.add_member(users["stranger"].user_id, "stranger@example.com")
    settings = Settings(_env_file=None, DATABASE_URL=sqlite_db.sync_url,  # type: ignore[call-arg]
                        TEAMS_DEV_ANONYMOUS=True, MICROSOFT_APP_ID=None, SLACK_BOT_TOKEN=None)
    # The real composition root and server app factory: what `careerbot serve` runs.
    composed = build(settings, clock=FakeClock())
    app = create_app(composed)
    runner, base = await start_app(app)
    async with aiohttp.ClientSession() as session:
        yield Rig(f"{base}/api/messages", connector, SqlRepo(composed.db), sqlite_db, app[TEAMS],
                  people, session, users)
    await runner.cleanup()
    await composed.db.close()
