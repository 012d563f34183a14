"""Issue 12 through the real `careerbot` command, on SQLite and PostgreSQL: `import --dry-run`
changes nothing and says what would change, `tracks archive` takes a track out of chat (not
while people are on it) and keeps its history, every problem of a file in one run, and the
tracks' progress bar moves per track."""

from __future__ import annotations

import asyncio
import csv
from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.reply import Reply
from careerbot import cli_data
from careerbot.samples import people_file, track_files
from storage.database import Database
from tests.console.cli_helpers import Done, invoke
from tests.console.cli_helpers import dump as cli_dump
from tests.console.test_cli_import_progress import RecordingBar
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.secret import TEST_SECRET_KEY
from tests.storage.seed import dump

MISTAKE = "Competency,Intern,Senior Intern\nCoffee,Makes coffee.,Makes good coffee.\n"


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


async def run(db_url: str, *args: str) -> Done:
    """The command in this process, off the test's event loop (the CLI runs its own)."""
    return await asyncio.to_thread(invoke, *args, db=None, env={"DATABASE_URL": db_url})


@pytest.fixture
async def loaded(db_url: str, here: Path) -> Database:
    """The sample tracks and people, loaded as HR would."""
    assert (await run(db_url, "import", "tracks", *map(str, track_files()))).code == 0
    assert (await run(db_url, "import", "people", str(people_file()))).code == 0
    return Database(db_url, secret_key=TEST_SECRET_KEY)


def text(reply: Reply) -> str:
    return " ".join(str(block) for block in reply.blocks)


def people_rows() -> list[list[str]]:
    with people_file().open(encoding="utf-8") as handle:
        return list(csv.reader(handle))


async def test_dry_runs_say_what_would_change_and_change_nothing(
        loaded: Database, db_url: str, here: Path) -> None:
    track = here / "customer-success.csv"
    sample = next(p for p in track_files() if p.suffix == ".csv").read_text(encoding="utf-8")
    track.write_text(sample.replace("Customer knowledge", "Knowing the customer"),
                     encoding="utf-8")
    rows = people_rows()
    rows[2][4] = "staff"  # Leo Martin: em -> staff
    rows.append(["new.person@example.com", "New Person", rows[1][0], "software-engineering",
                 "se1", "Platform", "employee", "UTC"])
    gone = rows.pop(5)[0]  # in the database, not in the file
    people = here / "people.csv"
    with people.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    before = await dump(loaded)

    tracks_done = await run(db_url, "import", "tracks", str(track), "--dry-run", "--rename",
                      "Customer knowledge=Knowing the customer")
    people_done = await run(db_url, "import", "people", str(people), "--dry-run")

    assert await dump(loaded) == before
    assert tracks_done.code == 0, tracks_done.err
    assert tracks_done.out.startswith("Dry run: nothing was changed.")
    assert ("1 competency renamed (customer-knowledge: 'Customer knowledge' -> "
            "'Knowing the customer')") in tracks_done.out
    assert people_done.code == 0, people_done.err
    assert "1 to add, 1 to update" in people_done.out
    assert "  add new.person@example.com" in people_done.out
    assert "  update leo.martin@example.com: level em -> staff" in people_done.out
    assert f"  not in the file (stays as is): {gone}" in people_done.out
    await loaded.close()


async def test_archive_takes_a_track_out_of_chat_and_keeps_history(
        loaded: Database, db_url: str, here: Path) -> None:
    (here / "mistake.csv").write_text(MISTAKE)
    assert (await run(db_url, "import", "tracks", "mistake.csv")).code == 0
    before = await dump(loaded)
    busy = await run(db_url, "tracks", "archive", "Software Engineering")
    assert busy.code == 1
    assert "people are still on this track: " in busy.err and "Amara Okafor" in busy.err
    assert await dump(loaded) == before

    done = await run(db_url, "tracks", "archive", "mistake")
    assert done.code == 0, done.err
    assert "Archived track 'Mistake'" in done.out
    listed = (await run(db_url, "tracks", "list")).out
    assert "Mistake (mistake): 2 levels, 1 competency, 0 people  [archived " in listed
    assert "Software Engineering (software-engineering):" in listed
    assert "[archived" not in listed.split("Mistake")[0]

    speaker = Speaker(services_on(loaded, FakeClock(datetime(2026, 5, 1, tzinfo=UTC))),
                      "amara.okafor@example.com")
    shown = text(await speaker.say("tracks"))
    assert "Software Engineering" in shown and "Mistake" not in shown
    assert "Mistake" not in text(await speaker.say("show track mistake"))

    exported = await run(db_url, "export", "tracks", "--out", "all.yaml")
    assert exported.code == 0, exported.err
    assert "track: Mistake" in (here / "all.yaml").read_text()

    rows = people_rows()
    rows[3][3], rows[3][4] = "Mistake", "Intern"
    with (here / "people.csv").open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)
    refused = await run(db_url, "import", "people", "people.csv")
    assert refused.code == 1
    assert "track 'Mistake' is archived" in refused.err

    assert (await run(db_url, "tracks", "restore", "Mistake")).code == 0
    assert "Mistake" in text(await speaker.say("tracks"))
    await loaded.close()


