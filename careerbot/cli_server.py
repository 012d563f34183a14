"""`careerbot serve`: prepare the database, then run the one server (Slack over HTTP or Socket
Mode, Teams, the health check, the scheduler) until interrupted."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Annotated

import typer
from aiohttp import web
from slack_sdk.errors import SlackApiError

from adapters.teams.http import PATH as TEAMS_PATH
from careerbot.bootstrap import build
from careerbot.cli_support import (
    CliError,
    load_settings,
    prepare,
    run,
    shown_url,
    sqlite_path,
)
from careerbot.messengers import teams_config
from careerbot.server import HEALTH_PATH, SLACK_PATH, create_app, slack_mode
from careerbot.settings import Settings
from storage.database import Database

SLACK_HELP = ("off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for "
              "Socket Mode)")
TEAMS_HELP = ("off (set MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD, or TEAMS_DEV_ANONYMOUS=1 "
              "for local tests)")


def slack_off(settings: Settings) -> str:
    """Why Slack is off, naming the setting that is missing when only part of it is there."""
    if not settings.slack_bot_token and (settings.slack_signing_secret
                                         or settings.slack_app_token):
        return "off: SLACK_BOT_TOKEN is not set (the xoxb-... Bot User OAuth Token)"
    if settings.slack_bot_token:
        return ("off: SLACK_SIGNING_SECRET is not set (needed for HTTP; or set SLACK_APP_TOKEN "
                "for Socket Mode)")
    return SLACK_HELP


def teams_status(settings: Settings) -> str:
    config = teams_config(settings)
    if config.mode == "authenticated":
        return f"POST {TEAMS_PATH} (app {config.app_id}, {config.sdk_app_type})"
    if config.mode == "anonymous":
        return (f"POST {TEAMS_PATH} in ANONYMOUS development mode: no authentication, for "
                "the Bot Framework Emulator or tests on this machine only")
    if config.dev_anonymous:
        return ("off: TEAMS_DEV_ANONYMOUS is ignored because MICROSOFT_APP_ID is set (set "
                "MICROSOFT_APP_PASSWORD too)")
    return TEAMS_HELP


def describe(settings: Settings, host: str, port: int) -> list[str]:
    """What the server will do, in a few lines for the person starting it."""
    mode = slack_mode(settings)
    slack = {"http": f"HTTP at {SLACK_PATH}", "socket": "Socket Mode (no public URL needed)",
             "off": slack_off(settings)}[mode]
    return [f"careerbot serving on http://{host}:{port} "
            f"(database {shown_url(settings.database_url)})",
            f"  Slack: {slack}",
            f"  Teams: {teams_status(settings)}",
            f"  Health: http://{host}:{port}{HEALTH_PATH}"]


async def _writable(db: Database) -> None:
    """Refuse to serve on a database that takes no writes: every event would fail."""
    problem = await db.write_problem()
    if problem is not None:
        path = sqlite_path(db)
        where = str(path) if path is not None else shown_url(db.sync_url)
        raise CliError(f"the database at {where} cannot be written ({problem}): check that "
                       "careerbot may write it (and that it is not a read-only copy), or point "
                       "DATABASE_URL elsewhere.")


async def _serve(settings: Settings, host: str, port: int) -> None:
    app = build(settings, scheduler=True)
    try:
        await prepare(app.db)
        await _writable(app.db)
        web_app = create_app(app)
        runner = web.AppRunner(web_app)
        try:
            await runner.setup()
        except SlackApiError as error:
            raise CliError(f"Slack Socket Mode could not connect ({error.response.get('error')}). "
                           "Check SLACK_APP_TOKEN (xapp-...) and SLACK_BOT_TOKEN.") from None
        try:
            await web.TCPSite(runner, host, port).start()
        except OSError as error:
            await runner.cleanup()
            raise CliError(f"cannot listen on {host}:{port} ({error.strerror or error}). "
                           "Set HOST/PORT or --port to a free one.") from None
        for line in describe(settings, host, port):
            typer.echo(line)
        stop = asyncio.Event()
        loop = asyncio.get_running_loop()
        for sig in (signal.SIGINT, signal.SIGTERM):
            loop.add_signal_handler(sig, stop.set)
        try:
            await stop.wait()
        finally:
            typer.echo("careerbot stopping...")
            await runner.cleanup()
    finally:
        await app.db.close()


def _server_logging(settings: Settings) -> None:
    """A server logs at LOG_LEVEL (default INFO: requests, Slack and scheduler events); the
    migration tool's start-up chatter only when debugging."""
    level = logging.getLevelName(settings.log_level.upper())
    logging.getLogger().setLevel(level if isinstance(level, int) else logging.INFO)
    if logging.getLogger().level > logging.DEBUG:
        logging.getLogger("alembic").setLevel(logging.WARNING)


def serve(
    host: Annotated[str | None, typer.Option(
        help="Interface to listen on (default: HOST, else 0.0.0.0).")] = None,
    port: Annotated[int | None, typer.Option(
        help="Port to listen on (default: PORT, else 3000).")] = None,
) -> None:
    """Run the server: Slack, Teams, health check at /healthz, scheduler.

    Slack answers at POST /slack/events (or over Socket Mode when SLACK_APP_TOKEN is set),
    Teams at POST /api/messages (with MICROSOFT_APP_ID and MICROSOFT_APP_PASSWORD).
    The database schema is brought up to date first. Stop with Ctrl+C."""
    settings = load_settings()
    _server_logging(settings)
    run(_serve(settings, host or settings.host, port or settings.port))
