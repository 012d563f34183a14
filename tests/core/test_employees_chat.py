"""What the bot does with text that is not a command (issue 12): small talk gets a short answer,
"who is my manager" an answer from the data, and anything else says what was not understood
with the three closest commands instead of the whole help list."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.context import Services
from bot.conversation import handle
from bot.events import Actor, Platform, TextMessage
from bot.intents import match
from bot.reply import Bullets, Reply
from storage.database import Database
from tests.fakes import FakeClock, answered, units_of
from tests.managers.chat import Chat, services
from tests.managers.org import fake_repository, seed


@pytest.fixture
def fake() -> Services:
    repo, _ = fake_repository()
    return Services(units=units_of(repo), clock=FakeClock())


async def say(services: Services, who: str, text: str) -> Reply:
    actor = Actor(Platform.CONSOLE, who, email=f"{who}@example.com")
    return answered(await handle(services, TextMessage(actor, text)))


def lines(reply: Reply) -> int:
    return len(reply.text.splitlines())


@pytest.mark.parametrize(("text", "answer"), [
    ("thanks!", "You're welcome"),
    ("Thank you so much", "You're welcome"),
    ("hi", "Hi Pat!"),
    ("Hello there", "Hi Pat!"),
    ("good morning", "Hi Pat!"),
    ("ok", "Glad to help"),
    ("cool", "Glad to help"),
    ("sounds good", "Glad to help"),
    ("bye", "Bye for now"),
])
async def test_small_talk_gets_a_short_answer(fake: Services, text: str, answer: str) -> None:
    reply = await say(fake, "pat", text)
    assert answer in reply.text
    assert lines(reply) <= 2 and "**next**" not in reply.text and "didn't catch" not in reply.text


async def test_greetings_inside_a_question_still_answer_the_question(fake: Services) -> None:
    assert "What's next for you, Pat" in (await say(fake, "pat", "hi, what's next?")).text
    assert "here is what I can do" in (await say(fake, "pat", "hey what can you do")).text


@pytest.mark.parametrize("text", ["what is my salary band?", "is it ok to work from home",
                                  "tell me a joke"])
async def test_not_understood_offers_the_three_closest_commands(fake: Services,
                                                                text: str) -> None:
    reply = await say(fake, "pat", text)
    assert reply.text.startswith(f"Sorry, I didn't catch \"{text}\"")
    (offered,) = [b for b in reply.blocks if isinstance(b, Bullets)]
    assert len(offered.items) == 3
    assert "Say \"help\" to see everything I can do." in reply.text
    assert lines(reply) <= 6


async def test_the_closest_commands_are_close(fake: Services) -> None:
    reply = await say(fake, "pat", "show competencies please")
    (offered,) = [b for b in reply.blocks if isinstance(b, Bullets)]
    assert offered.items[0].startswith("**competency**")
    goals = await say(fake, "pat", "how do i add a goal with a date")
    assert match("how do i add a goal with a date").name == "unknown"
    (offered,) = [b for b in goals.blocks if isinstance(b, Bullets)]
    assert offered.items[0].startswith("**goal**")


async def test_suggestions_are_only_what_the_person_may_use(fake: Services) -> None:
    employee = await say(fake, "pat", "schedule an anonymous survey for a team")
    assert "pulse: answer an open pulse poll" in employee.text
    assert "pulse schedule" not in employee.text and "stats" not in employee.text
    hr = await say(fake, "hana", "schedule an anonymous survey for a team")
    assert "pulse schedule" in hr.text


@pytest.fixture
async def chat(db: Database) -> AsyncIterator[Chat]:
    await seed(db)
    yield Chat(services(db, FakeClock()))


@pytest.mark.parametrize("text", ["who is my manager", "Who's my manager?", "my boss",
                                  "who do I report to?"])
async def test_who_is_my_manager_is_answered_from_the_data(chat: Chat, text: str) -> None:
    reply = await chat.say("pat", text)
    assert "Your manager is Morgan Example (morgan@example.com)." in reply.text
    assert "Morgan's manager is Ada Example." in reply.text


async def test_without_a_manager_says_so(chat: Chat) -> None:
    reply = await chat.say("ada", "who is my manager?")
    assert "no manager on record" in reply.text and "people file" in reply.text
