"""People's text made safe where it enters and where it leaves as a file: control characters
removed from what is typed or imported, spreadsheet formulas neutralised in CSV cells."""

from __future__ import annotations

import re
from collections.abc import Iterable

# C0 controls except tab and newline, DEL, and C1 controls: ESC (terminal sequences), BEL,
# backspace, NUL and the 8-bit CSI (0x9b) among them. Carriage returns are turned into
# newlines first, so text typed on Windows keeps its line breaks.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_LINE_BREAK = re.compile(r"\r\n?")

# A spreadsheet runs a cell starting with one of these as a formula (OWASP "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def clean(text: str) -> str:
    """`text` without control characters (newline and tab kept; CR and CRLF become newline).

    Applied to everything a person types or HR imports, so no stored text can carry a terminal
    escape sequence, a bell or a NUL to anyone who later sees it."""
    return _CONTROL.sub("", _LINE_BREAK.sub("\n", text))


def csv_cell(value: object) -> object:
    """A value for a CSV cell that a spreadsheet shows as text, never runs as a formula: text
    starting with =, +, -, @, tab or CR gets a leading single quote. Numbers pass unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_row(values: Iterable[object]) -> list[object]:
    """`csv_cell` of every value of a row (for csv.writer.writerow): every CSV we write goes
    through it."""
    return [csv_cell(v) for v in values]


def csv_unquote(cell: str) -> str:
    """A cell as `csv_cell` found it: the quote it put before a formula character is taken off
    again, so an exported file imports back as it was."""
    if cell.startswith("'") and cell[1:].startswith(FORMULA_STARTS):
        return cell[1:]
    return cell
