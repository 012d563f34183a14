"""The scheduler inside `careerbot serve`: run only by the process that holds the database's
leader lock, and the core's PulsePlanner, so a pulse changed in chat reaches it at once."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

from aiohttp import web
from apscheduler.schedulers.background import BackgroundScheduler

from bot.pulses.rules import NO_SECRET_KEY
from scheduler.runtime import Runtime
from scheduler.service import make_scheduler, reconcile, start_scheduler, stop_scheduler
from storage.database import Database
from storage.leader import DatabaseLeader

log = logging.getLogger(__name__)

RECONCILE_SECONDS = 60.0  # picks up pulses created or moved by chat, the CLI or other replicas
LEADER_RETRY_SECONDS = 30.0


class SchedulerHost:
    """Runs the scheduler while this process is the leader; retries leadership otherwise.
    Built by the composition root before the Services, which get it as their planner."""

    def __init__(self, rt: Runtime, db: Database) -> None:
        self.rt = rt
        self.db = db
        self.leader = DatabaseLeader(db)
        self.scheduler: BackgroundScheduler | None = None
        self._task: asyncio.Task[None] | None = None
        self._reconciling = asyncio.Lock()

    async def start(self) -> None:
        if not self.db.secret_key:  # said once at start-up; each open job says it again
            log.warning(NO_SECRET_KEY)
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
                    await self._stop_scheduler()
            except Exception:
                log.exception("scheduler upkeep failed; retrying")
            await asyncio.sleep(RECONCILE_SECONDS if self.scheduler else LEADER_RETRY_SECONDS)

    async def _start_scheduler(self) -> None:
        scheduler = make_scheduler(self.db.sync_url, self.rt)
        await start_scheduler(scheduler, paused=True)
        try:
            await reconcile(scheduler, self.rt)
        except BaseException:
            await stop_scheduler(scheduler)  # no thread left behind; the next round retries
            raise
        scheduler.resume()
        self.scheduler = scheduler
        log.info("this process runs the scheduler")

    async def _stop_scheduler(self) -> None:
        scheduler, self.scheduler = self.scheduler, None
        if scheduler is not None:
            await stop_scheduler(scheduler)

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        await self._stop_scheduler()
        await self.leader.release()

    async def running(self, _web_app: web.Application) -> AsyncIterator[None]:
        """aiohttp cleanup context: the scheduler up with the server, down after."""
        await self.start()
        yield
        await self.stop()
