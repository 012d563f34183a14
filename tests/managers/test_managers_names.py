"""People named by name wherever a person is meant (issue 12): first name, full name, email;
ambiguous names listed; people the asker may not see refused clearly, never swapped for the
asker's own page. Through the core on real SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.authz import REFUSAL
from storage.database import Database
from storage.people.tables import PersonRow
from tests.managers.chat import Chat, services
from tests.managers.org import seed


@pytest.fixture
async def chat(db: Database) -> AsyncIterator[Chat]:
    ids = await seed(db)
    async with db.session() as s:
        # Two Anas, both reporting to Lee: colleagues' reports as far as Morgan is concerned.
        for name, email in (("Ana Lopez", "ana.lopez@example.com"),
                            ("Ana Silva", "asilva@example.com")):
            s.add(PersonRow(email=email, name=name, track_id="engineering", level_id="se1",
                            team="sales", manager_id=ids["lee"]))
        await s.commit()
    yield Chat(services(db))


async def test_hr_sees_anyone_by_first_name_full_name_or_email(chat: Chat) -> None:
    for asked in ("pat", "Pat Example", "pat@example.com", "PAT"):
        reply = (await chat.say("hana", f"what's next for {asked}")).text
        assert "What's next for Pat Example" in reply, asked
    lopez = (await chat.say("hana", "what's next for ana lopez")).text
    assert "What's next for Ana Lopez" in lopez
    assert "What's next for Ana Silva" in (await chat.say("hana", "what's next for asilva")).text


async def test_an_ambiguous_name_lists_the_matches_and_shows_nobody(chat: Chat) -> None:
    reply = (await chat.say("hana", "what's next for ana")).text
    assert "More than one person matches \"ana\"" in reply
    assert "Ana Lopez (ana.lopez@example.com)" in reply and "Ana Silva" in reply
    assert "What's next for" not in reply
    assert "More than one person" in (await chat.say("lee", "what's next for ana")).text


async def test_a_manager_is_refused_a_colleagues_report_by_name(chat: Chat) -> None:
    for asked in ("cole", "Cole Example", "ana", "ana lopez"):
        reply = (await chat.say("morgan", f"what's next for {asked}")).text
        assert f"You asked about \"{asked}\".\n{REFUSAL}" in reply, asked
        assert "What's next for you" not in reply and "Morgan" not in reply
    own = (await chat.say("morgan", "what's next for pat")).text
    assert "What's next for Pat Example" in own


async def test_a_name_shared_with_a_stranger_means_the_report(chat: Chat, db: Database) -> None:
    async with chat.services.units() as uow:
        lee = await uow.people.person_by_email("lee@example.com")
    assert lee is not None
    async with db.session() as s:
        s.add(PersonRow(email="sam.quinn@example.com", name="Sam Quinn", track_id="engineering",
                        level_id="se1", team="sales", manager_id=lee.id))
        await s.commit()
    assert "What's next for Sam Example" in (await chat.say("morgan", "what's next for sam")).text
    assert "More than one person" in (await chat.say("hana", "what's next for sam")).text


async def test_nobody_by_that_name_is_about_the_asker_and_a_bad_email_says_so(
        chat: Chat) -> None:
    assert "What's next for you" in (await chat.say("pat", "what do I need for promotion")).text
    missing = (await chat.say("hana", "what's next for nobody@example.com")).text
    assert "I couldn't find anyone called \"nobody@example.com\"" in missing
