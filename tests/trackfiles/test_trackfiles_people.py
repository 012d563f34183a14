"""People CSV: columns, defaults, normalisation and every row error with its line."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.model import Role
from storage.records import ImportFailed, PersonRecord
from storage.trackfiles import load_people
from tests.trackfiles.checks import assert_import_fails

HEADER = "email,name,manager_email,track,level,team,role"


def write(tmp_path: Path, text: str, name: str = "people.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_people_with_defaults_and_optional_columns(tmp_path: Path) -> None:
    text = (
        "Email, Name ,Manager Email,Track,Level,Team,Role,Time Zone,slack-id,teams_id\n"
        " Ada@Example.COM ,Ada Lovelace,,software-engineering,Senior Software Engineer,"
        "Platform,Manager,europe/london,U123,29:abc\n"
        "\n"
        "bob@example.com,Bob,ADA@example.com,Software Engineering,se1,Platform,,,,\n"
        "hr@example.com,Helen,,,,,hr,America/New_York,,\n"
    )
    with pytest.raises(ImportFailed, match="unknown column 'Time Zone'"):
        load_people(write(tmp_path, text))
    ada, bob, helen = load_people(write(tmp_path, text.replace("Time Zone", "timezone")))
    assert ada == PersonRecord(
        line=2, email="ada@example.com", name="Ada Lovelace", manager_email=None,
        track="software-engineering", level="Senior Software Engineer", team="Platform",
        role=Role.MANAGER, timezone="Europe/London", slack_id="U123", teams_id="29:abc")
    assert (bob.line, bob.manager_email, bob.role, bob.timezone) == (
        4, "ada@example.com", Role.EMPLOYEE, "UTC")
    assert (bob.slack_id, bob.teams_id) == (None, None)
    assert (helen.track, helen.level, helen.team, helen.role) == ("", "", "", Role.HR)


def test_line_numbers_follow_the_file_and_bom_is_ignored(tmp_path: Path) -> None:
    text = f"{HEADER}\r\na@example.com,\"Ann\r\nSmith\",,,,,\r\nb@example.com,B,,,,,\r\n"
    first, second = load_people(write(tmp_path, text, encoding="utf-8-sig"))
    assert (first.line, first.name, second.line) == (2, "Ann Smith", 4)


def test_windows_1252_names(tmp_path: Path) -> None:
    [person] = load_people(write(tmp_path, f"{HEADER}\nz@example.com,Zoë Müller,,,,,\n",
                                 encoding="cp1252"))
    assert person.name == "Zoë Müller"


BAD = [
    ("", None, "the file is empty"),
    ("email,name,track,level\n", 1, "missing columns: manager_email, team, role"),
    (f"{HEADER},department\n", 1, "unknown column 'department'"),
    (f"{HEADER},Email\n", 1, "the column 'email' appears twice"),
    (f"{HEADER}\n,Ann,,,,,\n", 2, "the email is empty"),
    (f"{HEADER}\nann.example.com,Ann,,,,,\n", 2, "'ann.example.com' is not an email address"),
    (f"{HEADER}\nann@example,Ann,,,,,\n", 2, "'ann@example' is not an email address"),
    (f"{HEADER}\nann@example.com,,,,,,\n", 2, "ann@example.com has no name"),
    (f"{HEADER}\nann@example.com,Ann,boss,,,,\n", 2,
     "the manager email 'boss' is not an email address"),
    (f"{HEADER}\nann@example.com,Ann,ANN@example.com,,,,\n", 2,
     "ann@example.com is listed as their own manager"),
    (f"{HEADER}\nann@example.com,Ann,,,se1,,\n", 2, "has a level ('se1') but no track"),
    (f"{HEADER}\nann@example.com,Ann,,,,,boss\n", 2,
     "the role 'boss' is not one of employee, manager, hr"),
    (f"{HEADER},timezone\nann@example.com,Ann,,,,,,Mars/Olympus\n", 2,
     "'Mars/Olympus' is not a known time zone"),
    (f"{HEADER},timezone\nann@example.com,Ann,,,,,,../../etc/passwd\n", 2,
     "is not a known time zone"),
    (f"{HEADER}\na@example.com,A,,,,,\n\nA@Example.com,A2,,,,,\n", 4,
     "a@example.com is listed twice (first on line 2)"),
    (f"{HEADER}\na@example.com,\"A,,,,,\n", 2, "the CSV is malformed"),
]


@pytest.mark.parametrize(("text", "line", "message"), BAD,
                         ids=[f"{i}-{m[:30]}" for i, (_, _, m) in enumerate(BAD)])
def test_bad_people_file_names_file_line_and_problem(tmp_path: Path, text: str,
                                                     line: int | None, message: str) -> None:
    assert_import_fails(load_people, write(tmp_path, text), line, message)


def test_people_must_be_a_csv_file(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="people are loaded from a .csv file"):
        load_people(write(tmp_path, "x", name="people.xlsx"))
    with pytest.raises(ImportFailed, match="file not found"):
        load_people(tmp_path / "nobody.csv")
