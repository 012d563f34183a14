"""Proactive Slack messages when the app is installed in many workspaces (OAuth): each person
is reached with the token of their own workspace (or Enterprise Grid org)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from adapters.slack.messenger import SlackMessenger, outbox_client
from adapters.slack.webapi import DEFAULT_API_URL
from bot.delivery import Delivery
from bot.model import Person
from bot.ports import UnitsOfWork
from bot.reply import Reply

TokensFor = Callable[[int], Awaitable[list[str]]]


class WorkspaceMessenger:
    """bot.ports.Messenger over every installation: the person's workspace token first (see
    careerbot/slack_oauth.py Workspaces); someone never seen on Slack is looked up by email in
    each installed workspace in turn. False when no installation reaches them."""

    def __init__(self, tokens_for: TokensFor, units: UnitsOfWork,
                 api_url: str = DEFAULT_API_URL) -> None:
        self._tokens_for = tokens_for
        self._units = units
        self._api_url = api_url
        self._messengers: dict[str, SlackMessenger] = {}

    async def send(self, person: Person, reply: Reply, delivery: Delivery | None = None) -> bool:
        for token in await self._tokens_for(person.id):
            messenger = self._messengers.get(token)
            if messenger is None:
                messenger = SlackMessenger(outbox_client(token, self._api_url), self._units)
                self._messengers[token] = messenger
            if await messenger.send(person, reply, delivery):
                return True
        return False
