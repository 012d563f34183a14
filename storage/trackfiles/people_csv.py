"""People from HR's CSV (`email,name,manager_email,track,level,team,role` + optional
`timezone,slack_id,teams_id`), checked as far as is possible without the database."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from bot.model import Role
from storage.import_problems import Problems
from storage.records import ImportFailed, PersonRecord
from storage.trackfiles.csvtext import read_records

REQUIRED = ("email", "name", "manager_email", "track", "level", "team", "role")
OPTIONAL = ("timezone", "slack_id", "teams_id")
_EMAIL = re.compile(r"^[^@\s,;<>]+@[^@\s,;<>]+\.[^@\s,;<>.]+$")
_ROLES = {role.value: role for role in Role}


def load_people(path: Path, source: str | None = None) -> list[PersonRecord]:
    """The people in a CSV file; ImportFailed(source, problem, line) on the first bad row."""
    source = source or str(path)
    return parse_people(read_records(path, source), source)


def parse_people(records: list[tuple[int, list[str]]], source: str) -> list[PersonRecord]:
    """PersonRecords from CSV records (line, cells); the header is the first non-blank record.

    Emails are stripped and lowercased; role defaults to employee, timezone to UTC. Whether
    tracks, levels and managers exist is for the importer to check against the database."""
    records = [(line, cells) for line, cells in records if "".join(cells).strip()]
    if not records:
        raise ImportFailed(source, f"the file is empty; expected a header row: "
                                   f"{','.join(REQUIRED)}")
    header_line, header = records[0]
    columns = list(_columns(header, header_line, source).items())
    width = max(i for _, i in columns) + 1
    people: list[PersonRecord] = []
    first_line: dict[str, int] = {}
    problems = Problems()  # every bad row at once (up to 50), not one per run
    for line, cells in records[1:]:
        if len(cells) < width:  # a short row: the missing cells are empty
            cells = cells + [""] * (width - len(cells))
        # Runs of spaces and line breaks inside a cell become one space ("Ann\nSmith").
        row = {name: " ".join(cells[i].split()) for name, i in columns}
        with problems.collecting():
            person = _person(row, line, source)
            if person.email in first_line:
                raise ImportFailed(source, f"{person.email} is listed twice "
                                           f"(first on line {first_line[person.email]})", line)
            first_line[person.email] = line
            people.append(person)
    problems.check()
    return people


def _columns(header: list[str], line: int, source: str) -> dict[str, int]:
    known = REQUIRED + OPTIONAL
    if header and header[0].strip().casefold() == "competency":
        raise ImportFailed(source, "this looks like a track matrix (its first column is "
                                   "'Competency'); import it as tracks, not as people", line)
    columns: dict[str, int] = {}
    for index, raw in enumerate(header):
        # "Manager Email" and "manager-email" are read as manager_email.
        name = re.sub(r"[\s-]+", "_", raw.strip().casefold())
        if not name:
            continue
        if name not in known:
            raise ImportFailed(source, f"unknown column '{raw.strip()}' "
                                       f"(known columns: {', '.join(known)})", line)
        if name in columns:
            raise ImportFailed(source, f"the column '{name}' appears twice", line)
        columns[name] = index
    missing = [name for name in REQUIRED if name not in columns]
    if missing:
        raise ImportFailed(source, f"missing column{'s' if len(missing) > 1 else ''}: "
                                   f"{', '.join(missing)} (the header must have "
                                   f"{','.join(REQUIRED)})", line)
    return columns


def _person(row: dict[str, str], line: int, source: str) -> PersonRecord:
    def fail(message: str) -> ImportFailed:
        return ImportFailed(source, message, line)

    email = row["email"].lower()
    if not email:
        raise fail("the email is empty")
    if not _EMAIL.match(email):
        raise fail(f"'{row['email']}' is not an email address")
    if not row["name"]:
        raise fail(f"{email} has no name")
    manager = row["manager_email"].lower() or None
    if manager is not None and not _EMAIL.match(manager):
        raise fail(f"the manager email '{row['manager_email']}' is not an email address")
    if manager == email:
        raise fail(f"{email} is listed as their own manager")
    if row["level"] and not row["track"]:
        raise fail(f"{email} has a level ('{row['level']}') but no track")
    role = _ROLES.get(row["role"].casefold() or Role.EMPLOYEE.value)
    if role is None:
        raise fail(f"the role '{row['role']}' is not one of {', '.join(_ROLES)}")
    timezone = _timezone(row.get("timezone", "") or "UTC")
    if timezone is None:
        raise fail(f"'{row['timezone']}' is not a known time zone; use a name like Europe/Paris "
                   "or America/New_York")
    return PersonRecord(
        line=line, email=email, name=row["name"], manager_email=manager, track=row["track"],
        level=row["level"], team=row["team"], role=role, timezone=timezone,
        slack_id=row.get("slack_id") or None, teams_id=row.get("teams_id") or None,
    )


def _timezone(name: str) -> str | None:
    """The IANA name as the tz database spells it ("europe/paris" -> "Europe/Paris")."""
    canonical = _timezones().get(name.casefold())
    if canonical:
        return canonical
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None
    return name


@cache
def _timezones() -> dict[str, str]:
    return {name.casefold(): name for name in available_timezones()}
