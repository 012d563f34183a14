"""Slack OAuth v2 (issue 13) end to end on SQLite and PostgreSQL: two workspaces install
through /slack/install -> Slack -> /slack/oauth_redirect (against the fake Slack's
oauth.v2.access); each workspace's signed events are answered with its own token; proactive
messages use the person's workspace token; app_uninstalled removes the installation and keeps
people's links."""

from __future__ import annotations

import json
import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from sqlalchemy import func, select

from bot.events import Platform
from bot.reply import Reply, Text
from careerbot.messengers import platform_messenger
from storage.database import Database
from storage.slack_oauth.tables import bots, installations
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text, running, settings
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlRepo

STATE_SECRET = "state-secret-0123456789abcdef0123456789"
TEAM_A, TOKEN_A = "TAAA", "xoxb-team-a"
TEAM_B, TOKEN_B = "TBBB", "xoxb-team-b"
COOKIE = "slack-app-oauth-state"


def oauth_settings(fake: FakeSlackApi) -> dict[str, Any]:
    return {"SLACK_BOT_TOKEN": None, "SLACK_CLIENT_ID": fake.client_id,
            "SLACK_CLIENT_SECRET": fake.client_secret, "SLACK_STATE_SECRET": STATE_SECRET}


@pytest.fixture
async def oauth_rig(db: Database, repo: SqlRepo,
                    fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:
    fake_slack.add_workspace("code-a", TEAM_A, TOKEN_A)
    fake_slack.add_workspace("code-b", TEAM_B, TOKEN_B)
    fake_slack.users[USERS["pat"]].team_id = TEAM_A
    fake_slack.users[USERS["sam"]].team_id = TEAM_B
    fake_slack.users[USERS["morgan"]].team_id = TEAM_B
    async for server in running(db, repo, fake_slack, **oauth_settings(fake_slack)):
        yield server


async def start_install(rig: Rig) -> str:
    """The "Add to Slack" page: its link to Slack carries the state, also set as a cookie."""
    async with rig.session.get(f"{rig.base}/slack/install") as response:
        assert response.status == 200
        page = await response.text()
        cookie = response.cookies[COOKIE].value
    match = re.search(r"https://slack\.com/oauth/v2/authorize\?[^\"']*state=([^&\"']+)", page)
    assert match, page
    assert match.group(1) == cookie
    assert f"client_id={rig.slack.client_id}" in page
    return cookie


async def redirect(rig: Rig, code: str, state: str, cookie: str | None = None) -> int:
    """Slack sending the installer back to /slack/oauth_redirect."""
    async with rig.session.get(f"{rig.base}/slack/oauth_redirect",
                               params={"code": code, "state": state},
                               headers={"Cookie": f"{COOKIE}={cookie or state}"}) as response:
        await response.read()
        return response.status


async def install(rig: Rig, code: str) -> None:
    state = await start_install(rig)
    assert await redirect(rig, code, state) == 200


def from_team(team: str, event: dict[str, Any]) -> str:
    body = json.loads(payloads.event_callback(event))
    body["team_id"] = team  # a workspace outside any Enterprise Grid org
    body["authorizations"][0]["team_id"] = team
    for where in (body, body["authorizations"][0]):
        where.pop("enterprise_id")
    return json.dumps(body)


async def event(rig: Rig, team: str, event: dict[str, Any]) -> int:
    status = await rig.post(from_team(team, event), payloads.JSON)
    await rig.settle()
    return status


async def count(db: Database, table: Any, team: str) -> int:
    async with db.engine.connect() as conn:
        return int((await conn.execute(select(func.count()).select_from(table)
                                       .where(table.c.team_id == team))).scalar_one())


async def test_two_workspaces_install_and_are_answered_with_their_own_tokens(
        oauth_rig: Rig) -> None:
    rig = oauth_rig
    await install(rig, "code-a")
    await install(rig, "code-b")
    exchanged = rig.slack.of("oauth.v2.access")
    assert [c.args["code"] for c in exchanged] == ["code-a", "code-b"]
    assert await count(rig.db, installations, TEAM_A) == 1
    assert await count(rig.db, bots, TEAM_B) == 1

    assert await event(rig, TEAM_A, payloads.dm_event(USERS["pat"], "next", channel="DPAT")) \
        == 200
    assert await event(rig, TEAM_B, payloads.dm_event(USERS["sam"], "next", channel="DSAM")) \
        == 200
    posts = {c.args["channel"]: c.token for c in rig.slack.of("chat.postMessage")}
    assert posts == {"DPAT": TOKEN_A, "DSAM": TOKEN_B}
    # Who asked was looked up in their own workspace, and linked with its team id.
    assert {c.args["user"]: c.token for c in rig.slack.of("users.info")} == {
        USERS["pat"]: TOKEN_A, USERS["sam"]: TOKEN_B}
    async with SqlUnits(rig.db)() as uow:
        pat = await uow.people.person_by_identity(Platform.SLACK, USERS["pat"])
    assert pat is not None and pat.id == rig.people["pat"]


async def test_proactive_messages_use_the_persons_workspace_token(oauth_rig: Rig) -> None:
    rig = oauth_rig
    await install(rig, "code-a")
    await install(rig, "code-b")
    await event(rig, TEAM_A, payloads.dm_event(USERS["pat"], "next", channel="DPAT"))
    rig.slack.calls.clear()
    units = SqlUnits(rig.db)
    messenger = platform_messenger(settings(rig.slack.api_url, rig.db.sync_url,
                                            **oauth_settings(rig.slack)), units, FakeClock())
    reply = Reply((Text("Time for your check-in"),))
    async with units() as uow:
        pat = await uow.people.person(rig.people["pat"])
        morgan = await uow.people.person(rig.people["morgan"])  # never wrote to the bot
    assert pat is not None and morgan is not None
    assert await messenger.send(pat, reply)
    assert await messenger.send(morgan, reply)
    posts = {c.args["channel"]: c.token for c in rig.slack.of("chat.postMessage")}
    assert posts == {USERS["pat"]: TOKEN_A, USERS["morgan"]: TOKEN_B}
    # Morgan was found by email in workspace B, and is now linked there.
    async with units() as uow:
        linked = await uow.people.person_by_identity(Platform.SLACK, USERS["morgan"])
    assert linked is not None and linked.id == morgan.id


async def test_uninstall_removes_the_installation_and_keeps_peoples_links(
        oauth_rig: Rig) -> None:
    rig = oauth_rig
    await install(rig, "code-a")
    await install(rig, "code-b")
    await event(rig, TEAM_A, payloads.dm_event(USERS["pat"], "next", channel="DPAT"))
    assert await event(rig, TEAM_A, {"type": "app_uninstalled"}) == 200
    assert await count(rig.db, installations, TEAM_A) == 0
    assert await count(rig.db, bots, TEAM_A) == 0
    assert await count(rig.db, bots, TEAM_B) == 1
    async with SqlUnits(rig.db)() as uow:
        still = await uow.people.person_by_identity(Platform.SLACK, USERS["pat"])
    assert still is not None and still.id == rig.people["pat"]
    rig.slack.calls.clear()
    # Workspace A is no longer answered; B still is, with its own token.
    await event(rig, TEAM_A, payloads.dm_event(USERS["pat"], "next", channel="DPAT"))
    await event(rig, TEAM_B, payloads.dm_event(USERS["sam"], "next", channel="DSAM"))
    assert {c.args["channel"]: c.token for c in rig.slack.of("chat.postMessage")} == {
        "DSAM": TOKEN_B}


async def test_a_forged_or_reused_state_installs_nothing(oauth_rig: Rig) -> None:
    rig = oauth_rig
    state = await start_install(rig)
    stored, _, signature = state.rpartition(".")
    forged = f"{stored}.{'0' * len(signature)}"
    assert await redirect(rig, "code-a", forged) != 200
    assert await redirect(rig, "code-a", "made-up-state") != 200
    assert rig.slack.of("oauth.v2.access") == []
    assert await redirect(rig, "code-a", state) == 200
    assert await redirect(rig, "code-b", state) != 200  # a state is good once
    assert [c.args["code"] for c in rig.slack.of("oauth.v2.access")] == ["code-a"]
    assert await count(rig.db, installations, TEAM_B) == 0


async def test_revoked_bot_token_is_removed_and_no_longer_used(oauth_rig: Rig) -> None:
    rig = oauth_rig
    await install(rig, "code-a")
    await install(rig, "code-b")
    revoked = {"type": "tokens_revoked", "tokens": {"oauth": [], "bot": ["UBOT"]}}
    assert await event(rig, TEAM_B, revoked) == 200
    assert await count(rig.db, bots, TEAM_B) == 0
    assert await count(rig.db, bots, TEAM_A) == 1
    await event(rig, TEAM_B, payloads.dm_event(USERS["sam"], "next", channel="DSAM"))
    await event(rig, TEAM_A, payloads.dm_event(USERS["pat"], "next", channel="DPAT"))
    assert {c.args["channel"]: c.token for c in rig.slack.of("chat.postMessage")} == {
        "DPAT": TOKEN_A}


async def test_an_enterprise_grid_org_installs_once_for_its_workspaces(oauth_rig: Rig) -> None:
    """Installed org-wide: events from any of the org's workspaces, and proactive messages to
    their people, use the org's token."""
    rig = oauth_rig
    rig.slack.add_workspace("code-org", "EORG", "xoxb-org", enterprise_id="EORG",
                            org_teams=("TORG1", "TORG2"))
    rig.slack.users[USERS["pat"]].team_id = "TORG1"
    rig.slack.users[USERS["morgan"]].team_id = "TORG2"
    await install(rig, "code-org")
    body = json.loads(payloads.event_callback(payloads.dm_event(USERS["pat"], "next",
                                                                channel="DPAT")))
    body.update(team_id="TORG1", enterprise_id="EORG")
    body["authorizations"][0].update(team_id=None, enterprise_id="EORG",
                                     is_enterprise_install=True)
    assert await rig.post(json.dumps(body), payloads.JSON) == 200
    await rig.settle()
    assert {c.args["channel"]: c.token for c in rig.slack.of("chat.postMessage")} == {
        "DPAT": "xoxb-org"}
    rig.slack.calls.clear()
    units = SqlUnits(rig.db)
    messenger = platform_messenger(settings(rig.slack.api_url, rig.db.sync_url,
                                            **oauth_settings(rig.slack)), units, FakeClock())
    async with units() as uow:
        pat = await uow.people.person(rig.people["pat"])
        morgan = await uow.people.person(rig.people["morgan"])
    assert pat is not None and morgan is not None
    reply = Reply((Text("Time for your check-in"),))
    assert await messenger.send(pat, reply) and await messenger.send(morgan, reply)
    assert {c.args["channel"]: c.token for c in rig.slack.of("chat.postMessage")} == {
        USERS["pat"]: "xoxb-org", USERS["morgan"]: "xoxb-org"}


async def test_a_person_in_two_workspaces_is_matched_in_each(oauth_rig: Rig) -> None:
    """The same email in two workspaces (two Slack users): one person, linked in both, and
    reached in the workspace they wrote from last."""
    rig = oauth_rig
    rig.slack.add_user("UPATB", "pat@example.com", team_id=TEAM_B)
    await install(rig, "code-a")
    await install(rig, "code-b")
    await event(rig, TEAM_A, payloads.dm_event(USERS["pat"], "next", channel="DPAT"))
    await event(rig, TEAM_B, payloads.dm_event("UPATB", "next", channel="DPATB"))
    posts = rig.slack.of("chat.postMessage")
    assert {c.args["channel"]: c.token for c in posts} == {"DPAT": TOKEN_A, "DPATB": TOKEN_B}
    assert all("What's next for you, Pat" in all_text(c.args["blocks"]) for c in posts)
    units = SqlUnits(rig.db)
    async with units() as uow:
        in_a = await uow.people.person_by_identity(Platform.SLACK, USERS["pat"])
        in_b = await uow.people.person_by_identity(Platform.SLACK, "UPATB")
    assert in_a is not None and in_b is not None and in_a.id == in_b.id == rig.people["pat"]
    rig.slack.calls.clear()
    messenger = platform_messenger(settings(rig.slack.api_url, rig.db.sync_url,
                                            **oauth_settings(rig.slack)), units, FakeClock())
    assert await messenger.send(in_a, Reply((Text("Time for your check-in"),)))
    assert [(c.args["channel"], c.token) for c in rig.slack.of("chat.postMessage")] == [
        ("UPATB", TOKEN_B)]
