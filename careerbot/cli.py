"""The `careerbot` command: chat in the terminal, try the demo, manage the database, import and
export track files, copy templates. Composition root for the terminal; errors are one line."""

from __future__ import annotations

import asyncio
import os
import sys
from typing import Annotated

import typer

from careerbot import cli_audit, cli_data, cli_demo, cli_hr, cli_jobs, cli_people
from careerbot.cli_chat import chat_session
from careerbot.cli_manifest import manifest_app
from careerbot.cli_pulse_questions import questions_app
from careerbot.cli_server import serve
from careerbot.cli_support import (
    OneLineErrors,
    explain,
    load_settings,
    prepare,
    run,
    setup_logging,
    shown_url,
)
from careerbot.cli_tracks import tracks_app
from storage.database import Database

app = typer.Typer(
    help="careerbot: career tracks in Slack, Microsoft Teams and the terminal.",
    cls=OneLineErrors, no_args_is_help=True, pretty_exceptions_enable=False, add_completion=False,
    rich_markup_mode="markdown",
)
db_app = typer.Typer(help="Manage the database schema.", no_args_is_help=True,
                     rich_markup_mode="markdown")
app.add_typer(db_app, name="db")
app.add_typer(cli_data.import_app, name="import")
app.add_typer(cli_data.export_app, name="export")
app.add_typer(cli_data.templates_app, name="templates")
app.add_typer(tracks_app, name="tracks")
app.command("rollout")(cli_hr.rollout)
app.add_typer(cli_hr.pulse_app, name="pulse")
cli_hr.pulse_app.add_typer(questions_app, name="questions")
app.add_typer(cli_jobs.jobs_app, name="jobs")
app.command("serve")(serve)
app.add_typer(manifest_app, name="manifest")
app.add_typer(cli_people.people_app, name="people")
app.command("audit")(cli_audit.audit)


@app.command(rich_help_panel="Try it")
def chat(
    email: Annotated[str, typer.Option(
        "--as", metavar="EMAIL", help="Chat as the person with this email (as loaded by HR).")],
) -> None:
    """Talk to careerbot in the terminal, as the person with EMAIL.

    Type a choice's number or label, a score 1-5 when asked to rate, or anything in your own
    words ("what's next for me?"). `quit`, `exit` or end of input leaves. Works piped, e.g.

    `printf 'next\\nrate\\n4\\n' | careerbot chat --as ada@example.com`"""
    settings = load_settings()
    run(chat_session(settings, email, banner=f"careerbot chat as {email} on "
                     f"{shown_url(settings.database_url)}. Type quit to leave.\n"))


app.command("demo", rich_help_panel="Try it")(cli_demo.demo)


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Create the database schema or migrate it to the newest version (safe to repeat)."""
    settings = load_settings()

    async def upgrade() -> tuple[str | None, str | None]:
        # The secret too: migration 0007 moves an open pulse's answers to keys derived from it.
        db = Database(settings.database_url, secret_key=settings.secret_key)
        try:
            before = await asyncio.to_thread(db.revision) if await db.ping() else None
            await prepare(db)
            return before, await asyncio.to_thread(db.revision)
        finally:
            await db.close()

    before, after = run(upgrade())
    done = (f"created at revision {after}" if before is None
            else "already at the newest revision" if before == after
            else f"upgraded from revision {before} to {after}")
    typer.echo(f"Database schema is up to date ({shown_url(settings.database_url)}): {done}.")


def main() -> None:
    """Console-script entry point: never shows a traceback for a problem people can fix."""
    setup_logging()
    if hasattr(sys.stdout, "reconfigure"):
        # Box and bar characters must never crash output on a non-UTF-8 terminal or pipe.
        sys.stdout.reconfigure(errors="replace")
    try:
        app()
    except KeyboardInterrupt:
        typer.echo("", err=True)
        raise SystemExit(130) from None
    except Exception as error:
        message = explain(error) or (
            f"unexpected problem ({type(error).__name__}: {error}). "
            "Run again with LOG_LEVEL=DEBUG for details.")
        if os.environ.get("LOG_LEVEL", "").upper() == "DEBUG":
            raise
        typer.echo(f"Error: {message}", err=True)
        raise SystemExit(1) from None
