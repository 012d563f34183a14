"""Recurring pulses from the terminal: `careerbot pulse schedule TEAMS DATE --every N
weeks|months` (typer must hand the option to the chat command, not refuse it), `careerbot pulse
list` with the series, `jobs run-due` creating the next run, `careerbot pulse stop SERIES`; bad
input exits 1 with the chat command's sentence and creates nothing."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from typer.testing import CliRunner

from careerbot import cli
from storage.database import Database
from tests.hr.people import add_people
from tests.secret import TEST_SECRET_KEY
from tests.sql_repo import SqlHr

BAD = [
    (["pulse", "schedule", "Platform", "--every", "month"], "needs the date of its first run"),
    (["pulse", "schedule", "Platform", "2030-01-31", "--every", "3", "days"],
     "weeks or months, not \"days\""),
    (["pulse", "schedule", "Platform", "2030-01-31", "--every", "13", "months"],
     "pick 1 to 12 months"),
    (["pulse", "stop", "1"], "There is no series 1"),
    (["pulse", "schedule", "Platform", "2020-01-31", "--every", "month"], "is in the past"),
    (["pulse", "schedule", "Platform", "2030-01-31", "--every", "0", "weeks"],
     "pick 1 to 26 weeks"),
    (["pulse", "schedule", "Platfrom", "2030-01-31", "--every", "month"],
     "Nobody is in a team called \"Platfrom\". Did you mean \"Platform\"?"),
    (["pulse", "schedule", "Platform", "2030-01-31", "--every", "month", "--every", "week"],
     "Say --every once"),
    (["pulse", "schedule", "--tz", "Mars/Base", "Platform", "2030-01-31", "--every", "month"],
     "is not a timezone name"),
]


def test_schedule_list_run_and_stop(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.chdir(tmp_path)
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", secret_key=TEST_SECRET_KEY)
    db.upgrade()
    asyncio.run(add_people(db, "Platform", 3))
    runner = CliRunner()
    for args, reason in BAD:
        done = runner.invoke(cli.app, args)
        assert done.exit_code == 1 and reason in done.output, (args, done.output)
        assert "Traceback" not in done.output
    assert asyncio.run(SqlHr(db).pulses()) == []

    made = runner.invoke(cli.app, ["pulse", "schedule", "Platform", "2030-01-31", "--every",
                                   "month"])
    assert made.exit_code == 0, made.output
    assert "Scheduled series 1 (monthly) for Platform. Run 1 is pulse #1" in made.output
    berlin = runner.invoke(cli.app, ["pulse", "schedule", "--tz", "Europe/Berlin", "Platform",
                                     "2030-03-04", "--every=2", "weeks"])
    assert berlin.exit_code == 0, berlin.output
    assert "Scheduled series 2 (every 2 weeks) for Platform." in berlin.output
    assert "opens Mon 04 Mar 2030 09:00 CET" in berlin.output

    ran = runner.invoke(cli.app, ["jobs", "run-due", "--now", "2030-01-31T09:00:00Z"])
    assert ran.exit_code == 0 and "opens pulse #1" in ran.output, ran.output
    listed = runner.invoke(cli.app, ["pulse", "list"]).output
    assert "Career tracks pulse (monthly, run 2) - series 1" in listed
    assert "opens Thu 28 Feb 2030 09:00 UTC" in listed  # the 31st, clamped to February's end
    assert "Recurring pulses (2):" in listed
    assert "Series 1: monthly, Platform  1 run(s) so far (#1); next run #3 opens" in listed
    # The CLI shows every time in UTC, labelled, series included (Berlin's 9:00 is 8:00 UTC).
    assert ("Series 2: every 2 weeks, Platform  0 run(s) so far; next run #2 opens Mon 04 Mar "
            "2030 08:00 UTC") in listed
    assert "#2  scheduled  opens Mon 04 Mar 2030 08:00 UTC" in listed

    stopped = runner.invoke(cli.app, ["pulse", "stop", "1"])
    assert stopped.exit_code == 0, stopped.output
    assert "Stopped series 1: no new runs. Cancelled its scheduled run(s): #3." in stopped.output
    again = runner.invoke(cli.app, ["pulse", "stop", "1"])
    assert again.exit_code == 1 and "already stopped" in again.output
    statuses = {p.id: p.status.value for p in asyncio.run(SqlHr(db).pulses())}
    assert statuses == {1: "open", 2: "scheduled", 3: "cancelled"}
