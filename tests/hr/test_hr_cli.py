"""The issue's "Done when", through the real CLI in a subprocess: HR records a rollout dated 14
days ago, `jobs run-due` sends every team member the pulse once, four answers show "not enough
responses yet", the fifth shows participation only while the pulse is open; CSV and PNG obey
the same rule."""

from __future__ import annotations

import asyncio
import csv
import os
import subprocess
import sys
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from PIL import Image
from typer.testing import CliRunner

from bot.reply import Scale
from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.secret import TEST_SECRET_KEY
from tests.sql_repo import SqlHr

ROOT = Path(__file__).resolve().parents[2]


def careerbot(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'bot.db'}", "NO_COLOR": "1"}
    for name in ("SLACK_BOT_TOKEN", "MICROSOFT_APP_ID", "TEAMS_DEV_ANONYMOUS"):
        env.pop(name, None)
    return subprocess.run([sys.executable, "-m", "careerbot", *args], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=120)


async def answer(db: Database, email: str, score: int) -> None:
    speaker = Speaker(services_on(db, FakeClock()), email)
    reply = await speaker.say("pulse")
    for block in reply.blocks:
        if isinstance(block, Scale):
            await speaker.press(block.action_id, dict(block.value) | {"score": str(score)})


async def test_done_when_through_the_cli(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", secret_key=TEST_SECRET_KEY)
    db.upgrade()
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", 5)
    await add_people(db, "Design", 1, start=50)
    rollout_day = date.today() - timedelta(days=14)
    out = careerbot(tmp_path, "rollout", "Platform", rollout_day.isoformat())
    assert out.returncode == 0, out.stderr
    assert "first pulse (#1) opens" in out.stdout
    assert 'opens pulse #1 "Career tracks pulse: Platform" for Platform' in careerbot(
        tmp_path, "jobs", "list").stdout
    now = datetime.now(UTC).replace(microsecond=0)
    sent = careerbot(tmp_path, "jobs", "run-due", "--now", now.isoformat())
    assert sent.returncode == 0, sent.stderr
    receivers = [line for line in sent.stdout.splitlines() if line.startswith("--- to ")]
    assert sorted(receivers) == sorted(f"--- to Person {n} <p{n}@example.com> ---"
                                       for n in range(1, 6))
    assert "(To answer from the terminal: careerbot chat --as p3@example.com)" in sent.stdout
    assert "neither Slack nor Teams is configured" in sent.stderr
    again = careerbot(tmp_path, "jobs", "run-due", "--now", (now + timedelta(minutes=5))
                      .isoformat())
    assert "--- to Person" not in again.stdout
    for n in range(1, 5):
        await answer(db, f"p{n}@example.com", 4)
    four = careerbot(tmp_path, "pulse", "results", "1", "--csv", "four.csv", "--png", "four.png")
    assert four.returncode == 0, four.stderr
    assert "Not enough responses yet" in four.stdout
    rows = list(csv.DictReader((tmp_path / "four.csv").open()))
    # While open, participation only (as chat says: so far 4 of 5); no team under 5, no score.
    assert [(r["group"], r["responses"]) for r in rows] == [
        ("Everyone", "4"), ("Platform", "Not enough responses yet")]
    assert not any(r["mean"] or r["question_id"] for r in rows)
    await answer(db, "p5@example.com", 5)
    five = careerbot(tmp_path, "pulse", "results", "1", "--csv", "five.csv", "--png", "five.png")
    assert "So far 5 of 5 have answered" in five.stdout and "Not enough" not in five.stdout
    assert "Scores and comments appear once, at close" in five.stdout
    assert "1-5:" not in five.stdout and "mean" not in five.stdout
    rows = list(csv.DictReader((tmp_path / "five.csv").open()))
    # While open: participation only, no figure per statement (they come at close).
    assert not [r for r in rows if r["question_id"] or r["mean"] or r["n4"]]
    with Image.open(tmp_path / "five.png") as image:
        assert image.format == "PNG" and image.size[0] > 100
    bad = careerbot(tmp_path, "pulse", "results", "9")
    assert bad.returncode == 1 and "no pulse #9" in bad.stderr
    await db.close()


BAD_INPUT = [
    (["rollout", "Platform", "soon"], '"soon" is not a date'),
    (["rollout", "Platfrom", "2026-03-02"], 'Did you mean "Platform"?'),
    (["rollout", "status", "Design"], 'no rollout for "Design"'),
    (["rollout", "stage", "Platform", "awareness", "colour", "1"], "I can change owner"),
    (["rollout", "--tz", "Mars/Base", "Platform", "2026-03-02"], "not a timezone name"),
    (["pulse", "schedule"], "Which teams?"),
    (["pulse", "schedule", "Platfrom"], "Nobody is in a team called"),
    (["pulse", "move", "9", "2030-01-01"], "There is no pulse #9."),
    (["pulse", "threshold", "9", "2"], "There is no pulse #9."),
]


def test_bad_input_exits_non_zero_with_the_reason(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'bot.db'}")
    monkeypatch.chdir(tmp_path)
    db = Database(f"sqlite:///{tmp_path / 'bot.db'}", secret_key=TEST_SECRET_KEY)
    db.upgrade()
    asyncio.run(add_people(db, "Platform", 5))
    runner = CliRunner()
    for args, reason in BAD_INPUT:
        done = runner.invoke(cli.app, args)
        assert done.exit_code == 1, (args, done.output)
        assert reason in done.output and "Traceback" not in done.output, (args, done.output)
    assert asyncio.run(SqlHr(db).rollouts()) == []
    assert asyncio.run(SqlHr(db).pulses()) == []
    ok = runner.invoke(cli.app, ["rollout", "platform", "2030-03-02"])
    assert ok.exit_code == 0 and "for Platform on 2030-03-02" in ok.output
