"""Career-track rules: next levels (with branches), inherited expectations, what changes,
top-of-track alternatives and track validation. Pure functions, no I/O."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.model import Competency, Level, Track


def slugify(name: str) -> str:
    """`Software Engineer II` -> `software-engineer-ii` (ids HR did not spell out)."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")


def next_levels(track: Track, level_id: str | None) -> list[Level]:
    """The levels one step above `level_id`, in file order (two or more where the track branches).

    Someone with no level yet is pointed at the entry levels."""
    return [lv for lv in track.levels if lv.after == level_id]


def ancestry(track: Track, level_id: str) -> list[str]:
    """Level ids from the entry level up to and including `level_id`."""
    chain: list[str] = []
    current = track.level(level_id)
    while current is not None and current.id not in chain:
        chain.append(current.id)
        current = track.level(current.after) if current.after else None
    return list(reversed(chain))


def expectation(
    track: Track, competency: Competency, level_id: str
) -> tuple[tuple[str, ...], bool]:
    """What `level_id` expects for `competency`, and whether that level says something new.

    A missing cell means "no new expectation at this level": the nearest lower level's text
    still applies, flagged as not new."""
    chain = ancestry(track, level_id)
    for index, lid in enumerate(reversed(chain)):
        bullets = competency.expectations.get(lid)
        if bullets:
            return bullets, index == 0
    return (), False


@dataclass(frozen=True)
class Change:
    """One competency's step from the current level to a target level."""

    competency: Competency
    now: tuple[str, ...]
    target: tuple[str, ...]
    changed: bool


def changes(track: Track, current_level_id: str | None, target_level_id: str) -> list[Change]:
    """For every competency: today's expectation, the target's, and whether it differs."""
    result = []
    for comp in track.competencies:
        now = expectation(track, comp, current_level_id)[0] if current_level_id else ()
        target, is_new = expectation(track, comp, target_level_id)
        result.append(Change(comp, now, target, changed=is_new and target != now))
    return result


def rated_competencies(track: Track, target_level_id: str) -> list[str]:
    """Competencies rated against a level: those with an expectation there (all when none do)."""
    ids = [c.id for c in track.competencies if expectation(track, c, target_level_id)[0]]
    return ids or [c.id for c in track.competencies]


def alternative_paths(track: Track, level_id: str) -> list[Level]:
    """Levels on other branches of the track, reachable from below `level_id` (for the top)."""
    chain = set(ancestry(track, level_id))
    return [lv for lv in track.levels if lv.id not in chain and (lv.after in chain)]


def validate(track: Track) -> list[str]:
    """Problems that make a track unusable, in plain words (empty when fine)."""
    problems: list[str] = []
    ids = [lv.id for lv in track.levels]
    for dup in sorted({i for i in ids if ids.count(i) > 1}):
        problems.append(f"level id '{dup}' is used twice")
    comp_ids = [c.id for c in track.competencies]
    for dup in sorted({i for i in comp_ids if comp_ids.count(i) > 1}):
        problems.append(f"competency id '{dup}' is used twice")
    known = set(ids)
    for lv in track.levels:
        if lv.after is not None and lv.after not in known:
            problems.append(f"level '{lv.id}' comes after unknown level '{lv.after}'")
        if lv.after == lv.id:
            problems.append(f"level '{lv.id}' comes after itself")
    if not problems:
        problems.extend(_cycles(track))
    for comp in track.competencies:
        for lid in comp.expectations:
            if lid not in known:
                problems.append(
                    f"competency '{comp.id}' has an expectation for unknown level '{lid}'"
                )
    return problems


def _cycles(track: Track) -> list[str]:
    by_id = {lv.id: lv for lv in track.levels}
    for lv in track.levels:
        seen = [lv.id]
        current = lv
        while current.after is not None:
            current = by_id[current.after]
            if current.id in seen:
                loop = " -> ".join(seen[seen.index(current.id):] + [current.id])
                return [f"levels form a cycle: {loop}"]
            seen.append(current.id)
    return []


def find_level(track: Track, text: str) -> Level | None:
    """A level by id or title, case-insensitively."""
    wanted = text.strip().casefold()
    for lv in track.levels:
        if wanted in (lv.id.casefold(), lv.title.casefold()):
            return lv
    return None
