"""Bounded work after the ack: with the workers busy and the queue full, a request waits a moment
for room (then it is answered as usual), else the person is told "busy" before the ack returns
(through the response_url, or in the DM); what was queued is answered once the workers are free;
however many requests come, the work held stays bounded; and work that fails after the ack is
answered with a clear message, never silence."""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any, Self

import pytest
from aiohttp import web

from adapters.slack import app as slack_app
from adapters.workers import BUSY, SORRY
from bot.context import Services
from careerbot.server import WORKERS
from storage.database import Database
from storage.unit_of_work import SqlUnitOfWork
from tests.fakes import FakeClock
from tests.slack import payloads
from tests.slack.conftest import USERS, Rig, all_text, button, running
from tests.slack.fake_slack_api import Call, FakeSlackApi
from tests.sql_repo import SqlRepo

ACK_LIMIT = 3.0  # Slack's


class _GatedUnit(SqlUnitOfWork):
    def __init__(self, db: Database, gate: asyncio.Event) -> None:
        super().__init__(db)
        self._gate = gate

    async def __aenter__(self) -> Self:
        await self._gate.wait()
        return await super().__aenter__()


@dataclass
class GatedUnits:
    """The real units of work, each waiting for `gate` before it opens: workers stay busy."""

    db: Database
    gate: asyncio.Event = field(default_factory=asyncio.Event)

    def __call__(self) -> _GatedUnit:
        return _GatedUnit(self.db, self.gate)


@dataclass
class FlakySlack(FakeSlackApi):
    """The fake Slack, failing the next call of a method once with the given error."""

    fail_next: dict[str, str] = field(default_factory=dict)

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        if method not in self.fail_next:
            return await super()._api(request)
        self.errors[method] = self.fail_next.pop(method)
        try:
            return await super()._api(request)
        finally:
            del self.errors[method]


@pytest.fixture
async def flaky_slack() -> AsyncIterator[FlakySlack]:
    fake = FlakySlack()
    await fake.start()
    for name in ("pat", "morgan", "sam"):
        fake.add_user(USERS[name], f"{name}@example.com")
    yield fake
    await fake.stop()


async def _gated(db: Database, repo: SqlRepo, fake: FlakySlack,
                 queue_wait: float) -> AsyncIterator[tuple[Rig, GatedUnits]]:
    """One worker and room for one more job; every unit of work waits for the gate."""
    units = GatedUnits(db)
    services = Services(units=units, clock=FakeClock())
    async for rig in running(db, repo, fake, services, CAREERBOT_WORKERS=1, CAREERBOT_QUEUE=1,
                             CAREERBOT_QUEUE_WAIT_SECONDS=queue_wait):
        yield rig, units
        units.gate.set()


@pytest.fixture
async def gated(sqlite_db: Database, sqlite_repo: SqlRepo,
                flaky_slack: FlakySlack) -> AsyncIterator[tuple[Rig, GatedUnits]]:
    """No wait for room: a full queue says busy at once."""
    async for pair in _gated(sqlite_db, sqlite_repo, flaky_slack, 0.0):
        yield pair


@pytest.fixture
async def patient(sqlite_db: Database, sqlite_repo: SqlRepo,
                  flaky_slack: FlakySlack) -> AsyncIterator[tuple[Rig, GatedUnits]]:
    """A full queue waits up to 1 s for room (the default)."""
    async for pair in _gated(sqlite_db, sqlite_repo, flaky_slack, 1.0):
        yield pair


def _texts(calls: list[Call]) -> str:
    """The fallback texts (every message carries one; the blocks say the same)."""
    return "\n".join(str(c.args.get("text")) for c in calls)


async def _timed(coroutine: Any) -> tuple[Any, float]:
    start = time.monotonic()
    result = await coroutine
    return result, time.monotonic() - start


async def test_a_full_queue_says_busy_before_the_ack_and_answers_the_rest_later(
        gated: tuple[Rig, GatedUnits]) -> None:
    rig, units = gated
    first = await rig.command("pat", "next", settle=False)  # the worker's, stuck at the gate
    second = await rig.command("morgan", "next", settle=False)  # waits in the queue
    third, took = await _timed(rig.command("sam", "next", settle=False))
    assert took < ACK_LIMIT
    assert first == [] and second == []
    [busy] = third  # already there when the ack came back
    assert BUSY in _texts([busy]) and busy.args["response_type"] == "ephemeral"
    units.gate.set()
    await rig.settle()
    answered = [c for c in rig.slack.calls if c.method == "response_url"]
    texts = _texts(answered)
    assert texts.count("What's next for you") == 2
    assert "Sorry" not in texts and texts.count(BUSY) == 1


