"""Tracks written back as YAML, CSV or XLSX, so that importing the files gives the same tracks.

A matrix (CSV/XLSX) only holds a straight line of levels whose ids are the slugs of their
titles; tracks it cannot hold exactly are written as YAML instead, with a note saying why."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from bot.model import Competency, Track
from bot.text import csv_row
from bot.tracks.rules import slugify
from storage.trackfiles.bullets import join_bullets, split_bullets, survives_cell
from storage.trackfiles.matrix_tracks import name_from_file

Format = Literal["yaml", "csv", "xlsx"]
_YAML_HEADER = ("# Career tracks exported by careerbot. Levels are listed lowest first; a level\n"
                "# follows the one above it unless `after:` says otherwise.\n")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_FILE_FORBIDDEN = re.compile(r'[<>:"/\\|?*\x00-\x1f]')


@dataclass
class ExportResult:
    """The files written and notes for HR (tracks sent to YAML, details a matrix leaves out)."""

    files: list[Path] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def export_tracks(tracks: list[Track], fmt: Format, dest: Path) -> ExportResult:
    """Write `tracks` in `fmt`: YAML and XLSX to the file `dest`, CSV into the folder `dest`
    (one `<track>.csv` per track). Overwrites existing files; writes nothing for no tracks."""
    if not tracks:
        raise ValueError("there are no tracks to export")
    if fmt == "yaml":
        dest.write_text(tracks_yaml(tracks), encoding="utf-8")
        return ExportResult([dest])
    result = ExportResult()
    straight: list[Track] = []
    for track in tracks:
        problems = matrix_problems(track, fmt)
        if problems:
            result.notes.append(f"'{track.name}' is written as YAML: {'; '.join(problems)}")
            if fmt == "csv":
                dest.mkdir(parents=True, exist_ok=True)
                result.files.append(_write(dest / f"{track.id}.yaml", tracks_yaml([track])))
        else:
            straight.append(track)
            if track.description:
                result.notes.append(f"'{track.name}': the track description is not part of "
                                    "a matrix and is left out")
    if fmt == "csv":
        dest.mkdir(parents=True, exist_ok=True)
        for track in straight:
            stem = csv_stem(track) or track.id
            result.files.append(_write(dest / f"{stem}.csv", track_csv(track), "utf-8-sig"))
        return result
    branching = [t for t in tracks if t not in straight]
    if straight:
        write_xlsx(straight, dest)
        result.files.append(dest)
    if branching:
        result.files.append(_write(beside_workbook(dest), tracks_yaml(branching)))
    return result


def beside_workbook(workbook: Path) -> Path:
    """Where an XLSX export puts the tracks a matrix cannot hold. Not `<workbook>.yaml`: that
    is the YAML export's own default name, which the XLSX export would silently overwrite."""
    return workbook.with_name(f"{workbook.stem}-not-in-workbook.yaml")


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_text(text, encoding=encoding, newline="")
    return path


class _Flow(dict[str, Any]):
    """A mapping written on one line: `- {id: se1, title: Software Engineer I}`."""


class _Dumper(yaml.SafeDumper):
    def increase_indent(self, flow: bool = False, indentless: bool = False) -> None:
        # Indent lists under their key, as people write them by hand.
        super().increase_indent(flow, False)


_Dumper.add_representer(
    _Flow, lambda dumper, data: dumper.represent_mapping("tag:yaml.org,2002:map", data,
                                                         flow_style=True))


def tracks_yaml(tracks: list[Track]) -> str:
    """YAML that `parse_tracks` reads back as exactly `tracks` (a single track stands alone)."""
    docs = [_track_doc(t) for t in tracks]
    body = docs[0] if len(docs) == 1 else {"tracks": docs}
    return _YAML_HEADER + yaml.dump(body, Dumper=_Dumper, sort_keys=False, allow_unicode=True,
                                    width=100, default_flow_style=False)


def _track_doc(track: Track) -> dict[str, Any]:
    doc: dict[str, Any] = {"track": track.name}
    if track.id != slugify(track.name):
        doc["id"] = track.id
    if track.description:
        doc["description"] = track.description
    levels = []
    afters = [lv.after for lv in track.levels]
    for index, level in enumerate(track.levels):
        item = _Flow(id=level.id, title=level.title)
        implied = track.levels[index - 1].id if index else None
        # Every path out of a branch point is spelled out, the way people write branches.
        if level.after != implied or (level.after and afters.count(level.after) > 1):
            item["after"] = level.after
        levels.append(item)
    doc["levels"] = levels
    if track.competencies:
        doc["competencies"] = [_competency_doc(track, c) for c in track.competencies]
    return doc


