"""Competencies keep their id when renamed, so ratings follow them: `--rename OLD=NEW` gives the
file's competency NEW the stored id of OLD, and `--drop NAME` lets a rated competency go.
Pure functions over the core's Track; problems are collected, not raised one at a time."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

from bot.model import Competency, Track
from bot.tracks.rules import slugify
from storage.import_problems import Problems
from storage.records import ImportFailed

Rename = tuple[str, str]


def parse_renames(values: Sequence[str]) -> list[Rename]:
    """OLD=NEW pairs as given on the command line; ImportFailed for one without `=`."""
    renames: list[Rename] = []
    for value in values:
        old, sep, new = value.partition("=")
        if not sep or not old.strip() or not new.strip():
            raise ImportFailed("--rename", f"'{value}' should be OLD=NEW: the competency's "
                               "name (or id) before and after, e.g. --rename 'SQL & tooling="
                               "SQL and tooling'")
        renames.append((old.strip(), new.strip()))
    return renames


def find_competency(track: Track, text: str) -> Competency | None:
    """The competency named or identified by `text` (any case; ids win over names)."""
    wanted = text.strip().casefold()
    slug = slugify(text)
    keys: list[Callable[[Competency], bool]] = [
        lambda c: c.id.casefold() == wanted, lambda c: c.name.casefold() == wanted,
        lambda c: bool(slug) and c.id == slug]
    for matches in keys:
        found = next((c for c in track.competencies if matches(c)), None)
        if found is not None:
            return found
    return None


def apply_renames(tracks: Sequence[Track], stored: Mapping[str, Track],
                  renames: Sequence[Rename], problems: Problems, source: str) -> list[Track]:
    """The tracks with each renamed competency given its stored id back."""
    result = list(tracks)
    for old_text, new_text in renames:
        label = f"--rename '{old_text}={new_text}'"
        matched: list[str] = []
        for index, track in enumerate(result):
            before = stored.get(track.id)
            old = find_competency(before, old_text) if before else None
            if before is None or old is None:
                continue
            matched.append(track.name)
            new = find_competency(track, new_text)
            if new is None:
                problems.add(ImportFailed(source, f"{label}: the file's track '{track.name}' "
                                          f"has no competency '{new_text}'"))
                continue
            clash = track.competency(old.id)
            if clash is not None and clash is not new:
                problems.add(ImportFailed(source, f"{label}: the file's track '{track.name}' "
                                          f"still has '{clash.name}' with the id '{old.id}'"))
                continue
            comps = tuple(replace(c, id=old.id) if c is new else c for c in track.competencies)
            result[index] = replace(track, competencies=comps)
        if not matched:
            what = (f"track '{tracks[0].name}' had no competency" if len(tracks) == 1
                    else "no track imported had a competency")
            problems.add(ImportFailed(source, f"{label}: {what} '{old_text}'"))
    return result


def dropped_ids(tracks: Sequence[Track], stored: Mapping[str, Track], drops: Sequence[str],
                problems: Problems, source: str) -> set[tuple[str, str]]:
    """(track id, competency id) of each stored competency `--drop` names."""
    result: set[tuple[str, str]] = set()
    for text in drops:
        found = {(t.id, c.id) for t in tracks if (old := stored.get(t.id))
                 and (c := find_competency(old, text)) is not None}
        if not found:
            problems.add(ImportFailed(source, f"--drop '{text}': no track imported had a "
                                      "competency by that name"))
        result |= found
    return result


def orphan_problem(track: Track, competency: Competency, names: Sequence[str],
                   added: Sequence[Competency], source: str) -> ImportFailed:
    """Refusal of an import that would leave people's ratings on `competency` behind."""
    new = added[0].name if len(added) == 1 else "NEW NAME"
    people = "1 person has" if len(names) == 1 else f"{len(names)} people have"
    shown = ", ".join(names[:20]) + (f" and {len(names) - 20} more" if len(names) > 20 else "")
    return ImportFailed(source, f"track '{track.name}' would lose competency '{competency.name}'"
                        f" ({competency.id}), and {people} ratings on it: {shown}. If it was "
                        f"renamed, keep its id '{competency.id}' (an ID column, or `id:` in "
                        f"YAML) or import with --rename '{competency.name}={new}'; to remove it "
                        f"and leave those ratings out of readiness, import with --drop "
                        f"'{competency.name}'")
