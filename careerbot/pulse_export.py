"""Pulse results as CSV and as a PNG bar chart, under exactly the rule chat uses: a group
below the anonymity threshold appears only as "not enough responses" (no numbers)."""

from __future__ import annotations

import csv
from pathlib import Path

from bot.pulse import GroupResult, PulsePoll, PulseResults
from bot.pulse_messages import NOT_ENOUGH

HEADER = ("group", "responses", "recipients", "participation_pct", "question_id", "question",
          "mean", "n1", "n2", "n3", "n4", "n5", "favourable_pct")


def _rows(group: GroupResult) -> list[tuple[str, ...]]:
    if not group.shown or group.responses is None:
        return [(group.name, NOT_ENOUGH, str(group.recipients)) + ("",) * (len(HEADER) - 3)]
    part = f"{group.participation:.1f}" if group.participation is not None else ""
    return [(group.name, str(group.responses), str(group.recipients), part, s.question.id,
             s.question.text, f"{s.mean:.2f}", *map(str, s.distribution),
             f"{s.favourable:.1f}") for s in group.stats]


def write_csv(results: PulseResults, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for group in (results.overall, *results.teams):
            writer.writerows(_rows(group))


def write_png(poll: PulsePoll, results: PulseResults, path: Path) -> None:
    """A horizontal bar chart of favourable % per statement, or a 'not enough' notice."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    from matplotlib import pyplot as plt

    stats = results.overall.stats if results.overall.shown else ()
    fig, ax = plt.subplots(figsize=(8, 1.2 + 0.5 * max(len(stats), 1)))
    try:
        ax.set_title(f"Pulse #{poll.id}: {poll.title}")
        if not stats:
            ax.text(0.5, 0.5, f"{NOT_ENOUGH} (threshold {results.threshold})",
                    ha="center", va="center")
            ax.set_axis_off()
        else:
            labels = [s.question.text[:60] for s in stats]
            values = [s.favourable for s in stats]
            ax.barh(labels, values, color="#3b7dd8")
            ax.set_xlim(0, 100)
            ax.set_xlabel(f"Favourable (4-5), % of {results.overall.responses} responses")
            ax.invert_yaxis()
        fig.tight_layout()
        fig.savefig(path, format="png", dpi=100)
    finally:
        plt.close(fig)
