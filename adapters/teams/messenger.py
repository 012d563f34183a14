"""Proactive Teams messages (bot.ports.Messenger) from a stored conversation reference, with
retries on throttling and transient errors: Retry-After when Teams gives one, otherwise
exponential backoff with jitter. An outbox delivery's first message is not retried on 429: the
outbox waits out the limit for every process sharing the tenant's budget (RateLimited)."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from botbuilder.core import TurnContext
from botbuilder.core.cloud_adapter_base import CloudAdapterBase
from botbuilder.schema import Activity, ConversationReference

from adapters.pictures import pictures
from adapters.rendered import RenderCache
from adapters.teams import credentials
from adapters.teams.outbound import message_activity, refused_card, render_off_loop
from adapters.teams.render import RenderedCard, render
from bot.delivery import Delivery, RateLimited
from bot.events import Platform
from bot.model import Person
from bot.outside import Clock
from bot.ports import UnitsOfWork
from bot.reply import Reply

log = logging.getLogger(__name__)

# Teams answers 429 when throttled, 412 on a concurrent update, 502-504 when busy.
RETRYABLE = frozenset({412, 429, 502, 503, 504})
# The conversation is gone or the bot was removed/blocked: retrying cannot help.
UNREACHABLE = frozenset({403, 404})

Sleep = Callable[[float], Awaitable[None]]


class DeliveryFailed(RuntimeError):
    """Teams kept failing after every retry; the caller (an outbox) may try again later."""


@dataclass(frozen=True)
class RetryPolicy:
    attempts: int = 5
    base_delay: float = 1.0
    max_delay: float = 30.0
    max_retry_after: float = 120.0

    def delay(self, attempt: int, retry_after: float | None, jitter: float) -> float:
        """Seconds to wait before retry number `attempt` (1-based); `jitter` is in [0, 1)."""
        if retry_after is not None:
            return min(max(retry_after, 0.0), self.max_retry_after)
        backoff = min(self.base_delay * 2 ** (attempt - 1), self.max_delay)
        # "Full jitter": spread retries of many senders so they don't hit Teams together.
        return float(backoff * (0.5 + jitter / 2))


def status_of(error: BaseException) -> int | None:
    response = getattr(error, "response", None)
    status = getattr(response, "status_code", None) or getattr(response, "status", None)
    return int(status) if isinstance(status, int) else None


def retry_after_of(error: BaseException, now: float | None = None) -> float | None:
    """Retry-After in seconds (delta-seconds or an HTTP date), None when absent or unreadable."""
    headers: Any = getattr(getattr(error, "response", None), "headers", None) or {}
    raw = headers.get("Retry-After") if hasattr(headers, "get") else None
    if not raw:
        return None
    try:
        return float(raw)
    except ValueError:
        pass
    try:
        when = parsedate_to_datetime(str(raw)).timestamp()
    except (TypeError, ValueError):
        return None
    now = now if now is not None else time.time()
    return max(when - now, 0.0)


def _is_transient(error: BaseException) -> bool:
    status = status_of(error)
    if status is not None:
        return status in RETRYABLE
    # No HTTP status at all: the connection failed, which is worth another try.
    return type(error).__name__ in {"ClientRequestError", "ConnectionError", "TimeoutError"}


class TeamsMessenger:
    """Sends a Reply to a person's personal chat with the bot.

    Returns False when the person has no stored conversation reference (they never installed
    the app) or Teams says the conversation is gone; raises DeliveryFailed when Teams keeps
    throttling or failing after `policy.attempts` tries, and RateLimited when Teams throttles
    an outbox `delivery` before anything of it was sent. Teams cannot read its messages back,
    so a delivery re-sent after a crash between send and mark arrives twice.

    Messages go straight to the Bot Connector through one client per service URL, kept: the
    SDK's proactive turn (continue_conversation) builds two clients per message, each costing
    more than the send itself (msrest computes its retry table every time)."""

    def __init__(self, adapter: CloudAdapterBase, units: UnitsOfWork, app_id: str | None,
                 *, policy: RetryPolicy | None = None, sleep: Sleep = asyncio.sleep,
                 jitter: Callable[[], float] = random.random, clock: Clock | None = None) -> None:
        self.adapter = adapter
        self.units = units
        self.app_id = app_id
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.jitter = jitter
        self.clock = clock
        self._clients: dict[str, Any] = {}  # service URL -> ConnectorClient
        self._render = RenderCache(render)

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        async with self.units() as uow:  # a read: nothing to commit
            address = await uow.addresses.address_of(Platform.TEAMS, person.id)
        if not address:
            return False
        reference = ConversationReference().deserialize(address)
        # A proactive message is a new message in the conversation, not a reply to the activity
        # the reference was taken from.
        reference.activity_id = None
        client = await self._client(reference.service_url)
        # The kept client signs each call synchronously: its token is fetched off the loop.
        try:
            await credentials.ready(getattr(client.config, "credentials", None))
        except credentials.TokenUnavailable as error:
            raise DeliveryFailed(f"Teams: {error}") from error
        # a fan-out's reply is rendered once; pictures (HR's, never fanned out) off the loop
        cards = await render_off_loop(reply) if pictures(reply) else self._render(reply)
        for index, card in enumerate(cards):
            activity = self._apply(card, reference)
            outbox_first = delivery is not None and index == 0
            try:
                sent = await self._send_one(client, activity, person, outbox_first)
            except DeliveryFailed:
                line = refused_card(card, reply)
                if line is None:
                    raise
                # the text before it was sent: failing now would have the outbox send it again
                log.warning("Teams refused a picture card for person %s; sent how to get it "
                            "instead", person.id)
                sent = await self._send_one(client, self._apply(line, reference), person)
            if not sent:
                return False
        return True

    @staticmethod
    def _apply(card: RenderedCard, reference: ConversationReference) -> Activity:
        return TurnContext.apply_conversation_reference(message_activity(card), reference)

    async def _client(self, service_url: str) -> Any:
        client = self._clients.get(service_url)
        if client is None:
            identity = self.adapter.create_claims_identity(self.app_id)
            factory = self.adapter.bot_framework_authentication.create_connector_factory(
                identity)
            client = await factory.create(service_url, None)
            _disable_sdk_retries(client)
            self._clients[service_url] = client
        return client

    async def _send_one(self, client: Any, activity: Activity, person: Person,
                        outbox_first: bool = False) -> bool:
        for attempt in range(1, self.policy.attempts + 1):
            try:
                await client.conversations.send_to_conversation(activity.conversation.id,
                                                                activity)
                return True
            except Exception as error:
                status = status_of(error)
                if status in UNREACHABLE:
                    log.warning("Teams: person %s unreachable (HTTP %s)", person.id, status)
                    return False
                now = self.clock.now().timestamp() if self.clock else None
                if status == 429 and outbox_first:  # nothing sent yet: the outbox waits
                    raise RateLimited(retry_after_of(error, now)) from error
                if not _is_transient(error) or attempt == self.policy.attempts:
                    raise DeliveryFailed(
                        f"Teams did not accept a message for person {person.id} "
                        f"after {attempt} attempt(s) (HTTP {status or 'error'})") from error
                wait = self.policy.delay(attempt, retry_after_of(error, now), self.jitter())
                log.info("Teams: HTTP %s, retrying in %.1fs (attempt %d)", status, wait, attempt)
                await self.sleep(wait)
        return False  # pragma: no cover - the loop always returns or raises


def _disable_sdk_retries(client: Any) -> None:
    """The SDK's HTTP layer (msrest over urllib3) retries 5xx by itself for some methods (GET and
    PUT with urllib3 2), blind to our budget; switch it off for this client so ours is the only
    policy."""
    policy = getattr(getattr(client, "config", None), "retry_policy", None)
    if policy is not None:
        policy.retries = 0
