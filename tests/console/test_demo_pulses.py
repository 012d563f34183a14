"""The demo's pulse history (careerbot/demo_pulses.py): the sample company's rollout pulse and a
monthly series with eNPS, played through the core up to a given moment, so HR has results, a
team heatmap and a trend to look at and the person the demo chats as has an open run to answer.
On the real sample files and a real database; the terminal demo shows it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.context import Services
from bot.pulses.rules import MERGED, PulseStatus
from bot.reply import Bullets, Scale, Table
from careerbot.demo_pulses import DemoClock, History, seed_pulses
from careerbot.samples import people_file, track_files
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.trackfiles import load_people, load_tracks
from storage.unit_of_work import SqlUnits
from tests.console.cli_helpers import careerbot
from tests.hr.helpers import Speaker
from tests.secret import TEST_SECRET_KEY
from tests.sql_repo import SqlHr, SqlRepo

NOW = datetime(2026, 12, 1, 2, 30, tzinfo=UTC)
HR = "hannah.berg@example.com"
YOU = "priya.raman@example.com"


async def seeded(db: Database, now: datetime = NOW) -> tuple[Services, History]:
    await import_tracks(db, [t for path in track_files() for t in load_tracks(path)], "samples")
    await import_people(db, load_people(people_file()), "people.csv")
    clock = DemoClock(now)
    services = Services(units=SqlUnits(db), clock=clock)
    people = await SqlRepo(db).all_people()
    return services, await seed_pulses(services, clock, people, now, YOU)


async def test_the_history_gives_hr_results_a_heatmap_and_a_trend(db: Database) -> None:
    services, history = await seeded(db)
    polls = {p.id: p for p in await SqlHr(db).pulses()}
    assert history == History(closed=3, last_closed=3, open_pulse=4)
    assert [polls[n].status for n in sorted(polls)] == [
        PulseStatus.CLOSED, PulseStatus.CLOSED, PulseStatus.CLOSED, PulseStatus.OPEN,
        PulseStatus.SCHEDULED]  # the series' next run, as after any run opens
    assert polls[1].rollout_id is not None and {polls[n].series_id for n in (2, 3, 4, 5)} == {1}
    assert all(p.opens_at <= NOW for p in polls.values() if p.status != PulseStatus.SCHEDULED)
    hr = Speaker(services, HR)
    heatmap = await hr.say("pulse results 3 --by team")
    (table,) = [b for b in heatmap.blocks if isinstance(b, Table)]
    # Platform (7) is shown on its own; Design and Customer Success (4 each) only together.
    assert [c.split(" (n=")[0] for c in table.columns] == ["Statement", "Everyone", "Platform",
                                                           MERGED]
    assert all(cell.endswith("%") for row in table.rows for cell in row[1:])
    trend = await hr.say("pulse trend")
    (lines,) = [b for b in trend.blocks if isinstance(b, Table)]
    assert [c.split()[0] for c in lines.columns[1:]] == ["#1", "#2", "#3"]
    enps = [b.items for b in trend.blocks if isinstance(b, Bullets)][1]
    assert [item.split()[0] for item in enps] == ["#2", "#3"]  # the series asks eNPS
    # The person the demo chats as has not answered the open run, and can.
    you = await Speaker(services, YOU).say("pulse")
    scales = [b for b in you.blocks if isinstance(b, Scale)]
    assert len(scales) == 8 and all(s.selected is None for s in scales)
    assert scales[0].value["p"] == "4"
    pressed = await Speaker(services, YOU).press(scales[0].action_id,
                                                 dict(scales[0].value) | {"score": "4"})
    assert "Sorry" not in pressed.text


async def test_the_same_history_every_time(tmp_path_factory: pytest.TempPathFactory,
                                           db: Database) -> None:
    _, first = await seeded(db)
    results = await Speaker(Services(units=SqlUnits(db), clock=DemoClock(NOW)), HR).say(
        "pulse results 3")
    other = Database(f"sqlite:///{tmp_path_factory.mktemp('again') / 'demo.db'}",
                     secret_key=TEST_SECRET_KEY)
    other.upgrade()
    try:
        services, second = await seeded(other)
        again = await Speaker(services, HR).say("pulse results 3")
    finally:
        await other.close()
    assert first == second and results.text == again.text


def test_the_terminal_demo_shows_the_history(tmp_path: Path) -> None:
    done = careerbot("demo", "--as", "hannah", db=None, cwd=tmp_path, stdin="pulse trend\n")
    assert done.code == 0, done.err
    assert "closed pulses" in done.out and "Try: pulse list, pulse results " in done.out
    assert "Pulse trend: Everyone" in done.out and "Traceback" not in done.out + done.err
