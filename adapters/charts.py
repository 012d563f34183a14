"""Every picture careerbot draws, from neutral data (matplotlib's Agg canvas, no pyplot global
state): a BarChart, a pulse's 1-5 distributions as diverging stacked bars, its statements x teams
heatmap, eNPS and choice bars, and `picture_figure` for any chat Picture (the trend is drawn by
adapters/charts_trend, the shared parts are in adapters/chart_parts). Each
`*_figure` returns the Figure before it is saved, so tests can read what was drawn; `to_png`
saves it. Colours are colour-blind safe (ColorBrewer PuOr, viridis) and every axis of percents
ends at 100%."""

from __future__ import annotations

from collections.abc import Sequence

from matplotlib import colormaps
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from adapters.chart_parts import (
    DPI,
    ink,
    legend_below,
    notice,
    stacked_png,
    subtitle_above,
    titled_figure,
    to_png,
    wrap,
)
from adapters.charts_trend import trend_figure
from bot.pulses.rules_insight import Heatmap, Spread
from bot.pulses.rules_types import ENPS_SCORES, PASSIVE, PROMOTER, ChoiceStats, EnpsStats
from bot.pulses.trend import Trend
from bot.reply import AGREEMENT_LABELS, Bar, BarChart, Picture

# Where every caller has always found them (drawn or saved in the modules beside this one).
__all__ = ["DPI", "stacked_png", "to_png", "trend_figure"]

BAR_COLOUR = "#3b7dd8"
# ColorBrewer PuOr (5 classes, colour-blind safe), the neutral a mid grey so it shows on white.
AGREEMENT_COLOURS = ("#e66101", "#fdb863", "#bdbdbd", "#b2abd2", "#5e3c99")
INSIDE = 0.75  # a favourable bar longer than this share of the axis carries its label inside
MIN_LABELLED = 6.0  # a segment narrower than this (in %) is too thin for its label
HEATMAP_COLOURS = "viridis"  # perceptually uniform, readable without colour vision
COLUMN_INCHES = 1.3  # a heatmap column
COLUMN_CHARS = 14  # a group's name per line in a column (9 points: about 5.4 points a letter)
COLUMN_LINES = 3
TALL = 85.0  # an eNPS bar taller than this (in %) carries its label inside, under the axis' end
# eNPS detractors / passives / promoters: PuOr's ends and its grey, as for 1-5 agreement.
ENPS_COLOURS = ("#e66101", "#bdbdbd", "#5e3c99")
ENPS_PARTS = ("Detractors (0-6)", "Passives (7-8)", "Promoters (9-10)")


def bar_figure(chart: BarChart, *, subtitle: str = "", xlabel: str = "",
               empty: str = "No data") -> Figure:
    """Horizontal bars, top to bottom in the chart's order, each labelled with its display (a
    0% bar too, so it is still seen); the axis ends at the chart's maximum (100%)."""
    bars = chart.bars
    figure = titled_figure(chart.title, 1.6 + 0.6 * max(len(bars), 1))
    if not bars:
        return notice(figure, subtitle, empty)
    axes = figure.add_subplot()
    subtitle_above(figure, axes, subtitle)
    maximum = chart.maximum if chart.maximum > 0 else max(b.value for b in bars) or 1.0
    values = [max(0.0, min(b.value, maximum)) for b in bars]
    axes.barh(range(len(bars)), values, color=BAR_COLOUR)
    for row, (bar, value) in enumerate(zip(bars, values, strict=True)):
        inside = value > maximum * INSIDE  # no room past a long bar inside the axis
        axes.text(value - maximum * 0.01 if inside else value + maximum * 0.01, row,
                  bar.display, va="center", ha="right" if inside else "left", fontsize=9,
                  color=ink(BAR_COLOUR) if inside else "black")
    axes.set_yticks(range(len(bars)), [wrap(b.label) for b in bars])
    axes.set_xlim(0, maximum)
    ticks = [maximum * i / 5 for i in range(6)]
    axes.set_xticks(ticks, [f"{t:.0f}%" if chart.maximum == 100 else f"{t:g}" for t in ticks])
    if xlabel:
        axes.set_xlabel(xlabel)
    axes.invert_yaxis()
    axes.spines[["top", "right"]].set_visible(False)
    axes.tick_params(axis="y", labelsize=9)
    return figure


