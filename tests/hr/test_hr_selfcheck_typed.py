"""The HR self-check answered by typing (issue 12): "yes" at a yes/no question and "mostly",
"not really", "somewhat" at a 1-5 question count as answers; anything else asks the same
question again (no help dump, no restart); "assess" resumes. SQLite and PostgreSQL."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.reply import Reply, Scale
from bot.rollouts.rules_selfcheck import BASICS, TRACK_RATINGS, steps, typed_score
from storage.database import Database
from tests.fakes import FakeClock
from tests.managers.chat import Chat, services
from tests.managers.org import seed


@pytest.fixture
async def chat(db: Database) -> AsyncIterator[Chat]:
    await seed(db)
    yield Chat(services(db))


def question(reply: Reply) -> str:
    """The "Question N of M" line of a reply."""
    return next(line for line in reply.text.splitlines() if line.startswith("Question "))


async def test_typed_answers_continue_the_self_check(chat: Chat) -> None:
    total = len(steps())
    first = await chat.say("hana", "assess")
    assert question(first) == f"Question 1 of {total}"
    reply = await chat.say("hana", "yes")
    assert question(reply) == f"Question 2 of {total}"
    assert "Here is what I can do" not in reply.text and "help" not in reply.text.casefold()
    reply = await chat.say("hana", "Yep!")
    reply = await chat.say("hana", "no")
    assert question(reply) == f"Question {len(BASICS) + 1} of {total}"
    assert f"**{TRACK_RATINGS[0][1]}.** How true is this today?" not in reply.text  # rendered
    assert f"{TRACK_RATINGS[0][1]}. How true is this today?" in reply.text
    for typed in ("yes", "mostly", "not really", "somewhat", "4"):
        reply = await chat.say("hana", typed)
    assert question(reply) == f"Question {len(BASICS) + 6} of {total}"


async def test_anything_else_asks_the_same_question_again(chat: Chat) -> None:
    await chat.say("hana", "assess")
    await chat.say("hana", "yes")
    for nonsense in ("banana", "7", "maybe later?"):
        reply = await chat.say("hana", nonsense)
        assert question(reply) == f"Question 2 of {len(steps())}", nonsense
        assert "Please answer with yes or no" in reply.text
    # A real command still works mid-way, and "assess" resumes instead of restarting.
    assert "No rollouts recorded yet" in (await chat.say("hana", "rollout status")).text
    resumed = await chat.say("hana", "assess")
    assert question(resumed) == f"Question 2 of {len(steps())}"
    assert "Picking up where you left off: 1 of" in resumed.text
    over = await chat.press_label("hana", resumed, "Start over")
    assert question(over) == f"Question 1 of {len(steps())}"


async def test_buttons_and_typing_mix_and_the_end_forgets_the_answers(chat: Chat) -> None:
    reply = await chat.say("hana", "assess")
    for _ in BASICS:
        reply = await chat.press_label("hana", reply, "Yes")
    scale = next(b for b in reply.blocks if isinstance(b, Scale))
    reply = await chat.press("hana", scale.action_id, dict(scale.value) | {"score": "5"})
    reply = await chat.say("hana", "strongly agree")  # typed after a press: carries on
    assert question(reply) == f"Question {len(BASICS) + 3} of {len(steps())}"
    while "Suggested stage" not in reply.text:
        reply = await chat.say("hana", "definitely")
    assert "Suggested stage: Measuring" in reply.text
    assert "Question" not in (await chat.say("hana", "yes")).text  # finished: nothing pending
    assert "Question 1 of" in (await chat.say("hana", "assess")).text  # a new one


async def test_a_self_check_left_for_a_day_no_longer_takes_typing(chat: Chat) -> None:
    await chat.say("hana", "assess")
    await chat.say("hana", "yes")
    assert isinstance(chat.services.clock, FakeClock)
    chat.services.clock.advance(hours=13)
    assert "Question" not in (await chat.say("hana", "thanks")).text
    resumed = await chat.say("hana", "assess")
    assert question(resumed) == f"Question 2 of {len(steps())}"
    assert question(await chat.say("hana", "no")) == f"Question 3 of {len(steps())}"


async def test_not_hr_and_no_self_check_leave_typing_alone(chat: Chat) -> None:
    assert "Question" not in (await chat.say("pat", "yes")).text
    assert "Question" not in (await chat.say("hana", "yes")).text  # none in progress
    assert "no rating in progress" in (await chat.say("hana", "4")).text


@pytest.mark.parametrize("kind,text,score", [
    ("yesno", "yes", 1), ("yesno", "No.", 0), ("yesno", "mostly", 1), ("yesno", "not really", 0),
    ("yesno", "somewhat", None), ("yesno", "3", None), ("rating", "yes", 5),
    ("rating", "Mostly.", 4), ("rating", "somewhat", 3), ("rating", "not really", 2),
    ("rating", "no", 1), ("rating", "yes, mostly", 4), ("importance", "essential", 5),
    ("rating", "banana", None), ("rating", "6", None), ("rating", "", None),
])
def test_typed_words_map_to_the_scale(kind: str, text: str, score: int | None) -> None:
    assert typed_score(kind, text) == score
