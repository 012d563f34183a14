"""The durable scheduler: APScheduler 3 with a SQLAlchemy job store in the application database,
reconciled against the database on start, and `run_due` for cron-style and test runs.

The job store is synchronous SQLAlchemy. On the event loop, a job store call that waits for
SQLite's write lock held by a chat transaction (itself waiting for the loop to continue) stops
the loop for the whole busy timeout and fails with "database is locked". So the scheduler runs
on its own thread (BackgroundScheduler) and every job store call made here goes through
`asyncio.to_thread` (APScheduler's methods are thread-safe: they hold its job store lock and
wake its thread); only the jobs themselves run on the loop (scheduler/executor.py)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.job import Job
from apscheduler.jobstores.base import JobLookupError
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.schedulers.base import STATE_STOPPED
from sqlalchemy.exc import DatabaseError

from careerbot.metrics import job_done
from scheduler.executor import RuntimeExecutor
from scheduler.jobs import PLANNERS, JobSpec
from scheduler.runtime import Runtime

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
# Outside a start-up catch-up, a job whose time passed longer ago than this is not re-added
# (it ran, and APScheduler removed it); within it, a just-created "now" job is not missed.
# Messages a job left unsent do not depend on it: their drain job is due now (outbox_jobs).
RECENT = timedelta(hours=1)


class _Scheduler(BackgroundScheduler):  # type: ignore[misc]  # APScheduler has no type hints
    def _process_jobs(self) -> float | None:
        # APScheduler 3's thread runs one more round when woken by shutdown() (it only skips
        # PAUSED): a scheduler that was paused (run_due, jobs list) would start every due job
        # as it stops. A stopped one starts nothing.
        if self.state == STATE_STOPPED:
            return None
        wait: float | None = super()._process_jobs()
        return wait

    def remove_job(self, job_id: str, jobstore: str | None = None) -> None:
        # Another process sharing the store (a second `jobs run-due`, or `serve`'s leader) may
        # have run this job and removed it first: it is gone either way, which is no error.
        with contextlib.suppress(JobLookupError):
            super().remove_job(job_id, jobstore)


def make_scheduler(sync_url: str, rt: Runtime) -> BackgroundScheduler:
    """A scheduler on the persistent job store (not started) whose jobs run on the calling
    event loop with `rt`. APScheduler does not guard against two schedulers sharing a store:
    only the elected leader may start one that is not paused."""
    store = SQLAlchemyJobStore(url=sync_url, tablename=JOBS_TABLE)
    executor = RuntimeExecutor(rt, asyncio.get_running_loop())
    return _Scheduler(jobstores={"default": store}, executors={"default": executor},
                      timezone=UTC)


async def start_scheduler(scheduler: BackgroundScheduler, *, paused: bool) -> None:
    """Starts it off the loop. The job store creates its table on first use: two processes
    starting at once on a new database may both try, and one fails; it then starts again and
    finds the table."""
    try:
        await asyncio.to_thread(scheduler.start, paused=paused)
    except DatabaseError:
        log.info("the job store's table was being created by another process; starting again")
        await asyncio.to_thread(scheduler.start, paused=paused)


async def stop_scheduler(scheduler: BackgroundScheduler) -> None:
    """Stops it off the loop (joins its thread, which may be inside a job store call)."""
    await asyncio.to_thread(scheduler.shutdown, wait=False)


@asynccontextmanager
async def paused_scheduler(sync_url: str, rt: Runtime) -> AsyncIterator[BackgroundScheduler]:
    """A started scheduler that runs nothing by itself (to reconcile, list or run_due), shut
    down afterwards."""
    scheduler = make_scheduler(sync_url, rt)
    await start_scheduler(scheduler, paused=True)
    try:
        yield scheduler
    finally:
        await stop_scheduler(scheduler)


def _add(scheduler: BackgroundScheduler, spec: JobSpec) -> None:
    # misfire_grace_time and coalesce are saved with each job, so they are set here: a job
    # due while no scheduler ran fires once on the next start, however late.
    for last in (False, True):
        try:
            scheduler.add_job(spec.func, "date", run_date=spec.run_date, id=spec.id,
                              args=spec.args, replace_existing=True, misfire_grace_time=None,
                              coalesce=True, jobstore="default")
            return
        except JobLookupError:  # found, then removed by another process before the update
            if last:
                raise


async def desired_jobs(rt: Runtime) -> list[JobSpec]:
    async with rt.units() as uow:
        specs = [spec for planner in PLANNERS for spec in await planner(rt, uow)]
        await uow.commit()  # a manager seen for the first time gets their schedule started
    return specs


def _apply(scheduler: BackgroundScheduler, wanted: dict[str, JobSpec],
           oldest: datetime | None) -> tuple[int, int]:
    """The job store side of reconcile (blocking: run it off the loop)."""
    removed = 0
    for job in scheduler.get_jobs(jobstore="default"):
        if job.id not in wanted:
            scheduler.remove_job(job.id, jobstore="default")
            removed += 1
    existing = {job.id: job for job in scheduler.get_jobs(jobstore="default")}
    added = 0
    for spec in wanted.values():
        job = existing.get(spec.id)
        if job is not None and job.next_run_time == spec.run_date:
            continue
        if job is None and oldest is not None and spec.run_date < oldest:
            continue
        _add(scheduler, spec)
        added += 1
    return added, removed


async def reconcile(scheduler: BackgroundScheduler, rt: Runtime, *,
                    catch_up: bool = True) -> tuple[int, int]:
    """Makes the job store match the database: every job the planners ask for exists (at the
    right time), every other job is removed. Returns (added or moved, removed). The scheduler
    must be started (paused is fine): before that APScheduler does not read its store."""
    wanted = {spec.id: spec for spec in await desired_jobs(rt)}
    oldest = None if catch_up else rt.clock.now() - RECENT
    added, removed = await asyncio.to_thread(_apply, scheduler, wanted, oldest)
    log.info("scheduler reconciled: %d jobs added or moved, %d stray jobs removed", added,
             removed)
    return added, removed


def due_jobs(scheduler: BackgroundScheduler, now: datetime) -> list[Job]:
    jobs = [j for j in scheduler.get_jobs(jobstore="default")
            if j.next_run_time is not None and j.next_run_time <= now]
    return sorted(jobs, key=lambda j: (j.next_run_time, j.id))


async def run_due(rt: Runtime, sync_url: str, now: datetime) -> list[str]:
    """Reconciles, runs every job due at `now` (oldest first) and removes it; returns the ids
    run. For cron-style deployments, catching up by hand, and tests; never leaves a scheduler
    running. Several may run at once (cron overlapping itself, or beside `serve`): they share
    the outbox's work, and a job another one already ran and removed is not an error."""
    async with paused_scheduler(sync_url, rt) as scheduler:
        await reconcile(scheduler, rt)
        ran = []
        for job in await asyncio.to_thread(due_jobs, scheduler, now):
            try:
                await job.func(rt, *job.args)
            except Exception:
                job_done(getattr(job.func, "__name__", "job"), ok=False)
                raise
            job_done(getattr(job.func, "__name__", "job"), ok=True)
            await asyncio.to_thread(scheduler.remove_job, job.id, jobstore="default")
            ran.append(job.id)
        return ran


def list_jobs(scheduler: BackgroundScheduler) -> list[tuple[str, datetime | None]]:
    return [(j.id, j.next_run_time) for j in scheduler.get_jobs(jobstore="default")]
