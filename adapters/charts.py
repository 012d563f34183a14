"""Every picture careerbot draws, from neutral data (matplotlib's Agg canvas, no pyplot global
state): a BarChart (Slack uploads it next to the text; the trend), a pulse's 1-5 distributions as
diverging stacked bars and its statements x teams heatmap (the CLI writes them to files). Each
`*_figure` returns the Figure before it is saved, so tests can read what was drawn; `to_png`
saves it. Colours are colour-blind safe (ColorBrewer PuOr, viridis) and every axis of percents
ends at 100%."""

from __future__ import annotations

import io
import textwrap
from collections.abc import Callable, Sequence
from math import nan

import numpy as np
from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.image import imread, imsave
from matplotlib.patches import Patch

from bot.pulses.rules import Question
from bot.pulses.rules_insight import Heatmap, Spread
from bot.pulses.rules_types import ENPS_SCORES, PASSIVE, PROMOTER, ChoiceStats, EnpsStats
from bot.pulses.trend import UNDER, Trend, TrendPoint
from bot.pulses.trend_messages import enps_text, pulse_label
from bot.reply import AGREEMENT_LABELS, Bar, BarChart, Picture

LABEL_WIDTH = 40
LABEL_LINES = 3
TITLE_WIDTH = 70
SUBTITLE_CHARS = 9  # per inch of figure at 9 points, with room for a centred title
BAR_COLOUR = "#3b7dd8"
DPI = 100
# ColorBrewer PuOr (5 classes, colour-blind safe), the neutral a mid grey so it shows on white.
AGREEMENT_COLOURS = ("#e66101", "#fdb863", "#bdbdbd", "#b2abd2", "#5e3c99")
DARK = {0, 4}  # segments whose label is drawn in white
INSIDE = 0.75  # a favourable bar longer than this share of the axis carries its label inside
MIN_LABELLED = 6.0  # a segment narrower than this (in %) is too thin for its label
HEATMAP_COLOURS = "viridis"  # perceptually uniform, readable without colour vision
# eNPS detractors / passives / promoters: PuOr's ends and its grey, as for 1-5 agreement.
ENPS_COLOURS = ("#e66101", "#bdbdbd", "#5e3c99")
ENPS_PARTS = ("Detractors (0-6)", "Passives (7-8)", "Promoters (9-10)")
# Trend lines: Okabe-Ito (colour-blind safe; its yellow, unreadable on white, swapped for
# wine), with a marker per line and dashes after the 7th so lines differ without colour too.
LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#882255")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "-.", ":")
FLAT_TICKS = 8  # pulses whose date labels fit side by side under a trend


def wrap(text: str, width: int = LABEL_WIDTH, lines: int = LABEL_LINES) -> str:
    """A long statement over a few lines, cut with "..." past the last one."""
    wrapped = textwrap.wrap(text, width, max_lines=lines, placeholder=" ...")
    return "\n".join(wrapped) or " "


def _figure(title: str, height: float, width: float = 10) -> Figure:
    figure = Figure(figsize=(width, height), dpi=DPI)
    FigureCanvasAgg(figure)  # attaches itself: savefig renders without pyplot
    figure.suptitle(wrap(title, TITLE_WIDTH, 2), fontweight="bold")
    return figure


def _subtitle(figure: Figure, axes: Axes, text: str) -> None:
    """Grey lines above the axes, wrapped to what the figure's width holds."""
    if text:
        width = int(figure.get_figwidth() * SUBTITLE_CHARS)
        axes.set_title(wrap(text, width, 3), fontsize=9, color="#555555")


def _notice(figure: Figure, subtitle: str, text: str) -> Figure:
    axes = figure.add_subplot()
    _subtitle(figure, axes, subtitle)
    axes.text(0.5, 0.5, text, ha="center", va="center")
    axes.set_axis_off()
    return figure


def to_png(figure: Figure, dpi: int = DPI) -> bytes:
    """`dpi`: lower for a smaller file (Teams' cards); sizes are in points, so only the pixels
    change, never the layout."""
    figure.tight_layout()
    out = io.BytesIO()
    figure.savefig(out, format="png", dpi=dpi)
    return out.getvalue()


