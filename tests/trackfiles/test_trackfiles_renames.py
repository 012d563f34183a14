"""Tracks change over time (issue 12): renaming a competency in a spreadsheet and importing it
again must keep everyone's ratings and readiness, through an id column, `--rename OLD=NEW` or a
YAML `id:`; a change that would orphan ratings is refused naming the people, nothing changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest
from openpyxl import Workbook

from bot.model import Role
from bot.readiness.rules import summarize
from bot.tracks.rules import rated_competencies
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.records import ImportFailed, PersonRecord
from storage.trackfiles import load_tracks
from tests.sql_repo import SqlRepo
from tests.storage.seed import dump

AT = datetime(2026, 5, 4, 9, 0, tzinfo=UTC)
LEVELS = ["Engineer", "Senior Engineer"]
COMPETENCIES = {"Ownership": "Owns it.", "SQL & tooling": "Writes SQL.",
                "Communication": "Writes well.", "Testing": "Tests well."}
SCORES = {"ownership": 4, "sql-tooling": 3, "communication": 4, "testing": 3}


def workbook(path: Path, names: dict[str, str], ids: list[str] | None = None) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Backend"
    sheet.append((["ID"] if ids else []) + ["Competency", *LEVELS])
    for index, (name, text) in enumerate(names.items()):
        sheet.append(([ids[index]] if ids else []) + [name, "", text])
    book.save(path)
    return path


def renamed(names: dict[str, str]) -> dict[str, str]:
    return {("SQL and tooling" if name == "SQL & tooling" else name): text
            for name, text in names.items()}


@pytest.fixture
async def rated(db: Database, repo: SqlRepo, tmp_path: Path) -> Database:
    """The Backend track, Ana (engineer) who rated herself against senior, and Bo unrated."""
    await import_tracks(db, load_tracks(workbook(tmp_path / "backend.xlsx", COMPETENCIES)),
                        "backend.xlsx", at=AT)
    people = [PersonRecord(line=n, email=f"{name.lower()}@example.com", name=f"{name} Example",
                           manager_email=None, track="backend", level="engineer", team="core",
                           role=Role.EMPLOYEE) for n, name in ((2, "Ana"), (3, "Bo"))]
    await import_people(db, people, "people.csv")
    ana = await repo.person_by_email("ana@example.com")
    assert ana is not None
    rating = await repo.start_assessment(ana.id, ana.id, "backend", "senior-engineer", AT)
    for competency, score in SCORES.items():
        await repo.set_score(rating.id, competency, score, AT)
    await repo.complete_assessment(rating.id, AT)
    return db


async def readiness(repo: SqlRepo) -> tuple[int | None, dict[str, int | None]]:
    """Ana's readiness for Senior Engineer as `next` shows it, and the scores that count."""
    ana = await repo.person_by_email("ana@example.com")
    track = await repo.track("backend")
    assert ana is not None and track is not None
    latest = await repo.latest_assessment(ana.id, ana.id)
    assert latest is not None
    counted = rated_competencies(track, "senior-engineer")
    return (summarize(latest.scores, counted).percent,
            {cid: latest.scores.get(cid) for cid in counted})


async def test_a_rename_without_an_id_is_refused_naming_the_people(
        rated: Database, repo: SqlRepo, tmp_path: Path) -> None:
    before, before_scores = await readiness(repo)
    assert before == 62  # the example
    tracks = load_tracks(workbook(tmp_path / "backend.xlsx", renamed(COMPETENCIES)))
    snapshot = await dump(rated)
    with pytest.raises(ImportFailed) as failure:
        await import_tracks(rated, tracks, "backend.xlsx")
    message = str(failure.value)
    assert "'SQL & tooling'" in message and "Ana Example" in message
    assert "Bo Example" not in message  # only the people with ratings on it
    assert "--rename 'SQL & tooling=SQL and tooling'" in message  # how to map it
    assert await dump(rated) == snapshot
    assert await readiness(repo) == (before, before_scores)


