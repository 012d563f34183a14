"""Issue 11's attack, played on every surface HR has (chat, `stats`, the CLI's text, CSV and the
PNG's data): at threshold 5, HR looks while five people have answered, the one person reminded
on day 3 answers, the pulse closes, HR looks again. Subtracting the first look from the final
one must not give that person's answers: while open, HR sees participation only."""

from __future__ import annotations

import asyncio
import csv
import re
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import pytest
from typer.testing import CliRunner

from adapters import charts as png
from bot.pulses import service as pulse_ops
from bot.pulses.rules import default_questions
from bot.reply import BarChart, Reply, Scale
from careerbot import cli
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.secret import TEST_SECRET_KEY

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
QUESTIONS = default_questions()
LATE = "p6@example.com"  # the one person the day-3 reminder went to
LATE_COMMENT = "I cannot see a future for myself here"
T = TypeVar("T")
# A per-statement distribution as the results show it: "<statement> 1-5: a / b / c / d / e".
DISTRIBUTION = re.compile(r"^[-\s]*(?P<q>[^\n]+?) 1-5: (?P<d>\d+(?: / \d+){4})\s*$", re.M)
RENDER = png.render_png


@dataclass
class Look:
    """Everything HR can see of pulse #1 at one moment."""

    chat: str  # `pulse results 1` in chat
    stats: str  # `stats` in chat
    cli: str  # `careerbot pulse results 1`
    rows: list[dict[str, str]]  # its --csv
    charts: list[BarChart]  # what its --png and the chat's uploaded picture are drawn from
    captions: list[str]  # the words drawn on the PNG


def on(url: str, work: Callable[[Database], Awaitable[T]]) -> T:
    async def go() -> T:
        db = Database(url, secret_key=TEST_SECRET_KEY)
        try:
            return await work(db)
        finally:
            await db.close()
    return asyncio.run(go())


async def answer(db: Database, email: str, scores: list[int], comment: str = "") -> None:
    speaker = Speaker(services_on(db, FakeClock(NOW)), email)
    scales = [b for b in (await speaker.say("pulse")).blocks if isinstance(b, Scale)]
    assert len(scales) == len(QUESTIONS)
    for scale, score in zip(scales, scores, strict=True):
        await speaker.press(scale.action_id, dict(scale.value) | {"score": str(score)})
    if comment:
        await speaker.press("pulse.comment", {"p": "1"}, {"comment": comment})


def look(url: str, tmp_path: Path, name: str, monkeypatch: pytest.MonkeyPatch) -> Look:
    async def in_chat(db: Database) -> tuple[Reply, Reply]:
        hr = Speaker(services_on(db, FakeClock(NOW)), "p100@example.com")
        return await hr.say("pulse results 1"), await hr.say("stats")

    results, stats = on(url, in_chat)
    drawn: list[BarChart] = [b for b in (*results.blocks, *stats.blocks)
                             if isinstance(b, BarChart)]
    captions: list[str] = []

    def spy(chart: BarChart, **labels: str) -> bytes:
        drawn.append(chart)
        # render_png draws the axis label with bars, the "empty" notice without.
        captions.extend([labels.get("subtitle", ""),
                         labels.get("xlabel" if chart.bars else "empty", "")])
        return RENDER(chart, **labels)

    monkeypatch.setattr(png, "render_png", spy)
    done = CliRunner().invoke(cli.app, ["pulse", "results", "1", "--csv", f"{name}.csv",
                                        "--png", f"{name}.png"])
    assert done.exit_code == 0, done.output
    with (tmp_path / f"{name}.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    return Look(results.text, stats.text, done.output, rows, drawn, captions)


def distributions(text: str) -> dict[str, tuple[int, ...]]:
    return {m["q"].strip(): tuple(int(n) for n in m["d"].split(" / "))
            for m in DISTRIBUTION.finditer(text)}


def csv_distributions(rows: list[dict[str, str]]) -> dict[str, tuple[int, ...]]:
    return {f'{r["group"]}: {r["question_id"]}': tuple(int(r[f"n{n}"]) for n in range(1, 6))
            for r in rows if r.get("n1")}


def subtract(before: dict[str, tuple[int, ...]],
             after: dict[str, tuple[int, ...]]) -> dict[str, int]:
    """The attack: a statement whose distribution grew by exactly one answer between two looks
    gives that answer away."""
    found = {}
    for question, counts in after.items():
        if question in before:
            grown = [a - b for a, b in zip(counts, before[question], strict=True)]
            if sorted(grown) == [0, 0, 0, 0, 1]:
                found[question] = grown.index(1) + 1
    return found


def test_interim_and_final_views_cannot_be_subtracted(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    url = f"sqlite:///{tmp_path / 'bot.db'}"
    monkeypatch.setenv("DATABASE_URL", url)
    monkeypatch.chdir(tmp_path)
    Database(url).upgrade()

    async def open_pulse(db: Database) -> None:
        await add_people(db, "People", 1, start=100, role="hr")
        await add_people(db, "Beta", 6)
        services = services_on(db, FakeClock(NOW))
        await Speaker(services, "p100@example.com").say("pulse schedule Beta 2026-03-16")
        async with services.units() as uow:
            poll = await uow.pulses.pulse(1)
            assert poll is not None and poll.threshold == 5
            assert await pulse_ops.open_due(uow, poll, NOW)
            await uow.commit()
        for n in range(1, 6):
            await answer(db, f"p{n}@example.com", [4 + (n + q) % 2 for q in range(7)],
                         "More examples please" if n == 1 else "")

    async def last_answer_and_close(db: Database) -> None:
        await answer(db, LATE, [1, 2, 1, 3, 1, 2, 1], LATE_COMMENT)
        async with services_on(db, FakeClock(NOW)).units() as uow:
            poll = await uow.pulses.pulse(1)
            assert poll is not None
            assert await pulse_ops.close_due(uow, poll, poll.closes_at)
            await uow.commit()

    on(url, open_pulse)
    before = look(url, tmp_path, "open", monkeypatch)
    on(url, last_answer_and_close)
    final = look(url, tmp_path, "final", monkeypatch)

    # The final look has everything per statement (so the attack has something to work on).
    assert len(distributions(final.chat)) == len(QUESTIONS) == len(distributions(final.cli))
    assert len(csv_distributions(final.rows)) >= len(QUESTIONS)
    assert LATE_COMMENT in final.chat and any(c.bars for c in final.charts)
    # The attack gives nothing: no per-statement figure was shown while the pulse was open.
    assert subtract(distributions(before.chat), distributions(final.chat)) == {}
    assert subtract(distributions(before.cli), distributions(final.cli)) == {}
    assert subtract(csv_distributions(before.rows), csv_distributions(final.rows)) == {}
    assert [c.bars for c in before.charts if c.bars] == []  # no bar, mean or favourable %
    for row in before.rows:
        assert not any(row[k] for k in ("question_id", "mean", "n1", "n2", "n3", "n4", "n5",
                                        "favourable_pct")), row
    for text in (before.chat, before.stats, before.cli, *before.captions):
        assert not any(q.text in text for q in QUESTIONS), text
        assert "mean" not in text and "favourable" not in text.casefold(), text
        assert "More examples please" not in text, text
    # What it did show: participation, and the rule.
    assert "5 of 6" in before.chat and "5 of 6" in before.cli
    assert "Scores and comments appear once, at close" in before.chat
    assert "Scores and comments appear once, at close" in before.cli
    assert "participation 83% so far" in before.stats
