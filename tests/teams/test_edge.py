"""The HTTP edge of /api/messages: a body over the limit is 413 (not 400), and a token check never
blocks the event loop: with the network to Microsoft hanging, a request with a JWT-shaped bearer
waits at most TEAMS_KEYS_TIMEOUT_SECONDS for the signing keys (then 503) while Slack and /healthz
go on answering at once."""

from __future__ import annotations

import asyncio
import base64
import json
import socket
import threading
import time
from collections.abc import AsyncIterator, Iterator
from typing import Any

import aiohttp
import pytest
from botframework.connector.auth import ChannelValidation

from adapters.teams import keys
from bot.context import Services
from careerbot.bootstrap import App
from careerbot.server import create_app
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.slack import payloads
from tests.slack.conftest import SECRET, USERS, start_app
from tests.slack.conftest import fake_slack as fake_slack  # the fixture
from tests.slack.conftest import settings as slack_settings
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlRepo
from tests.storage.seed import seed_people
from tests.teams.activities import TeamsUser, message
from tests.teams.conftest import Rig

APP_ID = "11111111-2222-4333-8444-555555555555"
CHANNEL_ISSUER = "https://api.botframework.com"  # what the Bot Framework's tokens say
HANG_SECONDS = 8.0
KEYS_TIMEOUT = 2.0


async def test_a_body_over_the_limit_gets_413(rig: Rig) -> None:
    activity = message(rig.users["pat"], rig.service_url, "next")
    activity["text"] = "x" * (1024 * 1024 + 1)
    async with rig.session.post(rig.url, json=activity) as response:
        assert response.status == 413
    assert rig.connector.calls == []


def bearer(claims: dict[str, Any]) -> str:
    """JWT-shaped: an RS256 header naming a key id, the claims, a signature of nobody's."""
    def part(data: dict[str, Any]) -> str:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=").decode()

    return "Bearer " + ".".join([part({"alg": "RS256", "typ": "JWT", "kid": "key-1"}),
                                 part(claims), "c2lnbmF0dXJl"])


@pytest.fixture
def hanging_openid(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[float]]:
    """The Bot Framework's OpenID metadata endpoint, hanging: it accepts connections, then says
    nothing for HANG_SECONDS. The SDK is pointed at it through its own class attribute for the
    metadata URL. Runs on a thread of its own, so it hangs even while the event loop is
    blocked. Yields the times connections came in."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    server.settimeout(0.05)
    arrived: list[float] = []
    stop = threading.Event()

    def serve() -> None:
        held: list[tuple[socket.socket, float]] = []
        while not stop.is_set():
            try:
                connection, _ = server.accept()
                arrived.append(time.monotonic())
                held.append((connection, time.monotonic()))
            except TimeoutError:
                pass
            for pair in [h for h in held if time.monotonic() - h[1] > HANG_SECONDS]:
                pair[0].close()
                held.remove(pair)
        for connection, _ in held:
            connection.close()

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    port = server.getsockname()[1]
    monkeypatch.setattr(ChannelValidation, "open_id_metadata_endpoint",
                        f"http://127.0.0.1:{port}/v1/.well-known/openidconfiguration")
    keys.forget()  # no keys or failures from an earlier test
    yield arrived
    stop.set()
    thread.join(5)
    server.close()
    keys.forget()


@pytest.fixture
async def both(sqlite_db: Database, sqlite_repo: SqlRepo,
               fake_slack: FakeSlackApi) -> AsyncIterator[str]:
    """`careerbot serve`'s application with Slack over HTTP and authenticated Teams."""
    await seed_people(sqlite_db)
    settings = slack_settings(fake_slack.api_url, sqlite_db.sync_url, MICROSOFT_APP_ID=APP_ID,
                              MICROSOFT_APP_PASSWORD="s3cret",
                              TEAMS_KEYS_TIMEOUT_SECONDS=KEYS_TIMEOUT)
    app = App(settings=settings, db=sqlite_db, stores=Stores(sqlite_db),
              services=Services(units=units_of(sqlite_repo), clock=FakeClock()))
    runner, base = await start_app(create_app(app))
    yield base
    await runner.cleanup()


async def _timed(request: Any, since: float | None = None) -> tuple[int, float]:
    """The status, and the seconds from `since` (default: now) until the answer came."""
    start = time.monotonic() if since is None else since
    async with request as response:
        await response.read()
        return response.status, time.monotonic() - start


async def test_a_hanging_key_fetch_blocks_nothing_else_and_ends_in_503(
        both: str, hanging_openid: list[float], fake_slack: FakeSlackApi) -> None:
    user = TeamsUser.make(1)
    claims = {"iss": CHANNEL_ISSUER, "aud": APP_ID, "serviceurl": "http://127.0.0.1:9/"}
    activity = message(user, "http://127.0.0.1:9/", "next")
    timeout = aiohttp.ClientTimeout(total=HANG_SECONDS * 3)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        teams = asyncio.create_task(_timed(session.post(
            f"{both}/api/messages", json=activity, headers={"Authorization": bearer(claims)})))
        # Ask the others a moment later, once the key fetch has gone out: a loop blocked by
        # the fetch shows as their answers coming late.
        asked = time.monotonic() + 0.3
        await asyncio.sleep(0.3)
        health_status, health_took = await _timed(session.get(f"{both}/healthz"), asked)
        body = payloads.slash_command(USERS["pat"], "next", fake_slack.response_url("k"))
        slack_status, slack_took = await _timed(session.post(
            f"{both}/slack/events", data=body.encode(),
            headers=payloads.signed_headers(SECRET, body, content_type=payloads.FORM)), asked)
        teams_waiting = not teams.done()
        teams_status, teams_took = await teams
        # A second token while the keys are still missing is refused at once.
        again_status, again_took = await _timed(session.post(
            f"{both}/api/messages", json=activity, headers={"Authorization": bearer(claims)}))
    assert hanging_openid, "the key fetch reached the hanging endpoint"
    assert (health_status, slack_status) == (200, 200)
    assert health_took < 1.0 and slack_took < 1.0, (health_took, slack_took)
    assert teams_waiting
    assert teams_status == 503 and teams_took < KEYS_TIMEOUT + 1.0, (teams_status, teams_took)
    assert again_status == 503 and again_took < 0.5, (again_status, again_took)
