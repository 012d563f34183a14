"""The Teams endpoint: POST /api/messages on the shared aiohttp app, through botbuilder's
CloudAdapter. Every request needs a valid Bot Framework token, unless anonymous development mode
was asked for explicitly (TEAMS_DEV_ANONYMOUS=1 and no app id). Tokens are checked against keys
fetched off the event loop (adapters/teams/keys.py), and the bot's own token for outbound calls
too (adapters/teams/credentials.py); a body over the app's limit is 413. Turns run on the
server's bounded worker pool (adapters/workers.py), as Slack's work does; when it is full the
person is told the bot is busy."""

from __future__ import annotations

import asyncio
import json
import logging
from dataclasses import dataclass
from typing import Any, Literal

from aiohttp import web
from botbuilder.core import TurnContext, serializer_helper
from botbuilder.integration.aiohttp import (
    CloudAdapter,
    ConfigurationBotFrameworkAuthentication,
)
from botbuilder.schema import Activity

from adapters.teams import keys
from adapters.teams.bot import TeamsBot
from adapters.teams.credentials import OffLoopCredentialFactory
from adapters.teams.messenger import TeamsMessenger
from adapters.teams.outbound import send_reply
from adapters.workers import SORRY, WorkerPool
from bot.context import Services
from bot.conversation import describe
from bot.reply import Reply, Text

log = logging.getLogger(__name__)

PATH = "/api/messages"
APP_TYPES = {"multitenant": "MultiTenant", "singletenant": "SingleTenant",
             "userassignedmsi": "UserAssignedMSI"}
ANONYMOUS_WARNING = (
    "TEAMS DEV ANONYMOUS MODE: %s accepts UNAUTHENTICATED requests and replies to whatever "
    "serviceUrl they name. Use it only on your own machine with the Bot Framework Emulator or "
    "tests; never expose it. Unset TEAMS_DEV_ANONYMOUS and set MICROSOFT_APP_ID and "
    "MICROSOFT_APP_PASSWORD for real use.")

Mode = Literal["authenticated", "anonymous", "off"]


class TeamsConfigError(ValueError):
    """The Teams settings contradict each other; the message names the variable to fix."""


@dataclass(frozen=True)
class TeamsConfig:
    """Plain settings values (MICROSOFT_APP_ID, ..._PASSWORD, ..._TENANT_ID, ..._TYPE,
    TEAMS_DEV_ANONYMOUS), passed in by the composition root."""

    app_id: str | None = None
    app_password: str | None = None
    tenant_id: str | None = None
    app_type: str = "MultiTenant"
    dev_anonymous: bool = False
    keys_timeout: float = 5.0  # TEAMS_KEYS_TIMEOUT_SECONDS

    @property
    def mode(self) -> Mode:
        if self.app_id and (self.app_password or self.sdk_app_type == "UserAssignedMSI"):
            return "authenticated"
        if self.dev_anonymous and not self.app_id:
            return "anonymous"
        return "off"

    @property
    def sdk_app_type(self) -> str:
        return APP_TYPES.get((self.app_type or "MultiTenant").strip().lower(), "")

    def check(self) -> None:
        """Raise TeamsConfigError for settings the SDK would reject with an obscure message."""
        if self.mode != "authenticated":
            return
        if not self.sdk_app_type:
            raise TeamsConfigError(
                f"MICROSOFT_APP_TYPE must be MultiTenant, SingleTenant or UserAssignedMSI, "
                f"not {self.app_type!r}.")
        if self.sdk_app_type != "MultiTenant" and not self.tenant_id:
            raise TeamsConfigError(
                f"MICROSOFT_APP_TYPE={self.sdk_app_type} needs MICROSOFT_APP_TENANT_ID.")


@dataclass(frozen=True)
class _SdkSettings:
    """The attribute names ConfigurationBotFrameworkAuthentication reads."""

    APP_ID: str | None
    APP_PASSWORD: str | None
    APP_TENANTID: str | None
    APP_TYPE: str


def build_adapter(config: TeamsConfig) -> CloudAdapter:
    """A CloudAdapter for the config (also used without HTTP, to send proactive messages)."""
    config.check()
    anonymous = config.mode != "authenticated"
    settings = _SdkSettings(
        APP_ID=None if anonymous else config.app_id,
        APP_PASSWORD=None if anonymous else config.app_password,
        APP_TENANTID=config.tenant_id,
        APP_TYPE="MultiTenant" if anonymous else config.sdk_app_type,
    )
    credentials = None
    if not anonymous and config.sdk_app_type != "UserAssignedMSI":
        # The SDK's own factory makes new credentials (new MSAL app, empty token cache) per
        # turn and fetches the token on the event loop: see adapters/teams/credentials.py.
        credentials = OffLoopCredentialFactory(
            config.app_id, config.app_password,
            config.tenant_id if config.sdk_app_type == "SingleTenant" else None)
    adapter = CloudAdapter(ConfigurationBotFrameworkAuthentication(
        settings, credentials_factory=credentials))
    adapter.on_turn_error = _on_turn_error
    return adapter


async def _on_turn_error(turn_context: TurnContext, error: Exception) -> None:
    # One line says why; the traceback only at DEBUG (the core's own failures never get here).
    log.error("Teams turn failed: %s", describe(error))
    log.debug("Teams turn failed", exc_info=error)
    if turn_context.responded:
        return
    try:
        await send_reply(turn_context, Reply((Text(SORRY),)))
    except Exception as failure:
        log.error("Teams: could not tell the person about the failure: %s", describe(failure))


