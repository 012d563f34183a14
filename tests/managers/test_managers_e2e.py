"""Tried as a new user would, through the real `careerbot` command (subprocesses on a SQLite
file): a manager with two reports gets check-in prompts on schedule (once), rates one report
and shares it, logs a note; the report sees the rating beside their own; a colleague is refused."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
TRACK = ROOT / "careerbot" / "samples" / "tracks" / "software-engineering.yaml"
PEOPLE = """email,name,manager_email,track,level,team,role,timezone
morgan@example.com,Morgan Lead,,software-engineering,senior,Core,manager,Europe/Berlin
pat@example.com,Pat Person,morgan@example.com,software-engineering,se1,Core,employee,Europe/Berlin
sam@example.com,Sam Other,morgan@example.com,software-engineering,se2,Core,employee,Europe/Berlin
cole@example.com,Cole Colleague,,software-engineering,se2,Sales,employee,Europe/Berlin
"""
SIX = "".join(f"{n}\n" for n in (4, 4, 3, 4, 5, 4))  # the sample track has six competencies


@pytest.fixture
def careerbot(tmp_path: Path):  # type: ignore[no-untyped-def]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'careerbot.db'}",
           "NO_COLOR": "1", "COLUMNS": "200"}

    def run(*args: str, stdin: str = "") -> str:
        done = subprocess.run([sys.executable, "-m", "careerbot", *args], cwd=tmp_path, env=env,
                              input=stdin, capture_output=True, text=True, timeout=120)
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    (tmp_path / "people.csv").write_text(PEOPLE)
    run("db", "upgrade")
    run("import", "tracks", str(TRACK))
    run("import", "people", str(tmp_path / "people.csv"))
    return run


def test_manager_journey(careerbot) -> None:  # type: ignore[no-untyped-def]
    careerbot("chat", "--as", "pat@example.com", stdin="rate\n" + SIX)
    assert "Growth check-in" not in careerbot("jobs", "run-due", "--now", "2026-03-04T12:00:00Z")
    sent = careerbot("jobs", "run-due", "--now", "2026-03-09T08:00:00Z")  # Monday 9:00 Berlin
    assert sent.count("--- to Morgan Lead") == 1  # one digest for both reports (the default)
    assert "Growth check-ins: 2 reports" in sent
    assert "Pat Person: Software Engineer I, self " in sent and "Sam Other: " in sent
    assert "Growth check-in" not in careerbot("jobs", "run-due", "--now", "2026-03-09T09:00:00Z")

    rating = "team\nRate Pat\n" + "".join(f"{n}\n" for n in (2, 4, 3, 4, 3, 4))
    out = careerbot("chat", "--as", "morgan@example.com",
                    stdin=rating + "Share with them\n")
    assert "Your team" in out and "Shared." in out
    out = careerbot("chat", "--as", "morgan@example.com",
                    stdin="what's next for pat@example.com\nLog notes\nTalked about design docs\n"
                          "Pat drafts one by Friday\n\n")
    assert "Saved." in out

    mine = careerbot("chat", "--as", "pat@example.com", stdin="next\nnotes\n")
    assert "Your self-rating: 4/5" in mine and "Your manager's rating: 2/5" in mine
    assert "Talked about design docs" in mine and "Agreed: Pat drafts one by Friday" in mine

    nosy = careerbot("chat", "--as", "cole@example.com",
                     stdin="what's next for pat@example.com\nteam\nnotes pat@example.com\n")
    assert nosy.count("I can only show that to the person themselves and their manager") == 2
    assert "Nobody reports to you" in nosy and "design docs" not in nosy
