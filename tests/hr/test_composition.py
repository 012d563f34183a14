"""One composition root: `careerbot serve` and `careerbot jobs` get their messenger from one
function, the server's scheduler is its services' planner from the start, and each job runs with
the runtime it is given (there is no module-level one)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.outside import Clock, Messenger
from bot.ports import UnitsOfWork
from bot.pulses.rules import PulsePoll, default_questions
from careerbot import bootstrap, cli
from careerbot.server import create_app
from careerbot.settings import Settings
from scheduler import runtime
from scheduler.runtime import Runtime
from scheduler.service import paused_scheduler, reconcile, run_due
from storage.database import Database
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, RecordingMessenger
from tests.hr.people import add_people
from tests.secret import TEST_SECRET_KEY
from tests.sql_repo import SqlHr

OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)


async def _with_due_pulse(db: Database, first: int) -> None:
    db.upgrade()
    await add_people(db, "Platform", 2, start=first)
    await SqlHr(db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), OPENS, OPENS + timedelta(days=5)))


def test_serve_and_jobs_get_their_messenger_from_one_function(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    made: list[RecordingMessenger] = []

    def platform_messenger(settings: Settings, units: UnitsOfWork, clock: Clock) -> Messenger:
        made.append(RecordingMessenger())
        return made[-1]

    monkeypatch.setattr(bootstrap, "platform_messenger", platform_messenger)
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.chdir(tmp_path)
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}")
    asyncio.run(_with_due_pulse(db, first=1))

    served = bootstrap.build(Settings(), scheduler=True)  # what `careerbot serve` builds
    web_app = create_app(served)
    assert served.scheduler is not None and served.services.planner is served.scheduler
    assert served.scheduler.rt.messenger is made[0]
    assert served.scheduler.running in web_app.cleanup_ctx

    done = CliRunner().invoke(cli.app, ["jobs", "run-due", "--now", OPENS.isoformat()])
    assert done.exit_code == 0, done.output
    assert "Ran 1 due job(s)" in done.output
    assert len(made) == 2 and made[0].sent == []
    assert sorted(p.email for p, _ in made[1].sent) == ["p1@example.com", "p2@example.com"]


async def test_each_job_runs_with_the_runtime_it_is_given(tmp_path: Path) -> None:
    assert not hasattr(runtime, "install") and not hasattr(runtime, "current")
    worlds: list[tuple[Database, Runtime, RecordingMessenger]] = []
    for name, first in (("a", 1), ("b", 10)):
        db = Database(f"sqlite:///{tmp_path / name}.db", secret_key=TEST_SECRET_KEY)
        await _with_due_pulse(db, first)
        box = RecordingMessenger()
        worlds.append((db, Runtime(SqlUnits(db), FakeClock(OPENS), box), box))
    try:
        # Two processes' worth of jobs at once in one process: nothing crosses over.
        ran = await asyncio.gather(*(run_due(rt, db.sync_url, OPENS) for db, rt, _ in worlds))
        assert ran == [["pulse:1:open"], ["pulse:1:open"]]
        assert [sorted(p.email for p, _ in box.sent) for *_, box in worlds] == [
            ["p1@example.com", "p2@example.com"], ["p10@example.com", "p11@example.com"]]
    finally:
        for db, *_ in worlds:
            await db.close()


async def test_stored_jobs_keep_the_path_and_ids_earlier_versions_stored(
        sqlite_db: Database) -> None:
    """The runtime is not stored: a job store written before it was passed in still runs."""
    await _with_due_pulse(sqlite_db, first=1)
    rt = Runtime(SqlUnits(sqlite_db), FakeClock(OPENS - timedelta(days=1)), RecordingMessenger())
    async with paused_scheduler(sqlite_db.sync_url, rt) as scheduler:
        await reconcile(scheduler, rt)
        stored = {job.id: (job.func_ref, job.args) for job in scheduler.get_jobs()}
    assert stored["pulse:1:open"] == ("scheduler.jobs:open_pulse", (1,))
    assert stored["pulse:1:close"] == ("scheduler.jobs:close_pulse", (1,))
