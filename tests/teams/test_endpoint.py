"""The /api/messages endpoint: on only when configured, tokens required with credentials (401
and nothing changed otherwise), bad requests refused politely."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiohttp import web

from adapters.teams.http import TeamsConfig, TeamsConfigError, build_adapter, mount_teams
from bot.context import Services
from bot.events import Platform
from careerbot.bootstrap import App
from careerbot.cli_support import CliError
from careerbot.server import TEAMS, create_app, teams_config
from careerbot.settings import Settings
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeClock, units_of
from tests.sql_repo import SqlRepo
from tests.storage.seed import dump, seed_people
from tests.teams.activities import TeamsUser, message
from tests.teams.conftest import Rig, start_app
from tests.teams.fake_connector import FakeConnector

APP_ID = "11111111-2222-4333-8444-555555555555"


def fake_jwt(claims: dict[str, object]) -> str:
    """A well-formed JWT signed with a key nobody trusts."""
    def part(data: dict[str, object]) -> bytes:
        return base64.urlsafe_b64encode(json.dumps(data).encode()).rstrip(b"=")

    signing_input = part({"alg": "HS256", "typ": "JWT"}) + b"." + part(claims)
    signature = hmac.new(b"not-the-key", signing_input, hashlib.sha256).digest()
    return (signing_input + b"." + base64.urlsafe_b64encode(signature).rstrip(b"=")).decode()


async def serve(config: TeamsConfig, repo: SqlRepo) -> tuple[web.AppRunner, str, bool]:
    app = web.Application()
    endpoint = mount_teams(app, services=Services(units=units_of(repo), clock=FakeClock()),
                           config=config)
    runner, base = await start_app(app)
    return runner, f"{base}/api/messages", endpoint is not None


@pytest.fixture
async def secured(sqlite_db: Database, sqlite_repo: SqlRepo) -> AsyncIterator[str]:
    await seed_people(sqlite_db)
    runner, url, mounted = await serve(
        TeamsConfig(app_id=APP_ID, app_password="s3cret", dev_anonymous=True), sqlite_repo)
    assert mounted
    yield url
    await runner.cleanup()


@pytest.mark.parametrize("authorization", [
    None,
    "Bearer not-a-jwt",
    "Basic dXNlcjpwYXNz",
    "Bearer " + fake_jwt({"iss": "https://evil.example.com", "aud": APP_ID,
                          "serviceurl": "http://127.0.0.1:1/"}),
])
async def test_with_credentials_requests_without_a_valid_token_get_401_and_change_nothing(
        secured: str, sqlite_db: Database, connector: FakeConnector,
        authorization: str | None) -> None:
    before = await dump(sqlite_db)
    user = TeamsUser.make(1)
    headers = {"Authorization": authorization} if authorization else {}
    async with aiohttp.ClientSession() as session, session.post(
            secured, json=message(user, connector.url, "next"), headers=headers) as response:
        assert response.status == 401
        assert await response.json() == {"error": "unauthorized"}
    assert connector.calls == []
    assert await dump(sqlite_db) == before


@pytest.mark.parametrize("config", [
    TeamsConfig(),
    TeamsConfig(app_id=APP_ID, dev_anonymous=True),  # half-configured: still off
    TeamsConfig(app_password="s3cret", dev_anonymous=False),
], ids=["nothing", "id-without-password", "password-only"])
async def test_endpoint_is_off_without_credentials_or_explicit_dev_mode(
        sqlite_repo: SqlRepo, config: TeamsConfig) -> None:
    runner, url, mounted = await serve(config, sqlite_repo)
    try:
        assert not mounted
        async with aiohttp.ClientSession() as session, session.post(
                url, json={"type": "message"}) as response:
            assert response.status == 404
    finally:
        await runner.cleanup()


def test_anonymous_mode_warns_loudly(sqlite_repo: SqlRepo,
                                     caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.WARNING, logger="adapters.teams.http"):
        mount_teams(web.Application(), services=Services(units=units_of(sqlite_repo),
                                                         clock=FakeClock()),
                    config=TeamsConfig(dev_anonymous=True))
    assert "UNAUTHENTICATED" in caplog.text


def test_credentials_take_precedence_over_the_dev_flag() -> None:
    assert TeamsConfig(app_id=APP_ID, app_password="x", dev_anonymous=True).mode == \
        "authenticated"
    assert TeamsConfig(app_id=APP_ID, app_type="UserAssignedMSI",
                       tenant_id="t").mode == "authenticated"


@pytest.mark.parametrize(("config", "message_part"), [
    (TeamsConfig(app_id=APP_ID, app_password="x", app_type="SingleTenant"),
     "needs MICROSOFT_APP_TENANT_ID"),
    (TeamsConfig(app_id=APP_ID, app_password="x", app_type="Everyone"),
     "MICROSOFT_APP_TYPE must be"),
])
def test_contradictory_settings_are_explained(config: TeamsConfig, message_part: str) -> None:
    with pytest.raises(TeamsConfigError, match=message_part):
        build_adapter(config)


@pytest.mark.parametrize(("body", "content_type", "status"), [
    (b"{not json", "application/json", 400),
    (b"[1, 2]", "application/json", 400),
    (b'{"text": "no type"}', "application/json", 400),
    (b"type=message", "application/x-www-form-urlencoded", 415),
])
async def test_malformed_requests_are_refused_and_change_nothing(
        rig: Rig, body: bytes, content_type: str, status: int) -> None:
    before = await dump(rig.db)
    async with rig.session.post(rig.url, data=body,
                                headers={"Content-Type": content_type}) as response:
        assert response.status == status
        assert "error" in await response.json()
    assert rig.connector.calls == []
    assert await dump(rig.db) == before


async def test_anonymous_mode_accepts_unsigned_requests(rig: Rig) -> None:
    response = await rig.post(message(rig.users["pat"], rig.service_url, "help"))
    assert response.status == 200
    assert await rig.repo.person_by_identity(Platform.TEAMS, rig.users["pat"].aad_object_id)


def server_app(repo: SqlRepo, db: Database, **env: object) -> web.Application:
    values: dict[str, object] = {"DATABASE_URL": "sqlite://", "MICROSOFT_APP_ID": None,
                                 "SLACK_BOT_TOKEN": None, **env}
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]
    return create_app(App(settings=settings, db=db, stores=Stores(db),
                          services=Services(units=units_of(repo), clock=FakeClock())))


async def test_serve_without_teams_settings_has_no_teams_endpoint(
        sqlite_db: Database, sqlite_repo: SqlRepo) -> None:
    app = server_app(sqlite_repo, sqlite_db)
    assert TEAMS not in app
    runner, base = await start_app(app)
    try:
        async with aiohttp.ClientSession() as session, session.post(
                f"{base}/api/messages", json={"type": "message"}) as response:
            assert response.status == 404
    finally:
        await runner.cleanup()


def test_serve_refuses_contradictory_teams_settings_in_one_sentence(
        sqlite_db: Database, sqlite_repo: SqlRepo) -> None:
    with pytest.raises(CliError, match="Teams: MICROSOFT_APP_TYPE=SingleTenant needs"):
        server_app(sqlite_repo, sqlite_db, MICROSOFT_APP_ID=APP_ID,
                   MICROSOFT_APP_PASSWORD="s3cret", MICROSOFT_APP_TYPE="SingleTenant")


@pytest.mark.parametrize("env", [
    {},
    {"TEAMS_DEV_ANONYMOUS": True},
    {"MICROSOFT_APP_ID": APP_ID, "TEAMS_DEV_ANONYMOUS": True},
    {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "x"},
    {"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_TYPE": "UserAssignedMSI",
     "MICROSOFT_APP_TENANT_ID": "t"},
    {"MICROSOFT_APP_PASSWORD": "x"},
])
def test_settings_and_the_endpoint_agree_on_whether_teams_is_on(env: dict[str, object]) -> None:
    values: dict[str, object] = {"MICROSOFT_APP_ID": None, **env}
    settings = Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]
    assert settings.teams_enabled == (teams_config(settings).mode != "off")


@pytest.mark.parametrize(("env", "mode"), [
    ({}, "off"),
    ({"TEAMS_DEV_ANONYMOUS": True}, "anonymous"),
    ({"MICROSOFT_APP_ID": APP_ID, "MICROSOFT_APP_PASSWORD": "s3cret"}, "authenticated"),
], ids=["off", "anonymous", "authenticated"])
async def test_health_says_what_the_teams_endpoint_is(
        sqlite_db: Database, sqlite_repo: SqlRepo, env: dict[str, object],
        mode: str) -> None:
    runner, base = await start_app(server_app(sqlite_repo, sqlite_db, **env))
    try:
        async with aiohttp.ClientSession() as session, session.get(
                f"{base}/healthz") as response:
            assert response.status == 200
            assert (await response.json())["teams"] == mode
    finally:
        await runner.cleanup()
