"""The executor that runs each job with the Runtime it was built with: jobs are persisted with
their ids only, so the runtime is passed in when they run (never looked up in a global)."""

from __future__ import annotations

import functools
from datetime import datetime

from apscheduler.executors.asyncio import AsyncIOExecutor
from apscheduler.job import Job

from scheduler.runtime import Runtime


class _WithRuntime:
    """What the executor reads of a Job, with the runtime bound as the function's first
    argument (the stored Job keeps only its ids, so it can be persisted)."""

    def __init__(self, job: Job, rt: Runtime) -> None:
        self.id = job.id
        self.func = functools.partial(job.func, rt)
        self.args = job.args
        self.kwargs = job.kwargs
        self.misfire_grace_time = job.misfire_grace_time
        self.name = job.name
        self._jobstore_alias = job._jobstore_alias
        self._shown = str(job)

    def __str__(self) -> str:  # the scheduler's log lines name the job by it
        return self._shown


class RuntimeExecutor(AsyncIOExecutor):  # type: ignore[misc]  # APScheduler has no type hints
    """Runs each job (a coroutine function from scheduler/jobs.py) as `func(rt, *ids)`."""

    def __init__(self, rt: Runtime) -> None:
        super().__init__()
        self._rt = rt

    def _do_submit_job(self, job: Job, run_times: list[datetime]) -> None:
        super()._do_submit_job(_WithRuntime(job, self._rt), run_times)
