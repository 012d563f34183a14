"""What scheduled jobs run against, and the mark of a job function. The composition root builds
the Runtime; each job receives it as its first argument (there is no global one)."""

from __future__ import annotations

import asyncio
import inspect
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TypeVar

from bot.clock import SystemClock
from bot.outside import Clock, Messenger
from bot.ports import UnitsOfWork
from bot.rights.rules import RetentionPolicy


@dataclass(frozen=True)
class Runtime:
    """`clock` is the business time (`jobs run-due --now` fixes it); `timer` is the real time
    outbox claims expire on, whatever the business time says."""

    units: UnitsOfWork
    clock: Clock
    messenger: Messenger
    lease_seconds: float = 15.0  # a claim's lease, renewed while its holder lives (fanout)
    timer: Clock = field(default_factory=SystemClock)
    # Held from a message's send to its mark: one message at most is sent but not yet marked
    # in a process, so a crash costs Teams at most one duplicate (scheduler/fanout.py).
    unmarked: asyncio.Lock = field(default_factory=asyncio.Lock, compare=False)
    # How long each kind of data is kept (the RETENTION_* settings; scheduler/retention.py).
    retention: RetentionPolicy = field(default_factory=RetentionPolicy)


JobFunction = TypeVar("JobFunction", bound=Callable[..., Awaitable[None]])


def job(func: JobFunction) -> JobFunction:
    """Marks `async def func(rt: Runtime, *ids)` as a job. The job store persists the function
    by its module path with the ids only (jobs outlive processes, a runtime does not); whoever
    runs the job passes the runtime first (RuntimeExecutor, run_due).

    APScheduler checks the stored arguments against the signature it reads when a job is added,
    so the signature it reads leaves the runtime out. Jobs stored before the runtime was passed
    in (same path, same ids) keep working."""
    signature = inspect.signature(func)
    _runtime, *ids = signature.parameters.values()
    # setattr: mypy does not know functions may carry a __signature__ (inspect honours it).
    setattr(func, "__signature__", signature.replace(parameters=ids))  # noqa: B010
    return func
