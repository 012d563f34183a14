"""The `careerbot` command itself: help everywhere, imports that refuse bad files without
changing anything, export round trips, templates, the demo, and one-line errors.

Chat, demo and refused imports run the real console script as a subprocess; the rest run
in-process (same parsing, exit codes and database work, much faster)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import typer
from typer.testing import CliRunner

from careerbot.cli import app
from careerbot.samples import list_templates, people_file, track_files
from tests.console.cli_helpers import careerbot, dump, invoke


def subcommands(command: Any) -> dict[str, Any]:
    """A group's subcommands (typer bundles its own click, so this stays duck-typed)."""
    return dict(getattr(command, "commands", {}) or {})


def command_paths(command: Any, prefix: tuple[str, ...] = ()) -> list[tuple[str, ...]]:
    paths = [prefix]
    for name, sub in subcommands(command).items():
        paths.extend(command_paths(sub, (*prefix, name)))
    return paths


ALL_COMMANDS = command_paths(typer.main.get_command(app))


def test_the_documented_commands_exist() -> None:
    for path in [("chat",), ("demo",), ("db", "upgrade"), ("import", "tracks"),
                 ("import", "people"), ("export", "tracks"), ("templates", "list"),
                 ("templates", "copy")]:
        assert path in ALL_COMMANDS


@pytest.mark.parametrize("path", ALL_COMMANDS, ids=lambda p: " ".join(p) or "careerbot")
def test_every_command_has_help(path: tuple[str, ...]) -> None:
    result = CliRunner().invoke(app, [*path, "--help"])
    assert result.exit_code == 0, result.output
    assert "Usage:" in result.output
    command = typer.main.get_command(app)
    for name in path:
        command = subcommands(command)[name]
    assert (command.help or "").strip(), f"careerbot {' '.join(path)} has no help text"


def test_the_console_script_runs(tmp_path: Path) -> None:
    done = careerbot("--help", db=None, cwd=tmp_path)
    assert done.code == 0 and "chat" in done.out and "import" in done.out


BAD_AFTER = """track: Broken
levels:
  - {id: one, title: One}
  - {id: two, title: Two, after: nowhere}
competencies:
  - name: Ownership
    expectations: {one: Does things.}
"""


def test_a_bad_track_file_names_file_and_line_and_changes_nothing(seeded: Path) -> None:
    bad = seeded.parent / "broken.yaml"
    bad.write_text(BAD_AFTER, encoding="utf-8")
    before = dump(seeded)
    # A good file alongside the bad one must not be imported either: all-or-nothing.
    done = careerbot("import", "tracks", str(track_files()[0]), str(bad), db=seeded,
                     cwd=seeded.parent)
    assert done.code == 1
    assert done.err.startswith(f"Error: {bad}, line 4:")
    assert "nowhere" in done.err and len(done.err.strip().splitlines()) == 1
    assert dump(seeded) == before


