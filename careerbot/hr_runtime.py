"""Composition for scheduled work: the jobs' runtime (services, outbox, a messenger that tries
every configured platform) and the scheduler inside `careerbot serve`, run only by the process
that holds the database's leader lock."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Sequence
from dataclasses import replace
from typing import Any

from aiohttp import web
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.ports import Messenger
from careerbot.bootstrap import App
from scheduler import runtime
from scheduler.messengers import CompositeMessenger, TextMessenger
from scheduler.runtime import Runtime
from scheduler.service import make_scheduler, reconcile
from storage.leader import DatabaseLeader

log = logging.getLogger(__name__)

RECONCILE_SECONDS = 60.0  # picks up pulses created or moved by chat, the CLI or other replicas
LEADER_RETRY_SECONDS = 30.0


def make_runtime(app: App, messenger: Messenger) -> Runtime:
    return Runtime(app.services, messenger)


def platform_messengers(web_app: web.Application) -> list[tuple[str, Messenger]]:
    """Every platform mounted on the server that can send proactively (its `.messenger`)."""
    routes: list[tuple[str, Messenger]] = []
    for value in web_app.values():
        messenger: Any = getattr(value, "messenger", None)
        if messenger is not None and callable(getattr(messenger, "send", None)):
            name = "teams" if "teams" in type(value).__module__ else "slack"
            routes.append((name, messenger))
    return routes


class PlannerRelay:
    """The core's PulsePlanner inside `serve`: a pulse scheduled, moved or cancelled in chat
    reaches the running scheduler at once instead of at the next periodic reconcile."""

    def __init__(self) -> None:
        self.host: SchedulerHost | None = None

    async def pulse_changed(self, pulse_id: int) -> None:
        if self.host is not None:
            await self.host.pulse_changed(pulse_id)


def with_planner(app: App) -> App:
    """The app with a PlannerRelay as its services' planner (SchedulerHost.start connects it)."""
    return replace(app, services=replace(app.services, planner=PlannerRelay()))


class SchedulerHost:
    """Runs the scheduler while this process is the leader; retries leadership otherwise."""

    def __init__(self, app: App, routes: Sequence[tuple[str, Messenger]]) -> None:
        self.app = app
        messenger: Messenger = (CompositeMessenger(routes) if routes
                                else TextMessenger(sys.stdout))
        self.rt = make_runtime(app, messenger)
        self.leader = DatabaseLeader(app.db)
        self.scheduler: AsyncIOScheduler | None = None
        self._task: asyncio.Task[None] | None = None
        self._reconciling = asyncio.Lock()

    async def start(self) -> None:
        runtime.install(self.rt)
        if isinstance(self.app.services.planner, PlannerRelay):
            self.app.services.planner.host = self
        self._task = asyncio.create_task(self._lead())

    async def pulse_changed(self, pulse_id: int) -> None:
        """Brings the jobs up to date now when this process runs the scheduler; a follower
        leaves it to the leader's next periodic reconcile. Never fails the chat command."""
        if self.scheduler is None:
            return
        try:
            async with self._reconciling:
                if self.scheduler is not None:
                    await reconcile(self.scheduler, self.rt, catch_up=False)
        except Exception:
            log.exception("could not update the jobs of pulse %s; the next reconcile will",
                          pulse_id)

    async def _lead(self) -> None:
        while True:
            try:
                if await self.leader.acquire(self.rt.clock.now()):
                    async with self._reconciling:
                        if self.scheduler is None:
                            await self._start_scheduler()
                        else:
                            await reconcile(self.scheduler, self.rt, catch_up=False)
                elif self.scheduler is not None:
                    log.warning("lost the scheduler lease; stopping the scheduler here")
                    self.scheduler.shutdown(wait=False)
                    self.scheduler = None
            except Exception:
                log.exception("scheduler upkeep failed; retrying")
            await asyncio.sleep(RECONCILE_SECONDS if self.scheduler else LEADER_RETRY_SECONDS)

    async def _start_scheduler(self) -> None:
        scheduler = make_scheduler(self.app.db.sync_url)
        scheduler.start(paused=True)
        await reconcile(scheduler, self.rt)
        scheduler.resume()
        self.scheduler = scheduler
        log.info("this process runs the scheduler")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        if self.scheduler is not None:
            self.scheduler.shutdown(wait=False)
            self.scheduler = None
        await self.leader.release()
        if isinstance(self.app.services.planner, PlannerRelay):
            self.app.services.planner.host = None
        runtime.install(None)


async def scheduler_ctx(web_app: web.Application) -> AsyncIterator[None]:
    """aiohttp cleanup context for `careerbot serve`: scheduler up with the server, down after."""
    from careerbot.server import CAREERBOT

    host = SchedulerHost(web_app[CAREERBOT], platform_messengers(web_app))
    await host.start()
    yield
    await host.stop()
