"""HR's `stats`: adoption shares per team only where the team is large enough."""

from __future__ import annotations

from datetime import UTC, datetime

from hypothesis import given
from hypothesis import strategies as st

from bot.pulses.rules import default_questions
from bot.stats.rules import Activity, adoption
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.sql_repo import SqlRepo

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)


@given(st.dictionaries(st.sampled_from("abcde"), st.integers(1, 9), max_size=5),
       st.integers(3, 10))
def test_adoption_never_shows_a_small_group(teams: dict[str, int], threshold: int) -> None:
    rows = [Activity(t, True, False, True) for t, n in teams.items() for _ in range(n)]
    overall, shown = adoption(rows, threshold)
    if overall is None:
        assert len(rows) < threshold and shown == ()
        return
    assert all(a.people >= threshold for a in shown)
    rest = len(rows) - sum(a.people for a in shown)
    assert rest == 0 or rest >= threshold


async def test_stats_in_chat(sqlite_db: Database) -> None:
    await add_people(sqlite_db, "People", 1, start=100, role="hr")
    platform = await add_people(sqlite_db, "Platform", 6)
    await add_people(sqlite_db, "Design", 5, start=20)
    repo = SqlRepo(sqlite_db)
    for pid in platform[:3]:
        await repo.record_track_view(pid, NOW)
    services = services_on(sqlite_db, FakeClock(NOW))
    text = (await Speaker(services, "p100@example.com").say("stats")).text
    assert "Everyone (12): viewed track 25%" in text
    assert "Platform (6): viewed track 50%, rated readiness 0%" in text
    assert "Design (5):" not in text and "No pulse has enough responses" in text
    assert "Design (5 people): hidden too, so that People cannot be worked out" in text
    refused = await Speaker(services, "p1@example.com").say("stats")
    assert "for the HR team" in refused.text


async def test_stats_show_an_open_pulse_participation_so_far(sqlite_db: Database) -> None:
    await add_people(sqlite_db, "People", 1, start=100, role="hr")
    await add_people(sqlite_db, "Platform", 7)
    services = services_on(sqlite_db, FakeClock(NOW))
    hr = Speaker(services, "p100@example.com")
    await hr.say("pulse schedule Platform 2026-03-16")
    async with services.units() as uow:
        pulses = uow.pulses
        assert pulses is not None
        await pulses.open_pulse(1, await uow.people.in_teams(("Platform",)))
        ids = [q.id for q in default_questions()]
        for person in await uow.people.in_teams(("Platform",)):
            if person.email != "p7@example.com":
                for q in ids:
                    await pulses.record_answer(1, person.id, q, 4, ids)
        await uow.commit()
    text = (await hr.say("stats")).text
    assert "open, participation 86% so far (6 of 7)" in text
    assert "favourable" not in text  # scores appear once, at close
