"""Pulse fan-out under rate limits and crashes (issue 10), in one process against the local fake
Slack and a real database: a rate-limited person stays pending and is reached, a claim whose
holder died is taken over within seconds whatever the pulse's age, and a crash between the send
and the mark sends nothing twice on Slack (the message carries its delivery id, which a re-send
looks for in the DM first)."""

from __future__ import annotations

import time
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest

from adapters.slack.messenger import SlackMessenger
from adapters.slack.webapi import web_client
from bot.delivery import DeliveryStatus
from bot.model import Person
from bot.pulses.rules import PulsePoll, default_questions
from bot.pulses.service import subject
from bot.reply import Reply
from careerbot.bootstrap import jobs_runtime
from scheduler.messengers import CompositeMessenger
from scheduler.runtime import Runtime
from scheduler.service import due_jobs, paused_scheduler, reconcile, run_due
from storage.database import Database
from storage.outbox.repository import SqlOutbox
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock
from tests.hr.people import add_people
from tests.slack.conftest import TOKEN, settings
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlHr

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
INVITE = "Seven quick statements"


class Crash(BaseException):
    """Stands for the process dying (not an Exception, so nothing catches it)."""


@dataclass
class Pulse:
    db: Database
    slack: FakeSlackApi
    people: list[int]

    def invites(self) -> list[str]:
        """The DM of every pulse invitation Slack accepted, in order (one per message)."""
        return [self.slack.dm_id(c.args["channel"]) for c in self.slack.of("chat.postMessage")
                if INVITE in str(c.args.get("text"))]

    def notes_to_hr(self) -> list[str]:
        return [str(c.args.get("text")) for c in self.slack.of("chat.postMessage")
                if c.args["channel"] == "U100"]

    async def statuses(self) -> list[DeliveryStatus]:
        return [d.status for d in await SqlOutbox(self.db).deliveries(subject(1))]


@pytest.fixture
async def pulse(db: Database) -> AsyncIterator[Pulse]:
    """HR (p100) and five people in Platform, all in the fake Slack workspace, and a pulse for
    Platform opening at OPENS."""
    await add_people(db, "People", 1, start=100, role="hr")
    people = await add_people(db, "Platform", 5)
    slack = FakeSlackApi(token=TOKEN)
    await slack.start()
    for n in (100, 1, 2, 3, 4, 5):
        slack.add_user(f"U{n}", f"p{n}@example.com")
    await SqlHr(db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), OPENS, OPENS + timedelta(days=5)))
    yield Pulse(db, slack, people)
    await slack.stop()


def slack_messenger(p: Pulse) -> SlackMessenger:
    return SlackMessenger(web_client(TOKEN, p.slack.api_url), SqlUnits(p.db))


@dataclass
class CrashAfterSend:
    """Sends through `inner`, then dies once `after` messages have gone out: between the
    platform accepting a message and the outbox marking it sent."""

    inner: Any
    after: int
    sent: int = 0

    async def send(self, person: Person, reply: Reply, *args: Any, **kwargs: Any) -> bool:
        ok = bool(await self.inner.send(person, reply, *args, **kwargs))
        self.sent += 1
        if self.sent >= self.after:
            raise Crash()
        return ok


@dataclass
class CrashBeforeSend:
    """Dies when asked to send message number `at` (its row claimed, nothing sent)."""

    inner: Any
    at: int
    calls: list[int] = field(default_factory=list)

    async def send(self, person: Person, reply: Reply, *args: Any, **kwargs: Any) -> bool:
        self.calls.append(person.id)
        if len(self.calls) >= self.at:
            raise Crash()
        return bool(await self.inner.send(person, reply, *args, **kwargs))


async def test_sustained_429_leaves_nobody_unreachable(pulse: Pulse) -> None:
    """More 429s in a row than slack_sdk retries: the person stays pending and is reached, and
    HR is not told they are unreachable. (Before: marked unreachable for good, HR told.)"""
    pulse.slack.answer_429("chat.postMessage", times=6, retry_after=0)
    rt = jobs_runtime(settings(pulse.slack.api_url, pulse.db.sync_url, SLACK_RATE_PER_SECOND=50),
                      SqlUnits(pulse.db), FakeClock(OPENS))
    assert await run_due(rt, pulse.db.sync_url, OPENS) == ["pulse:1:open"]
    limited = [c for c in pulse.slack.calls if c.method == "chat.postMessage" and c.status == 429]
    assert len(limited) == 6
    assert sorted(pulse.invites()) == [f"D{n}" for n in range(1, 6)]
    assert pulse.notes_to_hr() == []
    assert await pulse.statuses() == [DeliveryStatus.SENT] * 5


