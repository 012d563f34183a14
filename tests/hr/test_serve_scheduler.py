"""The scheduler inside `serve`: the leader runs due jobs on start (a pulse that opened while
the server was down is sent once); a second process on the same database stays a follower."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.pulse import PulsePoll, default_questions
from careerbot.bootstrap import build
from careerbot.hr_runtime import SchedulerHost
from careerbot.settings import Settings
from storage.hr_repository import SqlHrRepository
from tests.fakes import RecordingMessenger
from tests.hr.people import add_people


async def test_leader_sends_due_pulse_once_and_follower_stays_idle(tmp_path: Path) -> None:
    app = build(Settings(DATABASE_URL=f"sqlite:///{tmp_path / 'serve.db'}"))
    app.db.upgrade()
    await add_people(app.db, "Platform", 3)
    opened = datetime.now(UTC) - timedelta(hours=1)  # came due while nothing was running
    await SqlHrRepository(app.db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), opened, opened + timedelta(days=5)))
    leader_box, follower_box = RecordingMessenger(), RecordingMessenger()
    leader = SchedulerHost(app, [("console", leader_box)])
    follower = SchedulerHost(app, [("console", follower_box)])
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
        await app.db.close()