def invoke_body(body: object) -> Any:
    """The invoke response body as JSON-ready data, serialised exactly once.

    botbuilder 4.17.1's ActivityHandler already turns the body into a dict, then the aiohttp
    CloudAdapter.process serialises it again and fails with HTTP 500 (microsoft/teams-sdk#2510);
    only an SDK model object (anything with `.serialize()`) still needs serialising."""
    return serializer_helper(body) if callable(getattr(body, "serialize", None)) else body


async def handle_request(request: web.Request, adapter: CloudAdapter, bot: TeamsBot,
                         pool: WorkerPool | None = None, queue_wait: float = 0.0,
                         ) -> web.Response:
    """Authenticate first (any failure: 401, nothing processed), then run the turn on `pool`
    (waiting up to `queue_wait` seconds for room; no room: the person is told the bot is busy).
    The response waits for the turn: an invoke's answer is its body."""
    if "application/json" not in request.headers.get("Content-Type", ""):
        return web.json_response({"error": "expected application/json"}, status=415)
    raw = await request.read()  # 413 past the app's client_max_size
    try:
        body = json.loads(raw)
        activity = Activity().deserialize(body) if isinstance(body, dict) else None
    except Exception:
        activity = None
    if activity is None or not activity.type:
        return web.json_response({"error": "expected a Bot Framework activity"}, status=400)
    auth_header = request.headers.get("Authorization", "")
    try:
        authenticated = await adapter.bot_framework_authentication.authenticate_request(
            activity, auth_header)
    except keys.KeysUnavailable as error:
        log.warning("Teams: cannot check tokens right now (%s)", error)
        return web.json_response({"error": "cannot verify the token right now"}, status=503,
                                 headers={"Retry-After": str(int(keys.RETRY_SECONDS))})
    except Exception as error:
        log.warning("Teams: rejected a request that failed authentication (%s: %s)",
                    type(error).__name__, error)
        return web.json_response({"error": "unauthorized"}, status=401)
    response = await _run_turn(adapter, authenticated, activity, bot, pool, queue_wait)
    if response is None:
        return web.Response(status=200)
    return web.json_response(invoke_body(response.body), status=int(response.status))


async def _run_turn(adapter: CloudAdapter, authenticated: Any, activity: Activity, bot: TeamsBot,
                    pool: WorkerPool | None, queue_wait: float) -> Any:
    if pool is None:
        return await adapter.process_activity(authenticated, activity, bot.on_turn)
    done: asyncio.Future[Any] = asyncio.get_running_loop().create_future()

    async def turn() -> None:
        try:
            result = await adapter.process_activity(authenticated, activity, bot.on_turn)
        except BaseException as error:
            if not done.done():
                done.set_exception(error)
            raise
        if not done.done():
            done.set_result(result)

    if not await pool.offer(turn, kind="teams turn", wait=queue_wait):
        return await adapter.process_activity(authenticated, activity, bot.on_busy)
    return await done


@dataclass(frozen=True)
class TeamsEndpoint:
    """What mounting produced: the adapter, the turn handler and a Messenger sharing them."""

    adapter: CloudAdapter
    bot: TeamsBot
    messenger: TeamsMessenger
    mode: Mode


def mount_teams(web_app: web.Application, *, services: Services,
                config: TeamsConfig, path: str = PATH, pool: WorkerPool | None = None,
                queue_wait: float = 0.0) -> TeamsEndpoint | None:
    """Add POST `path` to `web_app` when Teams is configured; None (route absent, so 404) when
    there are neither credentials nor an explicit anonymous development mode. Turns run on
    `pool` (the server's, shared with Slack), or inline without one."""
    mode = config.mode
    if mode == "off":
        if config.dev_anonymous and config.app_id:
            log.warning("TEAMS_DEV_ANONYMOUS is ignored because MICROSOFT_APP_ID is set; set "
                        "MICROSOFT_APP_PASSWORD too to enable Teams.")
        log.info("Teams endpoint off (no MICROSOFT_APP_ID/MICROSOFT_APP_PASSWORD)")
        return None
    adapter = build_adapter(config)
    if mode == "authenticated":
        keys.install(config.keys_timeout)
    bot = TeamsBot(services)

    async def endpoint(request: web.Request) -> web.Response:
        return await handle_request(request, adapter, bot, pool, queue_wait)

    web_app.router.add_post(path, endpoint)
    if mode == "anonymous":
        for line in ("!" * 78, ANONYMOUS_WARNING % path, "!" * 78):
            log.warning(line)
    else:
        log.info("Teams endpoint on at %s (app %s, %s)", path, config.app_id, config.sdk_app_type)
    messenger = _messenger(adapter, config, services)
    return TeamsEndpoint(adapter=adapter, bot=bot, messenger=messenger, mode=mode)


def _messenger(adapter: CloudAdapter, config: TeamsConfig,
               services: Services) -> TeamsMessenger:
    app_id = config.app_id if config.mode == "authenticated" else None
    return TeamsMessenger(adapter, services.units, app_id, clock=services.clock)


def create_messenger(*, services: Services,
                     config: TeamsConfig) -> TeamsMessenger | None:
    """A Messenger for processes without the HTTP endpoint (scheduled jobs); None when off."""
    if config.mode == "off":
        return None
    return _messenger(build_adapter(config), config, services)
