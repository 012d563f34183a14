"""Pulse operations shared by chat flows and scheduled jobs: planning a team's first pulse,
opening, reminding and closing, the message each delivery carries, and results. Works only
through ports (the outbox decides who still needs a message)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import datetime

from bot.delivery import Delivery
from bot.hours import in_working_hours
from bot.model import Person, Role
from bot.names import best_name
from bot.ports import UnitOfWork
from bot.pulses.messages import invitation, results_reply
from bot.pulses.rules import (
    PulseError,
    PulsePoll,
    PulseResults,
    PulseStatus,
    aggregate,
    default_questions,
    participation,
)
from bot.pulses.rules_schedule import (
    default_close,
    first_pulse_opens,
    reminder_times,
)
from bot.pulses.series import plan_next
from bot.reply import Bullets, Reply, Text
from bot.rollouts.rules import ORGANISATION, Rollout

INVITE = "invite"
SUMMARY = "summary"
UNREACHABLE = "unreachable"


def subject(pulse_id: int) -> str:
    return f"pulse:{pulse_id}"


async def plan_first_pulse(uow: UnitOfWork, now: datetime, rollout: Rollout, tz: str,
                           changed: set[int]) -> PulsePoll | None:
    """The rollout's first pulse at rollout date + 14 days (see first_pulse_opens): created,
    or moved while it is still scheduled (an open or closed one is left alone). None when the
    rollout is too old for an automatic pulse (a scheduled one is then cancelled). The ids of
    pulses whose schedule changed are added to `changed` (for the planner, after the commit)."""
    repo = uow.pulses
    opens = first_pulse_opens(rollout.rollout_date, tz, now)
    existing = next((p for p in await repo.pulses() if p.rollout_id == rollout.id
                     and p.status != PulseStatus.CANCELLED), None)
    if existing is not None and existing.status != PulseStatus.SCHEDULED:
        return existing
    if opens is None:
        if existing is not None:
            await repo.update_pulse(replace(existing, status=PulseStatus.CANCELLED))
            changed.add(existing.id)
        return None
    audience = () if rollout.team.casefold() == ORGANISATION else (rollout.team,)
    if existing is None:
        poll = await repo.create_pulse(PulsePoll(
            0, f"Career tracks pulse: {rollout.team}", default_questions(), audience, opens,
            default_close(opens), rollout_id=rollout.id))
    else:
        poll = replace(existing, opens_at=opens, closes_at=default_close(opens))
        await repo.update_pulse(poll)
    changed.add(poll.id)
    return poll


async def open_due(uow: UnitOfWork, poll: PulsePoll,
                   now: datetime) -> bool:
    """Opens a scheduled pulse whose time has come and queues one invitation per audience
    member; a run of a recurring pulse gets its next run (series.plan_next). Safe to repeat:
    opening, queueing and the next run are all idempotent."""
    repo = uow.pulses
    if poll.status == PulseStatus.SCHEDULED and now >= poll.opens_at:
        await repo.open_pulse(poll.id, await uow.people.in_teams(poll.audience))
    current = await repo.pulse(poll.id)
    if current is None or current.status != PulseStatus.OPEN:
        return False
    await plan_next(uow, current, now)
    ids = [r.person_id for r in await repo.recipients(poll.id)]
    await uow.outbox.enqueue(subject(poll.id), INVITE, ids)
    return True


def due_reminder(poll: PulsePoll, tz: str, now: datetime) -> int:
    """The number (1-based) of the latest reminder due by `now` in zone `tz`, 0 for none."""
    return sum(1 for at in reminder_times(poll.opens_at, poll.closes_at, tz, poll.reminder_days)
               if at <= now)


async def queue_reminders(uow: UnitOfWork, poll: PulsePoll,
                          now: datetime) -> int:
    """Queues, for each non-responder now in their working hours, their latest reminder due in
    their timezone. After downtime only the latest is sent, so nobody gets two at once (and at
    most two); someone outside 9:00-18:00 is left for a later run (see missed_reminder_zones)."""
    if poll.status != PulseStatus.OPEN:
        return 0
    repo = uow.pulses
    queued = 0
    for r in await repo.recipients(poll.id):
        person = await uow.people.person(r.person_id)
        if (r.complete or person is None or not person.active  # leavers get no pulses
                or not in_working_hours(now, person.timezone)):
            continue
        due = due_reminder(poll, person.timezone, now)
        if due:
            queued += await uow.outbox.enqueue(subject(poll.id), f"remind{due}", [person.id])
    return queued


async def missed_reminder_zones(uow: UnitOfWork, poll: PulsePoll,
                                people: Sequence[Person], now: datetime) -> set[str]:
    """Timezones of non-responders whose latest due reminder is not queued yet (its job ran
    while they were outside working hours, or did not run during downtime), so the scheduler
    can run the reminders again at those zones' next working hour."""
    if poll.status != PulseStatus.OPEN:
        return set()
    zones = {p.id: p.timezone for p in people}
    due = {tz: due_reminder(poll, tz, now) for tz in set(zones.values())}
    if not any(due.values()):
        return set()
    queued = {(d.person_id, d.kind) for d in await uow.outbox.deliveries(subject(poll.id))}
    return {zones[r.person_id] for r in await uow.pulses.recipients(poll.id)
            if not r.complete and r.person_id in zones and due[zones[r.person_id]]
            and (r.person_id, f"remind{due[zones[r.person_id]]}") not in queued}


