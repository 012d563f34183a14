"""Proactive Teams messages (bot.ports.Messenger) from a stored conversation reference, with
retries on throttling and transient errors: Retry-After when Teams gives one, otherwise
exponential backoff with jitter."""

from __future__ import annotations

import asyncio
import logging
import random
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from typing import Any

from botbuilder.core import BotAdapter, TurnContext
from botbuilder.schema import Activity, ConversationReference

from adapters.teams.outbound import message_activities
from bot.events import Platform
from bot.model import Person
from bot.ports import Clock, UnitsOfWork
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
    throttling or failing after `policy.attempts` tries."""

    def __init__(self, adapter: BotAdapter, units: UnitsOfWork, app_id: str | None,
                 *, policy: RetryPolicy | None = None, sleep: Sleep = asyncio.sleep,
                 jitter: Callable[[], float] = random.random, clock: Clock | None = None) -> None:
        self.adapter = adapter
        self.units = units
        self.app_id = app_id
        self.policy = policy or RetryPolicy()
        self.sleep = sleep
        self.jitter = jitter
        self.clock = clock

    async def send(self, person: Person, reply: Reply) -> bool:
        async with self.units() as uow:  # a read: nothing to commit
            address = await uow.addresses.address_of(Platform.TEAMS, person.id)
        if not address:
            return False
        reference = ConversationReference().deserialize(address)
        activities = message_activities(reply)
        outcome: list[bool | DeliveryFailed] = []

        async def deliver(turn_context: TurnContext) -> None:
            _disable_sdk_retries(turn_context)
            # The SDK gives the continuation a random id and would "reply" to it; a proactive
            # message is a new message in the conversation.
            turn_context.activity.id = None
            try:
                for activity in activities:
                    if not await self._send_one(turn_context, activity, person):
                        outcome.append(False)
                        return
                outcome.append(True)
            except DeliveryFailed as failed:
                # Raised outside the SDK pipeline, whose error handler would message the person.
                outcome.append(failed)

        await self.adapter.continue_conversation(reference, deliver, self.app_id)
        result = outcome[0] if outcome else False
        if isinstance(result, DeliveryFailed):
            raise result
        return result

    async def _send_one(self, turn_context: TurnContext, activity: Activity,
                        person: Person) -> bool:
        for attempt in range(1, self.policy.attempts + 1):
            try:
                await turn_context.send_activity(activity)
                return True
            except Exception as error:
                status = status_of(error)
                if status in UNREACHABLE:
                    log.warning("Teams: person %s unreachable (HTTP %s)", person.id, status)
                    return False
                if not _is_transient(error) or attempt == self.policy.attempts:
                    raise DeliveryFailed(
                        f"Teams did not accept a message for person {person.id} "
                        f"after {attempt} attempt(s) (HTTP {status or 'error'})") from error
                now = self.clock.now().timestamp() if self.clock else None
                wait = self.policy.delay(attempt, retry_after_of(error, now), self.jitter())
                log.info("Teams: HTTP %s, retrying in %.1fs (attempt %d)", status, wait, attempt)
                await self.sleep(wait)
        return False  # pragma: no cover - the loop always returns or raises


def _disable_sdk_retries(turn_context: TurnContext) -> None:
    """The SDK's HTTP layer (msrest over urllib3) retries 5xx by itself for some methods (GET and
    PUT with urllib3 2), blind to our budget; switch it off for this turn's client so ours is the
    only policy."""
    client = turn_context.turn_state.get(BotAdapter.BOT_CONNECTOR_CLIENT_KEY)
    policy = getattr(getattr(client, "config", None), "retry_policy", None)
    if policy is not None:
        policy.retries = 0
