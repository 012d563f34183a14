"""People imports of a few thousand rows on both databases (issue 10): every person, manager,
track, level and platform id lands where the file says, whatever order the file lists managers
in; a re-import changes only what changed; a file with one bad row writes nothing; and the
import reports its progress row by row."""

from __future__ import annotations

from dataclasses import replace

import pytest
from sqlalchemy import text

from bot.model import Role
from storage.database import Database
from storage.importer import import_tracks
from storage.people_import import import_people
from storage.records import ImportFailed, PersonRecord
from tests.sample_data import ENGINEERING
from tests.storage.seed import T0, dump
from tests.storage.test_importer import DESIGN

# email -> (manager email, track id, level id)
Expected = dict[str, tuple[str | None, str | None, str | None]]

# (track, level) as HR spells them, and the ids they stand for.
SPELLINGS = [(("engineering", "se1"), ("engineering", "se1")),
             (("Software Engineering", "SE2"), ("engineering", "se2")),
             (("ENGINEERING", "software engineer ii"), ("engineering", "se2")),
             (("design", "Designer"), ("design", "d1")),
             (("Product Design", ""), ("design", None))]


def org(people: int) -> tuple[list[PersonRecord], Expected]:
    """A head, team leads reporting to the head, and teams of nine under each lead. Everybody
    is listed before their manager (so the file does not put managers first)."""
    records: list[PersonRecord] = []
    expected: Expected = {}

    def add(email: str, manager: str | None, spelled: tuple[str, str],
            ids: tuple[str | None, str | None], role: Role = Role.EMPLOYEE,
            slack_id: str | None = None, teams_id: str | None = None) -> None:
        records.append(PersonRecord(
            line=len(records) + 2, email=email, name=email.split("@")[0].title(),
            manager_email=manager, track=spelled[0], level=spelled[1], team="core", role=role,
            slack_id=slack_id, teams_id=teams_id))
        expected[email] = (manager, *ids)

    for team in range((people - 1) // 10):
        lead = f"lead{team}@example.com"
        for member in range(9):
            spelled, ids = SPELLINGS[(team + member) % len(SPELLINGS)]
            add(f"p{team}-{member}@example.com", lead, spelled, ids,
                slack_id=f"U{team}" if member == 0 else None)
        add(lead, "head@example.com", ("Software Engineering", "Senior Software Engineer"),
            ("engineering", "senior"), role=Role.MANAGER)
    add("head@example.com", None, ("", ""), (None, None), role=Role.MANAGER,
        teams_id="29:head")
    return records, expected


async def people_in(db: Database) -> Expected:
    async with db.session() as s:
        rows = await (await s.connection()).execute(text(
            "SELECT p.email, m.email, p.track_id, p.level_id FROM people p "
            "LEFT JOIN people m ON m.id = p.manager_id"))
        return {email: (manager, track, level) for email, manager, track, level in rows}


async def identities_in(db: Database) -> dict[tuple[str, str], str]:
    async with db.session() as s:
        rows = await (await s.connection()).execute(text(
            "SELECT i.platform, i.user_id, p.email FROM identities i "
            "JOIN people p ON p.id = i.person_id"))
        return {(platform, user_id): email for platform, user_id, email in rows}


@pytest.fixture
async def tracked(db: Database) -> Database:
    await import_tracks(db, [ENGINEERING, DESIGN], "tracks.yaml", at=T0)
    return db


async def test_thousands_of_people_land_with_their_managers_tracks_and_ids(
        tracked: Database) -> None:
    records, expected = org(3001)
    report = await import_people(tracked, records, "people.csv")
    assert report.lines()[0] == "3001 added, 0 updated, 0 unchanged (from people.csv)."
    assert report.added == [r.email for r in records]
    assert await people_in(tracked) == expected
    identities = await identities_in(tracked)
    assert len(identities) == 301
    assert identities[("slack", "U7")] == "p7-0@example.com"
    assert identities[("teams", "29:head")] == "head@example.com"

    again = await import_people(tracked, records, "people.csv")
    assert again.lines() == ["0 added, 0 updated, 3001 unchanged (from people.csv)."]


async def test_a_reimport_changes_only_what_changed(tracked: Database) -> None:
    records, expected = org(2001)
    await import_people(tracked, records, "people.csv")
    # Team 0 moves under a new lead listed last; p1-1 is promoted; p2-0 takes U3's Slack id
    # (so p3-0 loses it).
    changed = [replace(r, manager_email="newlead@example.com")
               if r.manager_email == "lead0@example.com" else r for r in records]
    changed = [replace(r, level="senior") if r.email == "p1-1@example.com" else r
               for r in changed]
    changed = [replace(r, slack_id="U3") if r.email == "p2-0@example.com" else
               replace(r, slack_id=None) if r.email == "p3-0@example.com" else r
               for r in changed]
    changed.append(PersonRecord(line=9999, email="newlead@example.com", name="New Lead",
                                manager_email="head@example.com", track="engineering",
                                level="senior", team="core", role=Role.MANAGER))
    report = await import_people(tracked, changed, "people2.csv")
    assert report.added == ["newlead@example.com"]
    assert report.updated == [*(f"p0-{m}@example.com" for m in range(9)),
                              "p1-1@example.com", "p2-0@example.com"]
    assert len(report.unchanged) == 2001 - 11
    people = await people_in(tracked)
    assert people["p0-4@example.com"][0] == "newlead@example.com"
    assert people["p1-1@example.com"] == ("lead1@example.com", "engineering", "senior")
    assert people["newlead@example.com"] == ("head@example.com", "engineering", "senior")
    assert people["p5-5@example.com"] == expected["p5-5@example.com"]
    assert (await identities_in(tracked))[("slack", "U3")] == "p2-0@example.com"


@pytest.mark.parametrize("already_loaded", [False, True], ids=["empty", "loaded"])
async def test_one_bad_row_at_the_end_writes_nothing(tracked: Database,
                                                     already_loaded: bool) -> None:
    records, _ = org(3001)
    if already_loaded:
        await import_people(tracked, [*records[:1500], records[-1]], "first-half.csv")
    bad = [*records[:-2], replace(records[-2], level="Wizard"), records[-1]]  # the last lead
    before = await dump(tracked)
    with pytest.raises(ImportFailed, match=r"line 3001: track 'Software Engineering' has no "
                                           r"level 'Wizard'"):
        await import_people(tracked, bad, "people.csv")
    assert await dump(tracked) == before


@pytest.mark.parametrize("people", [3, 120, 3001])
async def test_progress_is_told_row_counts_up_to_the_total(tracked: Database,
                                                           people: int) -> None:
    records, _ = org(3001)
    records = records[-people:]  # the last rows: leads and the head, whose managers are in
    calls: list[tuple[int, int]] = []
    await import_people(tracked, records, "people.csv",
                        progress=lambda done, total: calls.append((done, total)))
    done = [d for d, _ in calls]
    assert done == sorted(set(done)) and len(done) > 2  # increasing, more than start and end
    assert calls[-1] == (people, people)
    assert {total for _, total in calls} == {people}


async def test_an_import_stopped_midway_leaves_nothing_behind(tracked: Database) -> None:
    """Stopped (here by the progress callback raising) after batches were written: the one
    transaction rolls them all back."""
    records, _ = org(3001)

    class Stopped(Exception):
        pass

    def stop_halfway(done: int, total: int) -> None:
        if done > total // 2:
            raise Stopped

    before = await dump(tracked)
    with pytest.raises(Stopped):
        await import_people(tracked, records, "people.csv", progress=stop_halfway)
    assert await dump(tracked) == before


async def test_a_long_chain_listed_bottom_up(tracked: Database) -> None:
    """Each person reports to the next line's: 300 levels of new managers, all listed after
    their reports."""
    chain = [PersonRecord(line=i + 2, email=f"c{i}@example.com", name=f"C {i}",
                          manager_email=f"c{i + 1}@example.com" if i < 299 else None,
                          track="engineering", level="se1", team="", role=Role.EMPLOYEE)
             for i in range(300)]
    await import_people(tracked, chain, "chain.csv")
    people = await people_in(tracked)
    assert people == {r.email: (r.manager_email, "engineering", "se1") for r in chain}
    looped = [*chain[:-1], replace(chain[-1], manager_email="c0@example.com")]
    with pytest.raises(ImportFailed, match=r"line 2: reporting lines form a cycle \(each "
                                           r"reports to the next\): c0@example.com -> "
                                           r"c1@example.com -> "):
        await import_people(tracked, looped, "chain.csv")
