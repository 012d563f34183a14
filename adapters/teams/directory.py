"""Who a Teams user is: their work email from a member lookup (TeamsInfo.get_member), cached."""

from __future__ import annotations

import logging
from collections import OrderedDict

from botbuilder.core import TurnContext
from botbuilder.core.teams import TeamsInfo

from bot.events import Actor

log = logging.getLogger(__name__)


class EmailCache:
    """Emails already looked up, per (tenant, user id). Bounded: oldest entries go first."""

    def __init__(self, limit: int = 10_000) -> None:
        self.limit = limit
        self._emails: OrderedDict[tuple[str, str], str] = OrderedDict()

    def get(self, actor: Actor) -> str | None:
        return self._emails.get((actor.tenant_id, actor.user_id))

    def put(self, actor: Actor, email: str) -> None:
        self._emails[(actor.tenant_id, actor.user_id)] = email
        self._emails.move_to_end((actor.tenant_id, actor.user_id))
        while len(self._emails) > self.limit:
            self._emails.popitem(last=False)


class TurnDirectory:
    """bot.ports.Directory for one turn: the member lookup needs that turn's connector client.

    Teams never puts the email in the activity, so the first message from an unknown user costs
    one lookup; the cache (shared across turns) makes it once per user per process."""

    def __init__(self, turn_context: TurnContext, cache: EmailCache) -> None:
        self.turn_context = turn_context
        self.cache = cache

    async def email_of(self, actor: Actor) -> str | None:
        cached = self.cache.get(actor)
        if cached:
            return cached
        sender = self.turn_context.activity.from_property
        member_id = sender.id if sender and sender.id else actor.user_id
        try:
            member = await TeamsInfo.get_member(self.turn_context, member_id)
        except Exception:
            # A failed lookup must not break the conversation: the core answers "ask HR".
            log.warning("Teams member lookup failed for %s", member_id, exc_info=True)
            return None
        email = (getattr(member, "email", None) or getattr(member, "user_principal_name", None)
                 or "").strip().lower()
        if not email:
            return None
        self.cache.put(actor, email)
        return email
