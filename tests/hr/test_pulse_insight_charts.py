"""Issue 14's chart data, read from the numbers and from the matplotlib Figures before they are
saved: diverging bars whose five segments span exactly 100 with neutral centred on 0, an axis
ending at 100%, every value labelled (a 0% bar too), a heatmap holding only groups at or above
the anonymity threshold."""

from __future__ import annotations

import csv
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle

from adapters import charts
from bot.pulses.by_team import by_team
from bot.pulses.messages import team_reply
from bot.pulses.rules import (
    MERGED,
    PulseError,
    PulsePoll,
    PulseStatus,
    QuestionStats,
    Tally,
    Turnout,
    aggregate,
    default_questions,
    participation,
    question_stats,
)
from bot.pulses.rules_insight import heatmap, spread
from bot.reply import Bar, BarChart, Table
from careerbot.pulse_export import write_csv, write_png

QUESTIONS = default_questions()[:2]
NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)
POLL = PulsePoll(4, "Q1 pulse", QUESTIONS, ("Alpha", "Beta"), NOW, NOW + timedelta(days=14),
                 status=PulseStatus.CLOSED)


def stats(*dist: int) -> tuple[QuestionStats, ...]:
    counts = {(QUESTIONS[0].id, score): n for score, n in enumerate(dist, start=1)}
    return question_stats(QUESTIONS[:1], counts)


def test_a_spread_spans_100_with_neutral_centred_on_zero() -> None:
    (s,) = stats(1, 1, 2, 4, 2)
    layout = spread(s)
    assert [g.percent for g in layout.segments] == [10, 10, 20, 40, 20]
    assert sum(g.width for g in layout.segments) == pytest.approx(100)
    neutral = layout.segments[2]
    assert neutral.left + neutral.width / 2 == pytest.approx(0)
    assert layout.segments[0].left == pytest.approx(-30)
    # Segments follow each other with no gap or overlap.
    for before, after in zip(layout.segments, layout.segments[1:], strict=False):
        assert before.left + before.width == pytest.approx(after.left)
    assert (layout.disagree, layout.neutral, layout.agree) == (20, 20, 60)


def test_a_statement_nobody_disagreed_with_has_zero_segments_not_missing_ones() -> None:
    (s,) = stats(0, 0, 0, 3, 2)
    layout = spread(s)
    assert [g.count for g in layout.segments] == [0, 0, 0, 3, 2]
    assert [g.width for g in layout.segments] == [0, 0, 0, 60, 40]
    assert layout.segments[3].left == 0  # agreement starts at the centre line


def bars(figure: Figure) -> list[Rectangle]:
    return [p for p in figure.axes[0].patches if isinstance(p, Rectangle)]


def spans(figure: Figure) -> list[list[tuple[float, float]]]:
    """(left, width) of the drawn segments, per row."""
    rows: dict[float, list[tuple[float, float]]] = {}
    for patch in bars(figure):
        rows.setdefault(round(patch.get_y() + patch.get_height() / 2, 6), []).append(
            (patch.get_x(), patch.get_width()))
    return [sorted(rows[y]) for y in sorted(rows)]


def test_the_distribution_figure_draws_the_spreads_it_is_given() -> None:
    first, = stats(1, 1, 2, 4, 2)
    second, = stats(0, 0, 0, 3, 2)
    figure = charts.distribution_figure("Pulse", "Everyone, 13 responded",
                                        [spread(first), spread(second)])
    axes = figure.axes[0]
    assert axes.get_xlim() == (-100, 100)
    assert [t.get_text() for t in axes.get_xticklabels()] == ["100%", "50%", "0", "50%", "100%"]
    one, two = spans(figure)
    assert sum(w for _, w in one) == pytest.approx(100) == sum(w for _, w in two)
    assert one[0] == pytest.approx((-30, 10))
    labels = [t.get_text() for t in axes.texts]
    first_row = sorted((t.get_position()[0], t.get_text()) for t in axes.texts
                       if t.get_position()[1] == 0 and "agree" not in t.get_text())
    assert [text for _, text in first_row] == ["10%", "10%", "20%", "40%", "20%"]
    assert "60% agree\nn=10" in labels and "100% agree\nn=5" in labels
    legend = axes.get_legend()
    assert legend is not None
    assert [t.get_text() for t in legend.get_texts()] == [
        "1 Strongly disagree", "2 Disagree", "3 Neutral", "4 Agree", "5 Strongly agree"]
    assert "13 responded" in axes.get_title()


def test_the_favourable_bar_chart_ends_at_100_and_labels_a_zero_bar() -> None:
    chart = BarChart("Favourable", (Bar("None", 0, "0% (mean 2.0)"),
                                    Bar("All", 100, "100% (mean 4.8)")))
    figure = charts.bar_figure(chart, xlabel="Favourable")
    axes = figure.axes[0]
    assert axes.get_xlim() == (0, 100)
    assert [p.get_width() for p in bars(figure)] == [0, 100]
    labels = {t.get_text(): t.get_position()[0] for t in axes.texts}
    assert set(labels) == {"0% (mean 2.0)", "100% (mean 4.8)"}
    assert 0 < labels["0% (mean 2.0)"] < 100  # drawn, inside the axis
    assert labels["100% (mean 4.8)"] <= 100  # a full bar's label inside it, not past 100
    assert axes.get_xticklabels()[-1].get_text() == "100%"


