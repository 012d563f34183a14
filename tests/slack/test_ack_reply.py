"""A slash command's reply carried in its ack (CAREERBOT_ACK_REPLY_SECONDS), through the real
Bolt app on loopback: ready in time, the ack's body is the reply (private or shared as the core
decided) and nothing goes to the response_url; too slow, the ack comes at the budget without it
and the reply follows through the response_url, once; a failure is acked at once and told
there; a full queue still says busy; buttons and DMs are answered as before."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from adapters.workers import BUSY, SORRY
from bot.context import Services
from bot.events import Event
from bot.reply import Reply
from careerbot.server import SLACK
from storage.database import Database
from tests.fakes import FakeClock
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text, button, running
from tests.slack.fake_slack_api import FakeSlackApi
from tests.slack.test_backpressure import GatedUnits
from tests.sql_repo import SqlRepo

BUDGET = 1.0


async def _command(rig: Rig, user: str, text: str,
                   hook: str) -> tuple[int, dict[str, Any] | str, float]:
    """`/career TEXT` signed; the HTTP status, the ack's body (JSON, or text) and its time."""
    body = payloads.slash_command(USERS[user], text, rig.slack.response_url(hook))
    headers = payloads.signed_headers("test-signing-secret-0123456789abcdef", body,
                                      content_type=payloads.FORM)
    started = time.monotonic()
    async with rig.session.post(f"{rig.base}/slack/events", data=body.encode(),
                                headers=headers) as response:
        raw = await response.text()
        took = time.monotonic() - started
        try:
            return response.status, json.loads(raw), took
        except ValueError:
            return response.status, raw, took


def _hooked(rig: Rig, hook: str) -> list[Any]:
    return [c for c in rig.slack.calls if c.path.endswith(f"/{hook}")]


@pytest.fixture
async def acking(sqlite_db: Database, sqlite_repo: SqlRepo,
                 fake_slack: FakeSlackApi) -> AsyncIterator[Rig]:
    async for rig in running(sqlite_db, sqlite_repo, fake_slack,
                             CAREERBOT_ACK_REPLY_SECONDS=BUDGET):
        yield rig


async def test_a_ready_reply_is_the_ack_and_nothing_follows(acking: Rig) -> None:
    status, ack, took = await _command(acking, "pat", "next", "a1")
    assert status == 200 and isinstance(ack, dict)
    assert ack["response_type"] == "ephemeral"  # what's next is the asker's alone
    assert "What's next for you, Pat" in all_text(ack["blocks"])
    assert ack["text"].startswith("What's next for you, Pat")  # the notification fallback
    assert took < BUDGET
    await acking.settle()
    assert not _hooked(acking, "a1") and not acking.slack.of("response_url")


async def test_a_shared_reply_is_in_channel_in_the_ack(acking: Rig) -> None:
    status, ack, _ = await _command(acking, "pat", "next share", "a2")
    assert status == 200 and isinstance(ack, dict)
    assert ack["response_type"] == "in_channel"
    assert "What's next for you, Pat" in all_text(ack["blocks"])
    await acking.settle()
    assert not _hooked(acking, "a2")


async def test_buttons_from_the_ack_work_and_presses_answer_as_before(acking: Rig) -> None:
    _, ack, _ = await _command(acking, "pat", "rate", "a3")
    assert isinstance(ack, dict)
    calls = await acking.press("pat", button(ack["blocks"], "4"))
    assert len(calls) == 1  # a press is answered through its response_url, as before
    assert calls[0].args["replace_original"] is True


@pytest.fixture
async def slow(sqlite_db: Database, sqlite_repo: SqlRepo,
               fake_slack: FakeSlackApi) -> AsyncIterator[tuple[Rig, GatedUnits]]:
    units = GatedUnits(sqlite_db)
    async for rig in running(sqlite_db, sqlite_repo, fake_slack,
                             Services(units=units, clock=FakeClock()),
                             CAREERBOT_ACK_REPLY_SECONDS=0.3):
        yield rig, units
        units.gate.set()


async def test_a_slow_reply_acks_at_the_budget_and_follows_once(
        slow: tuple[Rig, GatedUnits]) -> None:
    rig, units = slow
    asyncio.get_running_loop().call_later(0.8, units.gate.set)  # the answer takes 0.8 s
    status, ack, took = await _command(rig, "pat", "next", "s1")
    assert status == 200 and ack == ""  # an empty ack: Slack shows nothing yet
    assert 0.25 < took < 0.7
    await rig.settle()
    [answer] = _hooked(rig, "s1")
    assert "What's next for you, Pat" in all_text(answer.args["blocks"])
    assert answer.args["response_type"] == "ephemeral"


async def test_a_full_queue_still_says_busy(sqlite_db: Database, sqlite_repo: SqlRepo,
                                            fake_slack: FakeSlackApi) -> None:
    units = GatedUnits(sqlite_db)
    async for rig in running(sqlite_db, sqlite_repo, fake_slack,
                             Services(units=units, clock=FakeClock()),
                             CAREERBOT_ACK_REPLY_SECONDS=0.2, CAREERBOT_WORKERS=1,
                             CAREERBOT_QUEUE=1, CAREERBOT_QUEUE_WAIT_SECONDS=0):
        first = asyncio.create_task(_command(rig, "pat", "next", "f1"))
        second = asyncio.create_task(_command(rig, "morgan", "next", "f2"))
        await asyncio.sleep(0.05)  # both hold the worker and the queue's one place
        status, ack, took = await _command(rig, "sam", "next", "f3")
        assert status == 200 and took < 1.0
        [told] = _hooked(rig, "f3")  # before the ack, as without the budget
        assert told.args["text"] == BUSY and ack == ""
        units.gate.set()
        await asyncio.gather(first, second)
        await rig.settle()
        answered = [*_hooked(rig, "f1"), *_hooked(rig, "f2")]
        assert len(answered) == 2 and BUSY not in str([c.args for c in answered])


async def test_work_that_fails_after_the_ack_acks_at_once_and_says_sorry(
        acking: Rig) -> None:
    async def broken(services: Services, event: Event) -> Reply | None:
        raise RuntimeError("the renderer broke")

    acking.web_app[SLACK]._handle = broken
    status, ack, took = await _command(acking, "pat", "next", "b1")
    assert status == 200 and ack == ""
    assert took < BUDGET / 2  # not the whole budget: nothing is coming
    await acking.settle()
    [told] = _hooked(acking, "b1")
    assert told.args["text"] == SORRY
