"""Files HR mixes up: a people file given as a track, a workbook with a notes sheet, the same
level title twice. Each error says what to do, not only what is wrong."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook

from storage.trackfiles import load_people, load_tracks
from tests.trackfiles.checks import assert_import_fails


def test_a_people_file_given_as_a_track_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "people.csv"
    path.write_text("email,name,manager_email,track,level,team,role\n"
                    "ada@example.com,Ada,,,,Core,\n")
    assert_import_fails(load_tracks, path, 1, "this looks like a people file", unit="row")


def test_a_notes_sheet_beside_the_tracks_is_skipped_and_said(tmp_path: Path) -> None:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Sales"
    sheet.append(["Competency", "Rep", "Senior Rep"])
    sheet.append(["Closing", "Closes small deals", "Closes big deals"])
    book.create_sheet("Notes")["A1"] = "Draft v2 - do not share"
    path = tmp_path / "tracks.xlsx"
    book.save(path)
    notes: list[str] = []
    assert [t.name for t in load_tracks(path, notes=notes)] == ["Sales"]
    assert notes == [f"{path}: skipped sheet 'Notes' (no 'Competency' header, so not a track)"]


def test_a_level_title_written_twice_names_both_columns(tmp_path: Path) -> None:
    path = tmp_path / "t.csv"
    path.write_text("Competency,Engineer,Engineer\nCraft,a,b\n")
    assert_import_fails(load_tracks, path, 1,
                        "the level title 'Engineer' is in columns B and C", unit="row")


def test_a_track_matrix_given_as_people_is_recognised(tmp_path: Path) -> None:
    path = tmp_path / "support.csv"
    path.write_text("Competency,Agent,Senior Agent\nEmpathy,Listens,Coaches\n")
    assert_import_fails(load_people, path, 1, "this looks like a track matrix")