async def known_teams(uow: UnitOfWork, names: Sequence[str],
                      also: Sequence[str] = ()) -> tuple[str, ...]:
    """Each name as the people file spells it (any case). Raises PulseError naming a team
    nobody is in, with the closest known name, so a typo never creates an empty audience.
    `also`: more team names to accept (a trend's teams from past pulses)."""
    teams = sorted({p.team for p in await uow.people.in_teams() if p.team} | set(also))
    by_key = {t.casefold(): t for t in teams}
    found = []
    for name in names:
        team = by_key.get(name.strip().casefold())
        if team is None:
            guess = best_name(name, teams, cutoff=0.6)
            hint = f" Did you mean \"{guess}\"?" if guess else ""
            raise PulseError(f"Nobody is in a team called \"{name.strip()}\".{hint} Teams: "
                             f"{', '.join(teams) or 'none yet (import people first)'}.")
        found.append(team)
    return tuple(found)


async def hr_people(uow: UnitOfWork) -> list[Person]:
    return [p for p in await uow.people.in_teams() if p.role == Role.HR]


async def close_due(uow: UnitOfWork, poll: PulsePoll,
                    now: datetime) -> bool:
    """Closes an open pulse whose time has come and queues HR's summary (once)."""
    repo = uow.pulses
    if poll.status == PulseStatus.OPEN and now >= poll.closes_at:
        await repo.close_pulse(poll.id)
    current = await repo.pulse(poll.id)
    if current is None or current.status != PulseStatus.CLOSED:
        return False
    await uow.outbox.enqueue(subject(poll.id), SUMMARY, [p.id for p in await hr_people(uow)])
    return True


async def message_for(uow: UnitOfWork, poll: PulsePoll, delivery: Delivery) -> Reply | None:
    """What a queued delivery says now, or None when it no longer needs sending (the person
    answered before their reminder went out, or the pulse is over)."""
    repo = uow.pulses
    if delivery.kind == SUMMARY:
        return await results_message(uow, poll)
    if poll.status != PulseStatus.OPEN:
        return None
    answers = await repo.answers_of(poll.id, delivery.person_id)
    if delivery.kind == INVITE:
        return invitation(poll, answers)
    recipient = await repo.recipient(poll.id, delivery.person_id)
    if recipient is None or recipient.complete:
        return None
    return invitation(poll, answers, reminder=True)


async def results_of(uow: UnitOfWork, poll: PulsePoll) -> PulseResults:
    """While a pulse is open, participation only (see rules.participation): no score or comment
    is read before the close. Otherwise the final results, aggregated from the closed pulse's
    counts (one grouped query, whatever the number of answers)."""
    turnout = await uow.pulses.turnout(poll.id)
    if poll.status == PulseStatus.OPEN:
        return participation(turnout, poll.threshold)
    recipients = {t.team: t.invited for t in turnout}
    return aggregate(poll.questions, await uow.pulses.tally(poll.id), recipients, poll.threshold)


async def trend_of(uow: UnitOfWork, poll: PulsePoll,
                   known: PulseResults | None = None) -> tuple[tuple[str, float], ...]:
    """Favourable % of every closed pulse with the same audience, oldest first (`known`: the
    results of `poll` itself, when the caller has them already)."""
    out = []
    for p in sorted(await uow.pulses.pulses(), key=lambda p: p.opens_at):
        if p.audience == poll.audience and p.status == PulseStatus.CLOSED:
            results = known if known is not None and p.id == poll.id else await results_of(uow, p)
            fav = results.overall.favourable
            if fav is not None:
                out.append((f"#{p.id} {p.opens_at:%d %b %Y}", round(fav, 1)))
    return tuple(out)


async def results_message(uow: UnitOfWork, poll: PulsePoll) -> Reply:
    results = await results_of(uow, poll)
    if results.answered is not None:  # open: participation only, no trend either
        return results_reply(poll, results)
    return results_reply(poll, results, await trend_of(uow, poll, results))


def unreachable_message(poll: PulsePoll, people: Sequence[Person]) -> Reply:
    return Reply((Text(f"I could not reach {len(people)} people with pulse #{poll.id} "
                       f"({poll.title}) on any platform. Please ask them to say hello to the "
                       "bot, or check their Slack/Teams accounts:"),
                  Bullets(tuple(f"{p.name} <{p.email}>" for p in people))), ephemeral=False)
