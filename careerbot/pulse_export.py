"""Pulse results as CSV and as a PNG bar chart, under exactly the rule chat uses: a group
below the anonymity threshold appears only as "not enough responses" (no numbers), and an open
pulse shows participation only (how many have answered, overall and per team the threshold
allows), never a score: scores and comments appear once, at close."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path

from bot.pulses.messages import AT_CLOSE, NOT_ENOUGH, favourable_chart
from bot.pulses.rules import GroupResult, PulsePoll, PulseResults, PulseStatus
from bot.text import csv_row

HEADER = ("group", "responses", "recipients", "participation_pct", "question_id", "question",
          "mean", "n1", "n2", "n3", "n4", "n5", "favourable_pct", "results")


def kind(results: PulseResults) -> str:
    """"final", or for an open pulse "participation" (how many have answered, no scores)."""
    return "final" if results.answered is None else "participation"


def _rows(group: GroupResult, kind: str) -> list[tuple[str, ...]]:
    if not group.shown or group.responses is None:
        return [(group.name, NOT_ENOUGH, str(group.recipients), *("",) * (len(HEADER) - 4),
                 kind)]
    if kind == "participation":  # an open pulse: never a question, score or share
        part = f"{group.participation:.1f}" if group.participation is not None else ""
        return [(group.name, str(group.responses), str(group.recipients), part,
                 *("",) * (len(HEADER) - 5), kind)]
    part = f"{group.participation:.1f}" if group.participation is not None else ""
    return [(group.name, str(group.responses), str(group.recipients), part, s.question.id,
             s.question.text, f"{s.mean:.2f}", *map(str, s.distribution),
             f"{s.favourable:.1f}", kind) for s in group.stats]


def write_csv(results: PulseResults, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for group in (results.overall, *results.teams):
            # Team names and statements are HR's text: never a formula in a spreadsheet.
            writer.writerows(csv_row(row) for row in _rows(group, kind(results)))


def write_png(poll: PulsePoll, results: PulseResults, path: Path) -> None:
    """A horizontal bar chart of favourable % per statement, or a 'not enough' notice."""
    from adapters.charts import render_png  # matplotlib loads only when a PNG is asked for

    overall = results.overall
    chart = replace(favourable_chart(overall), title=f"Pulse #{poll.id}: {poll.title}")
    # While open there are no stats, so no bars: the subtitle says how many have answered.
    empty = (AT_CLOSE.split(":")[0] + "." if results.answered is not None
             else f"{NOT_ENOUGH} (threshold {results.threshold})")
    path.write_bytes(render_png(
        chart, subtitle=_subtitle(poll, results),
        xlabel=f"Favourable (4-5), % of {overall.responses} responses", empty=empty))


def _subtitle(poll: PulsePoll, results: PulseResults) -> str:
    overall = results.overall
    if results.answered is not None:
        return (f"Open until {poll.closes_at:%d %b %Y}: {results.answered} of "
                f"{overall.recipients} answered so far; anonymity threshold "
                f"{results.threshold}")
    part = (f"{overall.responses} of {overall.recipients} answered"
            if overall.responses is not None else f"{overall.recipients} invited")
    state = "Final" if poll.status == PulseStatus.CLOSED else poll.status.value.title()
    return f"{state}: {part}; anonymity threshold {results.threshold}"

