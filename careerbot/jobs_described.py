"""Scheduled jobs in words, for `careerbot jobs list` and `jobs run-due`: what each job does and
for whom ("check-in prompts for Maria Chen's reports, ..."), not the scheduler's keys
(`checkins:4`, `pulse:1:remind:20260318T0900`). The keys are made in scheduler/jobs.py and
scheduler/checkin_jobs.py; a key this module does not know is shown as it is."""

from __future__ import annotations

from datetime import UTC, date, datetime

from bot.checkins.service import effective_cadence
from bot.ports import UnitOfWork
from bot.pulses.messages import when


async def _pulse(uow: UnitOfWork, number: str) -> str:
    poll = await uow.pulses.pulse(int(number))
    if poll is None:
        return f"pulse #{number} (no longer in the database)"
    return f'pulse #{poll.id} "{poll.title}" for {poll.audience_label}'


async def _name(uow: UnitOfWork, number: str) -> tuple[str, str]:
    """(name, timezone) of a person."""
    person = await uow.people.person(int(number))
    return (person.name, person.timezone) if person else (f"person #{number}", "UTC")


async def _checkins(uow: UnitOfWork, number: str) -> str:
    name, tz = await _name(uow, number)
    cadence = await effective_cadence(uow, int(number))
    clock = cadence.at.strftime("%H:%M")
    schedule = cadence.describe().replace(f"at {clock}", f"at {clock} {tz}", 1)
    return f"check-in prompts for {name}'s reports, {schedule}"


async def _goal(uow: UnitOfWork, number: str) -> str:
    goal = next((g for g in await uow.plans.goals_to_nudge(date.max) if g.id == int(number)),
                None)
    if goal is None:
        return f"a nudge about goal #{number}"
    name, _ = await _name(uow, str(goal.person_id))
    due = f", due {goal.due:%a %d %b %Y}" if goal.due else ""
    return f"a nudge to {name} about their plan goal #{goal.id}{due}"


async def _subject(uow: UnitOfWork, subject: str) -> str | None:
    """An outbox subject (`pulse:1`, `checkins:4`, `goal:7`) in words."""
    kind, _, number = subject.partition(":")
    if not number.isdigit():
        return None
    if kind == "pulse":
        return f"the messages of {await _pulse(uow, number)}"
    if kind == "checkins":
        return await _checkins(uow, number)
    if kind == "goal":
        return await _goal(uow, number)
    return None


FIXED = {"retention": "erases people's data kept longer than its retention period "
                      "(RETENTION_* settings) and notes the run in the audit log"}


async def describe(uow: UnitOfWork, job_id: str) -> str:
    """What the job with this id does, and for whom."""
    if job_id in FIXED:
        return FIXED[job_id]
    parts = job_id.split(":")
    if parts[0] == "pulse" and len(parts) >= 3 and parts[1].isdigit():
        pulse = await _pulse(uow, parts[1])
        step = {"open": f"opens {pulse} and sends the invitations",
                "remind": f"reminds those who have not answered {pulse}",
                "close": f"closes {pulse} and sends HR the results"}.get(parts[2])
        if step is not None:
            return step
    if parts[0] == "drain":
        unsent = await _subject(uow, job_id.removeprefix("drain:"))
        if unsent is not None:
            return f"sends what is still unsent of {unsent}"
    return await _subject(uow, job_id) or job_id


def at(moment: datetime | None) -> str:
    """When a job runs, as pulses say it (`Mon 07 Dec 2026 08:00 UTC`)."""
    return when(moment.astimezone(UTC)) if moment is not None else "not scheduled"
