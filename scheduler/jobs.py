"""The scheduled jobs (module-level functions taking the runtime and ids; the job store persists
them by path with the ids) and the planners that say which jobs must exist. Adding a job kind:
write its `@job` function, write a planner returning its JobSpecs, add the planner to PLANNERS.
Whatever is left unsent in the outbox (a process died, a platform said "not now") gets a drain
job at once, however old its pulse or prompt (drain_outbox, outbox_jobs)."""

from __future__ import annotations

import logging
import weakref
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from bot.delivery import Delivery, DeliveryStatus
from bot.ports import UnitOfWork
from bot.pulses import service as pulse_ops
from bot.pulses.rules import PulseError, PulsePoll, PulseStatus
from bot.pulses.rules_schedule import into_working_hours, reminder_times
from bot.reply import Reply
from scheduler import checkin_jobs, retention
from scheduler.fanout import drain
from scheduler.runtime import Runtime, job

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class JobSpec:
    """One job that must exist: a stable id, a module-level `@job` function, its id arguments
    (the runtime comes first when it runs, and is not stored), when."""

    id: str
    func: Callable[..., Awaitable[None]]
    args: tuple[Any, ...]
    run_date: datetime


# Jobs

async def _send_pulse(rt: Runtime, pulse_id: int) -> None:
    read: list[tuple[weakref.ref[UnitOfWork], PulsePoll | None]] = []

    async def build(uow: UnitOfWork, d: Delivery) -> Reply | None:
        if not read or read[0][0]() is not uow:  # the pulse once per claim transaction
            read[:] = [(weakref.ref(uow), await uow.pulses.pulse(pulse_id))]
        poll = read[0][1]
        if poll is None:
            return None
        if d.kind == pulse_ops.UNREACHABLE:
            return await _unreachable_message(uow, poll)
        return await pulse_ops.message_for(uow, poll, d)

    subject = pulse_ops.subject(pulse_id)
    await drain(rt, subject, build)
    async with rt.units() as uow:
        invites = [d for d in await uow.outbox.deliveries(subject)
                   if d.kind == pulse_ops.INVITE]
        missed = [d for d in invites if d.status == DeliveryStatus.UNREACHABLE]
        unsent = [d for d in invites if d.status in (DeliveryStatus.PENDING,
                                                     DeliveryStatus.CLAIMED)]
        # People no platform could reach are listed to HR, once per HR person, once every
        # invitation is settled (a later drain lists them when some are still being retried).
        hr = [p.id for p in await pulse_ops.hr_people(uow)] if missed and not unsent else []
        added = await uow.outbox.enqueue(subject, pulse_ops.UNREACHABLE, hr) if hr else 0
        await uow.commit()
    if added:
        await drain(rt, subject, build)


async def _unreachable_message(uow: UnitOfWork, poll: PulsePoll) -> Reply | None:
    missed = [d.person_id for d in await uow.outbox.deliveries(pulse_ops.subject(poll.id))
              if d.status == DeliveryStatus.UNREACHABLE and d.kind == pulse_ops.INVITE]
    people = [p for pid in missed if (p := await uow.people.person(pid)) is not None]
    return pulse_ops.unreachable_message(poll, people) if people else None


async def _pulse_job(rt: Runtime, pulse_id: int, step: Callable[..., Awaitable[Any]]) -> None:
    async with rt.units() as uow:
        poll = await uow.pulses.pulse(pulse_id)
        if poll is None:
            return
        await step(uow, poll, rt.clock.now())
        await uow.commit()
    await _send_pulse(rt, pulse_id)


@job
async def open_pulse(rt: Runtime, pulse_id: int) -> None:
    """Opens the pulse and sends every invitation (resuming a fan-out cut short). Without the
    server secret the pulse stays scheduled and the log says why in one line (each reconcile
    tries again, so it opens once the secret is set)."""
    try:
        await _pulse_job(rt, pulse_id, pulse_ops.open_due)
    except PulseError as error:
        log.error("pulse #%s stays scheduled: %s", pulse_id, error)


@job
async def remind_pulse(rt: Runtime, pulse_id: int) -> None:
    """Reminds non-responders whose reminder is due in their timezone."""
    await _pulse_job(rt, pulse_id, pulse_ops.queue_reminders)


