"""The executor that runs jobs on the application's event loop with their Runtime. The scheduler
itself (BackgroundScheduler) lives on its own thread, so the synchronous job store never runs on
the event loop; only the job's coroutine is handed to the loop."""

from __future__ import annotations

import asyncio
import functools
import sys
from concurrent.futures import Future
from datetime import datetime
from typing import Any

from apscheduler.executors.base import BaseExecutor, run_coroutine_job
from apscheduler.job import Job

from careerbot.metrics import job_done
from scheduler.runtime import Runtime


class _WithRuntime:
    """What run_coroutine_job reads of a Job, with the runtime bound as the function's first
    argument (the stored Job keeps only its ids, so it can be persisted)."""

    def __init__(self, job: Job, rt: Runtime) -> None:
        self.id = job.id
        self.func = functools.partial(job.func, rt)
        self.args = job.args
        self.kwargs = job.kwargs
        self.misfire_grace_time = job.misfire_grace_time
        self.name = job.name
        self._shown = str(job)

    def __str__(self) -> str:  # the scheduler's log lines name the job by it
        return self._shown


class RuntimeExecutor(BaseExecutor):  # type: ignore[misc]  # APScheduler has no type hints
    """Runs each job (a coroutine function from scheduler/jobs.py) as `func(rt, *ids)` on
    `loop`. Called from the scheduler's thread; a job's outcome is reported from the loop."""

    def __init__(self, rt: Runtime, loop: asyncio.AbstractEventLoop) -> None:
        super().__init__()
        self._rt = rt
        self._loop = loop
        self._running: set[Future[Any]] = set()

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        coroutine = run_coroutine_job(_WithRuntime(job, self._rt), job._jobstore_alias,
                                      run_times, self._logger.name)
        future = asyncio.run_coroutine_threadsafe(coroutine, self._loop)

        def done(finished: Future[Any]) -> None:
            self._running.discard(finished)
            try:
                events = finished.result()
            except BaseException:
                job_done(getattr(job.func, "__name__", "job"), ok=False)
                self._run_job_error(job.id, *sys.exc_info()[1:])
            else:
                job_done(getattr(job.func, "__name__", "job"), ok=True)
                self._run_job_success(job.id, events)

        self._running.add(future)
        future.add_done_callback(done)

    def shutdown(self, wait: bool = True) -> None:
        # As AsyncIOExecutor: the loop cannot be waited on from here; running jobs are
        # cancelled (a fan-out cut short resumes on the next run, see scheduler/fanout).
        for future in list(self._running):
            future.cancel()
        self._running.clear()
