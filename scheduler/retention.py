"""The daily retention job: erases what is older than its retention period (RETENTION_*
settings) and records the run in the audit log, whose last run entry plans the next one."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from bot.ports import UnitOfWork
from bot.rights.rules import RETENTION_RUN, AuditEntry, next_retention_run
from scheduler.runtime import Runtime, job

JOB_ID = "retention"


@job
async def enforce_retention(rt: Runtime) -> None:
    """One transaction: everything past its period goes, and the audit log says how much."""
    now = rt.clock.now()
    async with rt.units() as uow:
        pruned = await uow.rights.prune(rt.retention.cutoffs(now))
        await uow.audit.record(AuditEntry(now, "scheduler", "retention job", RETENTION_RUN,
                                          pruned.describe()))
        await uow.commit()


async def planned(rt: Runtime, uow: UnitOfWork,
                  ) -> list[tuple[str, Callable[..., Awaitable[None]], tuple[Any, ...], datetime]]:
    """The retention job, once a day at most, when something held has run out (or will):
    (id, function, args, when). Nothing when no data will ever expire."""
    last = await uow.audit.latest(RETENTION_RUN)
    expiry = await uow.rights.earliest_expiry(rt.retention)
    at = next_retention_run(last.at if last else None, expiry, rt.clock.now())
    return [] if at is None else [(JOB_ID, enforce_retention, (), at)]
