"""The authorization matrix through the conversation core, on a real SQLite database: the
employee, their manager, their manager's manager, HR and an unrelated colleague, for every read
and write about the employee (Pat)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.authz import REFUSAL
from bot.reply import Reply, Scale, actions_of
from storage.database import Database
from storage.people.tables import PersonRow
from tests.managers.chat import Chat, services
from tests.managers.org import T0, people, seed

VIEWERS = ("pat", "morgan", "ada", "hana", "cole")


@pytest.fixture
async def chat(sqlite_db: Database) -> AsyncIterator[Chat]:
    ids = await seed(sqlite_db)
    c = Chat(services(sqlite_db))
    # Pat rates herself, Morgan rates Pat and logs a note: data for everyone to try to read.
    async with c.services.units() as uow:
        await uow.assessments.start_assessment(ids["pat"], ids["pat"], "engineering", "se2", T0)
        assert uow.checkins is not None
        await uow.checkins.add_note(ids["pat"], ids["morgan"], "Secret chat", "note", T0)
        await uow.plans.save_plan(ids["pat"], "engineering", "se2", ["ownership"], T0)
        await uow.commit()
    yield c


def refused(reply: Reply) -> bool:
    return REFUSAL in reply.text


@pytest.mark.parametrize("viewer,expect", [
    ("pat", "What's next for you"), ("morgan", "Competency | Self | Manager"),
    ("ada", "Competency | Self | Manager"), ("hana", "HR sees tracks and levels only"),
    ("cole", REFUSAL)])
async def test_whats_next_for_email(chat: Chat, viewer: str, expect: str) -> None:
    reply = await chat.say(viewer, "what's next for pat@example.com?")
    assert expect in reply.text
    if viewer == "hana":
        assert "Self" not in reply.text and "Plan" not in reply.text


@pytest.mark.parametrize("viewer,allowed", [
    ("pat", True), ("morgan", True), ("ada", False), ("hana", False), ("cole", False)])
async def test_plan_of_someone(chat: Chat, viewer: str, allowed: bool) -> None:
    """The plan is the person's and their manager's; a manager's manager sees only its status
    (in the team view), never the goals."""
    reply = await chat.say(viewer, "plan pat@example.com")
    assert refused(reply) is not allowed
    assert ("development plan" in reply.text) is allowed


async def test_a_managers_manager_sees_plan_status_not_its_content(chat: Chat) -> None:
    async with chat.services.units() as uow:
        assert uow.plans is not None
        await uow.plans.add_goal(people()["pat"].id, "Mentor the new hire", None, T0)
        await uow.commit()
    team = await chat.say("ada", "team all")
    assert "0 of 1 goals done" in team.text
    standing = await chat.say("ada", "what's next for pat@example.com")
    assert "Plan: 0 of 1 goals done" in standing.text
    assert "Ownership" not in standing.text.split("Competency")[0]  # focus not listed
    assert "Mentor" not in team.text + standing.text
    assert "Focus: Ownership" in (await chat.say("morgan", "what's next for pat@example.com")).text


@pytest.mark.parametrize("viewer,sees", [
    ("pat", "notes"), ("morgan", "notes"), ("ada", "dates"), ("hana", "dates"),
    ("cole", "nothing")])
async def test_notes_of_someone(chat: Chat, viewer: str, sees: str) -> None:
    reply = await chat.say(viewer, "notes pat@example.com")
    assert ("Secret chat" in reply.text) is (sees == "notes")
    assert ("Check-ins logged: Mon 02 Mar 2026" in reply.text) is (sees == "dates")
    assert refused(reply) is (sees == "nothing")


@pytest.mark.parametrize("viewer,sees_pat", [
    ("pat", False), ("morgan", True), ("ada", True), ("hana", False), ("cole", False)])
async def test_team_view(chat: Chat, viewer: str, sees_pat: bool) -> None:
    reply = await chat.say(viewer, "team all")
    assert ("Pat Example" in reply.text) is sees_pat
    if viewer == "ada":
        direct = await chat.say(viewer, "team")
        assert "Morgan Example" in direct.text and "Pat Example" not in direct.text
        assert "Show indirect reports" in [b.label for b in actions_of(direct)]


@pytest.mark.parametrize("viewer", VIEWERS)
async def test_only_the_direct_manager_rates_and_logs_notes(chat: Chat, viewer: str) -> None:
    pat = str(people()["pat"].id)
    rate = await chat.press(viewer, "checkins.rate", {"p": pat})
    note = await chat.press(viewer, "checkins.save_note", {"p": pat}, {"note": "hello"})
    if viewer == "morgan":
        assert any(isinstance(b, Scale) for b in rate.blocks)
        assert "Saved" in note.text
    else:
        assert refused(rate) and refused(note)


async def test_a_new_manager_does_not_read_the_previous_managers_notes(
        chat: Chat, sqlite_db: Database) -> None:
    """Notes are private to the manager who wrote them and the report: after Pat moves from
    Morgan to Lee, Lee sees only the dates of Morgan's check-ins, and only Lee's own notes."""
    ids = {name: p.id for name, p in people().items()}
    async with sqlite_db.session() as s:
        row = await s.get(PersonRow, ids["pat"])
        assert row is not None
        row.manager_id = ids["lee"]
        await s.commit()
    async with chat.services.units() as uow:
        assert uow.checkins is not None
        await uow.checkins.add_note(ids["pat"], ids["lee"], "Lee's first chat", "note", T0)
        await uow.commit()
    lee = await chat.say("lee", "notes pat@example.com")
    assert "Lee's first chat" in lee.text and "Secret chat" not in lee.text
    morgan = await chat.say("morgan", "notes pat@example.com")
    assert refused(morgan)
    pat = await chat.say("pat", "notes")
    assert "Lee's first chat" in pat.text and "Secret chat" in pat.text


async def test_a_finished_rating_can_be_shared_later(chat: Chat) -> None:
    """A manager who closed the chat before pressing Share gets the button again on the report's
    page, without rating everything again; nobody else gets it."""
    pat = str(people()["pat"].id)
    started = await chat.press("morgan", "checkins.rate", {"p": pat})
    for _ in range(2):  # the sample track rates two competencies towards se2
        scale = next(b for b in started.blocks if isinstance(b, Scale))
        started = await chat.press("morgan", scale.action_id, {**scale.value, "score": "4"})
    assert "Share with them" in [b.label for b in actions_of(started)]
    page = await chat.say("morgan", "what's next for pat@example.com")
    assert "Share your rating with Pat" in [b.label for b in actions_of(page)]
    shared = await chat.press_label("morgan", page, "Share your rating with Pat")
    assert "Shared." in shared.text
    page = await chat.say("morgan", "what's next for pat@example.com")
    assert "Share your rating with Pat" not in [b.label for b in actions_of(page)]
    ada = await chat.say("ada", "what's next for pat@example.com")
    assert not any(b.action_id == "checkins.share" for b in actions_of(ada))
