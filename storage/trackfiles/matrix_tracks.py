"""Career tracks from a spreadsheet matrix (CSV, or XLSX with one sheet per track).

Column `Competency` (an optional `ID` column before or after it, an optional `Description`
column), then one column per level (header = level title, lowest first, each level after the
previous one). One row per competency; a title may sit above the header."""

from __future__ import annotations

import re
import zipfile
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

from bot.model import Competency, Level, Track
from bot.text import clean, csv_unquote
from bot.tracks.rules import slugify, validate
from storage.import_problems import Problems
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


def parse_matrix(rows: Rows, name: str, source: str, notes: list[str] | None = None) -> Track:
    """One track from spreadsheet rows (row number, cells); ImportFailed names the row and
    column, with every problem of the rows found (up to 50). Rows above the header (a title)
    are skipped, said in `notes`."""
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
    at = header_index(rows)
    if at and notes is not None:
        above = rows[:at]
        span = f"row {above[0][0]}" if len(above) == 1 else f"rows {above[0][0]}-{above[-1][0]}"
        title = " ".join(cell for cell in above[0][1] if cell)[:60]
        notes.append(f"{source}: skipped {span} above the header ('{title}')")
    rows = rows[at or 0:]
    header_row, header = rows[0]
    columns = _lead_columns(header, header_row, source)
    problems = Problems()  # the header's and every row's problems, reported together
    placed = _levels(header, header_row, source, rows, len(columns), problems)
    levels = [level for _, level in placed]
    competencies: list[Competency] = []
    seen: dict[str, int] = {}
    for number, cells in rows[1:]:
        with problems.collecting():
            competencies.append(_competency(cells, number, columns, placed, seen, source))
    problems.check()
    if not competencies:
        raise _fail(source, "no competencies below the header; add one row per competency",
                    header_row)
    track = Track(slugify(name), name.strip(), "", tuple(levels), tuple(competencies))
    found = validate(track)
    if found:  # cannot happen after the checks above; kept as a guard against drift
        raise ImportFailed(source, found[0])
    return track


_LEAD = ("competency", "id", "description")
_TITLE_ROWS = 5  # a title (and a line of notes) may sit above the header


def header_index(rows: Rows) -> int | None:
    """Which of the first rows is the header (it has a `Competency` column among the first
    three), or None."""
    for index, (_, cells) in enumerate(rows[:_TITLE_ROWS + 1]):
        if "competency" in (cell.casefold() for cell in cells[:3]):
            return index
    return None


