"""`careerbot jobs list` and `careerbot jobs run-due [--now TIME]`: the scheduler's jobs from the
terminal, for cron-style deployments, catching up by hand, and tests."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from typing import Annotated

import typer

from bot.ports import Messenger
from bot.pulses.rules_schedule import parse_instant
from careerbot.bootstrap import App, build
from careerbot.cli_support import CliError, load_settings, prepare, run
from careerbot.hr_runtime import make_runtime
from careerbot.messengers import platform_messenger
from careerbot.settings import Settings
from scheduler import runtime
from scheduler.messengers import TextMessenger
from scheduler.service import make_scheduler, reconcile, run_due

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


def cli_messenger(app: App) -> Messenger:
    """Every configured platform (careerbot/messengers.py); with none, the messages are printed
    and a note on stderr says so."""
    messenger = platform_messenger(app.settings, app.services.units, app.services.clock)
    if isinstance(messenger, TextMessenger):
        typer.echo(NO_PLATFORM, err=True)
    return messenger


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
        runtime.install(make_runtime(app, cli_messenger(app)))
        return await run_due(runtime.current(), app.db.sync_url, now)
    finally:
        runtime.install(None)
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
    typer.echo(f"Ran {len(ran)} due job(s) at {at.isoformat()}" +
               (": " + ", ".join(ran) if ran else "."))


async def _list(settings: Settings) -> list[str]:
    app = build(settings)
    try:
        await prepare(app.db)
        runtime.install(make_runtime(app, TextMessenger(sys.stdout)))
        scheduler = make_scheduler(app.db.sync_url)
        scheduler.start(paused=True)
        try:
            await reconcile(scheduler, runtime.current())
            return [f"{job.id}  {job.next_run_time.isoformat() if job.next_run_time else '-'}"
                    for job in scheduler.get_jobs()]
        finally:
            scheduler.shutdown(wait=False)
    finally:
        runtime.install(None)
        await app.db.close()


@jobs_app.command("list")
def list_command() -> None:
    """Every scheduled job and when it runs (after reconciling with the database)."""
    lines = run(_list(load_settings()))
    typer.echo("\n".join(lines) if lines else "No scheduled jobs.")
