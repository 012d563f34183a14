"""Pulse results as CSV and as a PNG bar chart, under exactly the rule chat uses: a group
below the anonymity threshold appears only as "not enough responses" (no numbers), and an open
pulse shows its interim snapshot for everyone together only."""

from __future__ import annotations

import csv
import textwrap
from pathlib import Path

from bot.pulse import GroupResult, PulsePoll, PulseResults, PulseStatus
from bot.pulse_messages import NOT_ENOUGH

HEADER = ("group", "responses", "recipients", "participation_pct", "question_id", "question",
          "mean", "n1", "n2", "n3", "n4", "n5", "favourable_pct", "results")


def kind(results: PulseResults) -> str:
    """"final", or for an open pulse "interim" (the figures cover the snapshot's responses)."""
    return "final" if results.answered is None else "interim"


def _rows(group: GroupResult, kind: str) -> list[tuple[str, ...]]:
    if not group.shown or group.responses is None:
        return [(group.name, NOT_ENOUGH, str(group.recipients), *("",) * (len(HEADER) - 4),
                 kind)]
    part = f"{group.participation:.1f}" if group.participation is not None else ""
    return [(group.name, str(group.responses), str(group.recipients), part, s.question.id,
             s.question.text, f"{s.mean:.2f}", *map(str, s.distribution),
             f"{s.favourable:.1f}", kind) for s in group.stats]


def write_csv(results: PulseResults, path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        for group in (results.overall, *results.teams):
            writer.writerows(_rows(group, kind(results)))


def write_png(poll: PulsePoll, results: PulseResults, path: Path) -> None:
    """A horizontal bar chart of favourable % per statement, or a 'not enough' notice."""
    import matplotlib

    matplotlib.use("Agg")  # no display: files only
    from matplotlib import pyplot as plt

    overall = results.overall
    stats = overall.stats if overall.shown else ()
    fig, ax = plt.subplots(figsize=(10, 1.8 + 0.5 * max(len(stats), 1)))
    try:
        fig.suptitle(f"Pulse #{poll.id}: {poll.title}", fontweight="bold")
        ax.set_title(_subtitle(poll, results), fontsize=9, color="#555555")
        if not stats:
            ax.text(0.5, 0.5, f"{NOT_ENOUGH} (threshold {results.threshold})",
                    ha="center", va="center")
            ax.set_axis_off()
        else:
            labels = [_wrap(s.question.text) for s in stats]
            bars = ax.barh(labels, [s.favourable for s in stats], color="#3b7dd8")
            ax.bar_label(bars, labels=[f"{s.favourable:.0f}% (mean {s.mean:.1f})"
                                       for s in stats], padding=4, fontsize=8)
            ax.set_xlim(0, 125)  # room for the value labels past a full bar
            ax.set_xticks(range(0, 101, 20))
            ax.set_xlabel(f"Favourable (4-5), % of {overall.responses} responses")
            ax.invert_yaxis()
            ax.spines[["top", "right"]].set_visible(False)
        fig.tight_layout()
        fig.savefig(path, format="png", dpi=100)
    finally:
        plt.close(fig)


def _subtitle(poll: PulsePoll, results: PulseResults) -> str:
    overall = results.overall
    if results.answered is not None:
        return (f"Interim (open until {poll.closes_at:%d %b %Y}): {results.answered} of "
                f"{overall.recipients} answered so far; anonymity threshold "
                f"{results.threshold}")
    part = (f"{overall.responses} of {overall.recipients} answered"
            if overall.responses is not None else f"{overall.recipients} invited")
    state = "Final" if poll.status == PulseStatus.CLOSED else poll.status.value.title()
    return f"{state}: {part}; anonymity threshold {results.threshold}"


def _wrap(text: str, width: int = 45) -> str:
    return "\n".join(textwrap.wrap(text, width)[:2])
