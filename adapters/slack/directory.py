"""Who a Slack user is: their email from `users.info` (scope users:read.email), cached."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.events import Actor, Platform

log = logging.getLogger(__name__)


class SlackDirectory:
    """Implements bot.ports.Directory for Slack actors. Emails are cached per user id for the
    life of the process (they rarely change, and the core links the identity on first sight);
    failed lookups are not cached, so a user HR fixes later is found on their next message."""

    def __init__(self, client: AsyncWebClient) -> None:
        self._client = client
        self._emails: dict[str, str] = {}

    async def email_of(self, actor: Actor) -> str | None:
        if actor.platform != Platform.SLACK or not actor.user_id:
            return None
        if actor.user_id in self._emails:
            return self._emails[actor.user_id]
        try:
            response = await self._client.users_info(user=actor.user_id)
        except SlackApiError as error:
            log.warning("users.info failed for %s: %s", actor.user_id, error.response.get("error"))
            return None
        user = response.get("user") or {}
        profile = user.get("profile") or {}
        email = profile.get("email")
        if user.get("is_bot") or not isinstance(email, str) or not email:
            return None
        self._emails[actor.user_id] = email
        return email
