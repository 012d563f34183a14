"""Growth check-in jobs: one job per manager at their next slot (or snoozed prompt), sending
through the durable outbox so a restart never sends a prompt twice; and its planner."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from bot import checkin_ops
from bot.checkins import Prompt
from bot.delivery import Delivery
from bot.flows.checkins import effective_cadence
from bot.reply import Reply
from scheduler.fanout import drain
from scheduler.runtime import Runtime, current


def subject(manager_id: int) -> str:
    return f"checkins:{manager_id}"


def kind(prompts: Sequence[Prompt]) -> str:
    """The outbox kind of one message: its prompts and their send times, so a snoozed prompt
    (new send time) is a new delivery while a repeated run finds the same one."""
    return "prompts:" + ",".join(f"{p.id}@{p.send_at:%Y%m%dT%H%M}" for p in prompts)


def _prompt_ids(delivery_kind: str) -> list[int]:
    body = delivery_kind.removeprefix("prompts:")
    return [int(part.split("@")[0]) for part in body.split(",") if part.split("@")[0].isdigit()]


async def send_checkins(manager_id: int) -> None:
    """Queues the manager's due prompts (one message each, or one digest) and sends them."""
    rt = current()
    services, now = rt.services, rt.clock.now()
    manager = await services.repo.person(manager_id)
    if manager is None or services.managers is None:
        return
    due = await checkin_ops.queue_due(services, manager, now)
    if due:
        digest = (await effective_cadence(services.managers, manager_id)).digest
        for group in ([due] if digest else [[p] for p in due]):
            await rt.outbox.enqueue(subject(manager_id), kind(group), [manager_id])
        # Marked only after the outbox holds them: a crash in between re-queues the same kinds.
        for p in due:
            await services.managers.move_prompt(p.id, ["pending"], "sent", now)

    async def build(d: Delivery) -> Reply | None:
        prompts = [p for pid in _prompt_ids(d.kind)
                   if services.managers and (p := await services.managers.prompt(pid))]
        return await checkin_ops.message(services, manager, prompts, rt.clock.now())

    await drain(rt, subject(manager_id), build)


async def checkin_runs(rt: Runtime) -> list[tuple[int, datetime]]:
    """(manager id, when their check-in job should run) for every manager with reports."""
    managers = rt.services.managers
    if managers is None:
        return []
    now = rt.clock.now()
    runs = []
    for manager in await managers.managers():
        run = await checkin_ops.next_run(rt.services, manager, now)
        if run is not None:
            runs.append((manager.id, run))
    return runs