def stacked_png(figures: Sequence[Figure]) -> bytes:
    """Several figures as one PNG, one under the other (narrower ones padded with white)."""
    if len(figures) == 1:
        return to_png(figures[0])
    # read back as RGBA floats 0-1: the padding is 1.0, opaque white
    images = [imread(io.BytesIO(to_png(figure)), format="png") for figure in figures]
    width = max(image.shape[1] for image in images)
    stacked = np.vstack([np.pad(image, ((0, 0), (0, width - image.shape[1]), (0, 0)),
                                constant_values=1.0) for image in images])
    out = io.BytesIO()
    imsave(out, stacked, format="png")
    return out.getvalue()


def bar_figure(chart: BarChart, *, subtitle: str = "", xlabel: str = "",
               empty: str = "No data") -> Figure:
    """Horizontal bars, top to bottom in the chart's order, each labelled with its display (a
    0% bar too, so it is still seen); the axis ends at the chart's maximum (100%)."""
    bars = chart.bars
    figure = _figure(chart.title, 1.6 + 0.6 * max(len(bars), 1))
    if not bars:
        return _notice(figure, subtitle, empty)
    axes = figure.add_subplot()
    _subtitle(figure, axes, subtitle)
    maximum = chart.maximum if chart.maximum > 0 else max(b.value for b in bars) or 1.0
    values = [max(0.0, min(b.value, maximum)) for b in bars]
    axes.barh(range(len(bars)), values, color=BAR_COLOUR)
    for row, (bar, value) in enumerate(zip(bars, values, strict=True)):
        inside = value > maximum * INSIDE  # no room past a long bar inside the axis
        axes.text(value - maximum * 0.01 if inside else value + maximum * 0.01, row,
                  bar.display, va="center", ha="right" if inside else "left", fontsize=9,
                  color="white" if inside else "black")
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
    figure = _figure(title, 2.4 + 0.7 * max(len(spreads), 1), width=11)
    if not spreads:
        return _notice(figure, subtitle, "No statement to show")
    axes = figure.add_subplot()
    _subtitle(figure, axes, subtitle)
    rows = range(len(spreads))
    for index, (label, colour) in enumerate(zip(AGREEMENT_LABELS, AGREEMENT_COLOURS,
                                                strict=True)):
        segments = [s.segments[index] for s in spreads]
        axes.barh(rows, [g.width for g in segments], left=[g.left for g in segments],
                  color=colour, edgecolor="white", linewidth=0.5, label=label, height=0.7)
        for row, segment in zip(rows, segments, strict=True):
            if segment.width >= MIN_LABELLED:
                axes.text(segment.left + segment.width / 2, row, f"{segment.shown}%",
                          ha="center", va="center", fontsize=8,
                          color="white" if index in DARK else "black")
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
    # Under the axis label, inside the axes' bounds as tight_layout measures them.
    axes.legend(handles=[Patch(color=c, label=f"{n} {t}") for n, (t, c) in enumerate(
        zip(AGREEMENT_LABELS, AGREEMENT_COLOURS, strict=True), start=1)],
        loc="upper center", bbox_to_anchor=(0.5, -0.12), ncol=5, fontsize=8, frameon=False)
    return figure


def heatmap_figure(title: str, subtitle: str, heatmap: Heatmap) -> Figure:
    """Favourable % per statement (rows) and group (columns), the value written in each cell,
    on a colour scale from 0 to 100%."""
    groups = [f"{name}\n(n={n})" for name, n in zip(heatmap.groups, heatmap.responses,
                                                    strict=True)]
    figure = _figure(title, 2.4 + 0.6 * max(len(heatmap.questions), 1),
                     width=max(8.0, 4.5 + 1.3 * len(groups)))
    if not heatmap.cells:
        return _notice(figure, subtitle, "No group has enough responses to show")
    axes = figure.add_subplot()
    _subtitle(figure, axes, subtitle)
    image = axes.imshow(heatmap.cells, cmap=HEATMAP_COLOURS, vmin=0, vmax=100, aspect="auto")
    for row, values in enumerate(heatmap.cells):
        for column, value in enumerate(values):
            axes.text(column, row, f"{value:.0f}%", ha="center", va="center", fontsize=9,
                      color="black" if value >= 60 else "white")
    axes.set_xticks(range(len(groups)), groups, fontsize=9)
    axes.xaxis.tick_top()
    axes.set_yticks(range(len(heatmap.questions)),
                    [wrap(q.text.rstrip("."), 36, 2) for q in heatmap.questions], fontsize=9)
    bar = figure.colorbar(image, ax=axes, fraction=0.04)
    bar.set_label("Favourable (4-5), %")
    bar.set_ticks([0, 25, 50, 75, 100])
    return figure


