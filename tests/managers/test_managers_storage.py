"""SqlPlans and SqlCheckIns (tests.sql_repo.SqlManagers) on real SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import date, time, timedelta

from bot.checkins.rules import Cadence, PromptStatus
from storage.database import Database
from tests.managers.org import T0, seed
from tests.sql_repo import SqlManagers, SqlRepo


async def test_reporting_lines(db: Database) -> None:
    ids = await seed(db)
    assert [p.id for p in await SqlRepo(db).reports_of(ids["morgan"])] == [ids["pat"], ids["sam"]]
    assert {p.id for p in await SqlRepo(db).managers()} == {
        ids["ada"], ids["lee"], ids["morgan"]}


async def test_plans_and_goals(db: Database) -> None:
    ids = await seed(db)
    store = SqlManagers(db)
    assert await store.plan(ids["pat"]) is None
    await store.save_plan(ids["pat"], "engineering", "se2", ["ownership"], T0)
    await store.save_plan(ids["pat"], "engineering", "se2", ["ownership", "communication"], T0)
    goal = await store.add_goal(ids["pat"], "Write a design doc", date(2026, 3, 4), T0)
    await store.add_goal(ids["pat"], "Pair weekly", None, T0)
    plan = await store.plan(ids["pat"])
    assert plan is not None and plan.focus == ("ownership", "communication")
    assert [(g.text, g.due) for g in plan.goals] == [("Write a design doc", date(2026, 3, 4)),
                                                     ("Pair weekly", None)]
    done = await store.complete_goal(goal.id, T0)
    again = await store.complete_goal(goal.id, T0 + timedelta(days=1))
    assert done is not None and again is not None and again.done_at == T0
    assert await store.complete_goal(9999, T0) is None


async def test_goal_nudges_are_claimed_once(db: Database) -> None:
    ids = await seed(db)
    store = SqlManagers(db)
    soon = await store.add_goal(ids["pat"], "Soon", date(2026, 3, 3), T0)
    await store.add_goal(ids["pat"], "Later", date(2026, 6, 1), T0)
    assert [g.id for g in await store.goals_to_nudge(date(2026, 3, 4))] == [soon.id]
    assert await store.claim_goal_nudge(soon.id, T0)
    assert not await store.claim_goal_nudge(soon.id, T0)
    assert await store.goals_to_nudge(date(2026, 3, 4)) == []


async def test_cadences_with_organisation_default(db: Database) -> None:
    ids = await seed(db)
    store = SqlManagers(db)
    assert await store.cadence(None) is None
    await store.set_cadence(None, Cadence("weekly", 2, time(10, 30)), T0)
    await store.set_cadence(ids["morgan"], Cadence("monthly", 4, time(14, 0), digest=True), T0)
    await store.set_cadence(ids["morgan"], Cadence("off"), T0)
    assert await store.cadence(None) == Cadence("weekly", 2, time(10, 30))
    assert await store.cadence(ids["morgan"]) == Cadence("off")
    assert await store.cadence(ids["ada"]) is None
    assert await store.next_slot(ids["morgan"]) == (False, None)
    await store.set_next_slot(ids["morgan"], T0)
    await store.set_next_slot(ids["morgan"], T0 + timedelta(days=14))
    assert await store.next_slot(ids["morgan"]) == (True, T0 + timedelta(days=14))


async def test_prompt_outbox_is_idempotent_and_claimed_once(db: Database) -> None:
    ids = await seed(db)
    store = SqlManagers(db)
    reports = [ids["pat"], ids["sam"]]
    assert await store.add_prompts(ids["morgan"], reports, T0, T0) == 2
    assert await store.add_prompts(ids["morgan"], reports, T0, T0) == 0
    assert await store.prompts_due(T0 - timedelta(minutes=1)) == []
    due = await store.prompts_due(T0)
    assert [p.report_id for p in due] == reports
    first = due[0].id
    assert await store.move_prompt(first, ["pending"], "sending", T0)
    assert not await store.move_prompt(first, ["pending"], "sending", T0)
    assert await store.move_prompt(first, ["sending"], "sent", T0)
    later = T0 + timedelta(days=7)
    assert await store.move_prompt(first, ["sent"], "pending", T0, send_at=later)
    prompt = await store.prompt(first)
    assert prompt is not None and prompt.status is PromptStatus.PENDING
    assert prompt.send_at == later and prompt.sent_at == T0
    assert await store.move_prompt(first, ["pending", "sent"], "held", later)
    held = await store.prompt(first)
    assert held is not None and held.held_at == later
    next_slot = T0 + timedelta(days=14)
    await store.add_prompts(ids["morgan"], [ids["pat"]], next_slot, next_slot)
    newest = await store.latest_prompt(ids["morgan"], ids["pat"])
    assert newest is not None and newest.slot_at == next_slot and newest.id != first
    assert await store.latest_prompt(ids["ada"], ids["pat"]) is None


async def test_notes_and_shared_ratings(db: Database) -> None:
    ids = await seed(db)
    store, repo = SqlManagers(db), SqlRepo(db)
    await store.add_note(ids["pat"], ids["morgan"], "Talked about design docs", "note", T0)
    await store.add_note(ids["pat"], ids["morgan"], "Pat drafts one by Friday", "action",
                         T0 + timedelta(minutes=1))
    assert [n.kind for n in await store.notes(ids["pat"])] == ["action", "note"]
    assert await store.notes(ids["sam"]) == []
    await store.add_note(ids["pat"], ids["lee"], "A new manager's note", "note", T0)
    assert [n.text for n in await store.notes(ids["pat"], author_id=ids["lee"])] == [
        "A new manager's note"]
    assert len(await store.notes(ids["pat"], limit=2)) == 2
    assert await store.last_checkin(ids["pat"]) == T0 + timedelta(minutes=1)
    assert await store.last_checkin(ids["sam"]) is None
    own = await repo.start_assessment(ids["pat"], ids["pat"], "engineering", "se2", T0)
    rating = await repo.start_assessment(ids["pat"], ids["morgan"], "engineering", "se2", T0)
    await repo.share_rating(own.id, T0)  # a self-rating never counts as a manager's rating
    assert await repo.shared_rating(ids["pat"]) is None
    await repo.share_rating(rating.id, T0)
    await repo.share_rating(rating.id, T0)
    assert await repo.shared_rating(ids["pat"]) == rating.id
