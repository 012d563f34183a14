"""Short notices to the person behind a Slack request ("busy", "sorry"), said where they will see
them: through the request's response_url (shown to them alone), in the DM they wrote in,
whispered in the thread they mentioned the bot in; nowhere for opening the App Home tab."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from typing import Any

from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import delivery, inbound
from adapters.slack.render import Message, render_message
from bot.conversation import describe
from bot.events import Place
from bot.reply import Reply, Text

log = logging.getLogger(__name__)

Tell = Callable[[str], Awaitable[None]]  # says a short text where the person will see it
Body = Mapping[str, Any]

# A "busy" notice goes out before the ack, which Slack wants within 3 s (after a wait for room
# of at most 1.5 s, CAREERBOT_QUEUE_WAIT_SECONDS); a "sorry" after a failure has no such hurry
# but should not hold a worker long either.
NOTICE_SECONDS = 1.0


async def said(tell: Tell, text: str) -> bool:
    """Say `text` within NOTICE_SECONDS; False (logged) when that did not work."""
    try:
        async with asyncio.timeout(NOTICE_SECONDS):
            await tell(text)
    except Exception as error:
        log.error("Slack: could not tell the person %r: %s", text[:20], describe(error))
        return False
    return True


def responder(client: AsyncWebClient, body: Body, user_id: str) -> Tell:
    """Through an interaction's response_url (ephemeral), else in the person's DM."""
    url = body.get("response_url")
    if not (isinstance(url, str) and url):
        return in_dm(client, user_id)

    async def tell(text: str) -> None:
        await delivery.respond(url, _messages(text), replace=False, ephemeral=True)
    return tell


def in_dm(client: AsyncWebClient, channel: str) -> Tell:
    """In the bot's DM: `channel` is the DM's id, or the person's user id."""
    async def tell(text: str) -> None:
        await delivery.post(client, channel, _messages(text))
    return tell


def for_event(client: AsyncWebClient, body: Body) -> Tell | None:
    """Where to tell the sender of an event; None for events the bot does not answer (its own
    posts, edits, the Messages tab). Opening the App Home tab asks nothing: when the bot is
    busy or failing, the tab keeps its last view."""
    event = body.get("event") or {}
    if event.get("type") == "app_home_opened":
        return None if inbound.home_user(body) is None else _nowhere
    message, place = inbound.message(body), inbound.message_place(body)
    if message is None or place is None:
        return None
    channel = str(event.get("channel") or "")
    if place is Place.DIRECT:
        return in_dm(client, channel)
    thread = str(event.get("thread_ts") or event.get("ts") or "") or None

    async def whispered(text: str) -> None:
        await delivery.post_ephemeral(client, channel, message.actor.user_id, _messages(text),
                                      thread_ts=thread)
    return whispered


async def _nowhere(text: str) -> None:
    return None


def _messages(text: str) -> list[Message]:
    return render_message(Reply((Text(text),)))
