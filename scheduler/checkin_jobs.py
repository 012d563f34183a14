"""Growth check-in jobs: one job per manager at their next slot (or snoozed prompt), and one per
plan goal due soon, sending through the durable outbox so a restart never sends twice; and the
planner that lists them."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime

from bot.checkins import service as checkin_ops
from bot.checkins.rules import Prompt
from bot.checkins.service import effective_cadence
from bot.delivery import Delivery
from bot.hours import in_working_hours, next_working_time, zone
from bot.plans.messages import goal_nudge
from bot.plans.rules import Goal, nudge_time
from bot.ports import UnitOfWork
from bot.reply import Reply
from scheduler.fanout import Build, drain
from scheduler.runtime import Runtime, job


def subject(manager_id: int) -> str:
    return f"checkins:{manager_id}"


def kind(prompts: Sequence[Prompt]) -> str:
    """The outbox kind of one message: its prompts and their send times, so a snoozed prompt
    (new send time) is a new delivery while a repeated run finds the same one."""
    return "prompts:" + ",".join(f"{p.id}@{p.send_at:%Y%m%dT%H%M}" for p in prompts)


def _prompt_ids(delivery_kind: str) -> list[int]:
    body = delivery_kind.removeprefix("prompts:")
    return [int(part.split("@")[0]) for part in body.split(",") if part.split("@")[0].isdigit()]


@job
async def send_checkins(rt: Runtime, manager_id: int) -> None:
    """Queues the manager's due prompts (one message each, or one digest) and sends them."""
    now = rt.clock.now()
    async with rt.units() as uow:
        manager = await uow.people.person(manager_id)
        if manager is None:
            return
        due = await checkin_ops.queue_due(uow, manager, now)
        if due:
            digest = (await effective_cadence(uow, manager_id)).digest
            for group in ([due] if digest else [[p] for p in due]):
                await uow.outbox.enqueue(subject(manager_id), kind(group), [manager_id])
            # One transaction: the outbox rows and the prompts' new status land together.
            for p in due:
                await uow.checkins.move_prompt(p.id, ["pending"], "sent", now)
        await uow.commit()
    await drain(rt, subject(manager_id), _prompts(rt))


@job
async def nudge_goal(rt: Runtime, person_id: int, goal_id: int) -> None:
    """Reminds the person of a plan goal due soon, once, in their working hours."""
    now = rt.clock.now()
    async with rt.units() as uow:
        goal = await _goal(uow, person_id, goal_id)
        person = await uow.people.person(person_id)
        if (person is None or not person.active or goal is None or goal.done
                or not in_working_hours(now, zone(person.timezone))):
            return
        # One delivery per due date: a goal moved to a new date is nudged about again.
        await uow.outbox.enqueue(f"goal:{goal_id}", f"nudge:{goal.due}", [person_id])
        await uow.plans.claim_goal_nudge(goal_id, now)
        await uow.commit()
    await drain(rt, f"goal:{goal_id}", _nudge(goal_id))


def builder(rt: Runtime, outbox_subject: str) -> Build | None:
    """What a delivery of `outbox_subject` says now (for draining what a job left unsent), or
    None for a subject that is not a check-in or a goal nudge."""
    kind_of, _, number = outbox_subject.partition(":")
    if not number.isdigit():
        return None
    return {"checkins": _prompts(rt), "goal": _nudge(int(number))}.get(kind_of)


def _prompts(rt: Runtime) -> Build:
    async def build(uow: UnitOfWork, d: Delivery) -> Reply | None:
        manager = await uow.people.person(d.person_id)  # check-ins go to the manager
        if manager is None:
            return None
        prompts = [p for pid in _prompt_ids(d.kind) if (p := await uow.checkins.prompt(pid))]
        return await checkin_ops.message(uow, manager, prompts, rt.clock.now())
    return build


def _nudge(goal_id: int) -> Build:
    async def build(uow: UnitOfWork, d: Delivery) -> Reply | None:
        goal = await _goal(uow, d.person_id, goal_id)
        return goal_nudge(goal) if goal is not None and not goal.done else None
    return build


async def _goal(uow: UnitOfWork, person_id: int, goal_id: int) -> Goal | None:
    plan = await uow.plans.plan(person_id)
    return next((g for g in (plan.goals if plan else ()) if g.id == goal_id), None)


Job = tuple[str, Callable[..., Awaitable[None]], tuple[int, ...], datetime]


async def planned(rt: Runtime, uow: UnitOfWork) -> list[Job]:
    """(job id, function, id arguments, when) for every manager's check-ins and every goal
    due-date nudge still to send."""
    now = rt.clock.now()
    jobs: list[Job] = []
    for manager in await uow.people.managers():
        run = await checkin_ops.next_run(uow, manager, now)
        if run is not None:
            jobs.append((subject(manager.id), send_checkins, (manager.id,), run))
    for goal in await uow.plans.goals_to_nudge(date.max):
        person = await uow.people.person(goal.person_id)
        if person is not None and goal.due is not None:
            tz = zone(person.timezone)
            run = next_working_time(max(nudge_time(goal.due, tz), now), tz)
            jobs.append((f"goal:{goal.id}", nudge_goal, (person.id, goal.id), run))
    return jobs