async def test_rename_option_keeps_ratings_and_readiness(
        rated: Database, repo: SqlRepo, tmp_path: Path) -> None:
    before = await readiness(repo)
    tracks = load_tracks(workbook(tmp_path / "backend.xlsx", renamed(COMPETENCIES)))
    report = await import_tracks(rated, tracks, "backend.xlsx",
                                 renames=[("SQL & tooling", "SQL and tooling")])
    assert "1 competency renamed (sql-tooling: 'SQL & tooling' -> 'SQL and tooling')" \
        in report.lines()[0]
    track = await repo.track("backend")
    assert track is not None and track.competency("sql-tooling") is not None
    assert track.competency("sql-tooling").name == "SQL and tooling"  # type: ignore[union-attr]
    assert await readiness(repo) == before


async def test_an_id_column_keeps_ratings_and_readiness(
        rated: Database, repo: SqlRepo, tmp_path: Path) -> None:
    before = await readiness(repo)
    ids = list(SCORES)
    tracks = load_tracks(workbook(tmp_path / "backend.xlsx", renamed(COMPETENCIES), ids))
    await import_tracks(rated, tracks, "backend.xlsx")
    assert await readiness(repo) == before


async def test_a_yaml_id_keeps_ratings(rated: Database, repo: SqlRepo, tmp_path: Path) -> None:
    before = await readiness(repo)
    comps = "\n".join(f"  - {{id: {cid}, name: '{name}', expectations: {{senior-engineer: x}}}}"
                      for cid, name in zip(SCORES, renamed(COMPETENCIES), strict=True))
    path = tmp_path / "backend.yaml"
    path.write_text("track: Backend\nlevels:\n  - {id: engineer, title: Engineer}\n"
                    "  - {id: senior-engineer, title: Senior Engineer}\n"
                    f"competencies:\n{comps}\n")
    await import_tracks(rated, load_tracks(path), str(path))
    assert await readiness(repo) == before


async def test_removing_a_rated_competency_needs_drop(
        rated: Database, repo: SqlRepo, tmp_path: Path) -> None:
    fewer = {name: text for name, text in COMPETENCIES.items() if name != "Testing"}
    tracks = load_tracks(workbook(tmp_path / "backend.xlsx", fewer))
    with pytest.raises(ImportFailed, match="Ana Example"):
        await import_tracks(rated, tracks, "backend.xlsx")
    report = await import_tracks(rated, tracks, "backend.xlsx", drops=["Testing"])
    assert "1 competency removed (testing)" in report.lines()[0]


@pytest.mark.parametrize(("renames", "problem"), [
    ([("Nope", "SQL and tooling")], "--rename 'Nope=SQL and tooling': track 'Backend' had no "
                                    "competency 'Nope'"),
    ([("SQL & tooling", "Nope")], "--rename 'SQL & tooling=Nope': the file's track 'Backend' "
                                  "has no competency 'Nope'"),
])
async def test_a_rename_that_matches_nothing_is_refused(
        rated: Database, tmp_path: Path, renames: list[tuple[str, str]], problem: str) -> None:
    tracks = load_tracks(workbook(tmp_path / "backend.xlsx", renamed(COMPETENCIES)))
    snapshot = await dump(rated)
    with pytest.raises(ImportFailed) as failure:
        await import_tracks(rated, tracks, "backend.xlsx", renames=renames)
    assert problem in str(failure.value)
    assert await dump(rated) == snapshot


def test_every_bad_competency_of_a_yaml_file_in_one_run(tmp_path: Path) -> None:
    path = tmp_path / "tracks.yaml"
    path.write_text("tracks:\n"
                    "  - track: A\n    levels: [{id: a1, title: A1}]\n    competencies:\n"
                    "      - {name: Craft, expectations: {a9: x}}\n"
                    "      - {nme: Typo}\n"
                    "      - {name: Fine}\n"
                    "  - track: B\n    levels: [{id: b1}]\n")
    with pytest.raises(ImportFailed) as failure:
        load_tracks(path)
    message = str(failure.value)
    assert message.startswith("3 problems, nothing was imported:")
    assert f"{path}, line 5: 'Craft' has an expectation for unknown level 'a9'" in message
    assert f"{path}, line 6: unknown key `nme` in a competency" in message
    assert f"{path}, line 9: level 'b1' has no `title`" in message
