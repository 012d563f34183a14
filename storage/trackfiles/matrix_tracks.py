"""Career tracks from a spreadsheet matrix (CSV, or XLSX with one sheet per track).

Column 1 `Competency`, an optional `Description` column, then one column per level (header =
level title, lowest first, each level after the previous one). One row per competency."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from bot.model import Competency, Level, Track
from bot.text import clean, csv_unquote
from bot.tracks.rules import slugify, validate
from storage.records import ImportFailed
from storage.trackfiles.bullets import split_bullets
from storage.trackfiles.csvtext import read_bytes, read_records

Rows = Sequence[tuple[int, list[str]]]


def name_from_file(stem: str) -> str:
    """A track name from a file name: `product-design` -> "Product Design".

    A name already written with capitals or spaces ("UX Research") is kept as written."""
    if stem != stem.lower() or " " in stem:
        return stem.strip()
    return " ".join(word.capitalize() for word in re.split(r"[-_\s]+", stem) if word)


def parse_matrix(rows: Rows, name: str, source: str) -> Track:
    """One track from spreadsheet rows (row number, cells); ImportFailed names the row."""
    # A cell our CSV export quoted against spreadsheet formulas reads back as it was.
    stripped = [(number, [csv_unquote(cell.strip()) for cell in cells]) for number, cells in rows]
    name = clean(name)  # from a file name or --track: as typed
    rows = [(number, cells) for number, cells in stripped if any(cells)]
    if not rows:
        raise ImportFailed(source, "the file is empty; expected a header row starting with "
                                   "'Competency'")
    if not name.strip() or not slugify(name):
        raise ImportFailed(source, f"the track name '{name}' is empty or has no letters; "
                                   "name it with --track")
    header_row, header = rows[0]
    levels, first_level_column = _levels(header, header_row, source, rows)
    competencies: list[Competency] = []
    seen: dict[str, int] = {}
    for number, cells in rows[1:]:
        comp_name = cells[0] if cells else ""
        if not comp_name:
            raise _fail(source, "this row has expectations but no competency name", number)
        comp_id = slugify(comp_name)
        if not comp_id:
            raise _fail(source, f"the competency name '{comp_name}' has no letters or digits",
                        number)
        if comp_id in seen:
            raise _fail(source, f"competency '{comp_name}' is listed twice "
                                f"(first on row {seen[comp_id]})", number)
        seen[comp_id] = number
        description = cells[1] if first_level_column == 2 and len(cells) > 1 else ""
        expectations = {}
        for offset, level in enumerate(levels):
            column = first_level_column + offset
            bullets = split_bullets(cells[column]) if column < len(cells) else ()
            if bullets:  # an empty cell means "no new expectation at this level"
                expectations[level.id] = bullets
        competencies.append(Competency(comp_id, comp_name, description, expectations))
    if not competencies:
        raise _fail(source, "no competencies below the header; add one row per competency",
                    header_row)
    track = Track(slugify(name), name.strip(), "", tuple(levels), tuple(competencies))
    problems = validate(track)
    if problems:  # cannot happen after the checks above; kept as a guard against drift
        raise ImportFailed(source, problems[0])
    return track


def _fail(source: str, message: str, row: int) -> ImportFailed:
    return ImportFailed(source, message, row, unit="row")


def _levels(header: list[str], row: int, source: str, rows: Rows) -> tuple[list[Level], int]:
    if header[0].casefold() != "competency":
        if "email" in (cell.casefold() for cell in header):
            raise _fail(source, "this looks like a people file (it has an 'email' column); "
                                "import it as people, not as tracks", row)
        raise _fail(source, f"the first column should be headed 'Competency', not "
                            f"'{header[0]}'", row)
    first = 2 if len(header) > 1 and header[1].casefold() == "description" else 1
    # Spreadsheets often carry empty trailing columns; only a column with content needs a title.
    width = max(len(cells) for _, cells in rows)
    used = [i for i in range(first, width)
            if (i < len(header) and header[i]) or any(i < len(c) and c[i] for _, c in rows)]
    levels: list[Level] = []
    columns: dict[str, tuple[int, str]] = {}  # level id -> (column number, title)
    for index in range(first, (max(used) + 1) if used else first):
        title = header[index] if index < len(header) else ""
        if not title:
            raise _fail(source, f"column {index + 1} has content but no level title", row)
        level_id = slugify(title)
        if not level_id:
            raise _fail(source, f"the level title '{title}' has no letters or digits", row)
        if level_id in columns:
            column, other = columns[level_id]
            clash = (f"the level title '{title}' is in columns {column} and {index + 1}"
                     if other == title else f"the level titles '{other}' (column {column}) and "
                     f"'{title}' (column {index + 1}) give the same level id '{level_id}'")
            raise _fail(source, f"{clash}; each level needs its own title", row)
        columns[level_id] = (index + 1, title)
        levels.append(Level(level_id, title, levels[-1].id if levels else None))
    if not levels:
        raise _fail(source, "no level columns: after 'Competency' (and 'Description') put one "
                            "column per level, lowest first", row)
    return levels, first


def load_csv(path: Path, source: str, track_name: str | None = None) -> list[Track]:
    """The track in a CSV matrix, named by `track_name` or the file name."""
    records = read_records(path, source)
    rows = [(index, cells) for index, (_, cells) in enumerate(records, start=1)]
    return [parse_matrix(rows, track_name or name_from_file(path.stem), source)]


def load_xlsx(path: Path, source: str, track_name: str | None = None) -> list[Track]:
    """One track per non-empty sheet, named by the sheet (or `track_name` for a single sheet)."""
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    data = read_bytes(path, source)
    if not zipfile.is_zipfile(path):
        hint = " (an old .xls? save it as .xlsx)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise ImportFailed(source, f"this is not an Excel .xlsx workbook{hint}")
    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportFailed(source, f"cannot open the workbook ({exc})") from None
    sheets = []
    for sheet in book.worksheets:
        rows = [(number, [_cell_text(v) for v in values]) for number, values in
                enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)]
        if any(any(cells) for _, cells in rows):
            sheets.append((str(sheet.title), rows))
    book.close()
    if not sheets:
        raise ImportFailed(source, "every sheet is empty")
    if track_name and len(sheets) > 1:
        names = ", ".join(title for title, _ in sheets)
        raise ImportFailed(source, f"--track names one track, but the workbook has "
                                   f"{len(sheets)} sheets ({names}); each sheet is a track "
                                   "named after the sheet")
    tracks: list[Track] = []
    for title, rows in sheets:
        track = _sheet_track(rows, track_name or title, f"{source}, sheet '{title}'",
                             several=len(sheets) > 1)
        if any(t.id == track.id for t in tracks):
            raise ImportFailed(source, f"two sheets give the same track id '{track.id}'")
        tracks.append(track)
    return tracks


def _sheet_track(rows: Rows, name: str, source: str, *, several: bool) -> Track:
    try:
        return parse_matrix(rows, name, source)
    except ImportFailed as failed:
        if several and failed.problem.startswith("the first column should be headed"):
            # Workbooks often carry a notes or lookup sheet beside the tracks.
            raise ImportFailed(source, f"{failed.problem}; every sheet with content is read as "
                               "a track: delete this sheet or move it to another workbook",
                               failed.line, unit="row") from None
        raise


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))
