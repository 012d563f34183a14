"""Reading CSV files as HR's tools save them: UTF-8 (with or without BOM), Windows-1252 or
UTF-16 text, separated by commas, semicolons or tabs."""

from __future__ import annotations

import csv
import io
from pathlib import Path

from bot.text import clean
from storage.records import ImportFailed

_DELIMITERS = ",;\t"


def read_bytes(path: Path, source: str) -> bytes:
    """The file's bytes, or ImportFailed when it is missing or unreadable."""
    try:
        return path.read_bytes()
    except FileNotFoundError:
        raise ImportFailed(source, "file not found") from None
    except IsADirectoryError:
        raise ImportFailed(source, "this is a folder, not a file") from None
    except OSError as exc:
        raise ImportFailed(source, f"cannot read the file ({exc.strerror})") from None


def decode(data: bytes, source: str) -> str:
    """Text of a CSV (or YAML) file, without control characters (bot.text.clean). Excel on
    Windows saves Windows-1252 unless told "CSV UTF-8", and "Unicode text" as UTF-16, so all
    three are accepted."""
    return clean(_decode(data, source))


def _decode(data: bytes, source: str) -> str:
    if data.startswith(b"PK\x03\x04"):
        raise ImportFailed(source, "this looks like an Excel workbook, not text; "
                                   "give the file an .xlsx extension")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError:
            raise ImportFailed(source, "the file says it is UTF-16 text but is not") from None
    if b"\x00" in data:
        line = data[: data.index(b"\x00")].count(b"\n") + 1
        raise ImportFailed(source, "the file contains binary data, not text", line)
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise ImportFailed(
            source,
            f"the file is neither UTF-8 nor Windows-1252 text (byte 0x{data[exc.start]:02x}); "
            "save it as UTF-8 (Excel: 'CSV UTF-8')",
            line,
        ) from None


def _delimiter(text: str) -> str:
    # Spreadsheets in many European locales save CSV with ";"; the header line decides.
    header = next((line for line in text.splitlines() if line.strip()), "")
    counts = {d: header.count(d) for d in _DELIMITERS}
    best = max(_DELIMITERS, key=lambda d: counts[d])
    return best if counts[best] else ","


def records(text: str, source: str) -> list[tuple[int, list[str]]]:
    """Every CSV record with the text line it starts on (1-based); blank lines give []."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text), strict=True)
    result: list[tuple[int, list[str]]] = []
    start = 1
    try:
        for row in reader:
            result.append((start, row))
            start = reader.line_num + 1
    except csv.Error as exc:
        raise ImportFailed(source, f"the CSV is malformed ({exc}); check for a stray or "
                                   "unclosed quote", start) from None
    return result


def read_records(path: Path, source: str) -> list[tuple[int, list[str]]]:
    """`records` of the CSV file at `path`, decoded as `decode` allows."""
    return records(decode(read_bytes(path, source), source), source)
