"""Pulse fan-out through the real Slack messenger against the local fake Slack Web API: people
who never wrote to the bot are found by email; one missing from Slack is listed to HR."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

from adapters.slack.messenger import SlackMessenger
from adapters.slack.webapi import web_client
from bot.pulses.rules import PulsePoll, default_questions
from scheduler.messengers import CompositeMessenger
from scheduler.runtime import Runtime
from scheduler.service import run_due
from storage.database import Database
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock
from tests.hr.people import add_people
from tests.slack.conftest import TOKEN, fake_slack  # noqa: F401  (the fixture)
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlHr

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)


async def test_pulse_reaches_slack_users_by_email(sqlite_db: Database,
                                                   fake_slack: FakeSlackApi) -> None:  # noqa: F811
    await add_people(sqlite_db, "People", 1, start=100, role="hr")
    await add_people(sqlite_db, "Platform", 4)
    for n in (100, 1, 2, 3):  # p4 is not in this Slack workspace
        fake_slack.add_user(f"U{n}", f"p{n}@example.com")
    await SqlHr(sqlite_db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), OPENS, OPENS + timedelta(days=5)))
    slack = SlackMessenger(web_client(TOKEN, fake_slack.api_url), SqlUnits(sqlite_db))
    clock = FakeClock(OPENS)
    rt = Runtime(SqlUnits(sqlite_db), clock, CompositeMessenger([("slack", slack)]))
    await run_due(rt, sqlite_db.sync_url, OPENS)
    await run_due(rt, sqlite_db.sync_url, OPENS + timedelta(minutes=5))
    posts = fake_slack.of("chat.postMessage")
    channels = [p.args["channel"] for p in posts]
    assert sorted(channels[:3]) == ["U1", "U2", "U3"] and channels[3:] == ["U100"]
    actions = json.dumps(posts[0].args["blocks"])
    assert "pulse.answer" in actions and "Anonymous" in actions
    assert "p4@example.com" in json.dumps(posts[3].args)
