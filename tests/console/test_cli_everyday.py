"""The CLI's rough edges from issue 12, through the real command on a seeded SQLite file:
`jobs list` says what each job does and for whom (not `checkins:4`), `pulse list` is sorted by
date, a usage error is one line (no box), and no command takes an option it ignores."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from typer.main import get_command

from careerbot.cli import app
from careerbot.jobs_described import describe
from tests.console.cli_helpers import careerbot, invoke
from tests.fakes.repository import FakeRepository
from tests.fakes.units import FakeUnitOfWork, FakeUnits

WHEN = r"\w{3} \d{2} \w{3} \d{4} \d{2}:\d{2} UTC"


def test_jobs_list_says_what_each_job_does_and_for_whom(seeded: Path) -> None:
    scheduled = invoke("pulse", "schedule", "Platform", "2031-03-10", db=seeded)
    assert scheduled.code == 0, scheduled.err
    done = invoke("jobs", "list", db=seeded)
    assert done.code == 0, done.err
    lines = done.out.strip().splitlines()
    assert not re.search(r"\b(checkins|pulse|goal|drain):\d", done.out), done.out
    # Amara Okafor (Europe/London) manages Leo Martin and others in the sample people.
    checkins = next(line for line in lines if "Amara Okafor's reports" in line)
    assert "check-in prompts" in checkins and "Europe/London" in checkins
    assert "every two weeks on Monday at 09:00" in checkins
    assert any('opens pulse #1 "Career tracks pulse" for Platform' in line for line in lines)
    assert any("closes pulse #1" in line and "results" in line for line in lines)
    assert any("reminds" in line and "pulse #1" in line for line in lines)
    times = [re.match(WHEN, line) for line in lines]
    assert all(times), lines  # every line starts with when it runs
    assert lines == sorted(lines, key=_when), "sorted by when the job runs"


async def test_every_kind_of_job_is_described() -> None:
    """Ids without a database row behind them (retention, a pulse since deleted) still read
    as words; an id nobody knows is shown as it is rather than hidden."""
    repo = FakeRepository()
    uow = FakeUnitOfWork(repo, FakeUnits(repo))
    assert "retention period" in await describe(uow, "retention")
    assert await describe(uow, "pulse:9:close") == (
        "closes pulse #9 (no longer in the database) and sends HR the results")
    assert await describe(uow, "something:new") == "something:new"


def _when(line: str) -> Any:
    from datetime import datetime
    found = re.match(WHEN, line)
    assert found is not None
    return datetime.strptime(found.group(0), "%a %d %b %Y %H:%M UTC")


def test_pulse_list_is_sorted_by_opening_date(seeded: Path) -> None:
    for args in (("Platform", "2031-03-10"), ("everyone", "2031-03-05T08:00:00Z"),
                 ("Design", "2031-04-01"), ("Customer Success", "2031-03-20")):
        assert invoke("pulse", "schedule", *args, db=seeded).code == 0
    done = invoke("pulse", "list", db=seeded)
    assert done.code == 0, done.err
    rows = [line for line in done.out.splitlines() if re.search(r"#\d+", line)]
    assert [re.search(r"#(\d+)", row).group(1) for row in rows] == ["2", "1", "4", "3"]  # type: ignore[union-attr]
    assert "opens Wed 05 Mar 2031 08:00 UTC" in rows[0] and "everyone" in rows[0]


@pytest.mark.parametrize("args, says", [
    (("pulse", "results"), "Missing argument 'ID'."),
    (("pulse", "results", "abc"), "Invalid value for 'ID'"),
    (("jobs", "lst"), "No such command 'lst'."),
    (("chat",), "Missing option '--as'."),
    (("jobs", "list", "--bogus"), "No such option: --bogus"),
])
def test_a_usage_error_is_one_line(tmp_path: Path, args: tuple[str, ...], says: str) -> None:
    done = careerbot(*args, db=tmp_path / "db.db", cwd=tmp_path)
    assert done.code == 2
    assert done.out == ""
    lines = done.err.strip().splitlines()
    assert len(lines) == 1, done.err
    assert lines[0].startswith(f"Error: {says}"), lines[0]
    assert f"Usage: careerbot {args[0]}" in lines[0] and "--help" in lines[0]
    assert not re.search("[╭╮╰╯│]", done.err)


def test_a_usage_error_is_one_line_in_process_too(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    done = invoke("pulse", "results", db=tmp_path / "db.db")
    assert done.code == 2
    assert len(done.err.strip().splitlines()) == 1 and "│" not in done.err


def _options(*path: str) -> set[str]:
    command: Any = get_command(app)
    for name in path:
        command = command.commands[name]
    return {opt for param in command.params for opt in getattr(param, "opts", [])}


@pytest.mark.parametrize("path", [("pulse", "list"), ("pulse", "cancel"),
                                  ("pulse", "threshold"), ("pulse", "question")])
def test_commands_without_dates_take_no_timezone(path: tuple[str, ...]) -> None:
    assert "--tz" not in _options(*path)


@pytest.mark.parametrize("path", [("pulse", "schedule"), ("pulse", "move"), ("rollout",)])
def test_commands_with_dates_keep_the_timezone(path: tuple[str, ...]) -> None:
    assert "--tz" in _options(*path)


def test_a_removed_option_is_refused_in_one_line(seeded: Path) -> None:
    done = careerbot("pulse", "list", "--tz", "Europe/Berlin", db=seeded, cwd=seeded.parent)
    assert done.code == 2
    assert done.err.strip().splitlines() == [done.err.strip()]
    assert "No such option: --tz" in done.err
