"""`careerbot serve`: prepare the database, then run the one server (Slack over HTTP or Socket
Mode, the health check, the scheduler) until interrupted."""

from __future__ import annotations

import asyncio
import logging
import signal
from typing import Annotated

import typer
from aiohttp import web
from slack_sdk.errors import SlackApiError

from careerbot.bootstrap import build
from careerbot.cli_support import CliError, load_settings, prepare, run, shown_url
from careerbot.hr_runtime import scheduler_ctx
from careerbot.server import HEALTH_PATH, SLACK_PATH, create_app, slack_mode
from careerbot.settings import Settings

SLACK_HELP = ("off (set SLACK_BOT_TOKEN and SLACK_SIGNING_SECRET, or SLACK_APP_TOKEN for "
              "Socket Mode)")


def describe(settings: Settings, host: str, port: int) -> list[str]:
    """What the server will do, in a few lines for the person starting it."""
    mode = slack_mode(settings)
    slack = {"http": f"HTTP at {SLACK_PATH}", "socket": "Socket Mode (no public URL needed)",
             "off": SLACK_HELP}[mode]
    return [f"careerbot serving on http://{host}:{port} "
            f"(database {shown_url(settings.database_url)})",
            f"  Slack: {slack}",
            f"  Health: http://{host}:{port}{HEALTH_PATH}"]


async def _serve(settings: Settings, host: str, port: int) -> None:
    app = build(settings)
    try:
        await prepare(app.db)
        web_app = create_app(app)
        web_app.cleanup_ctx.append(scheduler_ctx)  # pulses and check-ins (leader only)
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
    """Run the server: Slack, health check at /healthz, scheduler.

    Slack answers at POST /slack/events (or over Socket Mode when SLACK_APP_TOKEN is set).
    The database schema is brought up to date first. Stop with Ctrl+C."""
    settings = load_settings()
    _server_logging(settings)
    run(_serve(settings, host or settings.host, port or settings.port))
