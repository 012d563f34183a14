"""Adoption figures from the product's own data: who viewed their track, rated their readiness,
has a development plan; per team only where the team is large enough. Pure, no I/O."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.pulses.rules import NO_TEAM, hidden_groups


@dataclass(frozen=True)
class Activity:
    """One employee's adoption, as flags (never what they rated or planned)."""

    team: str
    viewed: bool
    rated: bool
    planned: bool


@dataclass(frozen=True)
class Adoption:
    group: str
    people: int
    viewed: float
    rated: float
    planned: float


def _share(flags: Sequence[bool]) -> float:
    return 100.0 * sum(flags) / len(flags) if flags else 0.0


def _of(group: str, rows: Sequence[Activity]) -> Adoption:
    return Adoption(group, len(rows), _share([r.viewed for r in rows]),
                    _share([r.rated for r in rows]), _share([r.planned for r in rows]))


def adoption(rows: Sequence[Activity], threshold: int) -> tuple[Adoption | None,
                                                                  tuple[Adoption, ...]]:
    """Overall figures (None below the threshold) and teams at or above it, with the same
    complementary suppression as pulse results so no small team can be worked out."""
    if len(rows) < threshold:
        return None, ()
    teams: dict[str, list[Activity]] = {}
    for r in rows:
        teams.setdefault(r.team, []).append(r)
    hidden = hidden_groups({t: len(v) for t, v in teams.items()}, threshold)
    shown = tuple(_of(t or NO_TEAM, v) for t, v in sorted(teams.items()) if t not in hidden)
    return _of("Everyone", rows), shown


@dataclass(frozen=True)
class HiddenTeam:
    """A team `adoption` leaves out, and why: `small` (under the threshold) or hidden too so
    that a small one cannot be worked out from the total (`cover_for` names those)."""

    team: str
    people: int
    small: bool
    cover_for: tuple[str, ...] = ()


def hidden_teams(rows: Sequence[Activity], threshold: int) -> tuple[HiddenTeam, ...]:
    """The teams `adoption` does not show, smallest reason first (too small, then hidden with
    them), each with why; none when there are no figures at all."""
    if len(rows) < threshold:
        return ()
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.team] = counts.get(r.team, 0) + 1
    hidden = hidden_groups(counts, threshold)
    small = tuple(sorted(t or NO_TEAM for t in hidden if counts[t] < threshold))
    return tuple(sorted(
        (HiddenTeam(t or NO_TEAM, counts[t], counts[t] < threshold,
                    () if counts[t] < threshold else small) for t in hidden),
        key=lambda h: (not h.small, h.team)))
