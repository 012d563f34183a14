"""SqlRepo honours the core's Repository and AddressBook contracts on SQLite and
PostgreSQL (the `db`/`repo` fixtures run every test on both)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.exc import IntegrityError

from bot.events import Platform
from bot.model import Role
from storage.database import Database
from storage.people.tables import PersonRow
from tests.sample_data import ENGINEERING
from tests.sql_repo import SqlRepo
from tests.storage.seed import T0, seed_people


@pytest.fixture
async def ids(db: Database) -> dict[str, int]:
    return await seed_people(db)


async def test_people_by_id_email_and_role(repo: SqlRepo, ids: dict[str, int]) -> None:
    pat = await repo.person(ids["pat"])
    assert pat is not None and pat.email == "pat@example.com" and pat.role is Role.EMPLOYEE
    assert pat.manager_id == ids["morgan"] and pat.level_id == "se1"
    assert await repo.person_by_email("  PAT@Example.com ") == pat
    assert await repo.person(9999) is None
    assert await repo.person_by_email("nobody@example.com") is None
    morgan = await repo.person(ids["morgan"])
    assert morgan is not None and morgan.role is Role.MANAGER  # inferred from reports
    sam = await repo.person(ids["sam"])
    assert sam is not None and sam.role is Role.HR and sam.timezone == "Europe/Paris"
    assert [p.name for p in await repo.all_people()] == ["Morgan Lead", "Pat Person", "Sam Other"]
    assert [p.id for p in await repo.reports_of(ids["morgan"])] == [ids["pat"], ids["sam"]]


async def test_identity_linking_is_idempotent_and_repointable(
        repo: SqlRepo, ids: dict[str, int]) -> None:
    assert await repo.person_by_identity(Platform.SLACK, "U1") is None
    await repo.link_identity(ids["pat"], Platform.SLACK, "U1", "T1")
    await repo.link_identity(ids["pat"], Platform.SLACK, "U1", "T1")
    found = await repo.person_by_identity(Platform.SLACK, "U1")
    assert found is not None and found.id == ids["pat"]
    assert await repo.person_by_identity(Platform.TEAMS, "U1") is None
    assert await repo.platform_user_id(Platform.SLACK, ids["pat"]) == "U1"
    await repo.link_identity(ids["sam"], Platform.SLACK, "U1", "T1")
    found = await repo.person_by_identity(Platform.SLACK, "U1")
    assert found is not None and found.id == ids["sam"]
    assert await repo.platform_user_id(Platform.SLACK, ids["pat"]) is None


async def test_tracks_round_trip(repo: SqlRepo, ids: dict[str, int]) -> None:
    assert await repo.track("engineering") == ENGINEERING
    assert await repo.track("nope") is None
    assert list(await repo.tracks()) == [ENGINEERING]


async def test_track_views_count(repo: SqlRepo, ids: dict[str, int]) -> None:
    assert await repo.track_view(ids["pat"]) is None
    await repo.record_track_view(ids["pat"], T0)
    await repo.record_track_view(ids["pat"], T0 + timedelta(days=1))
    view = await repo.track_view(ids["pat"])
    assert view is not None and view.count == 2
    assert (view.first_viewed_at, view.last_viewed_at) == (T0, T0 + timedelta(days=1))


async def test_assessment_lifecycle_with_history(repo: SqlRepo, ids: dict[str, int]) -> None:
    pat = ids["pat"]
    assert await repo.open_assessment(pat, pat, "engineering", "se2") is None
    first = await repo.start_assessment(pat, pat, "engineering", "se2", T0)
    assert first.started_at == T0 and first.started_at.tzinfo is UTC and first.is_self
    assert await repo.open_assessment(pat, pat, "engineering", "se2") == first
    await repo.set_score(first.id, "ownership", 3, T0)
    await repo.set_score(first.id, "ownership", 4, T0 + timedelta(seconds=1))  # pressed again
    await repo.set_score(first.id, "communication", None, T0)  # skipped
    assert await repo.latest_assessment(pat) is None  # not completed yet
    latest_open = await repo.latest_assessment(pat, pat, completed_only=False)
    assert latest_open is not None and latest_open.scores == {"ownership": 4, "communication": None}
    await repo.complete_assessment(first.id, T0 + timedelta(hours=1))
    await repo.complete_assessment(first.id, T0 + timedelta(hours=2))  # retried: keeps the first
    done = await repo.assessment(first.id)
    assert done is not None and done.completed_at == T0 + timedelta(hours=1)
    assert await repo.open_assessment(pat, pat, "engineering", "se2") is None

    second = await repo.start_assessment(pat, pat, "engineering", "se2", T0 + timedelta(days=7))
    assert second.id != first.id and second.scores == {}
    await repo.set_score(second.id, "ownership", 5, T0 + timedelta(days=7))
    await repo.complete_assessment(second.id, T0 + timedelta(days=7))
    latest = await repo.latest_assessment(pat, pat)
    assert latest is not None and latest.id == second.id and latest.scores == {"ownership": 5}
    history = await repo.assessments_of(pat)
    assert [a.id for a in history] == [second.id, first.id]
    assert history[1].scores == {"ownership": 4, "communication": None}  # history kept


async def test_latest_assessment_by_rater(repo: SqlRepo, ids: dict[str, int]) -> None:
    pat, morgan = ids["pat"], ids["morgan"]
    own = await repo.start_assessment(pat, pat, "engineering", "se2", T0)
    boss = await repo.start_assessment(pat, morgan, "engineering", "se2", T0 + timedelta(days=1))
    for a in (own, boss):
        await repo.complete_assessment(a.id, T0 + timedelta(days=2))
    latest_any = await repo.latest_assessment(pat)
    assert latest_any is not None and latest_any.id == boss.id and not latest_any.is_self
    latest_self = await repo.latest_assessment(pat, pat)
    assert latest_self is not None and latest_self.id == own.id
    assert await repo.latest_assessment(morgan) is None


async def test_concurrent_starts_make_one_open_assessment(
        repo: SqlRepo, ids: dict[str, int]) -> None:
    pat = ids["pat"]
    started = await asyncio.gather(*(repo.start_assessment(pat, pat, "engineering", "se2", T0)
                                     for _ in range(5)))
    assert len({a.id for a in started}) == 1


async def test_score_for_unknown_assessment_is_refused(repo: SqlRepo,
                                                       ids: dict[str, int]) -> None:
    with pytest.raises(IntegrityError):
        await repo.set_score(4242, "ownership", 3, T0)


async def test_naive_datetimes_are_refused(repo: SqlRepo, ids: dict[str, int]) -> None:
    with pytest.raises(Exception, match="timezone-aware"):
        await repo.record_track_view(ids["pat"], datetime(2026, 1, 1))


async def test_claim_event_once_even_concurrently(repo: SqlRepo) -> None:
    assert await repo.claim_event("slack:Ev1", T0) is True
    assert await repo.claim_event("slack:Ev1", T0) is False
    claims = await asyncio.gather(*(repo.claim_event("slack:Ev2", T0) for _ in range(8)))
    assert claims.count(True) == 1
    assert await repo.forget_events_before(T0 + timedelta(minutes=1)) == 2
    assert await repo.claim_event("slack:Ev1", T0) is True


async def test_addresses_follow_linked_identity(repo: SqlRepo, ids: dict[str, int]) -> None:
    pat = ids["pat"]
    await repo.save_address(Platform.TEAMS, "29:abc", "tenant", {"conversation": {"id": "a:1"}})
    assert await repo.address_of(Platform.TEAMS, pat) is None  # saved before linking
    await repo.link_identity(pat, Platform.TEAMS, "29:abc", "tenant")
    assert await repo.address_of(Platform.TEAMS, pat) == {"conversation": {"id": "a:1"}}
    await repo.save_address(Platform.TEAMS, "29:abc", "tenant", {"conversation": {"id": "a:2"}})
    assert await repo.address_of(Platform.TEAMS, pat) == {"conversation": {"id": "a:2"}}
    assert await repo.address_of(Platform.SLACK, pat) is None
    assert await repo.platform_user_id(Platform.TEAMS, pat) == "29:abc"


async def test_foreign_keys_are_enforced(db: Database) -> None:
    async with db.session() as s:
        s.add(PersonRow(email="x@example.com", name="X", manager_id=777))
        with pytest.raises(IntegrityError):
            await s.commit()


async def test_datetimes_come_back_as_utc(repo: SqlRepo, ids: dict[str, int]) -> None:
    paris = datetime(2026, 3, 2, 10, 0, tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris"))
    started = await repo.start_assessment(ids["pat"], ids["pat"], "engineering", "se2", paris)
    assert started.started_at == paris and started.started_at.tzinfo is UTC
