"""The scheduled jobs (module-level functions taking ids, so the job store can persist them)
and the planners that say which jobs must exist. Adding a job kind: write its job function,
write a planner returning its JobSpecs, and add the planner to PLANNERS."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot import pulse_ops
from bot.delivery import Delivery, DeliveryStatus
from bot.pulse import PulsePoll, PulseStatus
from bot.pulse_schedule import into_working_hours, reminder_times
from bot.reply import Reply
from scheduler import checkin_jobs
from scheduler.fanout import drain
from scheduler.runtime import Runtime, current


@dataclass(frozen=True)
class JobSpec:
    """One job that must exist: a stable id, a module-level function, its id arguments, when."""

    id: str
    func: Callable[..., Awaitable[None]]
    args: tuple[Any, ...]
    run_date: datetime


# Jobs

async def _send_pulse(rt: Runtime, poll: PulsePoll) -> None:
    async def build(d: Delivery) -> Reply | None:
        fresh = await pulse_ops.pulses_of(rt.services).pulse(poll.id) or poll
        if d.kind == pulse_ops.UNREACHABLE:
            return await _unreachable_message(rt, fresh)
        return await pulse_ops.message_for(rt.services, fresh, d)

    subject = pulse_ops.subject(poll.id)
    await drain(rt, subject, build)
    missed = [d for d in await rt.outbox.deliveries(subject)
              if d.status == DeliveryStatus.UNREACHABLE and d.kind == pulse_ops.INVITE]
    if missed:
        # People no platform could reach are listed to HR, once per HR person.
        hr = [p.id for p in await pulse_ops.hr_people(rt.services)]
        if await rt.outbox.enqueue(subject, pulse_ops.UNREACHABLE, hr):
            await drain(rt, subject, build)


async def _unreachable_message(rt: Runtime, poll: PulsePoll) -> Reply | None:
    missed = [d.person_id for d in await rt.outbox.deliveries(pulse_ops.subject(poll.id))
              if d.status == DeliveryStatus.UNREACHABLE and d.kind == pulse_ops.INVITE]
    people = [p for pid in missed if (p := await rt.services.repo.person(pid)) is not None]
    return pulse_ops.unreachable_message(poll, people) if people else None


async def _pulse_job(pulse_id: int, step: Callable[..., Awaitable[Any]]) -> None:
    rt = current()
    poll = await pulse_ops.pulses_of(rt.services).pulse(pulse_id)
    if poll is None:
        return
    await step(rt.services, rt.outbox, poll, rt.clock.now())
    poll = await pulse_ops.pulses_of(rt.services).pulse(pulse_id) or poll
    await _send_pulse(rt, poll)


async def open_pulse(pulse_id: int) -> None:
    """Opens the pulse and sends every invitation (resuming a fan-out cut short)."""
    await _pulse_job(pulse_id, pulse_ops.open_due)


async def remind_pulse(pulse_id: int) -> None:
    """Reminds non-responders whose reminder is due in their timezone."""
    await _pulse_job(pulse_id, pulse_ops.queue_reminders)


async def close_pulse(pulse_id: int) -> None:
    """Closes the pulse (cutting answers loose from people) and sends HR the summary."""
    await _pulse_job(pulse_id, pulse_ops.close_due)


# Planners: which jobs must exist, derived from the database alone (so losing the job store
# loses nothing). A job in the store that no planner asks for is removed.

async def pulse_jobs(rt: Runtime) -> Sequence[JobSpec]:
    specs: list[JobSpec] = []
    for poll in await pulse_ops.pulses_of(rt.services).pulses():
        specs += await _jobs_of(rt, poll)
    return specs


async def _unsent(rt: Runtime, poll: PulsePoll) -> bool:
    return any(d.status in (DeliveryStatus.PENDING, DeliveryStatus.CLAIMED)
               for d in await rt.outbox.deliveries(pulse_ops.subject(poll.id)))


async def _jobs_of(rt: Runtime, poll: PulsePoll) -> list[JobSpec]:
    """A scheduled pulse needs open, reminder and close jobs. Once open, past jobs are only
    kept when they still have work: unsent messages (a fan-out cut short) or the latest
    reminder time already passed (re-running a job is harmless: the outbox de-duplicates)."""
    prefix = f"pulse:{poll.id}"
    close = JobSpec(f"{prefix}:close", close_pulse, (poll.id,), poll.closes_at)
    if poll.status == PulseStatus.CANCELLED:
        return []
    if poll.status == PulseStatus.CLOSED:
        return [close] if await _unsent(rt, poll) else []
    people = await pulse_ops.pulses_of(rt.services).people(poll.audience)
    zones = sorted({p.timezone for p in people} or {"UTC"})
    reminders = sorted({t for z in zones for t in reminder_times(
        poll.opens_at, poll.closes_at, z, poll.reminder_days)})
    specs = [JobSpec(f"{prefix}:remind:{t:%Y%m%dT%H%M}", remind_pulse, (poll.id,), t)
             for t in reminders]
    if poll.status == PulseStatus.OPEN:
        now = rt.clock.now()
        past = [s for s in specs if s.run_date <= now]
        specs = past[-1:] + [s for s in specs if s.run_date > now]
        # A reminder someone missed (outside their hours when its job ran, or downtime) is
        # retried at their zone's next working hour, never at night.
        for tz in sorted(await pulse_ops.missed_reminder_zones(rt.services, rt.outbox, poll,
                                                                people, now)):
            at = into_working_hours(now, tz)
            if at < poll.closes_at:
                specs.append(JobSpec(f"{prefix}:remind:{at:%Y%m%dT%H%M}", remind_pulse,
                                     (poll.id,), at))
        if not await _unsent(rt, poll):
            return [*specs, close]
    return [JobSpec(f"{prefix}:open", open_pulse, (poll.id,), poll.opens_at), *specs, close]


async def checkin_jobs_of(rt: Runtime) -> Sequence[JobSpec]:
    """Growth check-ins (one job per manager) and development plan goal nudges."""
    return [JobSpec(*job) for job in await checkin_jobs.planned(rt)]


Planner = Callable[[Runtime], Awaitable[Sequence[JobSpec]]]

PLANNERS: list[Planner] = [pulse_jobs, checkin_jobs_of]
