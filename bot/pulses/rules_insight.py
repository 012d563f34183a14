"""What a closed pulse's pictures hold, as numbers: each statement's full 1-5 spread laid out as a
diverging stacked bar (disagree to the left of 0, agree to the right, neutral centred on 0), and
favourable % per statement and team for the heatmap. Only groups the anonymity rule shows (see
rules.aggregate) ever get here. Pure, stdlib only: chat, the CSV and the PNG read the same
numbers."""

from __future__ import annotations

from dataclasses import dataclass

from bot.pulses.rules import MERGED, GroupResult, PulseResults, Question, QuestionStats

SCORES = (1, 2, 3, 4, 5)


@dataclass(frozen=True)
class Segment:
    """One score's part of a diverging bar: `left` and `width` in percent of the responses on
    an axis from -100 to 100 (0 is the middle of the neutral part)."""

    score: int
    count: int
    percent: float
    shown: int  # percent rounded as every other figure is (f"{:.0f}"), so equal counts match
    left: float
    width: float


@dataclass(frozen=True)
class Spread:
    question: Question
    responses: int
    segments: tuple[Segment, ...]
    disagree: float  # % of 1-2
    neutral: float  # % of 3
    agree: float  # % of 4-5 (favourable)


def spread(stats: QuestionStats) -> Spread:
    """The diverging layout of one statement: bars start at -(1s + 2s + half the 3s)."""
    counts = stats.distribution
    total = sum(counts)
    percents = [100.0 * c / total if total else 0.0 for c in counts]
    left = -(percents[0] + percents[1] + percents[2] / 2)
    segments = []
    for score, count, percent in zip(SCORES, counts, percents, strict=True):
        segments.append(Segment(score, count, percent, round(percent), left, percent))
        left += percent
    return Spread(stats.question, total, tuple(segments), disagree=percents[0] + percents[1],
                  neutral=percents[2], agree=percents[3] + percents[4])


def spreads(group: GroupResult) -> tuple[Spread, ...]:
    """Every statement of a group the threshold shows (none for a suppressed one)."""
    return tuple(spread(s) for s in group.stats) if group.shown else ()


@dataclass(frozen=True)
class Heatmap:
    """Favourable % per statement (rows) and group (columns): everyone first, then each team
    shown on its own, then the teams under the threshold together when they reach it."""

    questions: tuple[Question, ...]
    groups: tuple[str, ...]
    responses: tuple[int, ...]
    cells: tuple[tuple[float, ...], ...]  # cells[question][group]
    left_out: int  # teams with answers that are not a column (under the threshold even merged)


def heatmap(results: PulseResults) -> Heatmap:
    """The heatmap of closed results: only groups at or above the threshold are columns."""
    shown = [g for g in results.teams if g.shown and g.stats]
    shown.sort(key=lambda g: (g.name == MERGED, g.name.casefold()))
    columns = [results.overall, *shown] if results.overall.shown else []
    questions = tuple(s.question for s in results.overall.stats) if columns else ()
    cells = tuple(tuple(g.stats[row].favourable for g in columns)
                  for row in range(len(questions)))
    return Heatmap(questions, tuple(g.name for g in columns),
                   tuple(g.responses or 0 for g in columns), cells,
                   left_out=sum(1 for g in results.teams if not g.shown))
