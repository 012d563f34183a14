"""The one aiohttp application behind `careerbot serve`: the Slack endpoint (or Socket Mode),
the health check, the place where the Teams endpoint is mounted, the worker pool and the App's
scheduler. Built from a composed App; each platform is enabled when its credentials are present.
Bodies over CAREERBOT_MAX_BODY_BYTES are refused with 413 on every endpoint."""

from __future__ import annotations

import asyncio
import gc
import logging
from collections.abc import AsyncIterator
from dataclasses import replace
from typing import Literal

from aiohttp import web

from adapters.slack.app import SlackBot, SlackConfig
from adapters.slack.oauth import install_routes
from adapters.teams.http import TeamsConfigError, TeamsEndpoint, mount_teams
from adapters.workers import WorkerPool
from careerbot.bootstrap import App
from careerbot.cli_support import CliError
from careerbot.messengers import teams_config as teams_config  # also imported from here
from careerbot.metrics import watch_database
from careerbot.metrics_http import PATH as METRICS_PATH
from careerbot.metrics_http import measured, metrics_handler
from careerbot.scim.routes import PREFIX as SCIM_PREFIX
from careerbot.scim.routes import scim_app
from careerbot.settings import Settings, SettingsError
from careerbot.slack_oauth import slack_oauth
from storage.database import Database

log = logging.getLogger(__name__)

SLACK_PATH = "/slack/events"
HEALTH_PATH = "/healthz"
PING_TIMEOUT_SECONDS = 5.0

CAREERBOT = web.AppKey("careerbot", App)
SLACK = web.AppKey("slack", SlackBot)
TEAMS = web.AppKey("teams", TeamsEndpoint)
WORKERS = web.AppKey("workers", WorkerPool)

SlackMode = Literal["http", "socket", "off"]


def slack_mode(settings: Settings) -> SlackMode:
    """Socket Mode when SLACK_APP_TOKEN is set, HTTP with a signing secret, else off (needs a
    bot token, or the OAuth settings for many workspaces)."""
    if settings.slack_client_id:  # OAuth: slack_config says what is missing, if anything
        return "socket" if settings.slack_app_token else "http"
    if not settings.slack_bot_token:
        return "off"
    if settings.slack_app_token:
        return "socket"
    return "http" if settings.slack_signing_secret else "off"


def slack_config(settings: Settings, db: Database | None = None) -> SlackConfig:
    try:
        oauth = slack_oauth(settings, db) if db is not None else None
    except SettingsError as error:
        raise CliError(str(error)) from None
    return SlackConfig(bot_token=settings.slack_bot_token or "",
                       signing_secret=settings.slack_signing_secret,
                       app_token=settings.slack_app_token, api_url=settings.slack_api_url,
                       oauth=oauth)


def create_app(app: App) -> web.Application:
    """The server application for a composed App (nothing listens until it is run)."""
    settings = app.settings
    web_app = web.Application(client_max_size=settings.max_body_bytes, middlewares=[measured])
    web_app[CAREERBOT] = app
    web_app[WORKERS] = WorkerPool(settings.workers, settings.queue, name="slack")
    web_app.router.add_get(HEALTH_PATH, healthz)
    web_app.router.add_get(METRICS_PATH, metrics_handler(app, [web_app[WORKERS]]))
    watch_database(app.db.engine.sync_engine)
    mode = slack_mode(settings)
    if mode != "off":
        slack = SlackBot(app.services, slack_config(settings, app.db), pool=web_app[WORKERS],
                         queue_wait=settings.queue_wait, ack_reply=settings.ack_reply)
        web_app[SLACK] = slack
        if slack.bolt.oauth_flow is not None:  # GET /slack/install, /slack/oauth_redirect
            web_app.router.add_routes(install_routes(slack.bolt.oauth_flow))
        if mode == "socket":
            web_app.cleanup_ctx.append(_socket_mode)
        else:
            web_app.router.add_post(SLACK_PATH, slack.handle_http)
    if settings.scim_token:  # people from the identity provider (careerbot/scim/)
        web_app.add_subapp(SCIM_PREFIX, scim_app(app.db, settings.scim_token,
                                                 app.services.clock))
    web_app.on_startup.append(_settle_memory)
    web_app.on_shutdown.append(_stop_work)
    _mount_teams(web_app, app)
    if app.scheduler is not None:  # pulses and check-ins (run by the leader only)
        web_app.cleanup_ctx.append(app.scheduler.running)
    return web_app


def _mount_teams(web_app: web.Application, app: App) -> None:
    """POST /api/messages when Teams is configured (or TEAMS_DEV_ANONYMOUS=1 without an app id)."""
    try:
        config = replace(teams_config(app.settings),
                         keys_timeout=app.settings.teams_keys_timeout)
        teams = mount_teams(web_app, services=app.services, config=config,
                            pool=web_app[WORKERS], queue_wait=app.settings.queue_wait)
    except TeamsConfigError as error:
        raise CliError(f"Teams: {error}") from None
    if teams is not None:
        web_app[TEAMS] = teams


_settled = False


async def _settle_memory(web_app: web.Application) -> None:
    """What start-up built (modules, settings, the apps) lives as long as the process: it is
    put out of the cyclic garbage collector's sight, once. Its full collections walked all of
    it and, under load, paused every request in flight for 100-300 ms each time."""
    global _settled
    if not _settled:
        _settled = True
        gc.collect()
        gc.freeze()


async def _socket_mode(web_app: web.Application) -> AsyncIterator[None]:
    slack = web_app[SLACK]
    await slack.start_socket_mode()
    yield
    await slack.close()


async def _stop_work(web_app: web.Application) -> None:
    # Work acknowledged to Slack but not finished yet gets a chance to finish.
    if SLACK in web_app:
        await web_app[SLACK].close()
    await web_app[WORKERS].close()


def _teams_mode(web_app: web.Application) -> str:
    """"authenticated", "anonymous" (local dev mode) or "off": what /api/messages is."""
    if TEAMS not in web_app:
        return "off"
    return "authenticated" if web_app[CAREERBOT].settings.microsoft_app_id else "anonymous"


async def healthz(request: web.Request) -> web.Response:
    """200 when the database takes writes, else 503 with the reason; the status of each part
    and the worker queue either way."""
    app = request.app[CAREERBOT]
    database, reason = await _database(app.db)
    pool = request.app[WORKERS]
    body: dict[str, object] = {
        "status": "ok" if database == "ok" else "unavailable",
        "database": database,
        **({"reason": reason} if reason else {}),
        "queue": {"depth": pool.depth, "running": pool.running, "capacity": pool.capacity,
                  "workers": pool.workers},
        "slack": slack_mode(app.settings),
        "teams": _teams_mode(request.app),
    }
    return web.json_response(body, status=200 if database == "ok" else 503)


async def _database(db: Database) -> tuple[str, str | None]:
    """"ok", "unreachable" or "not writable" (with the reason), within PING_TIMEOUT_SECONDS."""
    try:
        async with asyncio.timeout(PING_TIMEOUT_SECONDS):
            if not await db.ping():
                return "unreachable", None
            problem = await db.write_problem()
    except TimeoutError:
        return "unreachable", f"no answer within {PING_TIMEOUT_SECONDS:g} s"
    if problem is None:
        return "ok", None
    log.warning("health: the database cannot be written (%s)", problem)
    return "not writable", problem
