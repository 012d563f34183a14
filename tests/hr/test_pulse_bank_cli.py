"""`careerbot pulse questions` (list, --csv), `... save|remove` and `careerbot pulse question
ID QUESTION-ID` with the bank's options, on SQLite and PostgreSQL: the same rules as chat, one
line and exit 1 on bad input with nothing changed, CSV cells never formulas, audited as cli."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from typer.testing import CliRunner, Result

from bot.pulses.bank import themes
from bot.pulses.rules import QuestionKind
from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import services_on
from tests.hr.people import add_people, sql
from tests.hr.test_pulse_subtraction import on


async def _people(db: Database) -> None:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", 5)


@pytest.fixture
def url(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    on(db_url, _people)
    return db_url


def pulse(*args: str) -> Result:
    return CliRunner().invoke(cli.app, ["pulse", *args])


def ok(*args: str) -> str:
    done = pulse(*args)
    assert done.exit_code == 0, done.output
    return done.output


def saved(url: str) -> list[dict[str, object]]:
    return on(url, lambda db: sql(db, "SELECT id, text, kind, choices FROM pulse_questions "
                                      "ORDER BY id"))


def test_list_save_csv_and_remove(url: str, tmp_path: Path) -> None:
    listed = ok("questions")
    assert "Growth opportunities\n  growth-1 (agree 1-5):" in listed
    assert "Saved by HR (0)\n  none yet" in listed
    assert "Saved question lunch" in ok("questions", "save", "lunch", "--choice",
                                        "Where should we eat? | Pizza | Sushi")
    assert "(eNPS 0-10)" in ok("questions", "save", "team-nps", "--enps", "Would", "you",
                               "recommend", "your", "team?")
    ok("questions", "save", "formula", "=1+1 is how we count")
    listed = ok("questions", "--csv", "questions.csv")
    assert "Saved by HR (3)\n  formula (agree 1-5): =1+1" in listed
    with (tmp_path / "questions.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    ours = [q for theme in themes() for q in theme.questions]
    assert len(rows) == len(ours) + 3
    assert [r["id"] for r in rows[:len(ours)]] == [q.id for q in ours]
    by_id = {r["id"]: r for r in rows}
    assert (by_id["enps"]["source"], by_id["enps"]["kind"]) == ("bank", QuestionKind.ENPS.value)
    assert by_id["know"]["source"] == "default" and by_id["clarity-1"]["saved_at"] == ""
    assert (by_id["lunch"]["kind"], by_id["lunch"]["choices"]) == ("choice", "Pizza | Sushi")
    assert by_id["lunch"]["saved_at"].startswith("20")
    assert by_id["formula"]["text"] == "'=1+1 is how we count"  # shown as text, never run
    assert by_id["team-nps"]["text"] == "Would you recommend your team?"

    assert "Removed saved question lunch" in ok("questions", "remove", "lunch")
    assert [r["id"] for r in saved(url)] == ["formula", "team-nps"]
    audit = on(url, lambda db: sql(db, "SELECT platform, action, detail FROM audit_log "
                                       "ORDER BY id"))
    assert [(a["platform"], a["action"], a["detail"]) for a in audit] == [
        ("cli", "pulse.questions.save", "lunch (choice)"),
        ("cli", "pulse.questions.save", "team-nps (enps)"),
        ("cli", "pulse.questions.save", "formula (agree)"),
        ("cli", "pulse.questions.remove", "lunch")]


@pytest.mark.parametrize(("args", "says"), [
    (("questions", "save", "clarity-1", "Mine"), "one of our own questions"),
    (("questions", "save", "x", "--enps", "--choice", "Which?"), "not --enps and --choice"),
    (("questions", "save", "x", "--choice", "Which? | A"), "2 to 10 choices"),
    (("questions", "save", "x"), "Missing argument"),
    (("questions", "remove", "enps"), "can't be removed"),
    (("questions", "remove", "nothing"), "no saved question"),
    (("questions", "--csv", "/nonexistent-dir/q.csv"), "no such file"),
    (("question", "1", "clarity-1", "My", "words"), "goes in as written"),
    (("question", "1", "x", "--choice", "Which? | A | a"), "given twice"),
])
def test_bad_input_is_one_line_and_changes_nothing(url: str, args: tuple[str, ...],
                                                   says: str) -> None:
    ok("schedule", "Platform", "2030-04-01")
    ok("questions", "save", "keep", "Kept.")
    before = saved(url), ok("list")
    done = pulse(*args)
    assert done.exit_code != 0
    lines = done.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("Error: ") and says in lines[0], done.output
    assert (saved(url), ok("list")) == before


def test_pulse_question_takes_bank_and_typed_questions(url: str) -> None:
    ok("schedule", "Platform", "2030-04-01")
    ok("questions", "save", "lunch", "--choice", "Where should we eat? | Pizza | Sushi")
    assert "enps: How likely are you to recommend working here to a friend? (eNPS 0-10)" in ok(
        "question", "1", "enps")
    assert "lunch: Where should we eat? (single choice: Pizza / Sushi)" in ok(
        "question", "1", "lunch")
    assert "mood: Would you recommend your team? (eNPS 0-10)" in ok(
        "question", "1", "mood", "--enps", "Would you recommend your team?")

    async def kinds(db: Database) -> list[tuple[str, str]]:
        async with services_on(db, FakeClock()).units() as uow:
            poll = await uow.pulses.pulse(1)
        assert poll is not None
        return [(q.id, q.kind.value) for q in poll.questions[-3:]]

    assert on(url, kinds) == [("enps", "enps"), ("lunch", "choice"), ("mood", "enps")]
