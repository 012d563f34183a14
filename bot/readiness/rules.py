"""Readiness rules: percent and "ready" from 1-5 scores, and self-vs-manager gaps. Pure."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

READY_SCORE = 4
GAP_POINTS = 2


@dataclass(frozen=True)
class Summary:
    percent: int | None  # None when nothing was rated
    ready: bool
    rated: int
    total: int
    not_yet: tuple[str, ...]  # competency ids below READY_SCORE or unrated


def readiness_percent(scores: Iterable[int]) -> int | None:
    """Mean of (score - 1) / 4 as a whole-number percent; None for no scores."""
    values = list(scores)
    if not values:
        return None
    return round(100 * sum((s - 1) / 4 for s in values) / len(values))


def summarize(scores: Mapping[str, int | None], competency_ids: Iterable[str]) -> Summary:
    """Readiness against a level whose competencies are `competency_ids`.

    The percent is over the competencies actually rated (skips are left out, and the summary
    says how many were rated); "ready" needs every competency rated READY_SCORE or more."""
    ids = list(competency_ids)
    rated = {cid: s for cid in ids if (s := scores.get(cid)) is not None}
    not_yet = tuple(cid for cid in ids if rated.get(cid, 0) < READY_SCORE)
    return Summary(
        percent=readiness_percent(rated.values()),
        ready=bool(ids) and not not_yet,
        rated=len(rated),
        total=len(ids),
        not_yet=not_yet,
    )


def gaps(
    self_scores: Mapping[str, int | None], manager_scores: Mapping[str, int | None]
) -> list[str]:
    """Competencies where self and manager ratings differ by GAP_POINTS or more."""
    return [
        cid
        for cid, s in self_scores.items()
        if s is not None
        and (m := manager_scores.get(cid)) is not None
        and abs(s - m) >= GAP_POINTS
    ]
