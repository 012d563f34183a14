"""An eNPS and a single-choice question answered through the core and read back at close, on
SQLite and PostgreSQL: 0 is a stored answer, out-of-range scores are refused in one line with
nothing stored, and the results show eNPS and choices only above the threshold."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from bot.pulses.messages_types import ENPS_HINT
from bot.pulses.rules import PulsePoll
from bot.reply import Scale
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people
from tests.hr.pulse_types_sample import QUESTIONS

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)


async def open_typed_pulse(db: Database, people: int = 6) -> Speaker:
    await add_people(db, "People", 1, start=100, role="hr")
    await add_people(db, "Platform", people)
    services = services_on(db, FakeClock(NOW))
    async with services.units() as uow:
        poll = await uow.pulses.create_pulse(PulsePoll(
            0, "Quarter pulse", QUESTIONS, ("Platform",), NOW, NOW + timedelta(days=5),
            threshold=5))
        await uow.pulses.open_pulse(poll.id, await uow.people.in_teams(poll.audience))
        await uow.commit()
    return Speaker(services, "p100@example.com")


def answer(qid: str, score: str) -> dict[str, str]:
    return {"p": "1", "q": qid, "score": score}


async def stored(hr: Speaker, email: str) -> dict[str, int]:
    """The person's own answers as the database holds them."""
    async with hr.services.units() as uow:
        person = await uow.people.person_by_email(email)
        assert person is not None
        return dict(await uow.pulses.answers_of(1, person.id))


async def close(hr: Speaker) -> None:
    async with hr.services.units() as uow:
        await uow.pulses.close_pulse(1)
        await uow.commit()


async def test_the_invitation_shows_each_kind_with_its_own_scale(db: Database) -> None:
    hr = await open_typed_pulse(db)
    reply = await Speaker(hr.services, "p1@example.com").say("pulse")
    scales = [b for b in reply.blocks if isinstance(b, Scale)]
    assert [(s.first, len(s.labels)) for s in scales] == [(1, 5), (0, 11), (1, 3)]
    assert scales[2].labels == QUESTIONS[2].choices
    assert ENPS_HINT in reply.text and "0 = not at all likely" in reply.text
    assert "1 (strongly disagree) to 5" not in reply.text  # not every question is 1-5


@pytest.mark.parametrize(("qid", "score", "message"), [
    ("enps", "11", "from 0 to 10"), ("enps", "-1", "from 0 to 10"), ("enps", "x", "0 to 10"),
    ("know", "0", "from 1 to 5"), ("often", "4", "one of the 3 choices"),
    ("often", "0", "one of the 3 choices"), ("enps", "٣", "0 to 10"),
    ("enps", "9" * 5000, "0 to 10"), ("nope", "1", "not in this pulse")])
async def test_a_score_the_question_does_not_take_is_refused_and_nothing_stored(
        db: Database, qid: str, score: str, message: str) -> None:
    hr = await open_typed_pulse(db)
    person = Speaker(hr.services, "p1@example.com")
    await person.press("pulse.answer", answer("enps", "5"))
    reply = await person.press("pulse.answer", answer(qid, score))
    assert message in reply.text and len(reply.text.splitlines()) == 1
    assert await stored(hr, "p1@example.com") == {"enps": 5}


async def test_zero_is_an_answer_and_the_current_one_is_shown_selected(db: Database) -> None:
    hr = await open_typed_pulse(db)
    person = Speaker(hr.services, "p1@example.com")
    reply = await person.press("pulse.answer", answer("enps", "0"))
    assert "Saved (1 of 3 answered)" in reply.text
    enps = [b for b in reply.blocks if isinstance(b, Scale)][1]
    assert enps.selected == 0
    reply = await person.press("pulse.answer", answer("often", "3"))
    assert [b for b in reply.blocks if isinstance(b, Scale)][2].selected == 3
    assert await stored(hr, "p1@example.com") == {"enps": 0, "often": 3}


async def answer_all(hr: Speaker, people: int, enps: list[int], choice: list[int]) -> None:
    for n in range(1, people + 1):
        person = Speaker(hr.services, f"p{n}@example.com")
        await person.press("pulse.answer", answer("know", "4"))
        await person.press("pulse.answer", answer("enps", str(enps[n - 1])))
        await person.press("pulse.answer", answer("often", str(choice[n - 1])))


async def test_results_at_close_show_enps_with_its_spread_and_the_choices(
        db: Database) -> None:
    hr = await open_typed_pulse(db)
    await answer_all(hr, 6, [10, 9, 9, 7, 0, 3], [1, 1, 2, 3, 1, 1])
    while_open = await hr.say("pulse results 1")
    assert "eNPS" not in while_open.text  # participation only while open
    await close(hr)
    text = (await hr.say("pulse results 1")).text
    # 3 promoters, 1 passive, 2 detractors of 6: 50% - 33% = +17
    assert "eNPS +17 (50% promoters, 17% passives, 33% detractors, n=6)" in text
    assert "0-10: 1 / 0 / 0 / 1 / 0 / 0 / 0 / 1 / 0 / 2 / 1" in text
    assert "Every week: 4 (67%)" in text and "Hardly ever: 1 (17%)" in text
    assert "favourable 100%" in text  # the statement alone: eNPS 0s are not disagreement


async def test_under_the_threshold_no_enps_or_choice_is_shown(db: Database) -> None:
    hr = await open_typed_pulse(db, people=4)
    await answer_all(hr, 4, [10, 10, 0, 0], [1, 2, 3, 1])
    await close(hr)
    reply = await hr.say("pulse results 1")
    assert "Not enough responses yet" in reply.text
    assert "eNPS" not in reply.text and "Every week" not in reply.text
