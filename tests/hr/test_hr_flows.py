"""HR chat flows end to end through the conversation core on a real SQLite database."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from bot.pulse import PulseStatus
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
    assert "first pulse (#1) opens Mon 16 Mar 2026 00:00 UTC" in reply.text
    again = await hr.say("rollout Platform 2026-03-03")  # moves the still-scheduled pulse
    assert "(#1) opens Tue 17 Mar 2026" in again.text
    assert "Awareness" in (await hr.say("rollout status Platform")).text
    saved = await hr.say("rollout stage Platform awareness done 1")
    assert "[x] 1." in saved.text and "1/4 done" in saved.text
    assert "owner Dana" in (await hr.say("rollout stage Platform 2 owner Dana")).text
    assert "can change" in (await hr.say("rollout stage Platform awareness colour 1")).text
    assert "no rollout" in (await hr.say("rollout stage Design awareness done 1")).text
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
    poll = await hr.services.pulses.pulse(1)  # type: ignore[union-attr]
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
    assert "start again" in (await hr.press("selfcheck.answer", {"a": "x", "score": "1"})).text
    # "assess" from an employee still means rating their own readiness.
    assert "for the HR team" not in (await employee.say("assess")).text


async def test_answer_buttons_need_an_open_pulse(chat: tuple[Speaker, Speaker]) -> None:
    hr, employee = chat
    await hr.say("pulse schedule Platform 2026-03-16")
    reply = await employee.press("pulse.answer", {"p": "1", "q": "know", "score": "5"})
    assert "closed or was not sent to you" in reply.text
    assert not any(isinstance(b, Scale) for b in reply.blocks)
