"""Pulse fan-out across real processes (`careerbot jobs run-due`) sharing one database and the
local fake Slack (issue 10): two runs at once both succeed and share the work; `kill -9` at
three points of a 500-person fan-out leaves nobody with two invitations and nobody without one."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from bot.delivery import DeliveryStatus
from bot.pulses.rules import PulsePoll, default_questions
from bot.pulses.service import subject
from storage.database import Database
from storage.outbox.repository import SqlOutbox
from tests.hr.people import add_people
from tests.slack.conftest import TOKEN
from tests.slack.fake_slack_api import FakeSlackApi
from tests.sql_repo import SqlHr

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
ROOT = Path(__file__).resolve().parents[2]
DEADLINE = 60.0  # seconds any one test may take end to end
HR = 100_000  # HR's person number (p100000@example.com, Slack user U100000)


@dataclass
class Workers:
    """`careerbot jobs run-due` processes against one database and the fake Slack."""

    db: Database
    slack: FakeSlackApi
    people: int
    folder: Path
    env: dict[str, str]

    async def start(self) -> asyncio.subprocess.Process:
        return await asyncio.create_subprocess_exec(
            sys.executable, "-m", "careerbot", "jobs", "run-due", "--now", OPENS.isoformat(),
            cwd=self.folder, env=self.env, stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)

    def posts(self) -> int:
        return len(self.slack.of("chat.postMessage"))

    async def until_posts(self, count: int, deadline: float) -> None:
        while self.posts() < count:
            assert time.monotonic() < deadline, f"only {self.posts()} posts so far"
            await asyncio.sleep(0.005)

    def invitations(self) -> Counter[str]:
        """How many invitations each DM got."""
        return Counter(self.slack.dm_id(c.args["channel"]) for c in self.slack.of(
            "chat.postMessage") if c.args["channel"] != f"U{HR}")

    async def statuses(self) -> Counter[DeliveryStatus]:
        return Counter(d.status for d in await SqlOutbox(self.db).deliveries(subject(1)))


async def finished(process: asyncio.subprocess.Process, deadline: float) -> tuple[int, str]:
    try:
        out, err = await asyncio.wait_for(process.communicate(),
                                          max(deadline - time.monotonic(), 0.1))
    except TimeoutError:
        process.kill()
        await process.wait()
        raise AssertionError("a worker did not finish in time") from None
    return int(process.returncode or 0), (out + err).decode()


Start = Callable[[int], Awaitable[Workers]]


@pytest.fixture
async def workers_for(db: Database, tmp_path: Path) -> AsyncIterator[Start]:
    """`await workers_for(N)`: HR (p100000) and N people in Platform, all in the fake Slack
    workspace, which accepts 100 messages a second (429 beyond); a pulse opening at OPENS; the
    workers configured to send at that rate, with 2-second claims."""
    fakes: list[FakeSlackApi] = []

    async def start(people: int) -> Workers:
        await add_people(db, "People", 1, start=HR, role="hr")
        await add_people(db, "Platform", people)
        slack = FakeSlackApi(token=TOKEN)
        fakes.append(slack)
        await slack.start()
        slack.enforce_rate("chat.postMessage", 100)
        for n in (HR, *range(1, people + 1)):
            slack.add_user(f"U{n}", f"p{n}@example.com")
        await SqlHr(db).create_pulse(PulsePoll(
            0, "Pulse", default_questions(), ("Platform",), OPENS, OPENS + timedelta(days=5)))
        env = {**os.environ, "DATABASE_URL": db.sync_url, "SLACK_BOT_TOKEN": TOKEN,
               "SLACK_API_URL": slack.api_url, "SLACK_RATE_PER_SECOND": "100",
               "OUTBOX_LEASE_SECONDS": "2", "PYTHONPATH": str(ROOT)}
        for name in ("SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN", "MICROSOFT_APP_ID",
                     "MICROSOFT_APP_PASSWORD", "TEAMS_DEV_ANONYMOUS", "LOG_LEVEL"):
            env.pop(name, None)
        return Workers(db, slack, people, tmp_path, env)

    yield start
    for slack in fakes:
        await slack.stop()


async def test_two_run_due_at_once_both_exit_0_and_share_the_work(workers_for: Start) -> None:
    """(Before: one exited 1, with JobLookupError: 'No job by the id of pulse:1:open' on
    PostgreSQL, "table apscheduler_jobs already exists" on SQLite.)"""
    w = await workers_for(60)
    deadline = time.monotonic() + DEADLINE
    first, second = await w.start(), await w.start()
    results = [await finished(first, deadline), await finished(second, deadline)]
    assert [rc for rc, _ in results] == [0, 0], results
    assert w.invitations() == Counter({f"D{n}": 1 for n in range(1, w.people + 1)})
    assert await w.statuses() == Counter({DeliveryStatus.SENT: w.people})


async def test_kill_9_at_three_points_leaves_nobody_with_two_or_none(workers_for: Start) -> None:
    """Two workers share a 500-person fan-out; the older one is killed with SIGKILL after about
    50, 200 and 400 messages and a new one started each time. Whatever each kill interrupted
    (a claim, a send, the gap between a send and its mark), every person gets exactly one
    invitation: claims run out in 2 s and are taken over, and a message already in the DM is
    found by its metadata instead of being sent again."""
    w = await workers_for(500)
    deadline = time.monotonic() + DEADLINE
    running = [await w.start(), await w.start()]
    for posts in (50, 200, 400):
        await w.until_posts(posts, deadline)
        victim = running.pop(0)
        victim.send_signal(signal.SIGKILL)
        assert await victim.wait() == -signal.SIGKILL
        running.append(await w.start())
    results = [await finished(p, deadline) for p in running]
    assert [rc for rc, _ in results] == [0, 0], results
    received = w.invitations()
    assert [dm for dm, n in received.items() if n > 1] == []  # no duplicates
    assert len(received) == w.people  # nobody missing
    assert await w.statuses() == Counter({DeliveryStatus.SENT: w.people})
