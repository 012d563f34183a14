"""`careerbot jobs list` and `careerbot jobs run-due [--now TIME]`: the scheduler's jobs from the
terminal, for cron-style deployments, catching up by hand, and tests."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.pulses.rules_schedule import parse_instant
from careerbot.bootstrap import App, build, jobs_runtime
from careerbot.cli_support import CliError, echo, load_settings, prepare, run
from careerbot.jobs_described import at, describe
from careerbot.settings import Settings
from scheduler.messengers import TextMessenger
from scheduler.runtime import Runtime
from scheduler.service import list_jobs, paused_scheduler, reconcile, run_due

NO_PLATFORM = ("Note: neither Slack nor Teams is configured, so due messages are printed here "
               "and count as delivered (set the same SLACK_*/MICROSOFT_* settings as the "
               "server to send them).")

jobs_app = typer.Typer(help="Scheduled jobs: pulses (open, reminders, close), check-in prompts, "
                            "goal nudges.",
                       no_args_is_help=True)


class FixedClock:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def _runtime(app: App) -> Runtime:
    """The jobs' runtime, sending through the same platform messenger as `careerbot serve`."""
    return jobs_runtime(app.settings, app.services.units, app.services.clock)


def _instant(text: str | None) -> datetime:
    if text is None:
        return datetime.now(UTC)
    try:
        return parse_instant(text)
    except ValueError:
        raise CliError(f"--now {text!r} is not an ISO-8601 time (e.g. 2026-03-16T09:00:00Z)."
                       ) from None


async def _run_due(settings: Settings, now: datetime) -> list[str]:
    app = build(settings, clock=FixedClock(now))
    try:
        await prepare(app.db)
        rt = _runtime(app)
        if isinstance(rt.messenger, TextMessenger):
            typer.echo(NO_PLATFORM, err=True)
        ran = await run_due(rt, app.db.sync_url, now)
        async with app.services.units() as uow:
            return [await describe(uow, job_id) for job_id in ran]
    finally:
        await app.db.close()


@jobs_app.command("run-due")
def run_due_command(
    now: Annotated[str | None, typer.Option("--now", metavar="ISO-8601-TIME",
                                            help="Run as if it were this time.")] = None,
) -> None:
    """Reconcile the jobs with the database, run everything due at NOW (default: the real
    now) once, and exit."""
    at = _instant(now)
    ran = run(_run_due(load_settings(), at))
    echo("\n  ".join([f"Ran {len(ran)} due job(s) at {at.isoformat()}" + (":" if ran else "."),
                      *ran]))


async def _list(settings: Settings) -> list[str]:
    app = build(settings)
    try:
        await prepare(app.db)
        rt = _runtime(app)
        async with paused_scheduler(app.db.sync_url, rt) as scheduler:
            await reconcile(scheduler, rt)
            jobs = list_jobs(scheduler)
        async with app.services.units() as uow:
            described = [(when or datetime.max.replace(tzinfo=UTC), at(when),
                          await describe(uow, job_id)) for job_id, when in jobs]
        return [f"{shown}  {what}" for _, shown, what in sorted(described)]
    finally:
        await app.db.close()


@jobs_app.command("list")
def list_command() -> None:
    """Every scheduled job, by when it runs: what it does and for whom (after reconciling with
    the database)."""
    lines = run(_list(load_settings()))
    echo("\n".join(lines) if lines else "No scheduled jobs.")
