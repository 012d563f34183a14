"""Pulse results as CSV and PNG, under exactly the rule chat uses: a group below the anonymity
threshold appears only as "not enough responses" (no numbers), and an open pulse shows
participation only (how many have answered, overall and per team the threshold allows), never a
score: scores and comments appear once, at close. A closed pulse's PNG is its 1-5 distributions;
`by_team` makes both files the statements x teams heatmap of favourable %. A closed pulse's CSV
ends with its comments (a blank row, then `group,comment` rows) for the groups shown."""

from __future__ import annotations

import csv
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.pulses.comments import comment_rows
from bot.pulses.messages import AT_CLOSE, NOT_ENOUGH, favourable_chart
from bot.pulses.messages_types import group_subtitle, pictures
from bot.pulses.pictures import insight_subtitle
from bot.pulses.rules import GroupResult, PulsePoll, PulseResults, PulseStatus
from bot.pulses.rules_insight import heatmap, spread
from bot.text import csv_row
from careerbot.pulse_export_types import TYPED_HEADER, typed_rows

if TYPE_CHECKING:
    from matplotlib.figure import Figure

HEADER = ("group", "responses", "recipients", "participation_pct", "question_id", "question",
          "mean", "n1", "n2", "n3", "n4", "n5", "favourable_pct", "results",
          "pct1", "pct2", "pct3", "pct4", "pct5")
PCT = 5  # the pct1-pct5 columns, last so the columns before them keep their places
# eNPS and choice questions' columns come after, so the 1-5 columns keep their places
COLUMNS = (*HEADER, *TYPED_HEADER)
COMMENTS_HEADER = ("group", "comment")


def kind(results: PulseResults) -> str:
    """"final", or for an open pulse "participation" (how many have answered, no scores)."""
    return "final" if results.answered is None else "participation"


def _rows(group: GroupResult, kind: str) -> list[tuple[object, ...]]:
    if not group.shown or group.responses is None:
        return [(group.name, NOT_ENOUGH, str(group.recipients), *("",) * (len(HEADER) - 4 - PCT),
                 kind, *("",) * PCT)]
    if kind == "participation":  # an open pulse: never a question, score or share
        part = f"{group.participation:.1f}" if group.participation is not None else ""
        return [(group.name, str(group.responses), str(group.recipients), part,
                 *("",) * (len(HEADER) - 5 - PCT), kind, *("",) * PCT)]
    part = f"{group.participation:.1f}" if group.participation is not None else ""
    lead = {"group": group.name, "responses": str(group.responses),
            "recipients": str(group.recipients), "participation_pct": part, "results": kind}
    agree: list[tuple[object, ...]] = [
        (group.name, str(group.responses), str(group.recipients), part, s.question.id,
             s.question.text, f"{s.mean:.2f}", *map(str, s.distribution),
             f"{s.favourable:.1f}", kind,
             *(f"{g.percent:.1f}" for g in spread(s).segments), "agree") for s in group.stats]
    return agree + typed_rows(COLUMNS, lead, group)


def write_csv(results: PulseResults, path: Path, *, by_team: bool = False) -> None:
    """One row per group and statement; `by_team` (closed pulses): the heatmap instead, one row
    per statement and a favourable-% column per group the threshold shows."""
    if by_team and kind(results) == "final":
        _write_heatmap_csv(results, path)
        return
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        for group in (results.overall, *results.teams):
            # Team names and statements are HR's text: never a formula in a spreadsheet.
            writer.writerows(csv_row(row + ("",) * (len(COLUMNS) - len(row)))
                             for row in _rows(group, kind(results)))
        _write_comments(writer, results)


def _write_heatmap_csv(results: PulseResults, path: Path) -> None:
    table = heatmap(results)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(csv_row(("question_id", "question",
                                 *(f"{g} favourable_pct" for g in table.groups))))
        writer.writerow(csv_row(("", "responses", *map(str, table.responses))))
        writer.writerows(csv_row((q.id, q.text, *(f"{v:.1f}" for v in row)))
                         for q, row in zip(table.questions, table.cells, strict=True))
        _write_comments(writer, results)


def _write_comments(writer: Any, results: PulseResults) -> None:
    """The comments section: Everyone's, then each team shown on its own (never a merged or
    suppressed team's under its name), in the random order the results carry; none while open."""
    rows = comment_rows(results)
    if rows:
        writer.writerow(())
        writer.writerow(COMMENTS_HEADER)
        # People's words: never a formula in a spreadsheet.
        writer.writerows(csv_row(row) for row in rows)


def write_png(poll: PulsePoll, results: PulseResults, path: Path, *,
              by_team: bool = False) -> None:
    """A closed pulse: its 1-5 distributions as diverging bars, or with `by_team` the heatmap.
    Otherwise (open, or too few answers) a notice drawn by the bar chart: no score."""
    from adapters import charts  # matplotlib loads only when a PNG is asked for

    overall = results.overall
    if kind(results) == "final" and overall.shown:
        title = f"Pulse #{poll.id}: {poll.title}"
        figure = (charts.heatmap_figure(f"{title}, favourable (4-5) % by team",
                                        insight_subtitle(poll, results), heatmap(results))
                  if by_team else
                  charts.distribution_figure(f"{title}, answers 1-5",
                                             insight_subtitle(poll, results),
                                             [spread(s) for s in overall.stats]))
        path.write_bytes(charts.stacked_png(_with_typed(figure, poll, overall, by_team)))
        return
    chart = replace(favourable_chart(overall), title=f"Pulse #{poll.id}: {poll.title}")
    # While open there are no stats, so no bars: the subtitle says how many have answered.
    empty = (AT_CLOSE.split(":")[0] + "." if results.answered is not None
             else f"{NOT_ENOUGH} (threshold {results.threshold})")
    path.write_bytes(charts.render_png(
        chart, subtitle=_subtitle(poll, results),
        xlabel=f"Favourable (4-5), % of {overall.responses} responses", empty=empty))


def _with_typed(figure: Figure, poll: PulsePoll, overall: GroupResult,
               by_team: bool) -> list[Figure]:
    """The 1-5 figure, then a picture per eNPS and choice question under it (the heatmap and
    a pulse of eNPS or choices only: no empty 1-5 figure)."""
    from adapters import charts

    if by_team:
        return [figure]
    typed = [charts.picture_figure(p) for p in pictures(overall, group_subtitle(poll, overall))]
    return [figure] + typed if overall.stats or not typed else typed


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
