"""HR's saved questions in storage (SqlSavedQuestions) on SQLite and PostgreSQL: saved, read
back with kind and choices, updated in place, removed; nothing without a commit; the author
link is cleared when their people row goes, and forgetting the author keeps the question."""

from __future__ import annotations

from datetime import UTC, datetime

from sqlalchemy import text

from bot.pulses.rules import Question, QuestionKind
from storage.database import Database
from storage.rights.repository import SqlRights
from storage.unit_of_work import SqlUnits
from tests.hr.people import add_people, sql

AT = datetime(2026, 3, 16, 9, tzinfo=UTC)
LATER = datetime(2026, 3, 17, 9, tzinfo=UTC)
CHOICE = Question("path", "Which path?", QuestionKind.CHOICE, ("Expertise", "People"))


async def test_save_read_update_remove(db: Database) -> None:
    [hr] = await add_people(db, "People", 1, start=100, role="hr")
    units = SqlUnits(db)
    async with units() as uow:
        assert await uow.questions.save_question(CHOICE, hr, AT) is True
        assert await uow.questions.save_question(
            Question("nps", "Recommend us?", QuestionKind.ENPS), None, AT) is True
        await uow.commit()
    async with units() as uow:
        found = await uow.questions.saved_question("path")
        assert found is not None
        assert (found.question, found.created_by, found.created_at) == (CHOICE, hr, AT)
        # Saving again in the same unit: read back at once, author and time kept.
        changed = Question("path", "Which way?", QuestionKind.CHOICE, ("A", "B", "C"))
        assert await uow.questions.save_question(changed, None, LATER) is False
        again = await uow.questions.saved_question("path")
        assert again is not None and (again.question, again.created_by, again.created_at) == (
            changed, hr, AT)
        assert [s.question.id for s in await uow.questions.saved_questions()] == ["nps", "path"]
        await uow.commit()
    async with units() as uow:
        assert await uow.questions.remove_question("nps") is True
        assert await uow.questions.remove_question("nps") is False
        # Not committed: rolled back when the unit ends.
    async with units() as uow:
        assert [s.question.id for s in await uow.questions.saved_questions()] == ["nps", "path"]
        assert await uow.questions.saved_question("nobody") is None


async def test_author_link_is_cleared_or_kept_never_the_question(db: Database) -> None:
    first, second = await add_people(db, "People", 2, start=100, role="hr")
    units = SqlUnits(db)
    async with units() as uow:
        await uow.questions.save_question(Question("a", "A?"), first, AT)
        await uow.questions.save_question(Question("b", "B?"), second, AT)
        await uow.commit()
    async with db.engine.begin() as conn:  # a people row deleted outright: ON DELETE SET NULL
        await conn.execute(text("DELETE FROM people WHERE id = :id"), {"id": first})
    # Forgetting the other author erases their data, not the company's questions.
    assert await SqlRights(db).forget(second, LATER)
    rows = await sql(db, "SELECT id, created_by FROM pulse_questions ORDER BY id")
    assert rows == [{"id": "a", "created_by": None}, {"id": "b", "created_by": second}]
    person = await sql(db, f"SELECT email, name FROM people WHERE id = {second}")
    assert person == [{"email": f"forgotten-{second}@forgotten.invalid",
                       "name": "Forgotten person"}]
