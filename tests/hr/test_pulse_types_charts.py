"""eNPS and choice results drawn and exported (issue 14, A), read from what was drawn on the
Figures (bar heights and widths, colours, labels, axis limits), the PNG's size and the CSV's
rows; nothing of a group under the threshold."""

from __future__ import annotations

import csv
import io
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from matplotlib.colors import to_hex
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from PIL import Image

from adapters import charts
from bot.pulses.messages import results_reply
from bot.pulses.rules import (
    PulsePoll,
    PulseResults,
    PulseStatus,
    Submission,
    aggregate,
    tally_of,
)
from bot.pulses.rules_types import ChoiceStats, EnpsStats
from bot.reply import Picture
from careerbot.pulse_export import write_csv, write_png
from tests.hr.pulse_types_sample import AGREE, CHOICE, ENPS, QUESTIONS

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLL = PulsePoll(4, "Q1 pulse", QUESTIONS, ("Alpha", "Beta"), NOW, NOW + timedelta(days=14),
                 status=PulseStatus.CLOSED)
# 40 answers: 18 promoters (45%), 13 passives (32.5%), 9 detractors (22.5%): eNPS +23
ENPS_SCORES = [10] * 8 + [9] * 10 + [8] * 7 + [7] * 6 + [6] * 3 + [5] * 2 + [3] * 3 + [0]
CHOICES = [1] * 12 + [2] * 28


def results(small: int = 0) -> PulseResults:
    """40 answers in Alpha and Beta (20 each), and `small` in Tiny (under the threshold)."""
    answers = [Submission("Alpha" if n % 2 else "Beta",
                          {AGREE.id: 4, ENPS.id: ENPS_SCORES[n], CHOICE.id: CHOICES[n]})
               for n in range(40)]
    answers += [Submission("Tiny", {AGREE.id: 1, ENPS.id: 0, CHOICE.id: 3})] * small
    return aggregate(QUESTIONS, tally_of(answers), {"Alpha": 20, "Beta": 20, "Tiny": 3}, 5)


def bars(figure: Figure) -> list[Rectangle]:
    return [p for p in figure.axes[0].patches if isinstance(p, Rectangle)]


def texts(figure: Figure) -> list[str]:
    return [t.get_text() for t in figure.axes[0].texts]


def picture(kind: type) -> Picture:
    reply = results_reply(POLL, results())
    (found,) = [b for b in reply.blocks if isinstance(b, Picture) and isinstance(b.data, kind)]
    return found


def test_enps_figure_draws_eleven_bars_by_part_with_the_score_in_the_title() -> None:
    shown = picture(EnpsStats)
    figure = charts.picture_figure(shown)
    assert "eNPS +23" in figure.texts[0].get_text()  # the suptitle
    assert "Everyone" in shown.subtitle and "40 responses" in shown.subtitle
    drawn = bars(figure)
    assert len(drawn) == 11
    assert [round(b.get_height(), 1) for b in drawn] == [
        2.5, 0, 0, 7.5, 0, 5.0, 7.5, 15.0, 17.5, 25.0, 20.0]
    colours = [to_hex(b.get_facecolor()) for b in drawn]
    assert colours == [charts.ENPS_COLOURS[0]] * 7 + [charts.ENPS_COLOURS[1]] * 2 + [
        charts.ENPS_COLOURS[2]] * 2
    assert figure.axes[0].get_ylim() == (0, 100)
    assert "0\n0%" in texts(figure) and "10\n25%" in texts(figure)  # a 0 bar is labelled
    drawn_legend = figure.axes[0].get_legend()
    assert drawn_legend is not None
    legend = [t.get_text() for t in drawn_legend.get_texts()]
    assert legend == ["Detractors (0-6) 22%", "Passives (7-8) 32%", "Promoters (9-10) 45%"]


def test_choice_figure_draws_a_bar_per_choice_on_an_axis_to_100() -> None:
    figure = charts.picture_figure(picture(ChoiceStats))
    assert [b.get_width() for b in bars(figure)] == [30.0, 70.0, 0.0]
    assert figure.axes[0].get_xlim() == (0, 100)
    assert texts(figure) == ["30% (12)", "70% (28)", "0% (0)"]
    labels = [t.get_text() for t in figure.axes[0].get_yticklabels()]
    assert labels == ["Every week", "Every month", "Hardly ever"]


def test_results_text_and_pictures_only_for_shown_groups() -> None:
    text = results_reply(POLL, results()).text
    assert "eNPS +23 (45% promoters, 32% passives, 22% detractors, n=40)" in text
    assert "Every month: 28 (70%)" in text
    text = results_reply(POLL, results(small=2)).text
    # Tiny is under the threshold, so Alpha (the next smallest) is hidden with it
    assert "Tiny: Not enough responses yet" in text and "Alpha: Not enough responses yet" in text
    assert "Beta: 20 of 20 answered (100%), favourable 100%, eNPS +25" in text
    under = results_reply(POLL, aggregate(QUESTIONS, tally_of(
        [Submission("Tiny", {AGREE.id: 1, ENPS.id: 0, CHOICE.id: 3})] * 4), {"Tiny": 4}, 5))
    assert not [b for b in under.blocks if isinstance(b, Picture)]
    assert "eNPS" not in under.text


def test_the_png_stacks_the_enps_and_choice_figures_under_the_distributions(
        tmp_path: Path) -> None:
    path = tmp_path / "results.png"
    write_png(POLL, results(), path)
    with Image.open(io.BytesIO(path.read_bytes())) as image:
        width, height = image.size
    # distributions (11 x 3.1 in), eNPS (10 x 4.6 in), choice (10 x 3.4 in) at 100 dpi
    assert (width, height) == (1100, 310 + 460 + 340)


def test_the_csv_has_enps_and_choice_rows_per_shown_group(tmp_path: Path) -> None:
    path = tmp_path / "results.csv"
    write_csv(results(), path)
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    mine = [r for r in rows if r["group"] == "Everyone"]
    assert [r["kind"] for r in mine] == ["agree"] + ["enps"] * 12 + ["choice"] * 3
    summary = mine[1]
    assert (summary["enps"], summary["promoters_pct"], summary["passives_pct"],
            summary["detractors_pct"], summary["option"]) == ("23", "45.0", "32.5", "22.5", "")
    scores = [(r["option"], r["count"], r["pct"]) for r in mine[2:13]]
    assert scores[0] == ("0", "1", "2.5") and scores[10] == ("10", "8", "20.0")
    assert [(r["option"], r["count"], r["pct"]) for r in mine[13:]] == [
        ("Every week", "12", "30.0"), ("Every month", "28", "70.0"), ("Hardly ever", "0", "0.0")]
    assert all(r["question_id"] for r in mine)
    write_csv(results(small=2), path)
    tiny = [r for r in csv.DictReader(path.open(encoding="utf-8")) if r["group"] == "Tiny"]
    assert len(tiny) == 1 and tiny[0]["kind"] == "" and tiny[0]["enps"] == ""


@pytest.mark.parametrize("kind", [EnpsStats, ChoiceStats])
def test_png_of_each_picture_is_a_readable_image(kind: type) -> None:
    data = charts.to_png(charts.picture_figure(picture(kind)))
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG" and image.size[0] == 1000
