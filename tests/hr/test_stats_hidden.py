"""`stats` says which teams are hidden and why (issue 12): too small, or hidden so that a
smaller one cannot be worked out from the total (was only "Teams under 5 people are not
shown", with a 14-person team missing). SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import UTC, datetime

from bot.stats.rules import Activity, HiddenTeam, adoption, hidden_teams
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people

NOW = datetime(2026, 3, 2, 9, tzinfo=UTC)


async def test_stats_names_the_hidden_teams_and_why(db: Database) -> None:
    await add_people(db, "Platform", 1, start=100, role="hr")
    await add_people(db, "Platform", 19)
    await add_people(db, "Sales", 14, start=200)
    await add_people(db, "Design", 3, start=300)
    text = (await Speaker(services_on(db, FakeClock(NOW)), "p100@example.com").say("stats")).text
    assert "Everyone (37)" in text and "Platform (20)" in text
    assert "Sales (14):" not in text and "Design (3):" not in text  # no figures for them
    assert "Not shown on their own (counted in Everyone):" in text
    assert "Design: fewer than 5 people, too few to show without pointing at individuals" in text
    assert ("Sales (14 people): hidden too, so that Design cannot be worked out by taking the "
            "teams shown from the total") in text
    assert "Teams under 5 people are not shown" not in text


def test_hidden_teams_are_exactly_the_ones_adoption_leaves_out() -> None:
    rows = [Activity(team, True, False, False) for team, n in
            (("a", 2), ("b", 2), ("c", 6), ("d", 9), ("e", 30)) for _ in range(n)]
    _, shown = adoption(rows, 5)
    hidden = hidden_teams(rows, 5)
    assert {a.group for a in shown} | {h.team for h in hidden} == set("abcde")
    assert hidden == (HiddenTeam("a", 2, True), HiddenTeam("b", 2, True),
                      HiddenTeam("c", 6, False, ("a", "b")))
    assert hidden_teams(rows[:3], 5) == ()  # no figures at all: nothing to explain
    assert hidden_teams([Activity("x", True, True, True)] * 10, 5) == ()