def render_png(chart: BarChart, *, subtitle: str = "", xlabel: str = "",
               empty: str = "No data") -> bytes:
    return to_png(bar_figure(chart, subtitle=subtitle, xlabel=xlabel, empty=empty))


def distribution_figure(title: str, subtitle: str, spreads: Sequence[Spread]) -> Figure:
    """One diverging stacked bar per statement: 1-2 left of 0, 3 centred on it, 4-5 right;
    each segment labelled with its % (thin ones are left to the legend), and the favourable
    share and response count to the right of the axis, which runs from 100% to 100%."""
    figure = titled_figure(title, 2.4 + 0.7 * max(len(spreads), 1), width=11)
    if not spreads:
        return notice(figure, subtitle, "No statement to show")
    axes = figure.add_subplot()
    subtitle_above(figure, axes, subtitle)
    rows = range(len(spreads))
    for index, (label, colour) in enumerate(zip(AGREEMENT_LABELS, AGREEMENT_COLOURS,
                                                strict=True)):
        segments = [s.segments[index] for s in spreads]
        axes.barh(rows, [g.width for g in segments], left=[g.left for g in segments],
                  color=colour, edgecolor="white", linewidth=0.5, label=label, height=0.7)
        for row, segment in zip(rows, segments, strict=True):
            if segment.width >= MIN_LABELLED:
                axes.text(segment.left + segment.width / 2, row, f"{segment.shown}%",
                          ha="center", va="center", fontsize=8, color=ink(colour))
    for row, s in zip(rows, spreads, strict=True):
        axes.text(1.01, row, f"{s.agree:.0f}% agree\nn={s.responses}", fontsize=8,
                  va="center", transform=axes.get_yaxis_transform(), clip_on=False)
    axes.axvline(0, color="#333333", linewidth=0.8, zorder=0)  # behind the labels
    axes.set_xlim(-100, 100)
    axes.set_xticks([-100, -50, 0, 50, 100], ["100%", "50%", "0", "50%", "100%"])
    axes.set_xlabel("<- disagree  |  % of responses  |  agree ->")
    axes.set_yticks(list(rows), [wrap(s.question.text.rstrip(".")) for s in spreads])
    axes.invert_yaxis()
    axes.tick_params(axis="y", labelsize=9)
    axes.spines[["top", "right"]].set_visible(False)
    keys = [(f"{n} {t}", c) for n, (t, c) in enumerate(zip(AGREEMENT_LABELS, AGREEMENT_COLOURS,
                                                             strict=True), start=1)]
    legend_below(axes, [Patch(color=c) for _, c in keys], [t for t, _ in keys], ncol=5,
                 fontsize=8)
    return figure


def heatmap_figure(title: str, subtitle: str, heatmap: Heatmap) -> Figure:
    """Favourable % per statement (rows) and group (columns), the value written in each cell,
    on a colour scale from 0 to 100%."""
    # each name wrapped to its column, so long team names never run into each other
    groups = [f"{wrap(name, COLUMN_CHARS, COLUMN_LINES)}\n(n={n})" for name, n
              in zip(heatmap.groups, heatmap.responses, strict=True)]
    figure = titled_figure(title, 2.4 + 0.6 * max(len(heatmap.questions), 1),
                           width=max(8.0, 4.5 + COLUMN_INCHES * len(groups)))
    if not heatmap.cells:
        return notice(figure, subtitle, "No group has enough responses to show")
    axes = figure.add_subplot()
    subtitle_above(figure, axes, subtitle)
    image = axes.imshow(heatmap.cells, cmap=HEATMAP_COLOURS, vmin=0, vmax=100, aspect="auto")
    for row, values in enumerate(heatmap.cells):
        for column, value in enumerate(values):
            axes.text(column, row, f"{value:.0f}%", ha="center", va="center", fontsize=9,
                      color=ink(colormaps[HEATMAP_COLOURS](value / 100)))
    axes.set_xticks(range(len(groups)), groups, fontsize=9)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(heatmap.questions)),
                    [wrap(q.text.rstrip("."), 36, 2) for q in heatmap.questions], fontsize=9)
    bar = figure.colorbar(image, ax=axes, fraction=0.04)
    bar.set_label("Favourable (4-5), %")
    bar.set_ticks([0, 25, 50, 75, 100])
    return figure