def _spread_out(ends: list[tuple[float, str, str]], gap: float) -> list[float]:
    """Label heights near `ends`' values, in the same order, at least `gap` apart (so the
    labels at the right end of lines ending close together do not overlap)."""
    placed = [0.0] * len(ends)
    floor = -1e9
    for i in sorted(range(len(ends)), key=lambda i: ends[i][0]):
        placed[i] = max(ends[i][0], floor + gap)
        floor = placed[i]
    return placed


def _trend_lines(axes: Axes, trend: Trend, questions: Sequence[Question],
                 value: Callable[[TrendPoint, str], float | None],
                 shown: Callable[[float], str], *, every: bool = False) -> None:
    """One line per question (a gap where a pulse has no figure), its last value and id
    written past the right end of the axis; with `every`, each point's value above it."""
    dates = _days(trend)
    ends = []
    for index, q in enumerate(questions):
        values = [nan if (v := value(p, q.id)) is None else v for p in trend.points]
        colour = LINE_COLOURS[index % len(LINE_COLOURS)]
        axes.plot(dates, values, color=colour, marker=MARKERS[index % len(MARKERS)],
                  linestyle=DASHES[index // len(LINE_COLOURS) % len(DASHES)], linewidth=1.6,
                  label=wrap(q.text.rstrip("."), 60, 2), clip_on=False, gid=q.id)
        known = [(at, v) for at, v in zip(dates, values, strict=True) if v == v]  # NaN != NaN
        if known:
            ends.append((known[-1][1], f"{shown(known[-1][1])} {q.id}", colour))
        for at, v in _thinned(known) if every else ():
            axes.annotate(shown(v), (at, v), textcoords="offset points", xytext=(0, 7),
                          ha="center", fontsize=8, color=colour, fontweight="bold")
    low, high = axes.get_ylim()
    for (_, text, colour), y in zip(ends, _spread_out(ends, (high - low) / 18), strict=True):
        axes.text(1.01, y, text, color=colour, fontsize=8, va="center", clip_on=False,
                  transform=axes.get_yaxis_transform())


def _thinned(points: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """The points to write a value over: all of up to FLAT_TICKS, else every few and the last
    (side by side, more labels run into each other; the table beside has every number)."""
    step = -(-len(points) // FLAT_TICKS)  # ceiling
    return [p for i, p in enumerate(points) if i % step == 0 or i == len(points) - 1]


def _days(trend: Trend) -> list[float]:
    """Each pulse's opening as matplotlib's day number (the x of every trend line)."""
    return [float(date2num(p.poll.opens_at)) for p in trend.points]  # type: ignore[no-untyped-call]


def _favourable(point: TrendPoint, qid: str) -> float | None:
    return point.favourable.get(qid)


def _enps(point: TrendPoint, qid: str) -> float | None:
    score = point.enps.get(qid)
    return None if score is None else float(score)


def _percent(value: float) -> str:
    return f"{value:.0f}%"


def _enps_shown(value: float) -> str:
    return enps_text(round(value))


def trend_figure(title: str, subtitle: str, trend: Trend) -> Figure:
    """Favourable % per statement and participation across pulses (0-100%), and each eNPS
    question in a panel of its own (-100..100); x is each pulse's opening date. A pulse where
    the group was under the threshold has no point, only the words saying so."""
    figure = _figure(title, 5.4 + 0.3 * (len(trend.questions) + len(trend.enps))
                     + (2.4 if trend.enps else 0), width=11)
    if not trend.points:
        return _notice(figure, subtitle, "No closed pulse yet")
    if not any(p.shown for p in trend.points):
        return _notice(figure, subtitle, f"{trend.group} was {UNDER} in every pulse: "
                       "no figure to draw")
    grid = figure.subplots(2 if trend.enps else 1, 1, sharex=True, squeeze=False,
                           height_ratios=[3, 1.4] if trend.enps else [1])
    panels = [row[0] for row in grid]
    top = panels[0]
    _subtitle(figure, top, subtitle)
    top.set_ylim(0, 100)
    top.set_yticks(range(0, 101, 20), [f"{t}%" for t in range(0, 101, 20)])
    top.set_ylabel("Favourable (4-5) or participation, %")
    _trend_lines(top, trend, trend.questions, _favourable, _percent)
    dates = _days(trend)
    shares = [nan if p.participation is None else p.participation for p in trend.points]
    top.plot(dates, shares, color="black", linestyle="--", linewidth=2.2, marker="o",
             markerfacecolor="white", label="Participation (answered of invited)",
             clip_on=False, gid="participation")
    for at, share in _thinned([(at, v) for at, v in zip(dates, shares, strict=True) if v == v]):
        top.annotate(_percent(share), (at, share), textcoords="offset points", xytext=(0, -13),
                     ha="center", fontsize=8, fontweight="bold")
    if trend.enps:
        bottom = panels[1]
        bottom.set_ylim(-100, 100)
        bottom.set_yticks([-100, -50, 0, 50, 100])
        bottom.axhline(0, color="#333333", linewidth=0.8, zorder=0)
        bottom.set_ylabel("eNPS")
        _trend_lines(bottom, trend, trend.enps, _enps, _enps_shown, every=True)
    for point, at in zip(trend.points, dates, strict=True):
        if not point.shown:
            for axes in panels:
                axes.axvline(at, color="#999999", linestyle=":", zorder=0)
            top.text(at, 50, UNDER.replace("the ", "the\n"), rotation=90, ha="center",
                     va="center", fontsize=8, color="#555555", backgroundcolor="white")
    pad = max(7.0, (dates[-1] - dates[0]) * 0.05)  # days
    panels[-1].set_xlim(dates[0] - pad, dates[-1] + pad)
    labels = [pulse_label(p.poll) for p in trend.points]
    if len(labels) <= FLAT_TICKS:
        panels[-1].set_xticks(dates, [t.replace(" ", "\n", 1) for t in labels], fontsize=8)
    else:  # many pulses: upright labels would run into each other
        panels[-1].set_xticks(dates, labels, fontsize=8, rotation=90)
    handles, labels = top.get_legend_handles_labels()
    for axes in panels[1:]:
        more, named = axes.get_legend_handles_labels()
        handles, labels = handles + more, labels + [f"eNPS: {t}" for t in named]
    for axes in panels:
        axes.spines[["top", "right"]].set_visible(False)
        axes.grid(axis="y", color="#eeeeee")
    panels[-1].legend(handles, labels, loc="upper center", bbox_to_anchor=(0.5, -0.22),
                      ncol=2, fontsize=8, frameon=False)
    return figure


def enps_figure(title: str, subtitle: str, stats: EnpsStats) -> Figure:
    """eNPS: the 0-10 answers as eleven bars (% of responses, the axis ending at 100%), each
    labelled with its count and %, coloured as detractor (0-6), passive (7-8) or promoter
    (9-10); the title carries the score, the legend each share."""
    figure = _figure(title, 4.6)
    axes = figure.add_subplot()
    _subtitle(figure, axes, subtitle)
    n = stats.responses
    heights = [100.0 * c / n if n else 0.0 for c in stats.distribution]
    parts = [0 if score < PASSIVE else 1 if score < PROMOTER else 2 for score in ENPS_SCORES]
    axes.bar(ENPS_SCORES, heights, color=[ENPS_COLOURS[p] for p in parts], width=0.8)
    for score, count, height in zip(ENPS_SCORES, stats.distribution, heights, strict=True):
        axes.text(score, height + 1.5, f"{count}\n{height:.0f}%", ha="center", va="bottom",
                  fontsize=8)  # a 0 bar is labelled too, so it is seen
    axes.set_xticks(ENPS_SCORES, [str(s) for s in ENPS_SCORES])
    axes.set_xlabel(f"0 = not at all likely ... 10 = extremely likely (n={n})")
    axes.set_ylim(0, 100)
    axes.set_yticks([0, 25, 50, 75, 100], ["0%", "25%", "50%", "75%", "100%"])
    axes.set_ylabel("% of responses")
    axes.spines[["top", "right"]].set_visible(False)
    shares = (stats.detractors, stats.passives, stats.promoters)
    axes.legend(handles=[Patch(color=c, label=f"{label} {share:.0f}%") for label, c, share
                         in zip(ENPS_PARTS, ENPS_COLOURS, shares, strict=True)],
                loc="upper left", fontsize=8, frameon=False)
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