def column_letter(index: int) -> str:
    """A column as a spreadsheet names it: 0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(ord("A") + rest) + letters
    return letters


def _fail(source: str, message: str, row: int) -> ImportFailed:
    return ImportFailed(source, message, row, unit="row")


def _lead_columns(header: list[str], row: int, source: str) -> dict[str, int]:
    """Where Competency, and the optional ID and Description, are: the first columns."""
    columns: dict[str, int] = {}
    for index, cell in enumerate(header):
        if cell.casefold() not in _LEAD or cell.casefold() in columns:
            break
        columns[cell.casefold()] = index
    if "competency" not in columns:
        if "email" in (cell.casefold() for cell in header):
            raise _fail(source, "this looks like a people file (it has an 'email' column); "
                                "import it as people, not as tracks", row)
        raise _fail(source, f"the first column should be headed 'Competency', not '{header[0]}' "
                            "(an 'ID' column may come before it)", row)
    return columns


def _levels(header: list[str], row: int, source: str, rows: Rows, first: int,
            problems: Problems) -> list[tuple[int, Level]]:
    """Each level column (its index, the level); problems with titles go to `problems`."""
    # Spreadsheets often carry empty trailing columns; only a column with content needs a title.
    width = max(len(cells) for _, cells in rows)
    used = [i for i in range(first, width)
            if (i < len(header) and header[i]) or any(i < len(c) and c[i] for _, c in rows)]
    levels: list[tuple[int, Level]] = []
    columns: dict[str, tuple[int, str]] = {}  # level id -> (column index, title)
    for index in range(first, (max(used) + 1) if used else first):
        title = header[index] if index < len(header) else ""
        letter = column_letter(index)
        level_id = slugify(title)
        if not title:
            problems.add(_fail(source, f"column {letter} has content but no level title", row))
        elif not level_id:
            problems.add(_fail(source, f"the level title '{title}' (column {letter}) has no "
                                       "letters or digits", row))
        elif level_id in columns:
            column, other = columns[level_id]
            clash = (f"the level title '{title}' is in columns {column_letter(column)} and "
                     f"{letter}" if other == title else f"the level titles '{other}' (column "
                     f"{column_letter(column)}) and '{title}' (column {letter}) give the same "
                     f"level id '{level_id}'")
            problems.add(_fail(source, f"{clash}; each level needs its own title", row))
        else:
            columns[level_id] = (index, title)
            levels.append((index, Level(level_id, title, levels[-1][1].id if levels else None)))
    if not levels and not problems:
        raise _fail(source, "no level columns: after 'Competency' (and 'ID', 'Description') "
                            "put one column per level, lowest first", row)
    return levels


def _competency(cells: list[str], number: int, columns: dict[str, int],
                levels: list[tuple[int, Level]],
                seen: dict[str, int], source: str) -> Competency:
    def cell(name: str) -> str:
        index = columns.get(name)
        return cells[index] if index is not None and index < len(cells) else ""

    comp_name, given_id = cell("competency"), cell("id")
    letter = column_letter(columns["competency"])
    if not comp_name:
        raise _fail(source, f"this row has expectations but no competency name (column "
                            f"{letter})", number)
    comp_id = given_id or slugify(comp_name)
    if not comp_id:
        raise _fail(source, f"the competency name '{comp_name}' (column {letter}) has no "
                            "letters or digits; give it an id in an ID column", number)
    if comp_id in seen:
        what = f"the id '{comp_id}'" if given_id else f"competency '{comp_name}'"
        raise _fail(source, f"{what} is listed twice (first on row {seen[comp_id]})", number)
    seen[comp_id] = number
    expectations = {}
    for column, level in levels:
        bullets = split_bullets(cells[column]) if column < len(cells) else ()
        if bullets:  # an empty cell means "no new expectation at this level"
            expectations[level.id] = bullets
    return Competency(comp_id, comp_name, cell("description"), expectations)


def load_csv(path: Path, source: str, track_name: str | None = None,
             notes: list[str] | None = None) -> list[Track]:
    """The track in a CSV matrix, named by `track_name` or the file name."""
    records = read_records(path, source)
    rows = [(index, cells) for index, (_, cells) in enumerate(records, start=1)]
    return [parse_matrix(rows, track_name or name_from_file(path.stem), source, notes)]


def load_xlsx(path: Path, source: str, track_name: str | None = None,
              notes: list[str] | None = None) -> list[Track]:
    """One track per sheet with a `Competency` header, named by the sheet (or `track_name`
    for a single one). Other sheets beside tracks (notes, lookups) are skipped, said in
    `notes`; every problem of every sheet is reported at once."""
    from openpyxl import load_workbook  # imported here: only XLSX imports pay for it

    data = read_bytes(path, source)
    if not zipfile.is_zipfile(path):
        hint = " (an old .xls? save it as .xlsx)" if data.startswith(b"\xd0\xcf\x11\xe0") else ""
        raise ImportFailed(source, f"this is not an Excel .xlsx workbook{hint}")
    try:
        book = load_workbook(path, read_only=False, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for damaged files
        raise ImportFailed(source, f"cannot open the workbook ({exc})") from None
    sheets: list[tuple[str, Rows]] = []
    for sheet in book.worksheets:
        cells = [(number, [_cell_text(v) for v in values]) for number, values in
                 enumerate(sheet.iter_rows(min_row=1, values_only=True), start=1)]
        if any(any(texts) for _, texts in cells):
            sheets.append((str(sheet.title), cells))
    book.close()
    if not sheets:
        raise ImportFailed(source, "every sheet is empty")
    tracks_in = _track_sheets(sheets, source, notes)
    if track_name and len(tracks_in) > 1:
        names = ", ".join(title for title, _ in tracks_in)
        raise ImportFailed(source, f"--track names one track, but the workbook has "
                                   f"{len(tracks_in)} sheets ({names}); each sheet is a track "
                                   "named after the sheet")
    problems = Problems()
    tracks: list[Track] = []
    for title, rows in tracks_in:
        with problems.collecting():
            track = parse_matrix(rows, track_name or title, f"{source}, sheet '{title}'", notes)
            if any(t.id == track.id for t in tracks):
                raise ImportFailed(source, f"two sheets give the same track id '{track.id}'")
            tracks.append(track)
    problems.check()
    return tracks


def _track_sheets(sheets: Sequence[tuple[str, Rows]], source: str,
                  notes: list[str] | None) -> Sequence[tuple[str, Rows]]:
    """The sheets holding a track. Workbooks often carry a notes or lookup sheet beside the
    tracks: beside at least one track, a sheet without a `Competency` header is skipped."""
    tracks = [(title, rows) for title, rows in sheets
              if header_index([(n, c) for n, c in rows if any(c)]) is not None]
    if not tracks or len(sheets) == 1:
        return sheets
    for title, _ in sheets:
        if all(title != kept for kept, _ in tracks) and notes is not None:
            notes.append(f"{source}: skipped sheet '{title}' (no 'Competency' header, so not "
                         "a track)")
    return tracks


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return clean(str(value))
