"""Comments in a closed pulse's results as chat blocks and CSV rows: everyone's when the whole
audience reaches the threshold, a team's own only for a team shown on its own (see
rules_comments), never with a name, in the random order the results carry, and cleaned of
control characters again (a comment stored before cleaning at the edges reaches no file or
terminal with an escape sequence). Pure."""

from __future__ import annotations

from bot.pulses.rules import PulseResults
from bot.reply import Block, Bullets, Text
from bot.text import clean

EVERYONE = "Everyone"


def shown_comments(results: PulseResults, *,
                   everyone: bool = True) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """(group, its comments) for every group whose comments may be shown: Everyone first (unless
    `everyone` is False), then each team shown on its own that has any."""
    groups = [(EVERYONE, results.comments)] if everyone and results.comments else []
    groups += [(t.name, t.comments) for t in results.teams if t.shown and t.comments]
    return tuple((group, tuple(clean(c) for c in comments)) for group, comments in groups)


def team_comment_blocks(results: PulseResults) -> tuple[Block, ...]:
    """`pulse results ID --by team`: each team shown on its own, its comments."""
    blocks: list[Block] = []
    for group, comments in shown_comments(results, everyone=False):
        blocks.append(Text(f"**Comments, {group}** (no names, in no particular order)"))
        blocks.append(Bullets(comments))
    return tuple(blocks)


def comment_rows(results: PulseResults) -> list[tuple[str, str]]:
    """(group, comment) rows for the CSV: every group whose comments may be shown."""
    return [(group, text) for group, comments in shown_comments(results) for text in comments]
