"""The same behaviours against each in-memory fake and its SQL repository, so fakes cannot
drift from storage: outbox, pulses and plans."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from bot.delivery import DeliveryStatus
from bot.model import Person
from bot.pulses.rules import MERGED, PulsePoll, PulseStatus, Question, Recipient, Tally, Turnout
from storage.database import Database
from storage.stores import Stores
from tests.fakes import FakeRepository, FakeUnits
from tests.storage.seed import seed_people

T0 = datetime(2026, 3, 2, 9, tzinfo=UTC)


@pytest.fixture(params=["fake", "sql"])
async def ports(request: pytest.FixtureRequest, sqlite_db: Database,
                ) -> AsyncIterator[tuple[Any, dict[str, int]]]:
    """(an object with the ports as attributes, person ids by name)."""
    if request.param == "fake":
        repo = FakeRepository()
        for pid, name in ((1, "morgan"), (2, "pat"), (3, "sam")):
            repo.add_person(Person(pid, f"{name}@example.com", name.title(), team="core"))
        yield FakeUnits(repo), {"morgan": 1, "pat": 2, "sam": 3}
        return
    yield Stores(sqlite_db), await seed_people(sqlite_db)


async def test_outbox_enqueues_once_claims_and_marks(ports: tuple[Any, dict[str, int]]) -> None:
    store, ids = ports
    outbox = store.outbox
    assert await outbox.enqueue("pulse:1", "invite", [ids["pat"], ids["sam"], ids["pat"]]) == 2
    assert await outbox.enqueue("pulse:1", "invite", [ids["pat"]]) == 0
    first = await outbox.claim("pulse:1", T0, 60)
    assert first is not None and first.person_id == ids["pat"] and first.attempts == 1
    await outbox.mark(first.id, DeliveryStatus.SENT, T0)
    second = await outbox.claim("pulse:1", T0, 60)
    assert second is not None and second.person_id == ids["sam"]
    assert await outbox.claim("pulse:1", T0, 60) is None
    again = await outbox.claim("pulse:1", T0 + timedelta(seconds=61), 60)
    assert again is not None and again.id == second.id and again.attempts == 2
    assert [d.status for d in await outbox.deliveries("pulse:1")] == [
        DeliveryStatus.SENT, DeliveryStatus.CLAIMED]


async def test_pulse_answers_complete_and_are_cut_at_close(
        ports: tuple[Any, dict[str, int]]) -> None:
    store, ids = ports
    pulses = store.pulses
    draft = PulsePoll(0, "How are we doing?", (Question("q1", "One"), Question("q2", "Two")),
                      (), T0, T0 + timedelta(days=7), threshold=3)
    poll = await pulses.create_pulse(draft)
    pat = Person(ids["pat"], "pat@example.com", "Pat", team="core")
    assert await pulses.open_pulse(poll.id, [pat]) is True
    assert await pulses.open_pulse(poll.id, [pat]) is False
    assert await pulses.record_answer(poll.id, pat.id, "q1", 3, ["q1", "q2"]) is False
    assert await pulses.record_answer(poll.id, pat.id, "q1", 4, ["q1", "q2"]) is True
    assert [r.complete for r in await pulses.recipients(poll.id)] == [False]
    await pulses.record_answer(poll.id, pat.id, "q2", 5, ["q1", "q2"])
    assert [r.complete for r in await pulses.recipients(poll.id)] == [True]
    assert await pulses.answers_of(poll.id, pat.id) == {"q1": 4, "q2": 5}
    assert await pulses.recipient(poll.id, pat.id) == Recipient(pat.id, "core", True)
    assert await pulses.turnout(poll.id) == [Turnout("core", 1, 1)]
    assert await pulses.tally(poll.id) == Tally()  # nothing while open
    assert await pulses.close_pulse(poll.id) is True
    assert await pulses.close_pulse(poll.id) is False
    assert await pulses.answers_of(poll.id, pat.id) == {}
    tally = await pulses.tally(poll.id)
    # One respondent, under the threshold: their team's label does not survive the close.
    assert tally.counts == {(MERGED, "q1", 4): 1, (MERGED, "q2", 5): 1}
    assert await pulses.recipients(poll.id) == []
    assert await pulses.turnout(poll.id) == [Turnout(MERGED, 1, 1)]
    assert (await pulses.pulse(poll.id)).status == PulseStatus.CLOSED


async def test_plans_complete_goal_keeps_the_first_time(
        ports: tuple[Any, dict[str, int]]) -> None:
    store, ids = ports
    plans = store.plans
    assert await plans.plan(ids["pat"]) is None
    goal = await plans.add_goal(ids["pat"], "Lead a design review", date(2026, 3, 10), T0)
    done = await plans.complete_goal(goal.id, T0 + timedelta(hours=1))
    again = await plans.complete_goal(goal.id, T0 + timedelta(hours=2))
    assert done is not None and again is not None and again.done_at == done.done_at
    assert await plans.complete_goal(9999, T0) is None
    other = await plans.add_goal(ids["pat"], "Write a runbook", date(2026, 3, 5), T0)
    assert [g.id for g in await plans.goals_to_nudge(date(2026, 3, 31))] == [other.id]
    assert await plans.claim_goal_nudge(other.id, T0) is True
    assert await plans.claim_goal_nudge(other.id, T0) is False
