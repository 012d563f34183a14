"""Checks a people file against itself and the database before anything is written: duplicate
emails and platform ids, tracks and levels spelled as id or title, managers, reporting cycles."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.model import Track
from bot.tracks.rules import find_level
from storage.records import ImportFailed, PersonRecord


@dataclass(frozen=True)
class Placement:
    """Where a record puts a person: resolved ids (None when the file leaves them empty)."""

    track_id: str | None
    level_id: str | None


def check_unique(records: Sequence[PersonRecord], source: str) -> None:
    """Each email, Slack id and Teams id at most once in the file."""
    columns: list[tuple[str, Callable[[PersonRecord], str | None]]] = [
        ("email", lambda r: r.email.strip().lower()),
        ("Slack id", lambda r: r.slack_id),
        ("Teams id", lambda r: r.teams_id),
    ]
    for label, key in columns:
        seen: dict[str, int] = {}
        for record in records:
            value = key(record)
            if not value:
                continue
            if value in seen:
                raise ImportFailed(source, f"{label} {value} is listed twice "
                                   f"(also on line {seen[value]})", record.line)
            seen[value] = record.line


def find_track(tracks: Sequence[Track], text: str) -> Track | None:
    """A track by id or name, case-insensitively."""
    wanted = text.strip().casefold()
    return next((t for t in tracks if wanted in (t.id.casefold(), t.name.casefold())), None)


def place(record: PersonRecord, tracks: Sequence[Track], source: str) -> Placement:
    """The record's track and level as ids; ImportFailed naming the line when unknown."""
    track_text, level_text = record.track.strip(), record.level.strip()
    if not track_text:
        if level_text:
            raise ImportFailed(source, f"level '{level_text}' is given without a track",
                               record.line)
        return Placement(None, None)
    track = find_track(tracks, track_text)
    if track is None:
        known = ", ".join(t.name for t in tracks) or "none yet: import tracks first"
        raise ImportFailed(source, f"unknown track '{track_text}' (known tracks: {known})",
                           record.line)
    if not level_text:
        return Placement(track.id, None)
    level = find_level(track, level_text)
    if level is None:
        levels = ", ".join(f"{lv.title} ({lv.id})" for lv in track.levels)
        raise ImportFailed(source, f"track '{track.name}' has no level '{level_text}' "
                           f"(its levels: {levels})", record.line)
    return Placement(track.id, level.id)


def check_reporting_lines(records: Sequence[PersonRecord], stored: Mapping[str, str | None],
                          source: str) -> None:
    """Every manager is in the file or the database, and nobody ends up managing themselves.

    `stored` maps the emails already in the database to their current manager's email; the
    file's records override it for the people they list."""
    managers = dict(stored)
    lines: dict[str, int] = {}
    for record in records:
        email = record.email.strip().lower()
        manager = (record.manager_email or "").strip().lower() or None
        managers[email] = manager
        lines[email] = record.line
    for record in records:
        manager = managers[record.email.strip().lower()]
        if manager is not None and manager not in managers:
            raise ImportFailed(source, f"manager {manager} is neither in this file nor "
                               "already loaded", record.line)
    for record in records:
        cycle = _cycle_from(record.email.strip().lower(), managers)
        if cycle:
            first = min(cycle, key=lambda email: lines.get(email, record.line))
            loop = " -> ".join(_rotate(cycle, first) + [first])
            raise ImportFailed(source, f"reporting lines form a cycle (each reports to the "
                               f"next): {loop}", lines.get(first, record.line))


def _cycle_from(start: str, managers: Mapping[str, str | None]) -> list[str]:
    """The loop the management chain above `start` runs into, if any."""
    chain: list[str] = []
    current: str | None = start
    while current is not None and current not in chain:
        chain.append(current)
        current = managers.get(current)
    return chain[chain.index(current):] if current is not None else []


def _rotate(cycle: list[str], first: str) -> list[str]:
    index = cycle.index(first)
    return cycle[index:] + cycle[:index]
