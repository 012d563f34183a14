"""The scheduler on a real database: rollout -> pulse at +14 days -> run-due opens it ->
deliveries -> answers -> close -> results; restarts, crashes and stray jobs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import text

from bot.context import Services
from bot.delivery import Delivery, DeliveryStatus
from bot.model import Person
from bot.pulses.service import plan_first_pulse, results_message, subject
from bot.reply import Reply, Scale
from scheduler.runtime import Runtime
from scheduler.service import paused_scheduler, reconcile, run_due
from storage.database import Database
from storage.outbox.repository import SqlOutbox
from tests.fakes import FakeClock, RecordingMessenger
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people, sql
from tests.sql_repo import SqlHr, SqlRepo

ROLLOUT = date(2026, 3, 2)
OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)  # rollout + 14 days, 9:00 in HR's timezone


class Crash(BaseException):
    """Stands for the process dying mid fan-out (not an Exception, so nothing catches it)."""


@dataclass
class CrashingMessenger(RecordingMessenger):
    crash_after: int = 10**9

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        if len(self.sent) >= self.crash_after:
            raise Crash()
        return await super().send(person, reply, delivery)


@dataclass
class World:
    db: Database
    clock: FakeClock
    messenger: CrashingMessenger
    services: Services
    rt: Runtime

    async def run_due(self, at: datetime) -> list[str]:
        self.clock.current = at
        return await run_due(self.rt, self.db.sync_url, at)

    def speaker(self, email: str) -> Speaker:
        return Speaker(self.services, email)


@pytest.fixture
async def world(db: Database) -> AsyncIterator[World]:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", 5)
    await add_people(db, "Design", 2, start=20)
    clock = FakeClock(datetime(2026, 3, 2, 10, tzinfo=UTC))
    messenger = CrashingMessenger()
    services = services_on(db, clock)
    # A short lease: a crashed run's claims are taken over a second later, not 15 s.
    yield World(db, clock, messenger, services,
                Runtime(services.units, clock, messenger, lease_seconds=1.0))


def invites(w: World) -> list[str]:
    return [p.email for p, r in w.messenger.sent if "Seven quick statements" in r.text]


async def answer_all(w: World, email: str, score: int) -> Reply:
    reply = await w.speaker(email).say("pulse")
    for block in reply.blocks:
        if isinstance(block, Scale):
            reply = await w.speaker(email).press(block.action_id,
                                                 dict(block.value) | {"score": str(score)})
    return reply


async def test_rollout_to_results(world: World) -> None:
    w = world
    hr = w.speaker("p100@example.com")
    assert "opens Mon 16 Mar 2026 09:00 UTC" in (await hr.say("rollout Platform 2026-03-02")).text
    assert await w.run_due(OPENS - timedelta(minutes=1)) == []
    ran = await w.run_due(OPENS)
    assert ran == ["pulse:1:open"]
    assert sorted(invites(w)) == [f"p{n}@example.com" for n in range(1, 6)]
    assert await w.run_due(OPENS + timedelta(hours=1)) == []
    assert len(invites(w)) == 5  # nobody twice
    for n in range(1, 5):
        last = await answer_all(w, f"p{n}@example.com", 4 if n % 2 else 5)
    assert "Thank you! All answered" in last.text
    again = await w.speaker("p1@example.com").press(
        "pulse.answer", {"p": "1", "q": "know", "score": "2"})
    assert "already answered" in again.text and "change is saved" in again.text
    assert "Not enough responses yet" in (await hr.say("pulse results 1")).text
    # Day 3: a reminder to the one person who has not answered, in working hours.
    await w.run_due(OPENS + timedelta(days=2, minutes=-1))  # not yet
    assert not [p for p, r in w.messenger.sent if "quick reminder" in r.text]
    await w.run_due(OPENS + timedelta(days=2))
    reminded = [p.email for p, r in w.messenger.sent if "quick reminder" in r.text]
    assert reminded == ["p5@example.com"]
    await answer_all(w, "p5@example.com", 3)
    shown = (await hr.say("pulse results 1")).text
    assert "So far 5 of 5 have answered" in shown and "Not enough" not in shown
    assert "favourable" not in shown  # participation only until the close
    await w.run_due(OPENS + timedelta(days=4))  # day 5: everyone answered, no reminder
    assert len([1 for _, r in w.messenger.sent if "quick reminder" in r.text]) == 1
    assert "pulse:1:close" in await w.run_due(OPENS + timedelta(days=5))
    summary = [r.text for p, r in w.messenger.sent if p.email == "p100@example.com"]
    assert len(summary) == 1 and "(closed)" in summary[0]
    assert "5 of 5 answered (100%)" in summary[0] and "By team" in summary[0]
    after = await w.speaker("p2@example.com").press(
        "pulse.answer", {"p": "1", "q": "know", "score": "1"})
    assert "closed" in after.text
    await w.run_due(OPENS + timedelta(days=6))
    assert len([1 for p, _ in w.messenger.sent if p.email == "p100@example.com"]) == 1
    rows = await sql(w.db, "SELECT * FROM pulse_answers")
    assert rows and all(set(r) == {"pulse_id", "submission", "question_id", "score", "team"}
                        for r in rows)
    ids = {str(n) for n in range(1, 200)}
    assert not any(str(r["submission"]) in ids or "@" in str(r["submission"]) for r in rows)


async def test_downtime_job_fires_once_and_crash_resumes(world: World) -> None:
    w = world
    hr_repo = SqlHr(w.db)
    rollout = await hr_repo.save_rollout("Platform", ROLLOUT, w.clock.now())
    changed: set[int] = set()
    async with w.services.units() as uow:
        await plan_first_pulse(uow, w.clock.now(), rollout, "UTC", changed)
        await uow.commit()
    for pulse_id in changed:
        await w.services.planner.pulse_changed(pulse_id)
    # A "serve" process stored the jobs, then went down before the pulse opened.
    async with paused_scheduler(w.db.sync_url, w.rt) as scheduler:
        await reconcile(scheduler, w.rt)
        scheduler.add_job(print, "date", run_date=OPENS, id="stray", jobstore="default")
    # Restart two hours after the opening time; the fan-out crashes after two messages.
    w.messenger.crash_after = 2
    with pytest.raises(Crash):
        await w.run_due(OPENS + timedelta(hours=2))
    assert len(invites(w)) == 2
    w.messenger.crash_after = 10**9
    # The next start resumes after the claim lease: the in-flight one and the rest, once each.
    await w.run_due(OPENS + timedelta(hours=3))
    assert sorted(invites(w)) == [f"p{n}@example.com" for n in range(1, 6)]
    statuses = [d.status for d in await SqlOutbox(w.db).deliveries(subject(1))]
    assert statuses == [DeliveryStatus.SENT] * 5
    async with paused_scheduler(w.db.sync_url, w.rt) as scheduler:
        ids = [j.id for j in scheduler.get_jobs()]
    assert "stray" not in ids and "pulse:1:close" in ids and "pulse:1:open" not in ids


async def test_unreachable_people_are_listed_to_hr(world: World) -> None:
    w = world
    p2 = await SqlRepo(w.db).person_by_email("p2@example.com")
    assert p2 is not None
    w.messenger.unreachable = {p2.id}
    hr = w.speaker("p100@example.com")
    await hr.say("rollout Platform 2026-03-02")
    await w.run_due(OPENS)
    notes = [r.text for p, r in w.messenger.sent if p.email == "p100@example.com"]
    assert len(notes) == 1 and "p2@example.com" in notes[0]
    await w.run_due(OPENS + timedelta(hours=1))
    assert len([1 for p, _ in w.messenger.sent if p.email == "p100@example.com"]) == 1
    poll = await SqlHr(w.db).pulse(1)
    assert poll is not None
    async with w.services.units() as uow:
        assert "Not enough" in (await results_message(uow, poll)).text


async def test_reminders_missed_during_downtime_wait_for_working_hours(world: World) -> None:
    w = world
    la = await add_people(w.db, "Platform", 1, start=30, timezone="America/Los_Angeles")
    tokyo = await add_people(w.db, "Platform", 1, start=40, timezone="Asia/Tokyo")
    await w.speaker("p100@example.com").say("rollout Platform 2026-03-02")
    await w.run_due(OPENS)
    for n in range(1, 6):
        await answer_all(w, f"p{n}@example.com", 4)
    # Down from just after opening until 20:00 UTC on day 4: noon in Los Angeles, but 5:00
    # the next morning in Tokyo. Only Los Angeles is reminded now.
    back = datetime(2026, 3, 19, 20, tzinfo=UTC)
    await w.run_due(back)
    reminded = [p.id for p, r in w.messenger.sent if "quick reminder" in r.text]
    assert reminded == la
    # Tokyo's reminder waits for 9:00 Tokyo time (00:00 UTC), then goes once.
    await w.run_due(datetime(2026, 3, 19, 23, 59, tzinfo=UTC))
    assert [p.id for p, r in w.messenger.sent if "quick reminder" in r.text] == la
    await w.run_due(datetime(2026, 3, 20, 0, tzinfo=UTC))
    await w.run_due(datetime(2026, 3, 20, 0, 5, tzinfo=UTC))
    assert [p.id for p, r in w.messenger.sent if "quick reminder" in r.text] == la + tokyo


async def test_serve_retries_a_missed_reminder_at_the_next_working_hour(world: World) -> None:
    w = world
    await add_people(w.db, "Platform", 1, start=40, timezone="Asia/Tokyo")
    await w.speaker("p100@example.com").say("rollout Platform 2026-03-02")
    await w.run_due(OPENS)
    w.clock.current = datetime(2026, 3, 19, 20, tzinfo=UTC)  # 5:00 in Tokyo
    async with paused_scheduler(w.db.sync_url, w.rt) as scheduler:
        await reconcile(scheduler, w.rt, catch_up=False)
        jobs = {j.id: j.next_run_time for j in scheduler.get_jobs()}
    # Not in the normal plan (Tokyo's reminders are at 00:00 UTC on the 19th and 21st).
    assert jobs["pulse:1:remind:20260320T0000"] == datetime(2026, 3, 20, 0, tzinfo=UTC)


async def test_a_leaver_deactivated_while_a_pulse_is_open_gets_no_reminder(world: World) -> None:
    """Deactivated people get no prompts or pulses (issue 11); the reminder query took everyone
    who had not answered, leavers included."""
    w = world
    await w.speaker("p100@example.com").say("rollout Platform 2026-03-02")
    await w.run_due(OPENS)
    for n in range(1, 4):
        await answer_all(w, f"p{n}@example.com", 4)
    async with w.db.engine.begin() as connection:
        await connection.execute(text(
            "UPDATE people SET deactivated_at = :at WHERE email = 'p5@example.com'"),
            {"at": OPENS + timedelta(days=1)})
    await w.run_due(OPENS + timedelta(days=2))
    reminded = [p.email for p, r in w.messenger.sent if "quick reminder" in r.text]
    assert reminded == ["p4@example.com"]