def enps_figure(title: str, subtitle: str, stats: EnpsStats) -> Figure:
    """eNPS: the 0-10 answers as eleven bars (% of responses, the axis ending at 100%), each
    labelled with its count and %, coloured as detractor (0-6), passive (7-8) or promoter
    (9-10); the title carries the score, the legend under the axis each share (where it
    covers no bar, however tall)."""
    figure = titled_figure(title, 4.6)
    axes = figure.add_subplot()
    subtitle_above(figure, axes, subtitle)
    n = stats.responses
    heights = [100.0 * c / n if n else 0.0 for c in stats.distribution]
    parts = [0 if score < PASSIVE else 1 if score < PROMOTER else 2 for score in ENPS_SCORES]
    axes.bar(ENPS_SCORES, heights, color=[ENPS_COLOURS[p] for p in parts], width=0.8)
    for score, count, height, part in zip(ENPS_SCORES, stats.distribution, heights, parts,
                                          strict=True):
        tall = height > TALL  # above it the label would leave the axis, into the subtitle
        axes.text(score, height - 1.5 if tall else height + 1.5, f"{count}\n{height:.0f}%",
                  ha="center", va="top" if tall else "bottom", fontsize=8,
                  color=ink(ENPS_COLOURS[part]) if tall else "black")  # a 0 bar's too
    axes.set_xticks(ENPS_SCORES, [str(s) for s in ENPS_SCORES])
    axes.set_xlabel(f"0 = not at all likely ... 10 = extremely likely (n={n})")
    axes.set_ylim(0, 100)
    axes.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    axes.set_ylabel("% of responses")
    axes.spines[["top", "right"]].set_visible(False)
    shares = (stats.detractors, stats.passives, stats.promoters)
    legend_below(axes, [Patch(color=c) for c in ENPS_COLOURS],
                 [f"{label} {share:.0f}%" for label, share in zip(ENPS_PARTS, shares,
                                                                  strict=True)],
                 ncol=3, fontsize=8)
    return figure


def choice_figure(title: str, subtitle: str, stats: ChoiceStats) -> Figure:
    """A single-choice question: one horizontal bar per choice in the question's order, % of
    responses with the count, on an axis ending at 100%."""
    bars = tuple(Bar(label, round(percent, 1), f"{percent:.0f}% ({count})") for label, count,
                 percent in zip(stats.question.choices, stats.counts, stats.percents,
                                strict=True))
    return bar_figure(BarChart(title, bars), subtitle=subtitle,
                      xlabel=f"% of {stats.responses} responses", empty="No choices")


def picture_figure(picture: Picture) -> Figure:
    """The figure of a chat reply's Picture, chosen by the kind of numbers it carries."""
    data = picture.data
    if isinstance(data, EnpsStats):
        return enps_figure(picture.title, picture.subtitle, data)
    if isinstance(data, ChoiceStats):
        return choice_figure(picture.title, picture.subtitle, data)
    if isinstance(data, Heatmap):
        return heatmap_figure(picture.title, picture.subtitle, data)
    if isinstance(data, Trend):
        return trend_figure(picture.title, picture.subtitle, data)
    if isinstance(data, tuple) and all(isinstance(s, Spread) for s in data):
        return distribution_figure(picture.title, picture.subtitle, data)
    raise TypeError(f"no drawing for {type(data).__name__}")