def _competency_doc(track: Track, comp: Competency) -> dict[str, Any]:
    doc: dict[str, Any] = {}
    if comp.id != slugify(comp.name):
        doc["id"] = comp.id
    doc["name"] = comp.name
    if comp.description:
        doc["description"] = comp.description
    expectations: dict[str, Any] = {}
    for level in track.levels:
        bullets = comp.expectations.get(level.id, ())
        if bullets:
            # One bullet reads best as plain text, unless text would be split differently.
            single = len(bullets) == 1 and split_bullets(bullets[0]) == bullets
            expectations[level.id] = bullets[0] if single else list(bullets)
    if expectations:
        doc["expectations"] = expectations
    return doc


def matrix_problems(track: Track, fmt: Format = "csv") -> list[str]:
    """Why a CSV/XLSX matrix would not import back as exactly `track` (empty when it would).

    The track description is not counted: a matrix leaves it out, and says so in a note."""
    problems: list[str] = []
    levels = track.levels
    if any(lv.after != (levels[i - 1].id if i else None) for i, lv in enumerate(levels)):
        problems.append("its levels branch, and a matrix holds one straight line of levels")
    if track.id != slugify(track.name):
        problems.append(f"its id '{track.id}' is not made from its name")
    if fmt == "csv" and csv_stem(track) is None:
        problems.append("its name cannot be written as a file name")
    if fmt == "xlsx" and not _sheet_title_ok(track.name):
        problems.append("its name cannot be a sheet name (31 characters, no []:*?/\\)")
    renamed = [lv.id for lv in levels if lv.id != slugify(lv.title)]
    if renamed:
        problems.append(f"level ids ({', '.join(renamed)}) are not made from level titles")
    if levels and levels[0].title.casefold() in ("description", "id", "competency"):
        problems.append(f"its first level is titled '{levels[0].title}'")
    if not track.competencies:
        problems.append("it has no competencies")
    for comp in track.competencies:  # ids not made from names go in an ID column
        for level_id, bullets in comp.expectations.items():
            if bullets and not survives_cell(bullets):
                problems.append(f"the '{comp.name}' text at '{level_id}' holds line breaks "
                                "or bullet markers inside a bullet")
    return problems


def csv_stem(track: Track) -> str | None:
    """A file name that `name_from_file` turns back into the track's name, if there is one."""
    for stem in (track.id, track.name):
        if stem and not _FILE_FORBIDDEN.search(stem) and name_from_file(stem) == track.name:
            return stem
    return None


def _sheet_title_ok(name: str) -> bool:
    return 0 < len(name) <= 31 and not _SHEET_FORBIDDEN.search(name) and name == name.strip() \
        and not name.startswith("'") and not name.endswith("'")


def _matrix_rows(track: Track) -> list[list[str]]:
    with_description = any(c.description for c in track.competencies)
    # A competency renamed since people rated it keeps its old id: the ID column carries it.
    with_ids = any(c.id != slugify(c.name) for c in track.competencies)
    header = (["Competency"] + (["ID"] if with_ids else [])
              + (["Description"] if with_description else []))
    rows = [header + [lv.title for lv in track.levels]]
    for comp in track.competencies:
        cells = ([comp.name] + ([comp.id] if with_ids else [])
                 + ([comp.description] if with_description else []))
        cells += [join_bullets(comp.expectations.get(lv.id, ())) for lv in track.levels]
        rows.append(cells)
    return rows


def track_csv(track: Track) -> str:
    """The track as a CSV matrix (one competency per row, one level per column)."""
    out = io.StringIO()
    # Cells that a spreadsheet would run as formulas are quoted (the import takes it off).
    csv.writer(out).writerows(csv_row(row) for row in _matrix_rows(track))
    return out.getvalue()


def write_xlsx(tracks: list[Track], path: Path) -> None:
    """A workbook with one sheet per track, named after the track."""
    from openpyxl import Workbook  # imported here: only XLSX exports pay for it
    from openpyxl.styles import Alignment, Font

    book = Workbook()
    book.remove(book.active)
    for track in tracks:
        sheet = book.create_sheet(title=track.name)
        for row in _matrix_rows(track):
            sheet.append(row)
        for cells in sheet.iter_rows():
            for cell in cells:
                # Text that starts with "=" is an expectation, not a formula.
                cell.data_type = "s"
                cell.alignment = Alignment(wrap_text=True, vertical="top")
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for column in sheet.columns:
            sheet.column_dimensions[column[0].column_letter].width = 40
        sheet.freeze_panes = "B2"
    book.save(path)
