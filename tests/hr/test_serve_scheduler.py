"""The scheduler inside `serve`: the leader runs due jobs on start (a pulse that opened while
the server was down is sent once); a second process on the same database stays a follower."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.pulses.rules import PulsePoll, default_questions
from careerbot.bootstrap import App, build
from careerbot.hr_runtime import SchedulerHost
from careerbot.settings import Settings
from tests.fakes import RecordingMessenger
from tests.hr.helpers import Speaker
from tests.hr.people import add_people
from tests.sql_repo import SqlHr


def served(tmp_path: Path, messenger: RecordingMessenger) -> tuple[App, SchedulerHost]:
    """What `careerbot serve` builds, sending through `messenger`."""
    app = build(Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}"), scheduler=True,
                messenger=messenger)
    assert app.scheduler is not None and app.services.planner is app.scheduler
    return app, app.scheduler


async def test_leader_sends_due_pulse_once_and_follower_stays_idle(tmp_path: Path) -> None:
    leader_box, follower_box = RecordingMessenger(), RecordingMessenger()
    app, leader = served(tmp_path, leader_box)
    other, follower = served(tmp_path, follower_box)  # a second replica on the same database
    app.db.upgrade()
    await add_people(app.db, "Platform", 3)
    opened = datetime.now(UTC) - timedelta(hours=1)  # came due while nothing was running
    await SqlHr(app.db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), opened, opened + timedelta(days=5)))
    await leader.start()
    for _ in range(100):
        if len(leader_box.sent) >= 3:
            break
        await asyncio.sleep(0.05)
    await follower.start()
    await asyncio.sleep(0.3)
    try:
        assert sorted(p.email for p, _ in leader_box.sent) == [
            "p1@example.com", "p2@example.com", "p3@example.com"]
        assert leader.scheduler is not None and follower.scheduler is None
        assert follower_box.sent == []
    finally:
        await follower.stop()
        await leader.stop()
        await other.db.close()
        await app.db.close()


async def test_a_pulse_scheduled_in_chat_reaches_the_running_scheduler_at_once(
        tmp_path: Path) -> None:
    box = RecordingMessenger()
    app, host = served(tmp_path, box)
    app.db.upgrade()
    await add_people(app.db, "People", 1, start=100, role="hr")
    await add_people(app.db, "Platform", 3)
    await host.start()
    try:
        for _ in range(100):
            if host.scheduler is not None:
                break
            await asyncio.sleep(0.05)
        assert host.scheduler is not None
        now = datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        hr = Speaker(app.services, "p100@example.com")
        assert "Scheduled pulse #1" in (await hr.say(f"pulse schedule Platform {now}")).text
        # Well before the periodic reconcile (every minute) would have noticed it.
        for _ in range(60):
            if len(box.sent) >= 3:
                break
            await asyncio.sleep(0.05)
        assert sorted(p.email for p, _ in box.sent) == [
            "p1@example.com", "p2@example.com", "p3@example.com"]
        # A cancelled pulse loses its jobs at once too.
        assert "Scheduled pulse #2" in (
            await hr.say("pulse schedule Platform 2099-01-05")).text
        assert "pulse:2:open" in [j.id for j in host.scheduler.get_jobs()]
        await hr.say("pulse cancel 2")
        assert not [j.id for j in host.scheduler.get_jobs() if j.id.startswith("pulse:2:")]
    finally:
        await host.stop()
        await app.db.close()
