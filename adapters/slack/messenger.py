"""Proactive Slack messages (bot.ports.Messenger): find the person's Slack user, post in the
bot's DM with them (and the reply's charts as pictures)."""

from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack import delivery
from adapters.slack.render import render_message
from bot.events import Platform
from bot.model import Person
from bot.ports import UnitsOfWork
from bot.reply import Reply

log = logging.getLogger(__name__)


class SlackMessenger:
    """Sends a Reply to a person's Slack DM. The Slack user comes from the linked identity (chat
    or the people file's slack_id), else from `users.lookupByEmail`, which is then linked so the
    next send needs no lookup. Returns False when Slack cannot reach the person (no such user,
    deactivated, blocked) or refuses the message; network failures propagate so a caller with an
    outbox can retry later."""

    def __init__(self, client: AsyncWebClient, units: UnitsOfWork) -> None:
        self._client = client
        self._units = units

    async def send(self, person: Person, reply: Reply) -> bool:
        user_id = await self._user_id(person)
        if user_id is None:
            return False
        messages = render_message(reply)
        try:
            await delivery.post(self._client, user_id, messages[:1])
        except SlackApiError as error:
            log.warning("could not message person %s on Slack: %s", person.id,
                        error.response.get("error"))
            return False
        try:
            await delivery.post(self._client, user_id, messages[1:])
        except SlackApiError as error:
            log.warning("message to person %s cut short: %s", person.id,
                        error.response.get("error"))
        await delivery.upload_charts(self._client, user_id, reply)
        return True

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
