"""HR chat flows end to end through the conversation core on a real SQLite database."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import pytest

from bot.pulses.messages import invitation
from bot.pulses.rules import PulseStatus
from bot.reply import Scale
from storage.database import Database
from tests.fakes import FakeClock
from tests.hr.helpers import Speaker, services_on
from tests.hr.people import add_people

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)


@pytest.fixture
async def chat(sqlite_db: Database) -> tuple[Speaker, Speaker]:
    await add_people(sqlite_db, "People", 1, start=100, role="hr")
    await add_people(sqlite_db, "Platform", 5)
    await add_people(sqlite_db, "Design", 2, start=20)
    services = services_on(sqlite_db, FakeClock(NOW))
    return Speaker(services, "p100@example.com"), Speaker(services, "p1@example.com")


async def test_non_hr_is_refused_politely(chat: tuple[Speaker, Speaker]) -> None:
    _, employee = chat
    for text in ("rollout Platform 2026-03-02", "rollout status", "pulse schedule everyone",
                 "pulse results 1", "rollout stage Platform awareness owner Me"):
        reply = await employee.say(text)
        assert "for the HR team" in reply.text, text
    assert "no pulse for you" in (await employee.say("pulse")).text


async def test_rollout_schedules_first_pulse_and_stages(chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    reply = await hr.say("rollout Platform 2026-03-02")
    # Dated 14 days ago: the pulse opens at once.
    assert "first pulse (#1) opens Mon 16 Mar 2026 09:00 UTC" in reply.text
    again = await hr.say("rollout Platform 2026-03-03")  # moves the still-scheduled pulse
    assert "(#1) opens Tue 17 Mar 2026" in again.text
    assert "Awareness" in (await hr.say("rollout status Platform")).text
    saved = await hr.say("rollout stage Platform awareness done 1")
    assert "[x] 1." in saved.text and "1/4 done" in saved.text
    assert "owner Dana" in (await hr.say("rollout stage Platform 2 owner Dana")).text
    assert "can change" in (await hr.say("rollout stage Platform awareness colour 1")).text
    assert "no rollout" in (await hr.say("rollout stage Design awareness done 1")).text
    assert "no rollout" in (await hr.say("rollout status Design")).text
    assert "not a date" in (await hr.say("rollout Platform soon")).text
    assert "Platform" in (await hr.say("rollout status")).text


async def test_pulse_admin_commands(chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    assert "Scheduled pulse #1 for Platform, Design" in (
        await hr.say("pulse schedule Platform, Design 2026-04-01")).text
    assert "opens Mon 06 Apr 2026" in (await hr.say("pulse move 1 2026-04-06")).text
    assert "between 3 and 10" in (await hr.say("pulse threshold 1 2")).text
    assert "at least 6" in (await hr.say("pulse threshold 1 6")).text
    edited = await hr.say("pulse question 1 extra I would recommend our tracks to a friend.")
    assert "extra: I would recommend" in edited.text
    assert "No pulse has opened" in (await hr.say("pulse results")).text
    assert "Cancelled pulse #1" in (await hr.say("pulse cancel 1")).text
    assert "only a scheduled pulse" in (await hr.say("pulse move 1 2026-04-07")).text
    assert "no pulse #9" in (await hr.say("pulse results 9")).text.lower()
    async with hr.services.units() as uow:
        poll = await uow.pulses.pulse(1)
    assert poll is not None and poll.status == PulseStatus.CANCELLED


async def test_assess_guides_hr_to_a_stage(chat: tuple[Speaker, Speaker]) -> None:
    hr, employee = chat
    reply = await hr.say("assess")
    assert "Question 1 of 16" in reply.text
    answers = ["1", "1", "1"] + ["5", "2", "5", "5", "5", "5", "5"] + ["5", "3", "3", "3", "3", "4"]
    value: dict[str, str] = {"a": ""}
    for score in answers:
        reply = await hr.press("selfcheck.answer", value | {"score": score})
        value = {"a": ",".join(filter(None, [value["a"], score]))}
    assert "Suggested stage: Implementation" in reply.text
    assert "People can open their track easily" in reply.text
    assert "come through" in (await hr.press("selfcheck.answer", {"a": "x", "score": "1"})).text
    # "assess" from an employee still means rating their own readiness.
    assert "for the HR team" not in (await employee.say("assess")).text


async def test_answer_buttons_need_an_open_pulse(chat: tuple[Speaker, Speaker]) -> None:
    hr, employee = chat
    await hr.say("pulse schedule Platform 2026-03-16")
    reply = await employee.press("pulse.answer", {"p": "1", "q": "know", "score": "5"})
    assert "closed or was not sent to you" in reply.text
    assert not any(isinstance(b, Scale) for b in reply.blocks)


async def test_a_mistyped_team_is_refused_with_a_suggestion(
        chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    for text in ("rollout Platfrom 2026-03-10", "pulse schedule Platform, Desing"):
        reply = (await hr.say(text)).text
        assert "Nobody is in a team called" in reply and "Did you mean" in reply, text
    assert "Teams: Design, People, Platform." in (await hr.say("pulse schedule Sales")).text
    async with hr.services.units() as uow:
        assert await uow.pulses.pulses() == []
        assert await uow.rollouts.rollouts() == []
    # Any case works, and is stored as the people file spells it.
    assert "for Platform on" in (await hr.say("rollout platform 2026-03-10")).text
    assert "for Design:" in (await hr.say("pulse schedule design 2026-03-20")).text


async def test_pulse_dates_in_the_past_are_refused(chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    assert "in the past" in (await hr.say("pulse schedule Platform 2026-03-15")).text
    assert "not a date" in (await hr.say("pulse schedule Platform 2026-13-45")).text
    async with hr.services.units() as uow:
        assert await uow.pulses.pulses() == []
    assert "opens Mon 16 Mar 2026 09:00" in (
        await hr.say("pulse schedule Platform 2026-03-16")).text
    assert "in the past" in (await hr.say("pulse move 1 2026-01-01")).text


async def test_an_old_rollout_gets_no_automatic_pulse(chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    reply = (await hr.say("rollout Platform 2026-01-05")).text
    assert "Recorded the rollout" in reply and "would already be over" in reply
    async with hr.services.units() as uow:
        assert await uow.pulses.pulses() == []
    # Moving a recent rollout far back cancels its still-scheduled pulse.
    await hr.say("rollout Design 2026-03-10")
    assert "would already be over" in (await hr.say("rollout Design 2026-01-05")).text
    async with hr.services.units() as uow:
        (poll,) = await uow.pulses.pulses()
    assert poll.status == PulseStatus.CANCELLED


async def test_the_invitation_counts_the_statements_it_has(
        chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    await hr.say("pulse schedule Platform 2026-03-20")
    await hr.say("pulse question 1 extra I would recommend our tracks to a friend.")
    async with hr.services.units() as uow:
        poll = await uow.pulses.pulse(1)
    assert poll is not None
    assert "Eight quick statements" in invitation(poll, {}).text
    one = replace(poll, questions=poll.questions[:1])
    assert "One quick statement about" in invitation(one, {}).text


async def test_hr_sees_participation_only_while_open(chat: tuple[Speaker, Speaker]) -> None:
    hr, _ = chat
    await hr.say("pulse schedule Platform, Design 2026-03-16")
    async with hr.services.units() as uow:
        poll = await uow.pulses.pulse(1)
        assert poll is not None
        await uow.pulses.open_pulse(1, await uow.people.in_teams(poll.audience))
        await uow.commit()

    async def answer(email: str, score: int) -> None:
        speaker = Speaker(hr.services, email)
        for block in (await speaker.say("pulse")).blocks:
            if isinstance(block, Scale):
                await speaker.press(block.action_id, dict(block.value) | {"score": str(score)})

    for n in range(1, 6):
        await answer(f"p{n}@example.com", 4)
    saved = await Speaker(hr.services, "p1@example.com").press(
        "pulse.comment", {"p": "1"}, {"comment": "More examples please"})
    assert "only after the pulse closes" in saved.text
    at_five = (await hr.say("pulse results 1")).text
    assert "More examples" not in at_five and "favourable" not in at_five
    assert "So far 5 of 7 have answered (71%)" in at_five
    assert "Scores and comments appear once, at close" in at_five
    # Per team only at or above the threshold (a team nobody answered from is not folded, as
    # in the final results: its count, 0, says nothing about anyone's answers).
    assert "Platform: 5 of 5 answered (100%)" in at_five
    assert "Design: Not enough responses yet" in at_five
    await answer("p20@example.com", 1)  # the sixth, in Design
    at_six = (await hr.say("pulse results 1")).text
    assert "So far 6 of 7 have answered" in at_six and "favourable" not in at_six
    assert "Platform: Not enough" in at_six  # else 6 - 5 would give Design's one answer