async def test_a_dead_holders_claim_is_taken_over_within_seconds(pulse: Pulse) -> None:
    """One process dies holding a claim; another, draining the same pulse, sends it once the
    short lease runs out, and nobody twice. (Before: the other process finished without it,
    leaving it to a run after the 300 s lease.)"""
    units, clock = SqlUnits(pulse.db), FakeClock(OPENS)
    dying = CrashBeforeSend(slack_messenger(pulse), at=3)
    with pytest.raises(Crash):
        await run_due(Runtime(units, clock, dying, lease_seconds=2), pulse.db.sync_url, OPENS)
    assert len(pulse.invites()) == 2
    started = time.monotonic()
    survivor = Runtime(units, clock, CompositeMessenger([("slack", slack_messenger(pulse))]),
                       lease_seconds=2)
    await run_due(survivor, pulse.db.sync_url, OPENS)  # at once: the same moment
    assert time.monotonic() - started < 2 + 3
    assert sorted(pulse.invites()) == [f"D{n}" for n in range(1, 6)]
    assert await pulse.statuses() == [DeliveryStatus.SENT] * 5


async def test_unsent_deliveries_get_a_drain_however_old_the_pulse(pulse: Pulse) -> None:
    """`serve` reconciles without catch-up: a fan-out cut short two hours after the pulse
    opened still gets a job that finishes it. (Before: the open job was older than an hour, so
    it was never re-added and the rest never got the invitation.)"""
    units, clock = SqlUnits(pulse.db), FakeClock(OPENS)
    dying = Runtime(units, clock, CrashBeforeSend(slack_messenger(pulse), at=3),
                    lease_seconds=0.5)
    async with paused_scheduler(pulse.db.sync_url, dying) as scheduler:
        await reconcile(scheduler, dying)
        [job] = due_jobs(scheduler, OPENS)
        scheduler.remove_job(job.id)  # as APScheduler does when it starts a one-off job
        with pytest.raises(Crash):
            await job.func(dying, *job.args)
    later = OPENS + timedelta(hours=2)
    clock.current = later
    rt = Runtime(units, clock, CompositeMessenger([("slack", slack_messenger(pulse))]),
                 lease_seconds=0.5)
    async with paused_scheduler(pulse.db.sync_url, rt) as scheduler:
        await reconcile(scheduler, rt, catch_up=False)  # what `serve` does every minute
        due = due_jobs(scheduler, later)
        assert due, "no job would finish the fan-out"
        for job in due:
            await job.func(rt, *job.args)
    assert sorted(pulse.invites()) == [f"D{n}" for n in range(1, 6)]
    assert await pulse.statuses() == [DeliveryStatus.SENT] * 5


async def test_a_crash_between_send_and_mark_sends_nothing_twice_on_slack(pulse: Pulse) -> None:
    """The process dies after Slack accepted the third invitation and before the outbox marked
    it: the next run finds that message in the DM (its metadata names the delivery) and marks
    it sent instead of posting it again. (Before: the third person got two invitations.)"""
    units = SqlUnits(pulse.db)
    dying = CrashAfterSend(slack_messenger(pulse), after=3)
    with pytest.raises(Crash):
        await run_due(Runtime(units, FakeClock(OPENS), dying, lease_seconds=0.5),
                      pulse.db.sync_url, OPENS)
    assert len(pulse.invites()) == 3
    later = OPENS + timedelta(minutes=10)
    rt = Runtime(units, FakeClock(later), CompositeMessenger([("slack", slack_messenger(pulse))]),
                 lease_seconds=0.5)
    await run_due(rt, pulse.db.sync_url, later)
    assert sorted(pulse.invites()) == [f"D{n}" for n in range(1, 6)]
    assert await pulse.statuses() == [DeliveryStatus.SENT] * 5
    # Only the rows the dead process had claimed (the one sent, those claimed ahead of it) are
    # looked for, with their metadata.
    looked = pulse.slack.of("conversations.history")
    assert "D3" in {c.args["channel"] for c in looked} <= {"D3", "D4", "D5"}
    assert all(c.args.get("include_all_metadata") in (True, "true", "1") for c in looked)
