"""HR's files <-> domain objects: tracks (YAML, CSV/XLSX matrix), people (CSV) and exports.

Pure file conversion: nothing here touches the database. Problems raise ImportFailed."""

from __future__ import annotations

from pathlib import Path

from bot.model import Track
from storage.records import ImportFailed, PersonRecord
from storage.trackfiles.csvtext import decode, read_bytes
from storage.trackfiles.export import ExportResult, export_tracks, matrix_problems, tracks_yaml
from storage.trackfiles.matrix_tracks import load_csv, load_xlsx
from storage.trackfiles.people_csv import load_people as _load_people
from storage.trackfiles.yaml_tracks import parse_tracks

__all__ = ["ExportResult", "export_tracks", "load_people", "load_tracks", "matrix_problems",
           "tracks_yaml"]

TRACK_EXTENSIONS = (".yaml", ".yml", ".csv", ".xlsx")


def load_tracks(path: str | Path, track_name: str | None = None,
                notes: list[str] | None = None) -> list[Track]:
    """Every track in the file at `path`, checked, chosen by its extension.

    `track_name` names the track of a CSV file or single-sheet workbook; YAML files name
    their own tracks. Raises ImportFailed naming the file (and line/row) on any problem.
    What was skipped (a title row, a notes sheet) is added to `notes`."""
    path = Path(path)
    source = str(path)
    suffix = path.suffix.lower()
    if suffix in (".yaml", ".yml"):
        if track_name:
            raise ImportFailed(source, "--track only applies to CSV and XLSX files; a YAML "
                                       "file names its tracks with `track:`")
        return parse_tracks(decode(read_bytes(path, source), source), source)
    if suffix == ".csv":
        return load_csv(path, source, track_name, notes)
    if suffix == ".xlsx":
        return load_xlsx(path, source, track_name, notes)
    hint = " (save it as .xlsx)" if suffix in (".xls", ".ods", ".numbers") else ""
    raise ImportFailed(source, f"unknown kind of track file '{suffix or path.name}'{hint}; "
                               f"use {', '.join(TRACK_EXTENSIONS)}")


def load_people(path: str | Path) -> list[PersonRecord]:
    """The people in a CSV file, checked as far as possible without the database."""
    path = Path(path)
    if path.suffix.lower() != ".csv":
        raise ImportFailed(str(path), "people are loaded from a .csv file "
                                      "(email,name,manager_email,track,level,team,role)")
    return _load_people(path, str(path))
