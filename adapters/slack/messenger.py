"""Proactive Slack messages (bot.ports.Messenger): find the person's Slack user, post in the
bot's DM with them (and the reply's charts as pictures). An outbox delivery's message carries its
id in Slack message metadata, so a re-send after a crash finds it in the DM and posts nothing
twice."""

from __future__ import annotations

import logging
from typing import Any

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.rendered import RenderCache
from adapters.slack.delivery import conversation, post, upload_charts
from adapters.slack.render import render_message
from adapters.slack.webapi import DEFAULT_API_URL, TIMEOUT_SECONDS
from bot.delivery import Delivery, RateLimited
from bot.events import Platform
from bot.model import Person
from bot.ports import UnitsOfWork
from bot.reply import Reply

log = logging.getLogger(__name__)

EVENT_TYPE = "careerbot_delivery"  # the metadata event type naming an outbox delivery
# The DM's latest messages searched for an earlier copy: a re-send follows its crashed attempt
# by seconds (the claim's lease), so the copy, if any, is among the newest.
HISTORY_LIMIT = 50


def outbox_client(token: str | None, api_url: str = DEFAULT_API_URL) -> AsyncWebClient:
    """A Web API client for proactive messages sent through the outbox. It never waits out a
    429 by itself (the outbox pauses every process on the shared budget and tries later) and
    never repeats a post whose answer was lost (the outbox does, after looking in the DM)."""
    base = api_url if api_url.endswith("/") else api_url + "/"
    return AsyncWebClient(token=token, base_url=base, timeout=TIMEOUT_SECONDS,
                          retry_handlers=[])


class SlackMessenger:
    """Sends a Reply to a person's Slack DM. The Slack user comes from the linked identity (chat
    or the people file's slack_id), else from `users.lookupByEmail`, which is then linked so the
    next send needs no lookup. Returns False when Slack cannot reach the person (no such user,
    deactivated, blocked) or refuses the message; raises RateLimited when Slack answers 429;
    network failures propagate so a caller with an outbox can retry later."""

    def __init__(self, client: AsyncWebClient, units: UnitsOfWork) -> None:
        self._client = client
        self._units = units
        self._render = RenderCache(render_message)

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        user_id = await self._user_id(person)
        if user_id is None:
            return False
        if delivery is not None and delivery.attempts > 1 and await self._posted(user_id,
                                                                                  delivery.id):
            log.info("delivery %s was already in person %s's DM; not sent again", delivery.id,
                     person.id)
            return True
        messages = self._render(reply)
        metadata = ({"event_type": EVENT_TYPE, "event_payload": {"delivery": delivery.id}}
                    if delivery is not None else None)
        try:
            await post(self._client, user_id, messages[:1], metadata=metadata)
        except SlackApiError as error:
            _raise_if_rate_limited(error)
            log.warning("could not message person %s on Slack: %s", person.id,
                        error.response.get("error"))
            return False
        try:
            await post(self._client, user_id, messages[1:])
        except SlackApiError as error:
            log.warning("message to person %s cut short: %s", person.id,
                        error.response.get("error"))
        await upload_charts(self._client, user_id, reply)
        return True

    async def _posted(self, user_id: str, delivery_id: int) -> bool:
        """Whether the DM's latest messages include the one carrying `delivery_id`. A DM that
        cannot be read (the im:history scope missing) counts as not: sent again, as before."""
        try:
            channel = await conversation(self._client, user_id)
            response = await self._client.conversations_history(
                channel=channel, limit=HISTORY_LIMIT, include_all_metadata=True)
        except SlackApiError as error:
            _raise_if_rate_limited(error)
            log.warning("could not read the DM with %s to look for delivery %s (%s); sending it "
                        "again", user_id, delivery_id, error.response.get("error"))
            return False
        messages: list[dict[str, Any]] = response.get("messages") or []
        return any(_delivery_of(m) == delivery_id for m in messages)

    async def _user_id(self, person: Person) -> str | None:
        async with self._units() as uow:  # a read: nothing to commit
            known = await uow.addresses.platform_user_id(Platform.SLACK, person.id)
        if known:
            return known
        if not person.email:
            return None
        try:
            response = await self._client.users_lookupByEmail(email=person.email)
        except SlackApiError as error:
            _raise_if_rate_limited(error)
            log.info("no Slack user for person %s: %s", person.id, error.response.get("error"))
            return None
        user = response.get("user") or {}
        user_id = user.get("id")
        if not isinstance(user_id, str) or not user_id or user.get("deleted"):
            return None
        async with self._units() as uow:
            await uow.people.link_identity(person.id, Platform.SLACK, user_id,
                                           str(user.get("team_id") or ""))
            await uow.commit()
        return user_id


def _delivery_of(message: dict[str, Any]) -> object:
    metadata = message.get("metadata") or {}
    if metadata.get("event_type") != EVENT_TYPE:
        return None
    return (metadata.get("event_payload") or {}).get("delivery")


def _raise_if_rate_limited(error: SlackApiError) -> None:
    """Slack's 429 (`ratelimited`) means "not now", never "unreachable"."""
    response = error.response
    if response.status_code != 429 and response.get("error") != "ratelimited":
        return
    headers = response.headers or {}
    raw = headers.get("Retry-After") or headers.get("retry-after")
    try:
        retry_after = float(raw) if raw is not None else None
    except ValueError:
        retry_after = None
    raise RateLimited(retry_after) from error
