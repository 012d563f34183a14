"""GET /metrics on the real server (loopback HTTP, the fake Slack, real SQLite and PostgreSQL):
request counters and latency histograms after a short load, deliveries by state after a pulse
fan-out, the bearer token, and no people data anywhere in the text."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

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
from tests.slack.conftest import TOKEN, Rig, running
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlHr, SqlRepo

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
METRICS_TOKEN = "metrics-token-0123456789"
PEOPLE_DATA = ("@example.com", "Pat", "Morgan", "Sam", "Person 1", "UPAT", "UMORGAN")


async def scrape(rig: Rig, headers: dict[str, str] | None = None) -> tuple[int, str]:
    async with rig.session.get(f"{rig.base}/metrics", headers=headers or {}) as response:
        return response.status, await response.text()


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample by (name, sorted labels): the text must parse as Prometheus' format."""
    found = {}
    for family in text_string_to_metric_families(text):
        for s in family.samples:
            found[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return found


def value(found: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str,
          **labels: str) -> float:
    return found.get((name, tuple(sorted(labels.items()))), 0.0)


async def test_requests_and_replies_are_counted_and_timed(db: Database, repo: SqlRepo,
                                                          fake_slack: FakeSlackApi) -> None:
    async for rig in running(db, repo, fake_slack):
        before = samples((await scrape(rig))[1])
        await asyncio.gather(*(rig.command(user, "help", settle=False)
                               for user in ("pat", "morgan", "sam") * 4))
        await rig.settle()
        await rig.post("not signed", "application/json", secret="wrong")
        status, text = await scrape(rig)
        assert status == 200
        after = samples(text)
        ok = ("careerbot_http_requests_total", {"endpoint": "/slack/events", "status": "200"})
        assert value(after, ok[0], **ok[1]) - value(before, ok[0], **ok[1]) == 12
        assert value(after, "careerbot_http_requests_total", endpoint="/slack/events",
                     status="401") >= 1
        timed = value(after, "careerbot_http_request_seconds_count", endpoint="/slack/events")
        assert timed - value(before, "careerbot_http_request_seconds_count",
                             endpoint="/slack/events") == 13
        replies = sum(v for (name, labels), v in after.items()
                      if name == "careerbot_reply_seconds_count" and ("pool", "slack") in labels)
        assert replies >= 12
        assert ("careerbot_queue_depth", (("pool", "slack"),)) in after
        assert value(after, "careerbot_queue_capacity", pool="slack") > 0
        assert not any(word in text for word in PEOPLE_DATA), text


async def test_deliveries_by_state_after_a_pulse_fan_out(db: Database, repo: SqlRepo,
                                                         fake_slack: FakeSlackApi) -> None:
    async for rig in running(db, repo, fake_slack):
        await add_people(db, "Platform", 4, start=1)
        for n in (1, 2, 3):  # p4 is not in this Slack workspace
            fake_slack.add_user(f"UP{n}", f"p{n}@example.com")
        await SqlHr(db).create_pulse(PulsePoll(
            0, "Pulse", default_questions(), ("Platform",), OPENS, OPENS + timedelta(days=5)))
        before = samples((await scrape(rig))[1])
        slack = SlackMessenger(web_client(TOKEN, fake_slack.api_url), SqlUnits(db))
        rt = Runtime(SqlUnits(db), FakeClock(OPENS), CompositeMessenger([("slack", slack)]))
        await run_due(rt, db.sync_url, OPENS)
        status, text = await scrape(rig)
        after = samples(text)
        assert status == 200
        # Three of the team, and the HR notice of the one not found in Slack.
        delivered = value(after, "careerbot_deliveries", state="sent")
        assert delivered >= 4
        assert value(after, "careerbot_deliveries", state="unreachable") == 1
        assert value(after, "careerbot_deliveries", state="pending") == 0
        sent = ("careerbot_sends_total", {"platform": "slack", "outcome": "sent"})
        assert value(after, sent[0], **sent[1]) - value(before, sent[0], **sent[1]) == delivered
        jobs = sum(v - before.get((name, labels), 0.0) for (name, labels), v in after.items()
                   if name == "careerbot_jobs_total" and ("outcome", "ok") in labels)
        assert jobs >= 1
        assert not any(word in text for word in PEOPLE_DATA), text


async def test_a_metrics_token_is_required_when_set(sqlite_db: Database, sqlite_repo: SqlRepo,
                                                    fake_slack: FakeSlackApi) -> None:
    async for rig in running(sqlite_db, sqlite_repo, fake_slack, METRICS_TOKEN=METRICS_TOKEN):
        refused: list[Any] = [
            await scrape(rig),
            await scrape(rig, {"Authorization": "Bearer wrong-token"}),
            await scrape(rig, {"Authorization": METRICS_TOKEN}),  # not a bearer header
            await scrape(rig, {"Authorization": f"Bearer {METRICS_TOKEN}x"}),
        ]
        assert [status for status, _ in refused] == [401] * 4
        assert all("careerbot_" not in text for _, text in refused)
        status, text = await scrape(rig, {"Authorization": f"Bearer {METRICS_TOKEN}"})
        assert status == 200 and "careerbot_http_requests_total" in text


async def test_the_scrape_names_templates_not_values(sqlite_db: Database, sqlite_repo: SqlRepo,
                                                     fake_slack: FakeSlackApi) -> None:
    async for rig in running(sqlite_db, sqlite_repo, fake_slack):
        async with rig.session.get(f"{rig.base}/pat@example.com/private") as response:
            assert response.status == 404
        _, text = await scrape(rig)
        assert 'endpoint="unmatched"' in text
        assert "pat@example.com" not in text and "private" not in text

