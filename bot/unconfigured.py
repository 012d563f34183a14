"""Stand-ins for capabilities that are not configured: real objects that say so, so the core
never checks for None."""

from __future__ import annotations

import logging

from bot.events import Actor

log = logging.getLogger(__name__)


class NoDirectory:
    """No platform directory (the terminal, tests): an unknown user's email stays unknown."""

    async def email_of(self, actor: Actor) -> str | None:
        return None


class NoPlanner:
    """No scheduler in this process: a changed pulse is picked up by the scheduler's next
    reconcile (`careerbot serve`) or `careerbot jobs run-due`."""

    async def pulse_changed(self, pulse_id: int) -> None:
        log.debug("pulse %s changed; no scheduler here, the next reconcile picks it up", pulse_id)


NO_DIRECTORY = NoDirectory()
NO_PLANNER = NoPlanner()
