"""Sending rendered messages to Slack: to a channel or DM, ephemerally, through an interaction's
response_url, to the App Home tab or as a modal; and a reply's pictures (its image charts and
Picture blocks, whatever their kind of numbers) as PNG files. Every call retries on 429 (see
webapi)."""

from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Sequence
from typing import Any

import aiohttp
from slack_sdk.errors import SlackApiError, SlackRequestError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.charts import render_png
from adapters.pictures import picture_png
from adapters.slack.render import Message
from adapters.slack.webapi import TIMEOUT_SECONDS, webhook
from bot.reply import BarChart, Picture, Reply

log = logging.getLogger(__name__)


class HttpSession:
    """One aiohttp session for a process's calls to Slack (Web API and response_urls), opened
    in the running loop at first use and kept: slack_sdk otherwise opens and closes a session
    per call, a new connection each time and about a millisecond of setup on the event loop."""

    def __init__(self, timeout: float = TIMEOUT_SECONDS) -> None:
        self.timeout = timeout
        self._session: aiohttp.ClientSession | None = None

    def get(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            self._session = aiohttp.ClientSession(
                timeout=aiohttp.ClientTimeout(total=self.timeout))
        return self._session

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None


async def post(client: AsyncWebClient, channel: str, messages: Sequence[Message], *,
               thread_ts: str | None = None, metadata: dict[str, Any] | None = None) -> None:
    """Post messages in order. `channel` may be a user id: Slack then posts in the bot's DM.
    `metadata` (Slack message metadata: event_type and event_payload) goes on the first."""
    for index, message in enumerate(messages):
        await client.chat_postMessage(channel=channel, text=message.text, blocks=message.blocks,
                                      thread_ts=thread_ts, metadata=None if index else metadata)


async def post_ephemeral(client: AsyncWebClient, channel: str, user: str,
                         messages: Sequence[Message], *, thread_ts: str | None = None) -> None:
    for message in messages:
        await client.chat_postEphemeral(channel=channel, user=user, text=message.text,
                                        blocks=message.blocks, thread_ts=thread_ts)


async def respond(url: str, messages: Sequence[Message], *, replace: bool,
                  ephemeral: bool, session: aiohttp.ClientSession | None = None) -> None:
    """Answer through a response_url (through `session` when given). With `replace`, the first
    message replaces the one the button was on (how a rating updates in place); the rest follow
    as new messages."""
    hook = webhook(url, session)
    for index, message in enumerate(messages):
        body: dict[str, Any] = {
            "text": message.text,
            "blocks": message.blocks,
            "response_type": "ephemeral" if ephemeral else "in_channel",
            "replace_original": replace and index == 0,
        }
        response = await hook.send_dict(body)
        if response.status_code != 200:
            log.warning("response_url answered %s: %s", response.status_code, response.body)


async def publish_home(client: AsyncWebClient, user_id: str, view: dict[str, Any]) -> None:
    await client.views_publish(user_id=user_id, view=view)


async def open_modal(client: AsyncWebClient, trigger_id: str, view: dict[str, Any]) -> None:
    await client.views_open(trigger_id=trigger_id, view=view)


def charts(reply: Reply) -> list[BarChart | Picture]:
    """The reply's pictures, in order: its Picture blocks and the charts worth sending as a
    picture too (the core set `image`)."""
    return [b for b in reply.blocks
            if isinstance(b, Picture) or (isinstance(b, BarChart) and b.image)]


def _png(chart: BarChart | Picture) -> tuple[bytes | None, str]:
    """The PNG of a chart or Picture (None: it could not be drawn) and its alt text."""
    if isinstance(chart, Picture):
        return picture_png(chart), chart.alt
    return render_png(chart), chart.title


async def upload_charts(client: AsyncWebClient, channel: str, reply: Reply, *,
                        thread_ts: str | None = None) -> None:
    """Upload each picture of `reply` as a PNG into `channel` (a user id means the bot's DM
    with that user), titled as drawn, with the picture's alt text. The text already went out
    and is the fallback, so a failure here (missing scope, refused, network, a picture that
    cannot be drawn) is logged and never raised."""
    images = charts(reply)
    if not images:
        return
    try:
        target = await conversation(client, channel)
        for number, chart in enumerate(images, start=1):
            # Drawing takes a few hundred ms of CPU: off the event loop, so other people's
            # answers (and Slack's 3-second acks) do not wait for it. Figures share no state
            # (no pyplot) and matplotlib keeps its fonts per thread.
            png, alt = await asyncio.to_thread(_png, chart)
            if png is None:
                continue
            await client.files_upload_v2(
                channel=target, file=png, filename=f"chart-{number}.png",
                title=chart.title, alt_txt=alt, thread_ts=thread_ts)
    except SlackApiError as error:
        log.warning("could not upload a chart to Slack: %s", error.response.get("error"))
    except (SlackRequestError, aiohttp.ClientError, TimeoutError, OSError) as error:
        log.warning("could not upload a chart to Slack: %s", error)


async def conversation(client: AsyncWebClient, channel: str) -> str:
    """The conversation id (C/G/D...) of `channel`: a user id means the bot's DM with them,
    opened with conversations.open (files.completeUploadExternal and conversations.history
    take conversation ids only)."""
    if not re.fullmatch(r"[UW][A-Z0-9]+", channel):
        return channel
    response = await client.conversations_open(users=channel)
    return str((response.get("channel") or {}).get("id") or channel)
