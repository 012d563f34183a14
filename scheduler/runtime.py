"""What scheduled jobs run against: set once by the composition root, looked up by each job
(jobs persist in the job store with ids only, so they cannot carry live objects)."""

from __future__ import annotations

from dataclasses import dataclass

from bot.context import Services
from bot.ports import Clock, Messenger


@dataclass(frozen=True)
class Runtime:
    services: Services
    messenger: Messenger
    lease_seconds: float = 300.0

    @property
    def clock(self) -> Clock:
        return self.services.clock


_current: Runtime | None = None


def install(runtime: Runtime | None) -> None:
    """Makes `runtime` the one jobs use (None uninstalls it)."""
    global _current
    _current = runtime


def current() -> Runtime:
    if _current is None:
        raise RuntimeError("the scheduler runtime is not installed (see scheduler.runtime)")
    return _current
