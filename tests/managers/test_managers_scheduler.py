"""Check-in prompts through the real scheduler (`run_due`) on a real database: on schedule,
exactly once across restarts and a crash, snooze, skip, working hours, digest."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from bot.reply import Reply, actions_of
from careerbot.hr_runtime import RECONCILE_SECONDS
from scheduler.runtime import Runtime
from scheduler.service import list_jobs, paused_scheduler, reconcile, run_due
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.test_scheduler import Crash, CrashingMessenger  # same crash stand-in
from tests.managers.chat import Chat, services
from tests.managers.org import people, seed

START = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)  # a Wednesday
SLOT = datetime(2026, 3, 9, 8, 0, tzinfo=UTC)  # Monday 9:00 in Berlin (the managers' zone)


@dataclass
class World:
    db: Database
    clock: FakeClock
    messenger: CrashingMessenger
    chat: Chat

    async def run_due(self, at: datetime) -> list[str]:
        """A fresh process each time (new runtime and scheduler on the same database)."""
        self.clock.current = at
        return await run_due(self.runtime(), self.db.sync_url, at)

    def runtime(self) -> Runtime:
        return Runtime(self.chat.services.units, self.clock, self.messenger)

    def prompts(self, manager: str) -> list[Reply]:
        return [r for p, r in self.messenger.sent if p.email == f"{manager}@example.com"]

    def about(self, manager: str) -> list[str]:
        return [line.removeprefix("Growth check-in: ") for r in self.prompts(manager)
                for line in r.text.splitlines() if line.startswith("Growth check-in: ")]


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    await seed(db)
    clock = FakeClock(START)
    chat = Chat(services(db, clock))
    # These tests follow one message per report (digests, the default, are in test_..._digest).
    for manager in ("morgan", "ada", "lee"):
        assert "one message per report" in (await chat.say(manager, "checkins each")).text
    yield World(db, clock, CrashingMessenger(), chat)


async def test_prompts_on_schedule_exactly_once_across_restarts(world: World) -> None:
    w = world
    await w.run_due(START)  # first sight: schedules start at the next slot, nothing is sent
    assert w.messenger.sent == []
    assert await w.run_due(SLOT - timedelta(minutes=1)) == []
    ran = await w.run_due(SLOT)
    assert sorted(ran) == ["checkins:1", "checkins:2", "checkins:3"]
    assert w.about("morgan") == ["Pat Example", "Sam Example"]
    assert w.about("ada") == ["Morgan Example"] and w.about("lee") == ["Cole Example"]
    await w.run_due(SLOT + timedelta(minutes=30))
    await w.run_due(SLOT + timedelta(days=1))
    assert len(w.messenger.sent) == 4  # a restart sends nothing twice
    prompt = w.prompts("morgan")[0]
    text = prompt.text
    assert "Level: Software Engineer I" in text and "Next level: Software Engineer II" in text
    assert "Competency | Self | Manager" in text and "Questions for Pat" in text
    labels = [b.label for b in actions_of(prompt)]
    assert labels == ["Rate Pat's readiness", "Log notes", "Snooze a week", "Skip"]
    assert not any(p.email == "hana@example.com" for p, _ in w.messenger.sent)
    # The next slot is two weeks later.
    await w.run_due(SLOT + timedelta(days=14))
    assert w.about("morgan") == ["Pat Example", "Sam Example"] * 2


async def test_crash_mid_fan_out_resumes_without_duplicates(world: World) -> None:
    w = world
    await w.run_due(START)
    w.messenger.crash_after = 1
    with pytest.raises(Crash):
        await w.run_due(SLOT)
    w.messenger.crash_after = 10**9
    await w.run_due(SLOT + timedelta(minutes=10))
    for manager in ("morgan", "ada", "lee"):
        assert len(w.about(manager)) == len(set(w.about(manager)))
    assert sorted(w.about("morgan")) == ["Pat Example", "Sam Example"]


async def test_snooze_and_skip(world: World) -> None:
    w = world
    await w.run_due(START)
    await w.run_due(SLOT)
    pat, sam = w.prompts("morgan")
    w.clock.current = SLOT + timedelta(minutes=30)
    snoozed = await w.chat.press_label("morgan", pat, "Snooze a week")
    assert "Mon 16 Mar 2026 at 09:30" in snoozed.text  # a week after pressing, 9:30 Berlin
    again = await w.chat.press_label("morgan", pat, "Snooze a week")
    assert "already" in again.text
    skipped = await w.chat.press_label("morgan", sam, "Skip")
    assert "Skipped" in skipped.text
    stolen = await w.chat.press_label("cole", sam, "Skip")
    assert "isn't yours" in stolen.text
    await w.run_due(SLOT + timedelta(days=7, minutes=29))
    assert len(w.about("morgan")) == 2
    await w.run_due(SLOT + timedelta(days=7, minutes=30))
    await w.run_due(SLOT + timedelta(days=7, hours=2))
    assert w.about("morgan") == ["Pat Example", "Sam Example", "Pat Example"]
    await w.run_due(SLOT + timedelta(days=14))  # the next regular slot: both again
    assert w.about("morgan")[3:] == ["Pat Example", "Sam Example"]


async def test_a_snooze_is_scheduled_by_the_servers_next_reconcile(world: World) -> None:
    """`serve` reconciles every RECONCILE_SECONDS: a snooze (a week away) gets its job then."""
    w = world
    await w.run_due(START)
    await w.run_due(SLOT)
    w.clock.current = SLOT + timedelta(minutes=30)
    await w.chat.press_label("morgan", w.prompts("morgan")[0], "Snooze a week")
    rt = w.runtime()
    async with paused_scheduler(w.db.sync_url, rt) as scheduler:
        await reconcile(scheduler, rt, catch_up=False)
        jobs = dict(list_jobs(scheduler))
    assert jobs[f"checkins:{people()['morgan'].id}"] == SLOT + timedelta(days=7, minutes=30)
    assert RECONCILE_SECONDS <= 60


async def test_snooze_and_skip_typed_in_the_terminal(world: World) -> None:
    """The terminal prints prompts without buttons: `checkins snooze|skip NAME` does the same."""
    w = world
    early = await w.chat.say("morgan", "checkins snooze pat")
    assert "no check-in prompt about Pat" in early.text
    await w.run_due(START)
    await w.run_due(SLOT)
    w.clock.current = SLOT + timedelta(minutes=30)
    snoozed = await w.chat.say("morgan", "checkins snooze Pat Example")
    assert "Mon 16 Mar 2026 at 09:30" in snoozed.text
    assert "already" in (await w.chat.say("morgan", "checkins snooze pat@example.com")).text
    assert "Skipped" in (await w.chat.say("morgan", "checkins skip sam")).text
    for who, text in (("morgan", "checkins skip cole@example.com"), ("morgan", "checkins skip"),
                      ("ada", "checkins skip pat@example.com")):
        assert "Whose check-in prompt?" in (await w.chat.say(who, text)).text
    assert "for managers" in (await w.chat.say("cole", "checkins snooze pat")).text
    await w.run_due(SLOT + timedelta(days=7, minutes=29))
    assert w.about("morgan") == ["Pat Example", "Sam Example"]
    await w.run_due(SLOT + timedelta(days=7, minutes=30))
    assert w.about("morgan") == ["Pat Example", "Sam Example", "Pat Example"]


async def test_no_prompt_outside_working_hours_and_digest(world: World) -> None:
    w = world
    reply = await w.chat.say("morgan", "checkins weekly wednesday 17:30 digest")
    assert "every week on Wednesday at 17:30 (one digest)" in reply.text
    await w.run_due(START)
    # Down all Wednesday evening: at 20:00 Berlin the slot has passed, but nobody is prompted.
    evening = datetime(2026, 3, 11, 19, 0, tzinfo=UTC)
    await w.run_due(evening)
    assert w.prompts("morgan") == []
    await w.run_due(datetime(2026, 3, 12, 8, 0, tzinfo=UTC))  # Thursday 9:00 Berlin
    digests = w.prompts("morgan")
    assert len(digests) == 1 and "Growth check-ins: 2 reports" in digests[0].text
    assert [b.label for b in actions_of(digests[0])] == ["Pat", "Sam"]


async def test_goal_due_date_nudge_once_in_working_hours(world: World) -> None:
    w = world
    added = await w.chat.say("pat", "goal Write a design doc by 2026-03-12")
    assert "Write a design doc (due 2026-03-12)" in added.text
    await w.chat.say("pat", "goal Already handled by 2026-03-12")
    await w.chat.say("pat", "done 2")
    nudge = datetime(2026, 3, 10, 8, 0, tzinfo=UTC)  # two days before, 9:00 in Berlin

    def nudges() -> list[str]:
        return [r.text for p, r in w.messenger.sent if "nudge" in r.text]

    await w.run_due(nudge - timedelta(minutes=1))
    assert nudges() == []
    await w.run_due(nudge)
    await w.run_due(nudge + timedelta(hours=1))
    assert len(nudges()) == 1 and "Write a design doc" in nudges()[0]