def test_a_bad_people_file_names_the_row_and_changes_nothing(seeded: Path) -> None:
    bad = seeded.parent / "people.csv"
    bad.write_text("email,name,manager_email,track,level,team,role\n"
                   "new.person@example.com,New Person,,software-engineering,se1,Core,employee\n"
                   "x@example.com,X,boss@nowhere.example,software-engineering,se1,Core,employee\n",
                   encoding="utf-8")
    before = dump(seeded)
    done = careerbot("import", "people", str(bad), db=seeded, cwd=seeded.parent)
    assert done.code == 1
    assert done.err.startswith(f"Error: {bad}") and "line 3" in done.err
    assert "boss@nowhere.example" in done.err and "Traceback" not in done.err
    assert dump(seeded) == before


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fresh working folder for in-process commands."""
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_a_missing_file_is_one_clear_line(here: Path) -> None:
    done = invoke("import", "tracks", "nope.yaml", db=here / "db.db")
    assert (done.code, done.err) == (1, "Error: no such file: nope.yaml\n")
    assert not (here / "db.db").exists()


def test_import_prints_what_changed_and_reimport_is_unchanged(here: Path) -> None:
    db = here / "careerbot.db"
    first = invoke("import", "tracks", *map(str, track_files()), db=db)
    assert first.code == 0, first.err
    assert "Added track 'Software Engineering' (software-engineering)" in first.out
    again = invoke("import", "tracks", *map(str, track_files()), db=db)
    assert "Track 'Software Engineering' is unchanged." in again.out
    people = invoke("import", "people", str(people_file()), db=db)
    assert people.code == 0 and "16 added, 0 updated, 0 unchanged" in people.out


def test_csv_track_name_comes_from_the_option(here: Path) -> None:
    csv = next(p for p in track_files() if p.suffix == ".csv")
    done = invoke("import", "tracks", str(csv), "--track", "Support Heroes",
                  db=here / "careerbot.db")
    assert done.code == 0, done.err
    assert "Added track 'Support Heroes'" in done.out
    both = invoke("import", "tracks", str(csv), str(csv), "--track", "X", db=here / "x.db")
    assert both.code == 1 and "--track names the track of a single file" in both.err


@pytest.mark.parametrize("fmt", ["yaml", "csv", "xlsx"])
def test_export_round_trips_through_the_cli(seeded_template: Path, here: Path,
                                            fmt: str) -> None:
    original = here / "original.yaml"
    done = invoke("export", "tracks", "--format", "yaml", "--out", str(original),
                  db=seeded_template)
    assert done.code == 0, done.err
    done = invoke("export", "tracks", "--format", fmt, "--out", str(here / "export"),
                  db=seeded_template)
    assert done.code == 0, done.err
    written = [Path(line.removeprefix("Wrote ")) for line in done.out.splitlines()
               if line.startswith("Wrote ")]
    assert written and all(path.exists() for path in written)
    fresh = here / "fresh.db"
    done = invoke("import", "tracks", *map(str, written), db=fresh)
    assert done.code == 0, done.err
    again = here / "again.yaml"
    assert invoke("export", "tracks", "--out", str(again), db=fresh).code == 0
    if fmt == "yaml":
        assert again.read_text() == original.read_text()
    else:  # a matrix carries no track description; everything else must survive
        assert _without_descriptions(again) == _without_descriptions(original)


def _without_descriptions(path: Path) -> list[str]:
    return [line for line in path.read_text().splitlines()
            if not line.lstrip("- ").startswith("description:")]


def test_export_default_names_and_wrong_extensions(seeded_template: Path, here: Path) -> None:
    done = invoke("export", "tracks", db=seeded_template)
    assert done.code == 0 and (here / "careerbot-tracks.yaml").exists()
    wrong = invoke("export", "tracks", "--format", "xlsx", "--out", "t.yaml", db=seeded_template)
    assert wrong.code == 1 and "does not end in .xlsx" in wrong.err
    folder = invoke("export", "tracks", "--format", "csv", "--out", "t.csv", db=seeded_template)
    assert folder.code == 1 and "names a folder" in folder.err


def test_export_of_an_empty_database_says_so(here: Path) -> None:
    db = here / "careerbot.db"
    assert invoke("db", "upgrade", db=db).code == 0
    done = invoke("export", "tracks", db=db)
    assert done.code == 1 and "no tracks to export" in done.err
    missing = invoke("export", "tracks", db=here / "missing.db")
    assert missing.code == 1 and "there is no database at" in missing.err


def test_db_upgrade_is_idempotent(here: Path) -> None:
    db = here / "careerbot.db"
    for _ in range(2):
        done = invoke("db", "upgrade", db=db)
        assert done.code == 0 and "Database schema is up to date" in done.out
    assert db.exists()


@pytest.mark.parametrize(("url", "message"), [
    ("postgresql://careerbot:secret@127.0.0.1:9/nothing", "cannot reach the database"),
    ("mysql://localhost/x", "supports sqlite and postgresql"),
    ("not a url", "is not a database URL"),
])
def test_database_problems_are_one_line_without_secrets(here: Path, url: str,
                                                        message: str) -> None:
    done = invoke("db", "upgrade", db=None, env={"DATABASE_URL": url})
    assert done.code == 1 and message in done.err
    assert len(done.err.strip().splitlines()) == 1 and "secret" not in done.err


def test_templates_list_and_copy(here: Path) -> None:
    listed = invoke("templates", "list", db=None)
    assert listed.code == 0
    for name, _ in list_templates():
        assert name in listed.out
    copied = invoke("templates", "copy", "product-design", db=None)
    assert copied.code == 0, copied.err
    assert (here / "product-design.yaml").exists()
    assert "careerbot import tracks" in copied.out
    people = invoke("templates", "copy", "people", "mine.csv", db=None)
    assert (here / "mine.csv").exists() and "careerbot import people mine.csv" in people.out
    again = invoke("templates", "copy", "product-design", db=None)
    assert again.code == 1 and "already exists" in again.err
    unknown = invoke("templates", "copy", "astronaut", db=None)
    assert unknown.code == 1 and "no template 'astronaut'" in unknown.err


def test_demo_list_seeds_a_fresh_database_and_lists_people(tmp_path: Path) -> None:
    stale = tmp_path / "careerbot-demo.db"
    stale.write_text("not a database")
    done = careerbot("demo", "--list", db=None, cwd=tmp_path)
    assert done.code == 0, done.err
    assert "sam.taylor@example.com" in done.out and "* " in done.out
    assert "careerbot demo --as EMAIL" in done.out
    assert dump(stale)  # recreated as a real database


def test_the_demo_walks_an_employee_through_a_rating(tmp_path: Path) -> None:
    done = careerbot("demo", db=None, cwd=tmp_path, stdin="next\nrate\n" + "4\n" * 12)
    assert done.code == 0, done.err
    assert "Chatting as " in done.out and "What's next for you" in done.out
    assert "How ready are you for" in done.out
    assert "Your readiness for" in done.out and "%" in done.out
    assert not (tmp_path / "careerbot.db").exists()  # the real database is never touched


def test_demo_as_someone_else_and_as_a_stranger(tmp_path: Path) -> None:
    done = careerbot("demo", "--as", "Hana.Sato@example.com", db=None, cwd=tmp_path,
                     stdin="next\n")
    assert "Chatting as Hana Sato" in done.out and "Towards" in done.out
    stranger = careerbot("demo", "--as", "who@example.com", db=None, cwd=tmp_path)
    assert stranger.code == 1 and "not one of the sample people" in stranger.err
