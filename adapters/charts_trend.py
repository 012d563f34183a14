"""The trend chart: favourable % per statement and participation across a group's pulses,
eNPS in a panel of its own (Okabe-Ito lines with a marker each, so they differ without colour)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from math import nan

from matplotlib.axes import Axes
from matplotlib.dates import date2num
from matplotlib.figure import Figure
from matplotlib.patheffects import withStroke

from adapters.chart_parts import legend_below, notice, subtitle_above, titled_figure, wrap
from bot.pulses.rules import Question
from bot.pulses.rules_types import enps_text
from bot.pulses.trend import UNDER, Trend, TrendPoint
from bot.pulses.trend_messages import pulse_label

# Trend lines: Okabe-Ito (colour-blind safe; its yellow, unreadable on white, swapped for
# wine), with a marker per line and dashes after the 7th so lines differ without colour too.
LINE_COLOURS = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#D55E00", "#56B4E9", "#882255")
MARKERS = ("o", "s", "^", "D", "v", "P", "X")
DASHES = ("-", "-.", ":")
FLAT_TICKS = 8  # pulses whose date labels fit side by side under a trend
# a thin white outline round a value's letters: a crossing line does not blot it out, and
# (unlike a box behind it) it hides no other line's point
HALO = (withStroke(linewidth=2.5, foreground="white"),)


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
        if every:
            _values(axes, known, shown, colour)
    low, high = axes.get_ylim()
    for (_, text, colour), y in zip(ends, _spread_out(ends, (high - low) / 18), strict=True):
        axes.text(1.01, y, text, color=colour, fontsize=8, va="center", clip_on=False,
                  transform=axes.get_yaxis_transform())


def _values(axes: Axes, known: list[tuple[float, float]], shown: Callable[[float], str],
            colour: str) -> None:
    """Each (thinned) point's value written next to it: under a point that lies below its
    neighbours (the line comes down into it and leaves upwards), over any other, so the line
    does not run through its own labels."""
    kept = set(_thinned(known))
    for i, (at, v) in enumerate(known):
        if (at, v) not in kept:
            continue
        around = [known[j][1] for j in (i - 1, i + 1) if 0 <= j < len(known)]
        under = bool(around) and v < sum(around) / len(around)
        axes.annotate(shown(v), (at, v), textcoords="offset points",
                      xytext=(0, -7 if under else 7), va="top" if under else "bottom",
                      ha="center", fontsize=8, color=colour, fontweight="bold", zorder=5,
                      path_effects=HALO)  # legible where another line crosses it


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
    figure = titled_figure(title, 5.4 + 0.3 * (len(trend.questions) + len(trend.enps))
                           + (2.4 if trend.enps else 0)
                           + (0.8 if len(trend.points) > FLAT_TICKS else 0),  # upright dates
                           width=11)
    if not trend.points:
        return notice(figure, subtitle, "No closed pulse yet")
    if not any(p.shown for p in trend.points):
        return notice(figure, subtitle, f"{trend.group} was {UNDER} in every pulse: "
                      "no figure to draw")
    grid = figure.subplots(2 if trend.enps else 1, 1, sharex=True, squeeze=False,
                           height_ratios=[3, 1.4] if trend.enps else [1])
    panels = [row[0] for row in grid]
    top = panels[0]
    subtitle_above(figure, top, subtitle)
    top.set_ylim(0, 100)
    top.set_yticks(range(0, 101, 20), [f"{t}%" for t in range(0, 101, 20)])
    top.set_ylabel("Favourable (4-5) or participation, %" if trend.questions
                   else "Participation, %")
    _trend_lines(top, trend, trend.questions, _favourable, _percent)
    dates = _days(trend)
    shares = [nan if p.participation is None else p.participation for p in trend.points]
    top.plot(dates, shares, color="black", linestyle="--", linewidth=2.2, marker="o",
             markerfacecolor="white", label="Participation (answered of invited)",
             clip_on=False, gid="participation")
    _values(top, [(at, v) for at, v in zip(dates, shares, strict=True) if v == v], _percent,
            "black")
    if trend.enps:
        bottom = panels[1]
        bottom.set_ylim(-100, 100)
        bottom.set_yticks([-100, -50, 0, 50, 100])
        # over the light grid (drawn at 1.5, which hid it), under the lines (2)
        bottom.axhline(0, color="#333333", linewidth=0.8, zorder=1.6, gid="zero")
        bottom.set_ylabel("eNPS")
        _trend_lines(bottom, trend, trend.enps, _enps, _enps_shown, every=True)
        if not any(p.enps for p in trend.points):  # asked only where the group was hidden
            bottom.text(0.5, 0.7, f"No eNPS figure: {trend.group} was {UNDER} in every pulse "
                        "that asked it", transform=bottom.transAxes, ha="center", va="center",
                        fontsize=9, color="#555555", backgroundcolor="white")  # off the 0 line
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
    legend_below(panels[-1], handles, labels, ncol=2, fontsize=8)  # under the dates, however tall
    return figure
