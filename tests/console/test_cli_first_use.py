"""Rough edges a first-time user hits with the CLI: exports that overwrite each other, template
copies that land under the wrong name, a banner before an error, half-configured Slack."""

from __future__ import annotations

from pathlib import Path

import pytest

from careerbot.cli_server import describe
from careerbot.settings import Settings
from tests.console.cli_helpers import invoke


@pytest.fixture
def here(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_an_xlsx_export_keeps_the_yaml_export_beside_it(seeded_template: Path,
                                                         here: Path) -> None:
    assert invoke("export", "tracks", db=seeded_template).code == 0
    yaml_export = (here / "careerbot-tracks.yaml").read_text()
    done = invoke("export", "tracks", "--format", "xlsx", db=seeded_template)
    assert done.code == 0, done.err
    assert (here / "careerbot-tracks.yaml").read_text() == yaml_export
    assert "Wrote careerbot-tracks-not-in-workbook.yaml" in done.out


def test_a_wrong_export_extension_reads_well(seeded_template: Path, here: Path) -> None:
    done = invoke("export", "tracks", "--format", "xlsx", "--out", "t.csv", db=seeded_template)
    assert done.code == 1 and "the extension of an xlsx file" in done.err


def test_a_template_copied_into_a_new_folder_keeps_its_name(here: Path) -> None:
    done = invoke("templates", "copy", "customer-success", "mine/", db=None)
    assert done.code == 0, done.err
    assert (here / "mine" / "customer-success.csv").is_file()
    assert "careerbot import tracks mine/customer-success.csv" in done.out


def test_a_template_copy_gets_its_format_extension(here: Path) -> None:
    wrong = invoke("templates", "copy", "product-design", "design.csv", db=None)
    assert wrong.code == 1 and "product-design is a YAML file" in wrong.err
    assert not (here / "design.csv").exists()
    bare = invoke("templates", "copy", "product-design", "design", db=None)
    assert bare.code == 0 and (here / "design.yaml").is_file()


def test_a_copied_matrix_says_where_its_track_name_comes_from(here: Path) -> None:
    done = invoke("templates", "copy", "customer-success", "support.csv", db=None)
    assert done.code == 0 and "track name comes from the file name" in done.out


def test_chat_without_a_database_shows_only_the_error(here: Path) -> None:
    done = invoke("chat", "--as", "a@example.com", db=here / "missing.db")
    assert done.code == 1 and "there is no database at" in done.err
    assert done.out == ""


def test_a_file_that_is_not_a_database_is_named_as_such(here: Path) -> None:
    (here / "notes.db").write_text("hello\n")
    done = invoke("db", "upgrade", db=here / "notes.db")
    assert done.code == 1 and "is not a SQLite database" in done.err
    assert "server is running" not in done.err


@pytest.mark.parametrize(("env", "missing"), [
    ({"SLACK_BOT_TOKEN": "xoxb-1"}, "SLACK_SIGNING_SECRET"),
    ({"SLACK_SIGNING_SECRET": "s"}, "SLACK_BOT_TOKEN"),
    ({"SLACK_APP_TOKEN": "xapp-1"}, "SLACK_BOT_TOKEN"),
])
def test_serve_names_the_missing_slack_setting(env: dict[str, str], missing: str,
                                               monkeypatch: pytest.MonkeyPatch,
                                               here: Path) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_APP_TOKEN"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    (slack_line,) = [line for line in describe(Settings(), "0.0.0.0", 3000)
                     if line.startswith("  Slack: ")]
    assert slack_line.startswith("  Slack: off") and f"{missing} is not set" in slack_line


def test_the_demo_takes_a_sample_person_by_first_name_or_email_name(here: Path) -> None:
    by_name = invoke("demo", "--as", "Priya", db=None)
    assert by_name.code == 0, by_name.err
    assert "Chatting as Priya Raman <priya.raman@example.com>" in by_name.out
    by_local_part = invoke("demo", "--as", "sam.taylor", db=None)
    assert "Chatting as Sam Taylor" in by_local_part.out
    stranger = invoke("demo", "--as", "nobody", db=None)
    assert stranger.code == 1 and "not one of the sample people" in stranger.err


def test_a_folder_given_to_import_says_how_to_name_its_files(here: Path) -> None:
    (here / "tracks").mkdir()
    done = invoke("import", "tracks", "tracks", db=here / "x.db")
    assert done.code == 1 and "tracks is a folder" in done.err
    assert "careerbot import tracks tracks/*" in done.err


def test_a_csv_export_names_old_files_it_did_not_write(seeded_template: Path,
                                                       here: Path) -> None:
    folder = here / "careerbot-tracks"
    folder.mkdir()
    (folder / "retired-track.csv").write_text("Competency,A\nC,x\n")
    done = invoke("export", "tracks", "--format", "csv", db=seeded_template)
    assert done.code == 0, done.err
    assert "retired-track.csv" in done.out and "not written by this export" in done.out


def test_db_upgrade_says_what_it_did(here: Path) -> None:
    from alembic import command
    from sqlalchemy import create_engine

    from storage.migrate import alembic_config, head_revision

    head = head_revision()
    created = invoke("db", "upgrade", db=here / "new.db")
    assert created.code == 0 and f"created at revision {head}" in created.out
    again = invoke("db", "upgrade", db=here / "new.db")
    assert "already at the newest revision" in again.out
    engine = create_engine(f"sqlite:///{here / 'old.db'}")
    with engine.begin() as connection:
        command.upgrade(alembic_config(connection=connection), "0001")
    engine.dispose()
    upgraded = invoke("db", "upgrade", db=here / "old.db")
    assert f"upgraded from revision 0001 to {head}" in upgraded.out
