"""Slack installed in many workspaces (OAuth v2, issue 13): the install page, the redirect that
stores each workspace's bot token, and per request the token of the workspace (or Enterprise
Grid org) the request came from.

Installations and OAuth states live in the database through slack_sdk's SQLAlchemy stores
(tables made by migration 0013); Bolt's OAuth flow calls `oauth.v2.access` through the app's
Web API client, so SLACK_API_URL applies to it too. The state Slack hands back is signed with
SLACK_STATE_SECRET: a forged or altered state is refused before the database is asked."""

from __future__ import annotations

import hashlib
import hmac
import logging
from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from dataclasses import dataclass
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.authorization.async_authorize import AsyncInstallationStoreAuthorize
from slack_bolt.context.async_context import AsyncBoltContext
from slack_bolt.oauth.async_oauth_flow import AsyncOAuthFlow
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.directory import SlackDirectory
from adapters.slack.scopes import bot_scopes
from bot.events import Actor

log = logging.getLogger(__name__)

INSTALL_PATH = "/slack/install"
REDIRECT_PATH = "/slack/oauth_redirect"
STATE_SECONDS = 600  # an install started and not finished within 10 minutes starts again

# The Web API client of the workspace the current request came from (set by a Bolt middleware
# before the listeners run, and again in the worker doing the request's work).
CURRENT_CLIENT: ContextVar[AsyncWebClient | None] = ContextVar("slack_client", default=None)


@dataclass(frozen=True)
class SlackOAuth:
    """SLACK_CLIENT_ID, SLACK_CLIENT_SECRET and SLACK_STATE_SECRET, with the stores to keep
    installations and OAuth states in."""

    client_id: str
    client_secret: str
    state_secret: str
    installations: AsyncInstallationStore
    states: AsyncOAuthStateStore


class SignedStates(AsyncOAuthStateStore):
    """The OAuth state is `<stored state>.<HMAC-SHA256 of it under SLACK_STATE_SECRET>`; only
    a state this server issued and signed is looked up (and consumed) in the store."""

    def __init__(self, store: AsyncOAuthStateStore, secret: str) -> None:
        self._store = store
        self._secret = secret.encode()

    @property
    def logger(self) -> logging.Logger:
        return log

    def _sign(self, state: str) -> str:
        return hmac.new(self._secret, state.encode(), hashlib.sha256).hexdigest()

    async def async_issue(self, *args: Any, **kwargs: Any) -> str:
        state = await self._store.async_issue(*args, **kwargs)
        return f"{state}.{self._sign(state)}"

    async def async_consume(self, state: str) -> bool:
        stored, _, signature = state.rpartition(".")
        if not stored or not hmac.compare_digest(signature.encode(), self._sign(stored).encode()):
            log.warning("Slack OAuth: a state that this server did not sign was refused")
            return False
        return await self._store.async_consume(stored)


def oauth_settings(oauth: SlackOAuth) -> AsyncOAuthSettings:
    return AsyncOAuthSettings(
        client_id=oauth.client_id, client_secret=oauth.client_secret,
        scopes=sorted(bot_scopes()), install_path=INSTALL_PATH, redirect_uri_path=REDIRECT_PATH,
        installation_store=oauth.installations, installation_store_bot_only=True,
        state_store=SignedStates(oauth.states, oauth.state_secret),
        state_expiration_seconds=STATE_SECONDS)


def authorize(oauth: SlackOAuth, client: AsyncWebClient) -> AsyncInstallationStoreAuthorize:
    """Each request's bot token from the installation of its workspace or org. The bot's own
    ids (auth.test) are asked once per token per process, not per request."""
    return AsyncInstallationStoreAuthorize(
        logger=log, installation_store=oauth.installations, client_id=oauth.client_id,
        client_secret=oauth.client_secret, bot_only=True, cache_enabled=True, client=client)


async def use_workspace_client(context: AsyncBoltContext,
                               next: Callable[[], Awaitable[Any]]) -> Any:  # noqa: A002
    """Bolt middleware: the request's listeners (and the work they queue) use the client
    holding the request's workspace token."""
    CURRENT_CLIENT.set(context.client)
    return await next()


class WorkspaceDirectory:
    """bot.ports.Directory over the current request's workspace: one SlackDirectory (and its
    email cache) per workspace token."""

    def __init__(self, fallback: AsyncWebClient) -> None:
        self._fallback = fallback
        self._directories: dict[str | None, SlackDirectory] = {}

    async def email_of(self, actor: Actor) -> str | None:
        client = CURRENT_CLIENT.get() or self._fallback
        directory = self._directories.get(client.token)
        if directory is None:
            directory = self._directories[client.token] = SlackDirectory(client)
        return await directory.email_of(actor)


def install_routes(flow: AsyncOAuthFlow) -> list[web.RouteDef]:
    """GET /slack/install (the "Add to Slack" page, which also sets the state cookie) and GET
    /slack/oauth_redirect (where Slack sends the installer back with a code and the state)."""
    async def install(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_installation(
            await to_bolt_request(request)))

    async def redirect(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await flow.handle_callback(
            await to_bolt_request(request)))

    return [web.get(INSTALL_PATH, install), web.get(REDIRECT_PATH, redirect)]
