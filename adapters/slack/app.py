"""The Slack bot: a Bolt AsyncApp whose listeners ack at once and answer after the ack.

Slack wants an HTTP answer within 3 seconds, so a listener only queues the real work - identity
lookup, the core, Web API calls - for the worker pool (adapters/workers.py) and returns; Bolt
then acks. A slash command waits a moment for its work: a reply ready within the ack budget
goes in the ack itself (adapters/slack/ack_reply.py), else through the response_url after it.
When the queue stays full the person is told the bot is busy, before the ack; when
the work fails after the ack, they are told that too (adapters/slack/notices.py). Nobody is left
without an answer. The same listeners serve HTTP (`handle_http`, behind adapters/slack/edge.py)
and Socket Mode."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncAck, AsyncApp
from slack_bolt.authorization import AuthorizeResult
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import delivery, inbound, notices, oauth
from adapters.slack.ack_reply import AckReply, Handoff
from adapters.slack.directory import SlackDirectory
from adapters.slack.edge import SlackEdge
from adapters.slack.messenger import SlackMessenger
from adapters.slack.notices import Tell
from adapters.slack.oauth import SlackOAuth
from adapters.slack.render import first_form, render_home, render_message, render_modal
from adapters.slack.scopes import BOT_EVENTS, COMMAND
from adapters.slack.webapi import DEFAULT_API_URL, web_client
from adapters.workers import BUSY, SORRY, WorkerPool
from bot import conversation
from bot.context import Services
from bot.conversation import describe
from bot.events import Event, Place, TextMessage
from bot.reply import Reply, Visibility

log = logging.getLogger(__name__)

Handler = Callable[[Services, Event], Awaitable[Reply | None]]
Body = Mapping[str, Any]

# The App Home tab shows what the core answers to "next": track, level, next level(s), the
# latest readiness and the buttons to rate or see the full track.
HOME_TEXT = "next"
HOME_MORE_HINT = "Open the Messages tab and type \"next\" to see everything."
DEFAULT_WORKERS, DEFAULT_QUEUE = 8, 200
# The most one request's work may take (the core, then Web API calls that time out at 15 s
# each); after that the person is told it failed, and the worker moves on.
WORK_SECONDS = 60.0


class _UnusedTokenWarning(logging.Filter):
    """Bolt reads SLACK_BOT_TOKEN from the environment too, and warns that it goes unused next
    to our `authorize`. That is intended; the warning would only alarm whoever starts serve."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


@dataclass(frozen=True)
class SlackConfig:
    bot_token: str
    signing_secret: str | None = None
    app_token: str | None = None
    api_url: str = DEFAULT_API_URL
    oauth: SlackOAuth | None = None  # installed in many workspaces (adapters/slack/oauth.py)

    @property
    def socket_mode(self) -> bool:
        return bool(self.app_token)


