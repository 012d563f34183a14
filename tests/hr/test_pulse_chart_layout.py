"""Issue 14's charts as HR sees them, read from the drawn Figures (tests/hr/chart_samples: one
statement, long statements, 0% and 100% segments, 3 and 10 teams with long names and the merged
small teams, eNPS all 10s / all 0s / score 0, 2 and 6 choices, trends of 2, 6 and 24 pulses with
a gap and eNPS): no text runs into another or off the picture, a legend sits under whatever the
x axis holds and on no bar, every value written on a colour reads at WCAG's 4.5:1, a team's
name stays within its column, and a trend's values sit off their own line."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

import pytest
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Rectangle
from matplotlib.text import Annotation, Text
from matplotlib.transforms import Bbox

from adapters.chart_parts import contrast, ink
from adapters.charts import (
    AGREEMENT_COLOURS,
    BAR_COLOUR,
    ENPS_COLOURS,
    HEATMAP_COLOURS,
    picture_figure,
)
from bot.pulses.trend import Trend
from tests.hr import chart_samples
from tests.hr.chart_samples import ENPS, every_sample

SAMPLES = every_sample()
READABLE = 4.5  # WCAG AA for small text


def drawn(name: str) -> Figure:
    """The sample's Figure laid out as the PNG is (tight_layout), drawn so every extent is
    final."""
    figure = picture_figure(SAMPLES[name])
    figure.tight_layout()
    figure.canvas.draw()
    return figure


def extent(artist: Text | Axes, figure: Figure) -> Bbox:
    return artist.get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]


def texts(figure: Figure) -> Iterator[Text]:
    for text in figure.findobj(Text):
        if isinstance(text, Text) and text.get_visible() and text.get_text().strip():
            yield text


def overlapping(one: Bbox, other: Bbox) -> bool:
    both = Bbox.intersection(one, other)
    return both is not None and both.width > 1 and both.height > 1  # pixels


@pytest.mark.parametrize("name", SAMPLES)
def test_no_text_runs_into_another_or_off_the_picture(name: str) -> None:
    figure = drawn(name)
    boxes = [(t.get_text(), extent(t, figure)) for t in texts(figure)]
    assert len(boxes) > 8
    clashes = [(a, b) for i, (a, one) in enumerate(boxes) for b, other in boxes[i + 1:]
               if overlapping(one, other)]
    assert clashes == []
    whole = figure.bbox
    outside = [t for t, box in boxes if box.x0 < -1 or box.y0 < -1 or box.x1 > whole.x1 + 1
               or box.y1 > whole.y1 + 1]
    assert outside == []


@pytest.mark.parametrize("name", ["distribution-1", "distribution-7", "enps-detractors",
                                  "trend-2", "trend-24"])
def test_the_legend_is_under_the_x_axis_and_on_no_bar(name: str) -> None:
    figure = drawn(name)
    [axes] = [a for a in figure.axes if a.get_legend() is not None]
    legend = axes.get_legend()
    assert legend is not None
    box = legend.get_window_extent(figure.canvas.get_renderer())  # type: ignore[attr-defined]
    under = axes.xaxis.get_tightbbox(figure.canvas.get_renderer())  # type: ignore[attr-defined]
    assert under is not None and box.y1 <= under.y0  # below the tick labels and axis label
    bars = [p.get_window_extent() for a in figure.axes for p in a.patches
            if isinstance(p, Rectangle) and p.get_height() and p.get_width()]
    assert not any(overlapping(box, bar) for bar in bars)


def _behind(text: Text, axes: Axes, figure: Figure) -> tuple[float, ...] | None:
    """The colour of the bar under the centre of `text`, if any."""
    box = extent(text, figure)
    centre = ((box.x0 + box.x1) / 2, (box.y0 + box.y1) / 2)
    for patch in axes.patches:
        if isinstance(patch, Rectangle) and patch.get_window_extent().contains(*centre):
            return to_rgba(patch.get_facecolor())
    return None


@pytest.mark.parametrize("name", ["distribution-1", "distribution-3", "distribution-7",
                                  "enps-promoters", "enps-detractors", "choice-2"])
def test_values_written_on_bars_are_readable(name: str) -> None:
    figure = drawn(name)
    axes = figure.axes[0]
    on_bars = [(t.get_text(), t.get_color(), colour) for t in axes.texts
               if (colour := _behind(t, axes, figure)) is not None]
    assert on_bars
    assert [(t, c, b) for t, c, b in on_bars if contrast(c, b) < READABLE] == []


@pytest.mark.parametrize("name", ["heatmap-3", "heatmap-10"])
def test_heatmap_values_are_readable_on_their_cells(name: str) -> None:
    from matplotlib import colormaps

    figure = drawn(name)
    axes = figure.axes[0]
    [image] = axes.images
    cells = image.get_array()
    assert cells is not None
    for text in axes.texts:
        column, row = (round(v) for v in text.get_position())
        behind = colormaps[HEATMAP_COLOURS](float(cells[row][column]) / 100)
        assert contrast(text.get_color(), behind) >= READABLE, text.get_text()
    # as the palette goes from dark to light, the values turn from white to black
    assert {text.get_color() for text in axes.texts} <= {"white", "black"}


def test_ink_picks_the_readable_colour_on_every_shade() -> None:
    from matplotlib import colormaps

    shades: list[object] = [colormaps[HEATMAP_COLOURS](v / 100) for v in range(101)]
    shades += [*AGREEMENT_COLOURS, *ENPS_COLOURS, BAR_COLOUR]
    assert min(contrast(ink(s), s) for s in shades) >= READABLE
    assert contrast("white", "#e66101") < READABLE  # what the orange bars' labels used to be


@pytest.mark.parametrize("name", ["heatmap-3", "heatmap-10"])
def test_each_team_name_stays_within_its_column(name: str) -> None:
    figure = drawn(name)
    axes = figure.axes[0]
    column = extent(axes, figure).width / len(axes.get_xticks())
    labels = [t for t in axes.get_xticklabels() if t.get_text()]
    assert any("Platform" in t.get_text() for t in labels)
    assert max(extent(t, figure).width for t in labels) < column
    if name == "heatmap-10":
        assert labels[-1].get_text() == "(smaller teams\ntogether)\n(n=6)"


def test_a_full_enps_bar_carries_its_label_inside_the_axis() -> None:
    figure = drawn("enps-promoters")
    axes = figure.axes[0]
    [label] = [t for t in axes.texts if t.get_text() == "10\n100%"]
    assert extent(label, figure).y1 <= extent(axes, figure).y1
    assert axes.get_ylim() == (0, 100)


def test_trend_values_sit_off_their_own_line() -> None:
    """A V: the lowest eNPS is written under its point, the others over theirs."""
    picture = chart_samples.trend(4, gap=False)
    trend = picture.data
    assert isinstance(trend, Trend)
    points = tuple(replace(p, enps={ENPS.id: score})
                   for p, score in zip(trend.points, (10, 40, -60, 20), strict=True))
    figure = picture_figure(replace(picture, data=replace(trend, points=points)))
    bottom = figure.axes[1]
    offsets = {a.get_text(): a.xyann[1] for a in bottom.texts if isinstance(a, Annotation)}
    assert offsets == {"+10": -7, "+40": 7, "-60": -7, "+20": 7}
    assert to_rgba(bottom.texts[0].get_color()) != to_rgba("white")


def test_the_enps_zero_line_shows_over_the_grid() -> None:
    figure = drawn("trend-6")
    bottom = figure.axes[1]
    [zero] = [line for line in bottom.lines if line.get_gid() == "zero"]
    # the grid is drawn with its axis, at the axis' zorder
    assert bottom.get_ygridlines() and zero.get_zorder() > bottom.yaxis.get_zorder()
    assert zero.get_zorder() < min(line.get_zorder() for line in bottom.lines
                                   if line.get_gid() == ENPS.id)


def test_an_enps_panel_with_no_figure_says_why() -> None:
    """trend-2: eNPS was asked only in #2, where Alpha was under the threshold."""
    bottom = drawn("trend-2").axes[1]
    assert [t.get_text() for t in bottom.texts] == [
        "No eNPS figure: Alpha was under the threshold in every pulse that asked it"]
    assert [t.get_text() for t in drawn("trend-6").axes[1].texts if "No eNPS" in t.get_text()
            ] == []
