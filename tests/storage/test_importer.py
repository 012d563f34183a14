"""Track and people imports on both databases: good files, re-imports in place, and every
refusal, each followed by a check that the database is exactly as it was."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.events import Platform
from bot.model import Competency, Level, Role, Track
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.records import ImportFailed, PersonRecord
from tests.sample_data import ENGINEERING
from tests.sql_repo import SqlRepo
from tests.storage.seed import T0, dump

DESIGN = Track("design", "Product Design", levels=(Level("d1", "Designer"),
                                                    Level("d2", "Senior Designer", after="d1")),
               competencies=(Competency("craft", "Craft", expectations={"d1": ("Clean work.",)}),))


def rec(line: int, email: str, manager: str | None = None, track: str = "engineering",
        level: str = "se1", **kw: object) -> PersonRecord:
    fields: dict[str, object] = dict(name=email.split("@")[0].title() + " Example", team="core",
                                     role=Role.EMPLOYEE)
    fields.update(kw)
    return PersonRecord(line=line, email=email, manager_email=manager, track=track, level=level,
                        **fields)  # type: ignore[arg-type]


PEOPLE = [
    rec(2, "Boss@Example.com", track="Software Engineering", level="senior software engineer",
        slack_id="UBOSS"),
    rec(3, "pat@example.com", "boss@example.com", level="SE1", teams_id="29:pat"),
    rec(4, "dee@example.com", "boss@example.com", track="DESIGN", level="Senior Designer",
        role=Role.HR, timezone="Europe/Paris"),
]


@pytest.fixture
async def loaded(db: Database) -> Database:
    await import_tracks(db, [ENGINEERING, DESIGN], "tracks.yaml", at=T0)
    await import_people(db, PEOPLE, "people.csv")
    return db


async def refused(db: Database, action: object, *message_parts: str) -> ImportFailed:
    """Runs the import expecting ImportFailed, and checks nothing changed in the database."""
    before = await dump(db)
    with pytest.raises(ImportFailed) as failure:
        await action  # type: ignore[misc]
    for part in message_parts:
        assert part in str(failure.value)
    assert await dump(db) == before
    return failure.value


async def test_new_tracks_are_added(db: Database, repo: SqlRepo) -> None:
    report = await import_tracks(db, [ENGINEERING, DESIGN], "tracks.yaml", at=T0)
    assert report.lines() == [
        "Added track 'Software Engineering' (engineering): 5 levels, 2 competencies.",
        "Added track 'Product Design' (design): 2 levels, 1 competency."]
    assert await repo.track("engineering") == ENGINEERING
    again = await import_tracks(db, [ENGINEERING], "tracks.yaml")
    assert again.lines() == ["Track 'Software Engineering' is unchanged."]


async def test_reimport_updates_in_place_and_people_keep_levels(
        loaded: Database, repo: SqlRepo) -> None:
    ownership, communication = ENGINEERING.competencies
    updated = replace(
        ENGINEERING,
        levels=(*ENGINEERING.levels, Level("principal", "Principal Engineer", after="staff")),
        competencies=(
            replace(ownership, expectations={**ownership.expectations,
                                             "se1": ("Delivers tasks on time, reliably.",),
                                             "principal": ("Owns company-wide direction.",)}),
            Competency("craft", "Craft", expectations={"se1": ("Writes tested code.",)}),
        ))
    report = await import_tracks(loaded, [updated, DESIGN], "tracks.yaml")
    assert [c.new.id for c in report.updated] == ["engineering"]
    change = report.updated[0]
    assert change.levels_added == ("principal",) and change.levels_removed == ()
    assert change.competencies_added == ("craft",)
    assert change.competencies_removed == ("communication",)
    assert change.cells_changed == (("ownership", "se1"), ("ownership", "principal"))
    assert report.lines()[0] == (
        "Updated track 'Software Engineering': 1 level added (principal); 1 competency added "
        "(craft); 1 competency removed (communication); 2 expectations changed.")
    assert report.lines()[1] == "Track 'Product Design' is unchanged."
    assert await repo.track("engineering") == updated
    pat = await repo.person_by_email("pat@example.com")
    assert pat is not None and (pat.track_id, pat.level_id) == ("engineering", "se1")


async def test_removing_a_level_in_use_is_refused(loaded: Database) -> None:
    without_se1 = replace(ENGINEERING, levels=(
        Level("se2", "Software Engineer II"), *ENGINEERING.levels[2:]), competencies=())
    await refused(loaded, import_tracks(loaded, [DESIGN, without_se1], "t.yaml"),
                  "t.yaml: track 'Software Engineering' would lose level(s) se1",
                  "pat@example.com (se1)")


async def test_a_later_failure_undoes_earlier_tracks_in_the_same_import(db: Database,
                                                                         repo: SqlRepo,
                                                                         ) -> None:
    await import_tracks(db, [ENGINEERING], "a.yaml")
    await import_people(db, [rec(2, "pat@example.com")], "p.csv")
    broken = replace(ENGINEERING, levels=(Level("se2", "Software Engineer II"),),
                     competencies=())  # valid, but drops se1 where Pat is
    await refused(db, import_tracks(db, [DESIGN, broken], "b.yaml"), "pat@example.com")
    assert await repo.track("design") is None


@pytest.mark.parametrize(("tracks", "message"), [
    ([replace(DESIGN, levels=(Level("d1", "Designer", after="d9"),))],
     "track 'Product Design': level 'd1' comes after unknown level 'd9'"),
    ([replace(DESIGN, levels=(Level("d1", "D", after="d2"), Level("d2", "E", after="d1")))],
     "track 'Product Design': levels form a cycle"),
    ([DESIGN, replace(DESIGN, name="Design Again")], "track id 'design' is used twice"),
    ([DESIGN, replace(DESIGN, id="design2", name="product design")],
     "two tracks are called 'product design'"),
    ([replace(DESIGN, id="other", name="Software engineering")],
     "same name as the existing track with id 'engineering'"),
    ([], "no tracks found"),
], ids=["unknown-after", "level-cycle", "duplicate-id", "duplicate-name", "name-taken", "empty"])
async def test_bad_tracks_are_refused(loaded: Database, tracks: list[Track],
                                      message: str) -> None:
    await refused(loaded, import_tracks(loaded, tracks, "bad.yaml"), "bad.yaml", message)


async def test_people_are_loaded_with_ids_titles_roles_and_identities(
        loaded: Database, repo: SqlRepo) -> None:
    boss = await repo.person_by_email("boss@example.com")
    pat = await repo.person_by_email("pat@example.com")
    dee = await repo.person_by_email("dee@example.com")
    assert boss and pat and dee
    assert (boss.level_id, boss.role, boss.manager_id) == ("senior", Role.MANAGER, None)
    assert (pat.level_id, pat.manager_id, pat.role) == ("se1", boss.id, Role.EMPLOYEE)
    assert (dee.track_id, dee.level_id, dee.role, dee.timezone) == (
        "design", "d2", Role.HR, "Europe/Paris")
    assert await repo.person_by_identity(Platform.SLACK, "UBOSS") == boss
    assert await repo.person_by_identity(Platform.TEAMS, "29:pat") == pat


async def test_people_reimport_reports_changes(loaded: Database, repo: SqlRepo) -> None:
    same = await import_people(loaded, PEOPLE, "people.csv")
    assert (same.added, same.updated) == ([], [])
    assert same.lines() == ["0 added, 0 updated, 3 unchanged (from people.csv)."]
    promoted = [PEOPLE[0], replace(PEOPLE[1], level="se2"),
                rec(5, "new@example.com", "pat@example.com", slack_id="UNEW")]
    report = await import_people(loaded, promoted, "people2.csv")
    assert (report.added, report.updated, report.unchanged) == (
        ["new@example.com"], ["pat@example.com"], ["boss@example.com"])
    assert report.lines() == [
        "1 added, 1 updated, 1 unchanged (from people2.csv).", "Added: new@example.com.",
        "Updated: pat@example.com.",
        "1 person already loaded is not in this file and stayed as they were."]
    pat = await repo.person_by_email("pat@example.com")
    assert pat is not None and pat.level_id == "se2" and pat.role is Role.MANAGER
    assert await repo.person_by_email("dee@example.com") is not None


async def test_the_file_wins_for_platform_ids(loaded: Database, repo: SqlRepo) -> None:
    report = await import_people(loaded, [replace(PEOPLE[1], slack_id="UBOSS")], "p.csv")
    assert report.updated == ["pat@example.com"]
    found = await repo.person_by_identity(Platform.SLACK, "UBOSS")
    assert found is not None and found.email == "pat@example.com"


@pytest.mark.parametrize(("records", "message"), [
    ([rec(7, "x@example.com", track="Sales")],
     "people.csv, line 7: unknown track 'Sales' (known tracks: Product Design, "
     "Software Engineering)"),
    ([rec(8, "x@example.com", level="Wizard")],
     "line 8: track 'Software Engineering' has no level 'Wizard' (its levels: Software "
     "Engineer I (se1)"),
    ([rec(9, "x@example.com", track="", level="se1")],
     "line 9: level 'se1' is given without a track"),
    ([rec(2, "x@example.com", "ghost@example.com")],
     "line 2: manager ghost@example.com is neither in this file nor already loaded"),
    ([rec(2, "a@example.com", "b@example.com"), rec(3, "b@example.com", "a@example.com")],
     "line 2: reporting lines form a cycle (each reports to the next): a@example.com -> "
     "b@example.com -> a@example.com"),
    ([rec(4, "solo@example.com", "SOLO@example.com")],
     "line 4: reporting lines form a cycle (each reports to the next): solo@example.com -> "
     "solo@example.com"),
    ([rec(2, "boss@example.com", "pat@example.com")],  # Pat already reports to Boss
     "reporting lines form a cycle"),
    ([rec(2, "x@example.com"), rec(5, "X@Example.com ")],
     "line 5: email x@example.com is listed twice (also on line 2)"),
    ([rec(2, "x@example.com", slack_id="U1"), rec(3, "y@example.com", slack_id="U1")],
     "line 3: Slack id U1 is listed twice (also on line 2)"),
    ([], "no people found"),
], ids=["unknown-track", "unknown-level", "level-without-track", "unknown-manager", "cycle",
        "own-manager", "cycle-through-db", "duplicate-email", "duplicate-slack-id", "empty"])
async def test_bad_people_files_are_refused(loaded: Database, records: list[PersonRecord],
                                            message: str) -> None:
    await refused(loaded, import_people(loaded, records, "people.csv"), message)


async def test_every_problem_of_a_people_file_in_one_run(loaded: Database) -> None:
    """Repeated Slack/Teams ids, unknown levels, unknown managers and a loop were reported one
    per run (four runs to fix this file); now one refusal names them all, nothing changed."""
    records = [
        rec(2, "a@example.com", "b@example.com", slack_id="U1"),
        rec(3, "b@example.com", "a@example.com", slack_id="U1", teams_id="T1"),
        rec(4, "c@example.com", "ghost@example.com", teams_id="T1"),
        rec(5, "d@example.com", level="Wizard"),
        rec(6, "e@example.com", "phantom@example.com"),
    ]
    failure = await refused(
        loaded, import_people(loaded, records, "people.csv"),
        "line 3: Slack id U1 is listed twice (also on line 2)",
        "line 4: Teams id T1 is listed twice (also on line 3)",
        "line 5: track 'Software Engineering' has no level 'Wizard'",
        "line 4: manager ghost@example.com is neither in this file nor already loaded",
        "line 6: manager phantom@example.com is neither in this file nor already loaded",
        "line 2: reporting lines form a cycle (each reports to the next): a@example.com -> "
        "b@example.com -> a@example.com")
    assert str(failure).startswith("6 problems, nothing was imported:")
    assert str(failure).count("form a cycle") == 1  # one loop, reported once


async def test_people_before_any_track_are_refused(db: Database) -> None:
    await refused(db, import_people(db, [rec(2, "x@example.com")], "p.csv"),
                  "unknown track 'engineering' (known tracks: none yet: import tracks first)")