def results(alpha: int, beta: int, gamma: int = 0) -> Tally:
    counts = {}
    for team, n, score in (("Alpha", alpha, 5), ("Beta", beta, 2), (MERGED, gamma, 4)):
        for q in QUESTIONS:
            if n:
                counts[(team, q.id, score)] = n
    return Tally(counts)


def test_the_heatmap_has_only_groups_at_or_above_the_threshold(tmp_path: Path) -> None:
    final = aggregate(QUESTIONS, results(6, 5, 3), {"Alpha": 6, "Beta": 5, MERGED: 3}, 5)
    table = heatmap(final)
    # The merged group (3) is under 5, so Beta (the next smallest) is hidden with it.
    assert table.groups == ("Everyone", "Alpha")
    assert table.responses == (14, 6)
    assert [list(row) for row in table.cells] == [[pytest.approx(9 / 14 * 100), 100.0]] * 2
    figure = charts.heatmap_figure("Pulse", "by team", table)
    axes = figure.axes[0]
    (image,) = axes.images
    assert image.get_clim() == (0, 100)
    assert [t.get_text() for t in axes.texts] == ["64%", "100%", "64%", "100%"]
    write_csv(final, tmp_path / "t.csv", by_team=True)
    text = (tmp_path / "t.csv").read_text()
    assert "Beta" not in text and MERGED not in text and "Alpha favourable_pct" in text


def test_merged_small_teams_are_a_column_once_together_they_reach_the_threshold() -> None:
    final = aggregate(QUESTIONS, results(6, 6, 5), {"Alpha": 6, "Beta": 6, MERGED: 5}, 5)
    assert heatmap(final).groups == ("Everyone", "Alpha", "Beta", MERGED)


def test_too_few_answers_draw_a_notice_and_no_number(tmp_path: Path,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    final = aggregate(QUESTIONS, results(2, 1), {"Alpha": 6, "Beta": 6}, 5)
    assert heatmap(final).groups == ()
    drawn: list[Figure] = []

    def spy(figure: Figure) -> bytes:
        drawn.append(figure)
        return b"png"

    monkeypatch.setattr(charts, "to_png", spy)
    for teams in (False, True):
        write_png(POLL, final, tmp_path / "x.png", by_team=teams)
        write_csv(final, tmp_path / "x.csv", by_team=teams)
        lines = (tmp_path / "x.csv").read_text().splitlines()[1:]
        # Past the group's name and audience size, no number at all.
        cells = [cell for line in lines for cell in line.split(",")[3:]]
        assert not any(cell.isdigit() for cell in cells), (teams, lines)
    assert len(drawn) == 2
    for figure in drawn:  # a notice, no bar, cell or statement
        (axes,) = figure.axes
        assert not axes.patches and not axes.images
        assert [t.get_text() for t in axes.texts] == ["Not enough responses yet (threshold 5)"]


def test_by_team_while_open_is_participation_only(tmp_path: Path,
                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    poll = replace(POLL, status=PulseStatus.OPEN)
    open_results = participation([Turnout("Alpha", 8, 6), Turnout("Beta", 6, 5)], 5)
    reply = team_reply(poll, open_results)
    assert not [b for b in reply.blocks if isinstance(b, Table)]
    assert "favourable" not in reply.text.casefold() and "So far 11 of 14" in reply.text
    write_csv(open_results, tmp_path / "o.csv", by_team=True)
    with (tmp_path / "o.csv").open(newline="") as f:
        rows = list(csv.DictReader(f))
    assert {r["results"] for r in rows} == {"participation"}
    assert not any(r["favourable_pct"] or r["pct1"] or r["question_id"] for r in rows)
    drawn: list[BarChart] = []

    def spy(chart: BarChart, **labels: str) -> bytes:
        drawn.append(chart)
        return b"png"

    monkeypatch.setattr(charts, "render_png", spy)
    write_png(poll, open_results, tmp_path / "o.png", by_team=True)
    assert [c.bars for c in drawn] == [()]


@pytest.mark.parametrize(("typed", "left", "team"), [
    ("1 --by team", ["1"], True), ("--by=team", [], True), ("3 \u2014by teams", ["3"], True),
    ("by team", [], True), ("4", ["4"], False)])
def test_the_by_team_option_as_typed(typed: str, left: list[str], team: bool) -> None:
    assert by_team(typed.split()) == (left, team)


@pytest.mark.parametrize("typed", ["1 --by", "1 --by manager", "--by level 2"])
def test_a_breakdown_other_than_team_is_refused(typed: str) -> None:
    with pytest.raises(PulseError, match="by team only"):
        by_team(typed.split())