def test_every_problem_of_a_file_in_one_run(here: Path) -> None:
    db = here / "bot.db"
    (here / "bad.csv").write_text("Competency,L1,,L3\nCraft,x,,y\n,z\nCraft,a\n")
    done = invoke("import", "tracks", "bad.csv", db=db)
    assert done.code == 1
    assert "3 problems, nothing was imported:" in done.err
    assert "bad.csv, row 1: column C has content but no level title" in done.err
    assert "bad.csv, row 3: this row has expectations but no competency name (column A)" \
        in done.err
    assert "bad.csv, row 4: competency 'Craft' is listed twice (first on row 2)" in done.err
    people = "\n".join(["email,name,manager_email,track,level,team,role",
                        "not-an-email,A,,,,core,employee",
                        "b@example.com,,,,,core,employee",
                        "c@example.com,C,,,,core,boss"])
    (here / "people.csv").write_text(people + "\n")
    done = invoke("import", "people", "people.csv", db=db)
    assert done.code == 1
    assert "3 problems, nothing was imported:" in done.err
    for line, problem in ((2, "is not an email address"), (3, "has no name"),
                          (4, "the role 'boss'")):
        assert f"people.csv, line {line}: " in done.err and problem in done.err


def test_spreadsheet_rows_and_columns_named_as_the_spreadsheet_shows_them(here: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sales"
    sheet.append(["Sales career track 2026"])
    sheet.append(["Competency", "Rep", None, "Lead"])
    sheet.append(["Closing", "Closes deals", "orphan text", "Coaches"])
    sheet.append([None, "no name", None, None])
    sheet.append(["Closing", "again", None, None])
    book.create_sheet("Notes")["A1"] = "Draft - do not share"
    book.save(here / "tracks.xlsx")
    done = invoke("import", "tracks", "tracks.xlsx", db=here / "bot.db")
    assert done.code == 1
    assert "column C has content but no level title" in done.err
    fixed = Workbook()
    good = fixed.active
    assert good is not None
    good.title = "Sales"
    for row in (["Sales career track 2026"], [], ["Competency", "Rep", "Lead"],
                ["Closing", "Closes deals", "Coaches"]):
        good.append(row)
    fixed.create_sheet("Notes")["A1"] = "Draft - do not share"
    fixed.save(here / "tracks.xlsx")
    done = invoke("import", "tracks", "tracks.xlsx", db=here / "bot.db")
    assert done.code == 0, done.err
    assert "skipped row 1 above the header ('Sales career track 2026')" in done.out
    assert "skipped sheet 'Notes'" in done.out
    assert "Added track 'Sales' (sales): 2 levels, 1 competency." in done.out


def test_rows_after_the_header_are_all_checked(here: Path) -> None:
    (here / "bad.csv").write_text("Title of the file\nCompetency,L1\nCraft,x\n,y\nCraft,z\n")
    done = invoke("import", "tracks", "bad.csv", db=here / "bot.db")
    assert done.code == 1
    assert "2 problems, nothing was imported:" in done.err
    assert "bad.csv, row 4: this row has expectations but no competency name (column A)" \
        in done.err
    assert "bad.csv, row 5: competency 'Craft' is listed twice (first on row 3)" in done.err


def test_the_tracks_bar_moves_with_every_track(
        here: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    bar = RecordingBar()
    monkeypatch.setattr(cli_data, "rows_progress", bar)
    files = track_files()
    done = invoke("import", "tracks", *map(str, files), db=here / "bot.db")
    assert done.code == 0, done.err
    assert bar.opened == [("Writing to the database", len(files))]
    assert bar.fed == [(n, len(files)) for n in range(1, len(files) + 1)]


def test_bad_options_are_one_clear_line_and_change_nothing(here: Path) -> None:
    db = here / "bot.db"
    files = list(map(str, track_files()))
    assert invoke("import", "tracks", *files, db=db).code == 0
    before = cli_dump(db)
    for args, message in (
        (("import", "tracks", *files, "--rename", "Ownership"),
         "Error: --rename: 'Ownership' should be OLD=NEW"),
        (("import", "tracks", *files, "--rename", "Nope=Ownership"),
         "--rename 'Nope=Ownership': no track imported had a competency 'Nope'"),
        (("import", "tracks", *files, "--drop", "Nope"),
         "--drop 'Nope': no track imported had a competency by that name"),
        (("tracks", "archive", "nope"), "Error: nope: no track called that (tracks: "),
    ):
        done = invoke(*args, db=db)
        assert done.code == 1
        assert done.err.startswith("Error: ") and message in done.err, done.err
        assert "Traceback" not in done.err
    assert cli_dump(db) == before
