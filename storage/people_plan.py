"""Checks a people file against itself and the database before anything is written: duplicate
emails and platform ids, tracks and levels spelled as id or title, managers, reporting cycles;
and the order to write new people in (managers first). Each check is linear in the file."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from bot.model import Level, Track
from storage.import_problems import Problems
from storage.records import ImportFailed, PersonRecord


@dataclass(frozen=True)
class Placement:
    """Where a record puts a person: resolved ids (None when the file leaves them empty)."""

    track_id: str | None
    level_id: str | None


def check_unique(records: Sequence[PersonRecord], source: str) -> None:
    """Each email, Slack id and Teams id at most once in the file; every repeat (up to 50) in one
    ImportFailed, so a file with several takes one run to fix."""
    problems = Problems()
    columns: list[tuple[str, Callable[[PersonRecord], str | None]]] = [
        ("email", lambda r: email_key(r.email)),
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
                problems.add(ImportFailed(source, f"{label} {value} is listed twice "
                                          f"(also on line {seen[value]})", record.line))
                continue
            seen[value] = record.line
    problems.check()


def email_key(text: str) -> str:
    """An email as stored: stripped and lower-cased (the same object when it already is)."""
    key = text.strip().lower()
    return text if key == text else key


class Placer:
    """Resolves tracks and levels spelled as id or name/title, case-insensitively, with one
    dictionary lookup per record (not a scan of every track), in the order `tracks` lists them:
    where two spellings collide, the first track or level listed wins. Records spelling their
    track and level the same way share one Placement."""

    def __init__(self, tracks: Sequence[Track], source: str) -> None:
        self.tracks, self.source = tracks, source
        self._tracks: dict[str, Track] = {}
        self._levels: dict[str, dict[str, Level]] = {}
        for track in tracks:
            for key in (track.id.casefold(), track.name.casefold()):
                self._tracks.setdefault(key, track)
            levels = self._levels.setdefault(track.id, {})
            for level in track.levels:
                for key in (level.id.casefold(), level.title.casefold()):
                    levels.setdefault(key, level)
        self._placed: dict[tuple[str, str], Placement] = {}

    def place(self, record: PersonRecord) -> Placement:
        """The record's track and level as ids; ImportFailed naming the line when unknown."""
        spelled = (record.track, record.level)
        placement = self._placed.get(spelled)
        if placement is None:
            placement = self._placed[spelled] = self._resolve(record)
        return placement

    def _resolve(self, record: PersonRecord) -> Placement:
        track_text, level_text = record.track.strip(), record.level.strip()
        if not track_text:
            if level_text:
                raise ImportFailed(self.source, f"level '{level_text}' is given without a "
                                   "track", record.line)
            return Placement(None, None)
        track = self._tracks.get(track_text.casefold())
        if track is None:
            known = ", ".join(t.name for t in self.tracks) or "none yet: import tracks first"
            raise ImportFailed(self.source, f"unknown track '{track_text}' (known tracks: "
                               f"{known})", record.line)
        if not level_text:
            return Placement(track.id, None)
        level = self._levels[track.id].get(level_text.casefold())
        if level is None:
            levels = ", ".join(f"{lv.title} ({lv.id})" for lv in track.levels)
            raise ImportFailed(self.source, f"track '{track.name}' has no level '{level_text}' "
                               f"(its levels: {levels})", record.line)
        return Placement(track.id, level.id)


def check_reporting_lines(records: Sequence[PersonRecord], stored: Mapping[str, str | None],
                          source: str) -> None:
    """Every manager is in the file or the database, and nobody ends up managing themselves.

    `stored` maps the emails already in the database to their current manager's email; the
    file's records override it for the people they list. Each chain is walked once. Every
    unknown manager and every loop (up to 50) is reported in one ImportFailed."""
    problems = Problems()
    managers = dict(stored)
    lines: dict[str, int] = {}
    for record in records:
        email = email_key(record.email)
        managers[email] = email_key(record.manager_email or "") or None
        lines[email] = record.line
    for record in records:
        manager = managers[email_key(record.email)]
        if manager is not None and manager not in managers:
            problems.add(ImportFailed(source, f"manager {manager} is neither in this file nor "
                                      "already loaded", record.line))
    clear: set[str] = set()
    for record in records:
        cycle = _cycle_from(email_key(record.email), managers, clear)
        if cycle:
            first = min(cycle, key=lambda email: lines.get(email, record.line))
            loop = " -> ".join(_rotate(cycle, first) + [first])
            problems.add(ImportFailed(source, f"reporting lines form a cycle (each reports to "
                                      f"the next): {loop}", lines.get(first, record.line)))
            clear.update(cycle)  # one report per loop, not one per person on it
    problems.check()


def _cycle_from(start: str, managers: Mapping[str, str | None], clear: set[str]) -> list[str]:
    """The loop the management chain above `start` runs into, if any.

    `clear` holds people whose chain is known to end without a loop; a chain that reaches one
    stops there, and a chain without a loop joins them."""
    chain: dict[str, int] = {}  # position in the chain; a dict keeps order and looks up at once
    current: str | None = start
    while current is not None and current not in chain and current not in clear:
        chain[current] = len(chain)
        current = managers.get(current)
    if current is not None and current in chain:
        return list(chain)[chain[current]:]
    clear.update(chain)
    return []


def _rotate(cycle: list[str], first: str) -> list[str]:
    index = cycle.index(first)
    return cycle[index:] + cycle[:index]


def managers_first(emails: Sequence[str], managers: Sequence[str | None],
                   new: Sequence[int]) -> list[list[int]]:
    """The new people (indexes into the file's `emails` and their `managers`' emails) in
    groups to write one after the other, so that everyone's manager is already stored or in an
    earlier group: first those whose manager is not new, then their reports, and so on. File
    order within a group.

    Expects reporting lines already checked (`check_reporting_lines`: no cycles)."""
    position = {emails[index]: index for index in new}
    level = [-1] * len(emails)
    groups: list[list[int]] = []
    for index in new:
        chain: list[int] = []  # the new people above `index` whose level is not known yet
        current: int | None = index
        while current is not None and level[current] < 0:
            chain.append(current)
            manager = managers[current]
            current = position.get(manager) if manager else None
            assert len(chain) <= len(new), "reporting lines form a cycle"
        depth = level[current] if current is not None else -1
        for member in reversed(chain):
            depth += 1
            level[member] = depth
        while len(groups) <= level[index]:
            groups.append([])
        groups[level[index]].append(index)
    return groups
