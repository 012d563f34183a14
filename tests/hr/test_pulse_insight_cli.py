"""Issue 14's distributions and team heatmap through chat and the CLI, on SQLite and PostgreSQL:
three teams (Alpha 6 answering, Beta 5, Gamma 2 of whom the threshold of 5 hides Gamma and so,
by the next-smallest rule, Beta too: they are stored and shown only merged), one pulse closed.
Chat, the CLI's text, its CSV and its PNG's data carry the same numbers, and no group under the
threshold appears on any of them."""

from __future__ import annotations

import csv
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TypeVar

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image
from typer.testing import CliRunner

from bot.pulses import service as pulse_ops
from bot.pulses.rules import MERGED, default_questions
from bot.reply import Reply, Scale, Table
from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people, sql
from tests.hr.test_pulse_subtraction import on

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
QUESTIONS = default_questions()
T = TypeVar("T")
# Person n's answer to statement q: Alpha (1-6) mostly agrees, Beta (7-11) is split, Gamma
# (12-13) disagrees. Statement "find" gets no 1 or 2 from anyone: a 0% segment.
TEAMS = (("Alpha", 6, 1), ("Beta", 5, 7), ("Gamma", 2, 12))


def score(person: int, q: int) -> int:
    if QUESTIONS[q].id == "find":
        return 3 + person % 3
    if person <= 6:
        return min(5, 2 + (person + q) % 4 + q % 2)
    if person <= 11:
        return 1 + (person * q) % 5
    return 1 + (person + q) % 2


async def closed_pulse(db: Database) -> None:
    await add_people(db, "People", 1, start=100, role="hr")
    for team, count, start in TEAMS:
        await add_people(db, team, count, start=start)
    services = services_on(db, FakeClock(NOW))
    await Speaker(services, "p100@example.com").say("pulse schedule Alpha, Beta, Gamma "
                                                    "2026-03-16")
    async with services.units() as uow:
        poll = await uow.pulses.pulse(1)
        assert poll is not None
        assert await pulse_ops.open_due(uow, poll, NOW)
        await uow.commit()
    for person in range(1, 14):
        speaker = Speaker(services, f"p{person}@example.com")
        scales = [b for b in (await speaker.say("pulse")).blocks if isinstance(b, Scale)]
        for q, scale in enumerate(scales):
            await speaker.press(scale.action_id,
                                dict(scale.value) | {"score": str(score(person, q))})
    async with services.units() as uow:
        poll = await uow.pulses.pulse(1)
        assert poll is not None
        assert await pulse_ops.close_due(uow, poll, poll.closes_at)
        await uow.commit()


def expected(people: range, q: int) -> tuple[int, ...]:
    scores = [score(p, q) for p in people]
    return tuple(scores.count(n) for n in range(1, 6))


def favourable(people: range, q: int) -> float:
    dist = expected(people, q)
    return 100 * (dist[3] + dist[4]) / sum(dist)


