"""The sample tracks and people shipped with careerbot: the demo's data and HR's templates."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from bot.model import Track
from bot.tracks.rules import next_levels
from storage.records import ImportFailed, PersonRecord
from storage.trackfiles import load_people, load_tracks

PEOPLE = "people"


class TemplateError(Exception):
    """A template that does not exist, or a copy that would overwrite a file."""


def samples_dir() -> Path:
    """The folder holding `tracks/` and `people.csv` (inside the installed package)."""
    return Path(__file__).resolve().parent


def track_files() -> list[Path]:
    """The sample track files, sorted by name."""
    folder = samples_dir() / "tracks"
    return sorted(p for p in folder.iterdir() if p.suffix in (".yaml", ".yml", ".csv"))


def people_file() -> Path:
    return samples_dir() / "people.csv"


def sample_tracks() -> list[Track]:
    """Every sample track, loaded and checked (what the demo seeds)."""
    return [track for path in track_files() for track in load_tracks(path)]


def sample_people() -> list[PersonRecord]:
    """The sample people, as the people importer takes them."""
    return load_people(people_file())


def _templates() -> dict[str, Path]:
    found = {p.stem: p for p in track_files()}
    found[PEOPLE] = people_file()
    return found


def list_templates() -> list[tuple[str, str]]:
    """(name, one-line description) of every template, tracks first, then people."""
    result: list[tuple[str, str]] = []
    for name, path in _templates().items():
        if name == PEOPLE:
            result.append((name, "Sample people for the sample tracks, with managers and "
                                 "teams (people CSV)"))
            continue
        try:
            track = load_tracks(path)[0]
        except ImportFailed as exc:  # a broken sample must not break the listing
            result.append((name, f"(cannot be read: {exc.problem})"))
            continue
        kind = "YAML" if path.suffix != ".csv" else "CSV matrix"
        forks = [lv.title for lv in track.levels if len(next_levels(track, lv.id)) > 1]
        branches = f", branches after {' and '.join(forks)}" if forks else ""
        summary = (f"{track.name} track: {len(track.levels)} levels, "
                   f"{len(track.competencies)} competencies{branches} ({kind})")
        result.append((name, summary))
    return result


KINDS = {".yaml": "YAML", ".yml": "YAML", ".csv": "CSV"}


def copy_template(name: str, dest: str | Path) -> Path:
    """Copy the template `name` (e.g. "product-design", or with its extension) to `dest`.

    `dest` may be a folder (an existing one, or a new one written with a trailing `/`; the file
    keeps its name) or a file path; a file name without an extension gets the template's, and
    one of another format is refused (the importer reads files by their extension). Never
    overwrites an existing file; returns the path written."""
    templates = _templates()
    wanted = Path(name.strip().casefold()).stem
    if wanted not in templates:
        raise TemplateError(f"there is no template '{name}'; "
                            f"choose one of: {', '.join(templates)}")
    source = templates[wanted]
    target = _target(source, wanted, str(dest))
    if target.exists():
        raise TemplateError(f"{target} already exists; choose another name or remove it first")
    if not target.parent.is_dir():
        raise TemplateError(f"the folder {target.parent} does not exist")
    shutil.copyfile(source, target)
    return target


def _target(source: Path, name: str, dest: str) -> Path:
    target = Path(dest)
    if dest.endswith(("/", os.sep)) or target.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        return target / source.name
    if not target.suffix:
        return target.with_suffix(source.suffix)
    kind = KINDS[source.suffix]
    if KINDS.get(target.suffix.lower()) != kind:
        endings = " or ".join(e for e, k in KINDS.items() if k == kind)
        raise TemplateError(f"{name} is a {kind} file; name the copy with {endings} "
                            f"(not {target.suffix})")
    return target
