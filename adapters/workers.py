"""The work a platform was promised after its acknowledgement: a fixed pool of workers reading a
bounded queue. A full queue says no (at once, or after a short wait for room, in turn), and the
caller tells the person the bot is busy instead. However fast requests come, what is held in
memory stays bounded."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import deque
from collections.abc import Awaitable, Callable

from bot.conversation import describe
from careerbot import metrics, request_ids

log = logging.getLogger(__name__)

Job = Callable[[], Awaitable[None]]

# What an adapter says itself when the core cannot answer: the queue is full, or the work
# failed after the core's answer (the core's own failures come back as its sorry reply).
BUSY = "I'm busy right now, please try again in a moment."
SORRY = ("Sorry, something went wrong on my side and nothing was changed. Please try again in a "
         "moment; if it keeps happening, tell your HR team.")

JOB_TIMEOUT_SECONDS = 120.0  # a job still running then is stuck (every client has a timeout)


class WorkerPool:
    """`workers` tasks running jobs one at a time each; up to `capacity` more jobs wait.

    Workers start with the first job (they need the running loop) and stop at `close()`. A job
    that raises is logged in one line at ERROR (its kind, the exception's type and first line),
    the traceback at DEBUG; the job itself is expected to have answered the person."""

    def __init__(self, workers: int, capacity: int, *, name: str = "work",
                 job_timeout: float = JOB_TIMEOUT_SECONDS) -> None:
        if workers < 1 or capacity < 0:
            raise ValueError("a pool needs at least one worker and a capacity of 0 or more")
        self.workers = workers
        self.capacity = capacity
        self.name = name
        self._job_timeout = job_timeout
        # Each job keeps the request id it was queued under, and when (for its logs and metrics).
        self._queue: asyncio.Queue[tuple[str, Job, str | None, float]] = asyncio.Queue()
        self._tasks: list[asyncio.Task[None]] = []
        self._running = 0
        self._closed = False
        self._waiting: deque[asyncio.Future[None]] = deque()  # offers waiting for room, in turn
        self._promised = 0  # places freed and handed to a waiting offer that has not taken it
        self._idle: asyncio.Event | None = None

    @property
    def depth(self) -> int:
        """Jobs waiting for a worker."""
        return self._queue.qsize()

    @property
    def running(self) -> int:
        """Jobs a worker is on."""
        return self._running

    def submit(self, job: Job, *, kind: str) -> bool:
        """Queue `job` (called with no arguments by a worker); False, doing nothing, when the
        queue is full (or offers are waiting for room) or the pool is closed. `kind` names the
        job in logs (no people data)."""
        if self._closed or self._waiting or self._room() <= 0:
            return False
        self._enqueue(kind, job)
        return True

    async def offer(self, job: Job, *, kind: str, wait: float) -> bool:
        """`submit`, but when the queue is full wait up to `wait` seconds for room, after the
        offers already waiting. False when no room came in time, or the pool closed."""
        if self.submit(job, kind=kind):
            return True
        if self._closed or wait <= 0:
            return False
        turn: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        self._waiting.append(turn)
        try:
            async with asyncio.timeout(wait):
                await turn
        except TimeoutError:
            if turn.done() and not turn.cancelled():  # room came as the time ran out
                self._promised -= 1
                self._hand_on()
                self._settle()
            return False
        finally:
            if turn in self._waiting:
                self._waiting.remove(turn)
        self._promised -= 1
        if self._closed:
            self._settle()
            return False
        self._enqueue(kind, job)
        return True

    async def join(self, timeout: float | None = None) -> bool:
        """Wait until every submitted job has finished; False if `timeout` passed first."""
        if self.depth == 0 and self._running == 0:
            return True
        try:
            await asyncio.wait_for(self._idle_event().wait(), timeout)
        except TimeoutError:
            return False
        return True

    async def close(self, timeout: float = 10.0) -> None:
        """Take no more jobs, give the submitted ones `timeout` seconds, then stop the workers
        (a job still running is cancelled, and its unit of work rolled back)."""
        self._closed = True
        for turn in self._waiting:  # waiting offers hear no
            if not turn.done():
                self._promised += 1
                turn.set_result(None)
        if not await self.join(timeout):
            log.warning("%s: stopping with %d jobs unfinished", self.name,
                        self.depth + self._running)
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        self._tasks.clear()

    def _room(self) -> int:
        return self.workers + self.capacity - self.depth - self._running - self._promised

    def _enqueue(self, kind: str, job: Job) -> None:
        self._start()
        self._queue.put_nowait((kind, job, request_ids.current(), time.perf_counter()))
        self._idle_event().clear()

    def _hand_on(self) -> None:
        """A place came free: the first offer still waiting takes it."""
        while self._waiting and self._room() > 0:
            turn = self._waiting.popleft()
            if not turn.done():  # not timed out meanwhile
                self._promised += 1
                turn.set_result(None)

    def _settle(self) -> None:
        if self.depth == 0 and self._running == 0 and self._promised == 0:
            self._idle_event().set()

    def _idle_event(self) -> asyncio.Event:
        if self._idle is None:
            self._idle = asyncio.Event()
            self._idle.set()
        return self._idle

    def _start(self) -> None:
        if not self._tasks:
            self._tasks = [asyncio.create_task(self._work(), name=f"{self.name}-{n}")
                           for n in range(self.workers)]

    async def _work(self) -> None:
        while True:
            kind, job, request_id, queued = await self._queue.get()
            self._running += 1
            request_ids.adopt(request_id)
            outcome = "ok"
            try:
                async with asyncio.timeout(self._job_timeout):
                    await job()
            except Exception as error:
                outcome = "timeout" if isinstance(error, TimeoutError) else "failed"
                log.error("%s: %s failed: %s", self.name, kind, describe(error))
                log.debug("%s: %s failed", self.name, kind, exc_info=error)
            finally:
                seconds = time.perf_counter() - queued
                metrics.work_done(self.name, kind, outcome, seconds)
                log.debug("%s: %s %s %.0f ms after it was queued", self.name, kind, outcome,
                          seconds * 1000)
                self._running -= 1
                self._queue.task_done()
                self._hand_on()
                self._settle()