@job
async def close_pulse(rt: Runtime, pulse_id: int) -> None:
    """Closes the pulse (cutting answers loose from people) and sends HR the summary."""
    await _pulse_job(rt, pulse_id, pulse_ops.close_due)


# Planners: which jobs must exist, derived from the database alone (so losing the job store
# loses nothing). A job in the store that no planner asks for is removed.

async def pulse_jobs(rt: Runtime, uow: UnitOfWork) -> Sequence[JobSpec]:
    specs: list[JobSpec] = []
    for poll in await uow.pulses.pulses():
        specs += await _jobs_of(rt, uow, poll)
    return specs


async def _jobs_of(rt: Runtime, uow: UnitOfWork, poll: PulsePoll) -> list[JobSpec]:
    """A scheduled pulse needs open, reminder and close jobs; an open one its reminders still to
    come (and the latest one past: re-running a job is harmless, the outbox de-duplicates) and
    its close. Messages left unsent are drained by outbox_jobs."""
    prefix = f"pulse:{poll.id}"
    close = JobSpec(f"{prefix}:close", close_pulse, (poll.id,), poll.closes_at)
    if poll.status in (PulseStatus.CANCELLED, PulseStatus.CLOSED):
        return []
    people = await uow.people.in_teams(poll.audience)
    zones = sorted({p.timezone for p in people} or {"UTC"})
    reminders = sorted({t for z in zones for t in reminder_times(
        poll.opens_at, poll.closes_at, z, poll.reminder_days)})
    specs = [JobSpec(f"{prefix}:remind:{t:%Y%m%dT%H%M}", remind_pulse, (poll.id,), t)
             for t in reminders]
    if poll.status != PulseStatus.OPEN:
        return [JobSpec(f"{prefix}:open", open_pulse, (poll.id,), poll.opens_at), *specs, close]
    now = rt.clock.now()
    past = [s for s in specs if s.run_date <= now]
    specs = past[-1:] + [s for s in specs if s.run_date > now]
    # A reminder someone missed (outside their hours when its job ran, or downtime) is
    # retried at their zone's next working hour, never at night.
    for tz in sorted(await pulse_ops.missed_reminder_zones(uow, poll, people, now)):
        at = into_working_hours(now, tz)
        if at < poll.closes_at:
            specs.append(JobSpec(f"{prefix}:remind:{at:%Y%m%dT%H%M}", remind_pulse,
                                 (poll.id,), at))
    return [*specs, close]


@job
async def drain_outbox(rt: Runtime, subject: str) -> None:
    """Sends what is left unsent of `subject` (a fan-out cut short by a crash, or waiting out a
    platform's rate limit), with any other process doing the same."""
    if subject.startswith("pulse:") and subject.removeprefix("pulse:").isdigit():
        await _send_pulse(rt, int(subject.removeprefix("pulse:")))
        return
    build = checkin_jobs.builder(rt, subject)
    if build is None:
        log.warning("no job knows how to send the outbox's %r; left as it is", subject)
        return
    await drain(rt, subject, build)


async def outbox_jobs(rt: Runtime, uow: UnitOfWork) -> Sequence[JobSpec]:
    """A drain, due now, for every subject with messages still to send: the job that queued
    them may have run long ago (its process died part-way), so its time is no guide."""
    return [JobSpec(f"drain:{subject}", drain_outbox, (subject,), rt.clock.now())
            for subject in await uow.outbox.unsent_subjects()]


async def checkin_jobs_of(rt: Runtime, uow: UnitOfWork) -> Sequence[JobSpec]:
    """Growth check-ins (one job per manager) and development plan goal nudges."""
    return [JobSpec(*job) for job in await checkin_jobs.planned(rt, uow)]


async def retention_jobs(rt: Runtime, uow: UnitOfWork) -> Sequence[JobSpec]:
    """The daily retention job (people's data kept no longer than its period)."""
    return [JobSpec(*spec) for spec in await retention.planned(rt, uow)]


Planner = Callable[[Runtime, UnitOfWork], Awaitable[Sequence[JobSpec]]]

PLANNERS: list[Planner] = [pulse_jobs, checkin_jobs_of, outbox_jobs, retention_jobs]
