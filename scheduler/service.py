"""The durable scheduler: APScheduler 3 with a SQLAlchemy job store in the application database,
reconciled against the database on start, and `run_due` for cron-style and test runs."""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

from apscheduler.job import Job
from apscheduler.jobstores.sqlalchemy import SQLAlchemyJobStore
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from scheduler.executor import RuntimeExecutor
from scheduler.jobs import PLANNERS, JobSpec
from scheduler.runtime import Runtime

log = logging.getLogger(__name__)

JOBS_TABLE = "apscheduler_jobs"
# Outside a start-up catch-up, a job whose time passed longer ago than this is not re-added
# (it ran, and APScheduler removed it); within it, a just-created "now" job is not missed.
RECENT = timedelta(hours=1)


def make_scheduler(sync_url: str, rt: Runtime) -> AsyncIOScheduler:
    """A scheduler on the persistent job store (not started) whose jobs run with `rt`.
    APScheduler does not guard against two schedulers sharing a store: only the elected leader
    may start one that is not paused."""
    store = SQLAlchemyJobStore(url=sync_url, tablename=JOBS_TABLE)
    return AsyncIOScheduler(jobstores={"default": store},
                            executors={"default": RuntimeExecutor(rt)}, timezone=UTC)


@asynccontextmanager
async def paused_scheduler(sync_url: str, rt: Runtime) -> AsyncIterator[AsyncIOScheduler]:
    """A started scheduler that runs nothing by itself (to reconcile, list or run_due), shut
    down afterwards."""
    scheduler = make_scheduler(sync_url, rt)
    scheduler.start(paused=True)
    try:
        yield scheduler
    finally:
        scheduler.shutdown(wait=False)


def _add(scheduler: AsyncIOScheduler, spec: JobSpec) -> None:
    # misfire_grace_time and coalesce are saved with each job, so they are set here: a job
    # due while no scheduler ran fires once on the next start, however late.
    scheduler.add_job(spec.func, "date", run_date=spec.run_date, id=spec.id, args=spec.args,
                      replace_existing=True, misfire_grace_time=None, coalesce=True,
                      jobstore="default")


async def desired_jobs(rt: Runtime) -> list[JobSpec]:
    async with rt.units() as uow:
        specs = [spec for planner in PLANNERS for spec in await planner(rt, uow)]
        await uow.commit()  # a manager seen for the first time gets their schedule started
    return specs


async def reconcile(scheduler: AsyncIOScheduler, rt: Runtime, *,
                    catch_up: bool = True) -> tuple[int, int]:
    """Makes the job store match the database: every job the planners ask for exists (at the
    right time), every other job is removed. Returns (added or moved, removed). The scheduler
    must be started (paused is fine): before that APScheduler does not read its store."""
    wanted = {spec.id: spec for spec in await desired_jobs(rt)}
    removed = 0
    for job in scheduler.get_jobs(jobstore="default"):
        if job.id not in wanted:
            scheduler.remove_job(job.id, jobstore="default")
            removed += 1
    existing = {job.id: job for job in scheduler.get_jobs(jobstore="default")}
    oldest = None if catch_up else rt.clock.now() - RECENT
    added = 0
    for spec in wanted.values():
        job = existing.get(spec.id)
        if job is not None and job.next_run_time == spec.run_date:
            continue
        if job is None and oldest is not None and spec.run_date < oldest:
            continue
        _add(scheduler, spec)
        added += 1
    log.info("scheduler reconciled: %d jobs added or moved, %d stray jobs removed", added,
             removed)
    return added, removed


def due_jobs(scheduler: AsyncIOScheduler, now: datetime) -> list[Job]:
    jobs = [j for j in scheduler.get_jobs(jobstore="default")
            if j.next_run_time is not None and j.next_run_time <= now]
    return sorted(jobs, key=lambda j: (j.next_run_time, j.id))


async def run_due(rt: Runtime, sync_url: str, now: datetime) -> list[str]:
    """Reconciles, runs every job due at `now` (oldest first) and removes it; returns the ids
    run. For cron-style deployments, catching up by hand, and tests; never leaves a scheduler
    running."""
    async with paused_scheduler(sync_url, rt) as scheduler:
        await reconcile(scheduler, rt)
        ran = []
        for job in due_jobs(scheduler, now):
            await job.func(rt, *job.args)
            scheduler.remove_job(job.id, jobstore="default")
            ran.append(job.id)
        return ran


def list_jobs(scheduler: AsyncIOScheduler) -> list[tuple[str, datetime | None]]:
    return [(j.id, j.next_run_time) for j in scheduler.get_jobs(jobstore="default")]
