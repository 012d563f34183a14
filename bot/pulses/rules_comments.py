"""Comments in a closed pulse's results: every comment for everyone (once the whole audience
reaches the threshold), a team's own only for a team shown on its own (never the merged smaller
teams, never a suppressed one), never with a name, and in a new random order each time results
are read, so their order says nothing about who wrote what. Stdlib only."""

from __future__ import annotations

import random
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import replace

from bot.pulses.rules import MERGED, GroupResult

# The operating system's generator: an order nobody can reproduce from an earlier view.
_RANDOM = random.SystemRandom()


def shuffled(comments: Iterable[str]) -> tuple[str, ...]:
    """The non-blank comments, trimmed, in a random order."""
    kept = [c.strip() for c in comments if c.strip()]
    _RANDOM.shuffle(kept)
    return tuple(kept)


def with_comments(teams: Sequence[GroupResult],
                  grouped: Mapping[str, Sequence[str]]) -> tuple[GroupResult, ...]:
    """Each team shown on its own with the comments stored under its label (`grouped`: label ->
    comments; a team's result is named by its label); every other team without any."""
    return tuple(replace(t, comments=shuffled(grouped.get(t.name, ())))
                 if t.shown and t.name != MERGED else t for t in teams)