@pytest.fixture
def pulse(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.setenv("DATABASE_URL", db_url)
    monkeypatch.chdir(tmp_path)
    on(db_url, closed_pulse)
    return db_url


def figures(monkeypatch: pytest.MonkeyPatch) -> list[Figure]:
    """Every Figure saved as a picture, kept for reading what was drawn (spied at matplotlib's
    savefig, so it holds whichever of our modules draws or stacks them)."""
    kept: list[Figure] = []
    save = Figure.savefig

    def spy(figure: Figure, *args: Any, **kwargs: Any) -> None:
        kept.append(figure)
        save(figure, *args, **kwargs)

    monkeypatch.setattr(Figure, "savefig", spy)
    return kept


def invoke(*args: str) -> str:
    done = CliRunner().invoke(cli.app, ["pulse", "results", "1", *args])
    assert done.exit_code == 0, done.output
    return done.output


def small_teams_in(text: str) -> list[str]:
    """Lines giving Beta or Gamma a figure of their own (the audience line only names them)."""
    return [line for line in text.splitlines() if ("Beta" in line or "Gamma" in line)
            and not line.startswith("Audience:")]


def rows(path: Path) -> list[dict[str, Any]]:
    with path.open(newline="") as f:
        return list(csv.DictReader(f))


def test_distributions_in_chat_cli_csv_and_png(pulse: str, tmp_path: Path,
                                                monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = figures(monkeypatch)
    text = invoke("--csv", "all.csv", "--png", "all.png")
    everyone = range(1, 14)
    # The text: counts and percents (adding up to 100) per statement.
    for q, question in enumerate(QUESTIONS):
        counts = " / ".join(map(str, expected(everyone, q)))
        assert f"{question.text} 1-5: {counts}\n" in text
    find = QUESTIONS.index(next(q for q in QUESTIONS if q.id == "find"))
    assert expected(everyone, find)[:2] == (0, 0)
    assert "0% / 0% / " in text and "0% disagree" in text
    # The CSV: the same counts, and percents per score.
    table = {(r["group"], r["question_id"]): r for r in rows(tmp_path / "all.csv")}
    for q, question in enumerate(QUESTIONS):
        row = table[("Everyone", question.id)]
        dist = expected(everyone, q)
        assert tuple(int(row[f"n{n}"]) for n in range(1, 6)) == dist
        assert [float(row[f"pct{n}"]) for n in range(1, 6)] == pytest.approx(
            [100 * d / 13 for d in dist], abs=0.05)
    assert {g for g, _ in table} == {"Everyone", "Alpha", MERGED}
    assert not small_teams_in(text)
    # The PNG: five segments per statement spanning exactly 100, the axis -100..100.
    (figure,) = drawn
    axes = figure.axes[0]
    assert axes.get_xlim() == (-100, 100)
    segments = [p for p in axes.patches if isinstance(p, Rectangle)]
    assert len(segments) == 5 * len(QUESTIONS)
    for row_index in range(len(QUESTIONS)):
        mine = [p for p in segments if abs(p.get_y() + p.get_height() / 2 - row_index) < 1e-6]
        assert sum(p.get_width() for p in mine) == pytest.approx(100)
        assert [p.get_width() for p in mine] == pytest.approx(
            [100 * d / 13 for d in expected(everyone, row_index)])
    assert "13 of 13 responded" in axes.get_title()
    with Image.open(tmp_path / "all.png") as image:
        assert image.format == "PNG"


def test_team_heatmap_in_chat_cli_csv_and_png(pulse: str, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    drawn = figures(monkeypatch)
    text = invoke("--by", "team", "--csv", "teams.csv", "--png", "teams.png")
    alpha, merged, everyone = range(1, 7), range(7, 14), range(1, 14)
    # Stored merged at close: the small team's name is nowhere in the closed data.
    groups = on(pulse, lambda db: sql(db, "SELECT DISTINCT team FROM pulse_answers"))
    assert {g["team"] for g in groups} == {"Alpha", MERGED}
    header, counts, *body = list(csv.reader((tmp_path / "teams.csv").open(newline="")))
    assert header == ["question_id", "question", "Everyone favourable_pct",
                      "Alpha favourable_pct", f"{MERGED} favourable_pct"]
    assert counts[2:] == ["13", "6", "7"]
    for q, row in enumerate(body):
        assert [float(v) for v in row[2:]] == pytest.approx(
            [favourable(people, q) for people in (everyone, alpha, merged)], abs=0.05)
    assert not small_teams_in(text) and "Alpha (n=6)" in text
    # The heatmap: the cells hold those numbers, on a 0-100 scale, each written in.
    (figure,) = drawn
    axes = figure.axes[0]
    (image,) = axes.images
    assert image.get_clim() == (0, 100)
    cells = image.get_array()
    assert cells is not None
    assert cells.flatten().tolist() == pytest.approx(
        [favourable(people, q) for q in range(len(QUESTIONS))
         for people in (everyone, alpha, merged)])
    written = [t.get_text() for t in axes.texts]
    assert written[:3] == [f"{favourable(p, 0):.0f}%" for p in (everyone, alpha, merged)]
    assert [t.get_text() for t in axes.get_xticklabels()] == [
        "Everyone\n(n=13)", "Alpha\n(n=6)", "(smaller teams\ntogether)\n(n=7)"]  # wrapped

    async def in_chat(db: Database) -> Reply:
        hr = Speaker(services_on(db, FakeClock(NOW)), "p100@example.com")
        return await hr.say("pulse results 1 --by team")

    reply = on(pulse, in_chat)
    (table,) = [b for b in reply.blocks if isinstance(b, Table)]
    assert table.columns == ("Statement", "Everyone (n=13)", "Alpha (n=6)", f"{MERGED} (n=7)")
    assert [r[2] for r in table.rows] == [f"{favourable(alpha, q):.0f}%"
                                          for q in range(len(QUESTIONS))]
    audit = on(pulse, lambda db: sql(db, "SELECT action, detail FROM audit_log "
                                         "WHERE action = 'pulse.results'"))
    assert {(a["action"], a["detail"]) for a in audit} >= {("pulse.results", "1 --by team")}


def test_a_breakdown_other_than_by_team_is_one_line(pulse: str, tmp_path: Path) -> None:
    done = CliRunner().invoke(cli.app, ["pulse", "results", "1", "--by", "manager", "--csv",
                                        "x.csv"])
    assert done.exit_code == 1
    assert "by team only" in done.output and "Traceback" not in done.output
    assert not (tmp_path / "x.csv").exists()

    async def in_chat(db: Database) -> str:
        hr = Speaker(services_on(db, FakeClock(NOW)), "p100@example.com")
        return (await hr.say("pulse results 1 --by manager")).text

    assert "by team only" in on(pulse, in_chat)