async def test_room_that_comes_while_a_request_waits_is_taken_and_the_answer_is_normal(
        patient: tuple[Rig, GatedUnits]) -> None:
    rig, units = patient
    await rig.command("pat", "next", settle=False)
    await rig.command("morgan", "next", settle=False)
    asyncio.get_running_loop().call_later(0.3, units.gate.set)  # room comes after 0.3 s
    third, took = await _timed(rig.command("sam", "next", settle=False))
    assert 0.2 < took < ACK_LIMIT
    await rig.settle()
    answered = [c for c in rig.slack.calls if c.method == "response_url"]
    assert len(answered) == 3 and BUSY not in _texts(answered)


async def test_a_request_told_busy_after_waiting_is_still_acked_in_time(
        patient: tuple[Rig, GatedUnits]) -> None:
    rig, units = patient
    await rig.command("pat", "next", settle=False)
    await rig.command("morgan", "next", settle=False)
    [busy], took = await _timed(rig.command("sam", "next", settle=False))
    assert 0.9 < took < ACK_LIMIT
    assert BUSY in _texts([busy])
    units.gate.set()


async def test_a_dm_on_a_full_queue_is_told_busy_in_the_dm(
        gated: tuple[Rig, GatedUnits]) -> None:
    rig, units = gated
    await rig.command("pat", "next", settle=False)
    await rig.command("morgan", "next", settle=False)
    status = await rig.post(payloads.event_callback(
        payloads.dm_event(USERS["sam"], "what's next for me?", channel="DSAM")), payloads.JSON)
    assert status == 200
    [told] = rig.slack.of("chat.postMessage")
    assert told.args["channel"] == "DSAM" and told.args["text"] == BUSY
    units.gate.set()


async def test_a_press_on_a_full_queue_is_told_busy_through_its_response_url(
        gated: tuple[Rig, GatedUnits]) -> None:
    rig, units = gated
    units.gate.set()
    [rating] = await rig.command("pat", "rate")
    scale = button(rating.args["blocks"], "3")
    units.gate.clear()
    await rig.command("pat", "next", settle=False)
    await rig.command("morgan", "next", settle=False)
    [busy] = await rig.press("pat", scale, settle=False)
    assert BUSY in _texts([busy]) and busy.args["replace_original"] is False
    units.gate.set()
    await rig.settle()


async def test_work_held_after_the_ack_stays_bounded(gated: tuple[Rig, GatedUnits]) -> None:
    """Issue 10: every request used to start a task of its own (RSS 162 MB -> 1.1 GB)."""
    rig, units = gated
    tasks_before = len(asyncio.all_tasks())
    for n in range(60):
        await rig.command("pat", f"next {n}", settle=False)
    pool = rig.web_app[WORKERS]
    assert pool.depth + pool.running <= 2
    assert len(asyncio.all_tasks()) - tasks_before <= 3
    busy = [c for c in rig.slack.calls if c.method == "response_url"]
    assert len(busy) == 58 and _texts(busy).count(BUSY) == 58
    units.gate.set()


async def test_a_dm_whose_answer_fails_to_post_is_told_sorry(
        gated: tuple[Rig, GatedUnits], flaky_slack: FlakySlack) -> None:
    rig, units = gated
    units.gate.set()
    flaky_slack.fail_next["chat.postMessage"] = "fatal_error"
    await rig.event(payloads.dm_event(USERS["pat"], "next", channel="DPAT"))
    failed, told = [c for c in rig.slack.calls if c.method == "chat.postMessage"]
    assert not failed.ok and "What's next for you" in all_text(failed.args["blocks"])
    assert told.ok and told.args["channel"] == "DPAT" and told.args["text"] == SORRY


async def test_work_stuck_past_its_time_is_answered_sorry_and_frees_the_worker(
        gated: tuple[Rig, GatedUnits], monkeypatch: pytest.MonkeyPatch) -> None:
    rig, units = gated
    monkeypatch.setattr(slack_app, "WORK_SECONDS", 0.2)
    [told] = await rig.command("pat", "next")  # the core never gets its unit of work
    assert told.args["text"] == SORRY
    pool = rig.web_app[WORKERS]
    assert (pool.running, pool.depth) == (0, 0)


async def test_events_the_bot_does_not_answer_take_no_place_in_the_queue(
        gated: tuple[Rig, GatedUnits]) -> None:
    rig, units = gated
    await rig.command("pat", "next", settle=False)
    await rig.command("morgan", "next", settle=False)
    for _ in range(5):  # the bot's own posts come back as events
        await rig.post(payloads.event_callback(
            payloads.dm_event("UBOT", "What's next for you", bot_id="BBOT")), payloads.JSON)
    assert rig.slack.calls == []  # nobody was told busy, nothing queued
    units.gate.set()
