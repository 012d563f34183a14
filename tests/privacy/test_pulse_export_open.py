"""`careerbot pulse results --csv/--png` while a pulse is open: participation rows only (how many
have answered, overall and per team the threshold allows), never a question, score or share."""

from __future__ import annotations

import csv
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from adapters import charts
from bot.pulses.rules import PulsePoll, PulseStatus, Turnout, default_questions, participation
from bot.reply import BarChart
from careerbot.pulse_export import write_csv, write_png

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)
POLL = PulsePoll(1, "Pulse", default_questions(), (), NOW, NOW + timedelta(days=5),
                 status=PulseStatus.OPEN)
TURNOUT = [Turnout("Alpha", 8, 6), Turnout("Omega", 6, 5), Turnout("Beta", 1, 1)]


def test_the_csv_of_an_open_pulse_has_participation_rows_only(tmp_path: Path) -> None:
    results = participation(TURNOUT, 5)
    path = tmp_path / "open.csv"
    write_csv(results, path)
    with path.open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert [(r["group"], r["responses"], r["recipients"], r["participation_pct"])
            for r in rows] == [("Everyone", "12", "15", "80.0"), ("Alpha", "6", "8", "75.0"),
                               ("Beta", "Not enough responses yet", "1", ""),
                               ("Omega", "Not enough responses yet", "6", "")]
    for row in rows:
        assert row["results"] == "participation"
        assert not any(row[k] for k in ("question_id", "question", "mean", "n1", "n2", "n3",
                                        "n4", "n5", "favourable_pct")), row


def test_the_png_of_an_open_pulse_draws_no_score(tmp_path: Path,
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    drawn: list[tuple[BarChart, dict[str, Any]]] = []

    def spy(chart: BarChart, **labels: Any) -> bytes:
        drawn.append((chart, labels))
        return b"png"

    monkeypatch.setattr(charts, "render_png", spy)
    write_png(POLL, participation(TURNOUT, 5), tmp_path / "open.png")
    (chart, labels), = drawn
    assert chart.bars == ()
    assert "12 of 15 answered so far" in labels["subtitle"]
    assert labels["empty"] == "Scores and comments appear once, at close."