class SlackBot:
    """Everything Slack for one workspace: the Bolt app, the Web API client, the Directory and
    Messenger ports, and the pool of workers that do the work acknowledged to Slack."""

    def __init__(self, services: Services, config: SlackConfig, *,
                 handle: Handler = conversation.handle, pool: WorkerPool | None = None,
                 queue_wait: float = 0.0, ack_reply: float = 0.0) -> None:
        """`queue_wait`: seconds a request waits for room in a full queue before the person is
        told the bot is busy (CAREERBOT_QUEUE_WAIT_SECONDS). `ack_reply`: seconds from its
        arrival a slash command's ack waits for the reply to carry it (0: never waits;
        CAREERBOT_ACK_REPLY_SECONDS)."""
        if not config.socket_mode and not config.signing_secret:
            raise ValueError("Slack over HTTP needs SLACK_SIGNING_SECRET (or set SLACK_APP_TOKEN "
                             "for Socket Mode).")
        self.config = config
        self.default_client = web_client(config.bot_token, config.api_url)
        self.http = delivery.HttpSession()
        self.messenger = SlackMessenger(self.client, services.units)
        directory = (oauth.WorkspaceDirectory(self.client) if config.oauth
                     else SlackDirectory(self.client))
        self.services = replace(services, directory=directory)
        self.pool = pool or WorkerPool(DEFAULT_WORKERS, DEFAULT_QUEUE, name="slack")
        self.queue_wait = queue_wait
        self.ack_reply = ack_reply
        self._handle = handle
        self._edge = SlackEdge(config.signing_secret or "")
        self._socket: AsyncSocketModeHandler | None = None
        self.bolt = self._bolt_app()

    @property
    def client(self) -> AsyncWebClient:
        """The Web API client of the workspace the current request came from."""
        return oauth.CURRENT_CLIENT.get() or self.default_client

    def _bolt_app(self) -> AsyncApp:
        # Bolt injects listener arguments by parameter name, so listeners are plain closures
        # (a bound method's `self` would confuse it). Each queues the work, then acks.
        async def authorize(enterprise_id: str | None, team_id: str | None,
                            user_id: str | None) -> AuthorizeResult:
            # One configured workspace token: no auth.test round trip per request.
            return AuthorizeResult(enterprise_id=enterprise_id, team_id=team_id,
                                   user_id=user_id, bot_token=self.config.bot_token)

        async def on_command(ack: AsyncAck, body: Body) -> None:
            deadline = asyncio.get_running_loop().time() + self.ack_reply
            tell = notices.responder(self.client, body, inbound.command(body).actor.user_id)
            handoff = Handoff() if self.ack_reply > 0 else None

            async def work(body: Body) -> None:
                await self._command(body, handoff)

            if not await self._queue("command", work, body, tell):
                # the busy notice did not go out: Slack shows the ack's text instead
                await ack(text=BUSY)
                return
            ready = None if handoff is None else await handoff.wait(
                deadline - asyncio.get_running_loop().time())
            if ready is None:
                await ack()
            else:  # the same fields a response_url post would carry
                await ack(text=ready.message.text, blocks=ready.message.blocks,
                          response_type=ready.response_type)

        async def on_event(body: Body) -> None:  # Bolt acks events once this returns
            tell = notices.for_event(self.client, body)
            if tell is not None:
                await self._queue("event", self._event, body, tell)

        async def on_action(ack: AsyncAck, body: Body) -> None:
            action = inbound.action(body)
            if action is not None:
                tell = notices.responder(self.client, body, action.actor.user_id)
                await self._queue("action", self._action, body, tell)
            await ack()

        async def on_view_submission(ack: AsyncAck, body: Body) -> None:
            tell = notices.in_dm(self.client, inbound.view_submission(body).actor.user_id)
            await self._queue("view", self._submitted, body, tell)
            await ack()  # closes the modal

        bolt_log = logging.getLogger("slack_bolt.AsyncApp")
        if not any(isinstance(f, _UnusedTokenWarning) for f in bolt_log.filters):
            bolt_log.addFilter(_UnusedTokenWarning())
        # The listeners only queue work, so Bolt runs them before it answers (no task and no
        # 10 ms ack polling per request). HTTP requests are verified by SlackEdge first; Bolt's
        # own check would log the body of each request it refuses.
        app_client = web_client(None, self.config.api_url)
        many = self.config.oauth  # OAuth: each workspace's token from its installation
        # Bolt takes an AsyncAuthorize as well as a function (its hint names only the latter).
        bolt = AsyncApp(client=app_client,
                        authorize=oauth.authorize(many, app_client)  # type: ignore[arg-type]
                        if many else authorize,
                        oauth_settings=oauth.oauth_settings(many) if many else None,
                        signing_secret=self.config.signing_secret or "",
                        request_verification_enabled=False, process_before_response=True)
        if many:
            bolt.use(oauth.use_workspace_client)
            bolt.enable_token_revocation_listeners()  # app_uninstalled, tokens_revoked
        bolt.command(COMMAND)(on_command)
        for subscription in BOT_EVENTS:  # "message.im" arrives as event type "message"
            bolt.event(subscription.split(".")[0])(on_event)
        bolt.action(re.compile(".+"))(on_action)
        bolt.view(re.compile(".+"))(on_view_submission)
        return bolt

    # -- entry points -------------------------------------------------------------------------

    async def handle_http(self, request: web.Request) -> web.Response:
        """POST /slack/events: unsigned 401, malformed 400, too large 413; else Bolt's answer."""
        checked = await self._edge.bolt_request(request)
        if isinstance(checked, web.Response):
            return checked
        return await to_aiohttp_response(await self.bolt.async_dispatch(checked))

    async def start_socket_mode(self) -> None:
        """Connect over Socket Mode (needs a running loop: the client opens an aiohttp session)."""
        self._socket = AsyncSocketModeHandler(self.bolt, self.config.app_token,
                                              web_client=self.client)
        await self._socket.connect_async()  # type: ignore[no-untyped-call]

    @property
    def socket_handler(self) -> AsyncSocketModeHandler | None:
        return self._socket

    async def close(self, timeout: float = 10.0) -> None:
        if self._socket is not None:
            await self._socket.close_async()  # type: ignore[no-untyped-call]
            self._socket = None
        await self.pool.close(timeout)
        await self.http.close()

    async def drain(self, timeout: float | None = None) -> None:
        """Wait for the work queued by earlier requests (for tests)."""
        await self.pool.join(timeout)

    # -- queueing ----------------------------------------------------------------------------

    async def _queue(self, kind: str, work: Callable[[Body], Awaitable[None]], body: Body,
                     tell: Tell) -> bool:
        """Queue `work(body)` for a worker, waiting up to `queue_wait` for room; when none
        comes, tell the person the bot is busy. Should the work fail, they are told so too.
        False only when the queue was full and the busy notice could not be given."""
        client = self.client  # the request's workspace

        async def job() -> None:
            oauth.CURRENT_CLIENT.set(client)
            # The Web API client shares the process's session (opened in the running loop).
            client.session = self.http.get()
            try:
                async with asyncio.timeout(WORK_SECONDS):
                    await work(body)
            except Exception as error:  # a timeout included
                log.error("Slack %s failed after it was acknowledged: %s", kind, describe(error))
                log.debug("Slack %s failed", kind, exc_info=error)
                await notices.said(tell, SORRY)

        if await self.pool.offer(job, kind=f"slack {kind}", wait=self.queue_wait):
            return True
        return await notices.said(tell, BUSY)

    # -- the work ----------------------------------------------------------------------------

    async def _answer(self, event: Event) -> Reply:
        reply = await self._handle(self.services, event)
        assert reply is not None, "only events with a key can be redeliveries"
        return reply

    @staticmethod
    def _key(body: Body) -> str | None:
        """Slack retries events it thinks we missed (X-Slack-Retry-Num); the core answers each
        event id once."""
        event_id = body.get("event_id")
        return f"slack:{event_id}" if isinstance(event_id, str) and event_id else None

    async def _command(self, body: Body, handoff: Handoff | None = None) -> None:
        command = inbound.command(body)
        try:
            reply = await self._answer(command)
            ephemeral = _private(reply)
            messages = render_message(reply)
            # An ack carries one message; a longer answer goes through the response_url.
            carried = (handoff is not None and len(messages) == 1
                       and handoff.give(AckReply(messages[0], ephemeral)))
        finally:
            if handoff is not None:
                handoff.withdraw()  # a failure is told through the response_url, at once
        if not carried:
            await delivery.respond(str(body.get("response_url")), messages, replace=False,
                                   ephemeral=ephemeral, session=self.http.get())
        # Files cannot be ephemeral: a private answer's chart goes to the asker's DM.
        where = command.actor.user_id if ephemeral else str(body.get("channel_id") or "")
        await delivery.upload_charts(self.client, where, reply)

    async def _event(self, body: Body) -> None:
        event = body.get("event") or {}
        if event.get("type") == "app_home_opened":
            actor = inbound.home_user(body)
            home = (await self._handle(self.services,
                                       TextMessage(actor, HOME_TEXT, key=self._key(body)))
                    if actor is not None else None)
            if actor is not None and home is not None:
                view = render_home(home, more_hint=HOME_MORE_HINT)
                await delivery.publish_home(self.client, actor.user_id, view)
            return
        message = inbound.message(body)
        place = inbound.message_place(body)
        if message is None or place is None:
            return
        reply = await self._handle(self.services,
                                   replace(message, key=self._key(body), place=place))
        if reply is None:
            return  # a redelivery of an event already answered
        messages = render_message(reply)
        channel = str(event.get("channel") or "")
        thread = None
        if place is Place.CHANNEL:  # answer in the mention's thread, starting one if need be
            thread = str(event.get("thread_ts") or event.get("ts") or "") or None
        if _private(reply):
            await delivery.post_ephemeral(self.client, channel, message.actor.user_id, messages,
                                          thread_ts=thread)
            await delivery.upload_charts(self.client, message.actor.user_id, reply)
        else:
            await delivery.post(self.client, channel, messages, thread_ts=thread)
            await delivery.upload_charts(self.client, channel, reply, thread_ts=thread)

    async def _action(self, body: Body) -> None:
        action = inbound.action(body)
        if action is None:
            return
        reply = await self._answer(action)
        container = body.get("container") or {}
        url = body.get("response_url")
        if container.get("type") == "message" and isinstance(url, str) and url:
            ephemeral = _private(reply)
            await delivery.respond(url, render_message(reply), replace=reply.replace,
                                   ephemeral=ephemeral, session=self.http.get())
            where = action.actor.user_id if ephemeral else str(container.get("channel_id"))
            await delivery.upload_charts(self.client, where, reply)
            return
        # Pressed on the App Home tab or in a modal (the bot's DM, where every answer is shared
        # with the asker alone): a form opens as a modal, the rest goes to the DM's messages.
        form = first_form(reply)
        trigger = body.get("trigger_id")
        if form is not None and isinstance(trigger, str) and trigger:
            await delivery.open_modal(self.client, trigger, render_modal(reply, form))
            return
        await delivery.post(self.client, action.actor.user_id, render_message(reply))
        await delivery.upload_charts(self.client, action.actor.user_id, reply)

    async def _submitted(self, body: Body) -> None:
        action = inbound.view_submission(body)
        reply = await self._answer(action)
        await delivery.post(self.client, action.actor.user_id, render_message(reply))
        await delivery.upload_charts(self.client, action.actor.user_id, reply)


def _private(reply: Reply) -> bool:
    """Shown to the asker alone (Slack's ephemeral messages), unless the core decided the reply
    is shared. A refusal (never made for Slack, which can whisper) would stay private too."""
    return reply.visibility is not Visibility.SHARED
