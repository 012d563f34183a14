"""CSV and XLSX matrix tracks: the spreadsheet shape HR keeps, its encodings, and its errors."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.model import Level
from storage.records import ImportFailed
from storage.trackfiles import load_tracks
from tests.trackfiles.checks import assert_import_fails

MATRIX = (
    "Competency,Description,Designer I,Designer II,Senior Designer\r\n"
    "Craft,Clean work.,Uses the design system.,\"- Designs full flows.\n- Prototypes.\","
    "Improves the system.\r\n"
    "Research,,Joins interviews.,,\"* Runs studies\n• Shares findings\"\r\n"
)


def write(tmp_path: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_matrix_loads_with_bullets_and_empty_cells(tmp_path: Path) -> None:
    [track] = load_tracks(write(tmp_path, "product-design.csv", MATRIX))
    assert (track.id, track.name, track.description) == ("product-design", "Product Design", "")
    assert track.levels == (
        Level("designer-i", "Designer I", None),
        Level("designer-ii", "Designer II", "designer-i"),
        Level("senior-designer", "Senior Designer", "designer-ii"),
    )
    craft, research = track.competencies
    assert (craft.id, craft.name, craft.description) == ("craft", "Craft", "Clean work.")
    assert craft.expectations["designer-ii"] == ("Designs full flows.", "Prototypes.")
    assert research.description == ""
    assert research.expectations == {
        "designer-i": ("Joins interviews.",),
        "senior-designer": ("Runs studies", "Shares findings"),
    }


def test_track_option_names_the_track(tmp_path: Path) -> None:
    [track] = load_tracks(write(tmp_path, "export (3).csv", MATRIX), track_name="UX Team")
    assert (track.id, track.name) == ("ux-team", "UX Team")


def test_file_name_with_capitals_is_kept(tmp_path: Path) -> None:
    [track] = load_tracks(write(tmp_path, "UX Research.csv", MATRIX))
    assert track.name == "UX Research"


def test_no_description_column_and_case_insensitive_header(tmp_path: Path) -> None:
    text = "COMPETENCY,Junior,Senior,,\nCraft,Does it.,Teaches it.,,\n\n"
    [track] = load_tracks(write(tmp_path, "craft_team.csv", text))
    assert track.name == "Craft Team"
    assert [lv.id for lv in track.levels] == ["junior", "senior"]
    assert track.competencies[0].expectations == {"junior": ("Does it.",),
                                                  "senior": ("Teaches it.",)}


@pytest.mark.parametrize("encoding", ["utf-8-sig", "cp1252", "utf-16"])
def test_bom_windows_1252_and_utf16_are_read(tmp_path: Path, encoding: str) -> None:
    text = "Competency,Débutant,Confirmé\nQualité,“Soigné”,Exigeant – toujours\n"
    [track] = load_tracks(write(tmp_path, "qualite.csv", text, encoding))
    assert [lv.title for lv in track.levels] == ["Débutant", "Confirmé"]
    assert track.competencies[0].expectations["debutant"] == ("“Soigné”",)
    assert track.competencies[0].expectations["confirme"] == ("Exigeant – toujours",)


def test_semicolon_separated_csv(tmp_path: Path) -> None:
    text = "Competency;Description;L1;L2\nCraft;Makes, builds;Does it;Teaches it\n"
    [track] = load_tracks(write(tmp_path, "t.csv", text))
    assert track.competencies[0].description == "Makes, builds"


CSV_BAD = [
    ("", None, "the file is empty"),
    ("\n\n", None, "the file is empty"),
    ("Skill,L1\nCraft,x\n", 1, "the first column should be headed 'Competency', not 'Skill'"),
    ("Competency,Description\nCraft,x\n", 1, "no level columns"),
    ("Competency,L1,L1\nCraft,x,y\n", 1, "the level title 'L1' is in columns B and C"),
    ("Competency,Senior,senior!\nCraft,x,y\n", 1,
     "the level titles 'Senior' (column B) and 'senior!' (column C) give the same level id"),
    ("Competency,L1,,L3\nCraft,x,,y\n", 1, "column C has content but no level title"),
    ("Competency,L1\nCraft,x\nResearch,y\ncraft,z\n", 4,
     "competency 'craft' is listed twice (first on row 2)"),
    ("Competency,L1\nCraft,x\n,y\n", 3, "this row has expectations but no competency name"),
    ("Competency,L1,???\nCraft,x,y\n", 1,
     "the level title '???' (column C) has no letters or digits"),
    ("Competency,L1\n", 1, "no competencies below the header"),
    ("Competency,L1\nCraft,\"never closed\n", 2, "the CSV is malformed"),
    ("Competency,L1\n\nCraft,x\n\nCraft,y\n", 5, "listed twice (first on row 3)"),
]


@pytest.mark.parametrize(("text", "row", "message"), CSV_BAD,
                         ids=[f"{i}-{m[:30]}" for i, (_, _, m) in enumerate(CSV_BAD)])
def test_bad_csv_names_file_row_and_problem(tmp_path: Path, text: str, row: int | None,
                                            message: str) -> None:
    unit = "line" if "malformed" in message else "row"
    assert_import_fails(load_tracks, write(tmp_path, "bad.csv", text), row, message, unit)


@pytest.mark.parametrize(("data", "message"), [
    (b"PK\x03\x04rest-of-a-zip", "looks like an Excel workbook"),
    (b"Competency,L1\nCraft,\x00\x01\n", "binary data"),
    (b"Competency,L1\nCraft,\x81\n", "neither UTF-8 nor Windows-1252 text (byte 0x81)"),
])
def test_csv_that_is_not_text(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "t.csv"
    path.write_bytes(data)
    with pytest.raises(ImportFailed, match=re.escape(message)):
        load_tracks(path)


def test_name_without_letters_needs_track_option(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match="name it with --track"):
        load_tracks(write(tmp_path, "___.csv", MATRIX))


def workbook(path: Path, sheets: dict[str, list[list[object]]]) -> Path:
    book = Workbook()
    book.remove(book.active)
    for title, rows in sheets.items():
        sheet = book.create_sheet(title)
        for row in rows:
            sheet.append(row)
    book.save(path)
    return path


def test_xlsx_every_sheet_is_a_track(tmp_path: Path) -> None:
    path = workbook(tmp_path / "tracks.xlsx", {
        "Product Design": [["Competency", "Description", "Designer I", "Designer II"],
                           ["Craft", "Clean work.", "Uses the system.", "- Flows\n- Prototypes"],
                           [None, None, None, None]],
        "Empty": [],
        "Sales": [[None], ["competency", "Rep", "Senior Rep"],
                  ["Closing", 3, None]],
    })
    design, sales = load_tracks(path)
    assert (design.id, design.name) == ("product-design", "Product Design")
    assert design.competencies[0].expectations["designer-ii"] == ("Flows", "Prototypes")
    assert (sales.id, sales.name) == ("sales", "Sales")
    assert sales.competencies[0].expectations == {"rep": ("3",)}


def test_xlsx_single_sheet_takes_the_track_option(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", {"Sheet1": [["Competency", "L1"], ["Craft", "x"]]})
    [track] = load_tracks(path, track_name="Data Science")
    assert track.id == "data-science"


def test_xlsx_errors_name_sheet_and_row(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", {
        "Good": [["Competency", "L1"], ["Craft", "x"]],
        "Bad": [["Competency", "L1"], ["Craft", "x"], ["Craft", "y"]],
    })
    with pytest.raises(ImportFailed) as caught:
        load_tracks(path)
    assert str(caught.value) == (f"{path}, sheet 'Bad', row 3: competency 'Craft' is listed "
                                 "twice (first on row 2)")


@pytest.mark.parametrize(("sheets", "message"), [
    ({"A": [], "B": []}, "every sheet is empty"),
    ({"A": [["Competency", "L1"], ["C", "x"]], "a!": [["Competency", "L1"], ["C", "x"]]},
     "two sheets give the same track id 'a'"),
])
def test_xlsx_workbook_errors(tmp_path: Path, sheets: dict[str, list[list[object]]],
                              message: str) -> None:
    with pytest.raises(ImportFailed, match=message):
        load_tracks(workbook(tmp_path / "t.xlsx", sheets))


def test_xlsx_track_option_with_several_sheets(tmp_path: Path) -> None:
    path = workbook(tmp_path / "t.xlsx", {"A": [["Competency", "L1"], ["C", "x"]],
                                          "B": [["Competency", "L1"], ["C", "x"]]})
    with pytest.raises(ImportFailed, match=r"the workbook has 2 sheets \(A, B\)"):
        load_tracks(path, track_name="X")


@pytest.mark.parametrize(("data", "message"), [
    (b"Competency,L1\nCraft,x\n", "not an Excel .xlsx workbook"),
    (b"\xd0\xcf\x11\xe0old-excel", "an old .xls"),
    (b"PK\x05\x06" + b"\x00" * 18, "cannot open the workbook"),
])
def test_xlsx_that_is_not_a_workbook(tmp_path: Path, data: bytes, message: str) -> None:
    path = tmp_path / "t.xlsx"
    path.write_bytes(data)
    with pytest.raises(ImportFailed, match=message):
        load_tracks(path)
