"""The Teams turn handler: remember where each person can be reached, welcome them on install,
and answer messages and card presses through the core (updating the pressed card in place)."""

from __future__ import annotations

import dataclasses
import logging

from botbuilder.core import InvokeResponse, TurnContext
from botbuilder.schema import Activity, ActivityTypes

from adapters.teams.directory import EmailCache, TurnDirectory
from adapters.teams.inbound import actor_of, is_personal, to_event
from adapters.teams.outbound import render_off_loop, send_cards, send_reply
from adapters.teams.render import CARD_CONTENT_TYPE
from adapters.workers import BUSY
from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Event, TextMessage
from bot.reply import Reply, Text

log = logging.getLogger(__name__)

WELCOME = ("Welcome to careerbot! I show you where you are on your career track, what the next "
           "level expects, and help you rate how ready you are.")


def address_of(activity: Activity) -> dict[str, object]:
    """The conversation reference to store for proactive messages. The incoming message id is
    dropped so a later message starts fresh instead of replying to an old one."""
    reference = TurnContext.get_conversation_reference(activity)
    reference.activity_id = None
    address: dict[str, object] = reference.serialize()
    return address


class TeamsBot:
    """Plain turn handler (`on_turn`) for the CloudAdapter; holds no per-user state."""

    def __init__(self, services: Services, emails: EmailCache | None = None) -> None:
        self.services = services
        self.emails = emails or EmailCache()

    async def on_turn(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if activity.type in (ActivityTypes.conversation_update, ActivityTypes.installation_update):
            await self._on_install(turn_context)
        elif activity.type in (ActivityTypes.message, ActivityTypes.invoke):
            await self._on_event(turn_context)

    async def on_busy(self, turn_context: TurnContext) -> None:
        """The turn when the worker pool has no room: a message or card press is told the bot
        is busy (the core is not asked; nothing is read or written)."""
        activity = turn_context.activity
        if activity.type == ActivityTypes.invoke:
            await _set_invoke_response(turn_context, _message_body(BUSY))
        elif activity.type == ActivityTypes.message:
            await send_reply(turn_context, Reply((Text(BUSY),)))

    def _services(self, turn_context: TurnContext) -> Services:
        return dataclasses.replace(self.services,
                                   directory=TurnDirectory(turn_context, self.emails))

    async def _on_install(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        if not is_personal(activity) or not _is_install(activity):
            return
        actor = actor_of(activity)
        # Teams sends both conversationUpdate and installationUpdate for one install: greet once.
        # The core links the person now (so proactive messages reach them before they ever
        # write) and stores the conversation reference, in the same transaction.
        day = self.services.clock.now().date().isoformat()
        reply = await handle(self._services(turn_context), TextMessage(
            actor, "help", key=f"teams:welcome:{activity.conversation.id}:{day}",
            address=_address(activity, actor)))
        if reply is not None:
            await send_reply(turn_context, Reply((Text(WELCOME), *reply.blocks)))

    async def _on_event(self, turn_context: TurnContext) -> None:
        activity = turn_context.activity
        event = to_event(activity)
        if event is None:
            return
        # Teams redelivers an activity it thinks timed out; the core answers each one once.
        key = f"teams:{activity.conversation.id}:{activity.id}" if activity.id else None
        event = dataclasses.replace(event, key=key, address=_address(activity, event.actor))
        reply = await handle(self._services(turn_context), event)
        if reply is None:
            if activity.type == ActivityTypes.invoke:
                await _set_invoke_response(turn_context, _message_body("Already done."))
            return
        # Teams cannot show a message to one person in a shared conversation, so the core only
        # gives it answers to post where asked: shared ones, or its refusal to talk there.
        await self._answer(turn_context, event, reply)

    async def _answer(self, turn_context: TurnContext, event: Event, reply: Reply) -> None:
        activity = turn_context.activity
        if activity.type == ActivityTypes.invoke:
            await _answer_invoke(turn_context, reply)
            return
        update_id = activity.reply_to_id if isinstance(event, Action) and reply.replace else None
        await send_reply(turn_context, reply, update_id)


def _address(activity: Activity, actor: Actor) -> dict[str, object] | None:
    """The conversation reference to store, for personal chats with a known user only."""
    return address_of(activity) if is_personal(activity) and actor.user_id else None


def _is_install(activity: Activity) -> bool:
    if activity.type == ActivityTypes.installation_update:
        return (activity.action or "add").startswith("add")
    bot_id = activity.recipient.id if activity.recipient else None
    return any(m.id == bot_id for m in activity.members_added or [])


def _message_body(text: str) -> dict[str, object]:
    return {"statusCode": 200, "type": "application/vnd.microsoft.activity.message",
            "value": text}


async def _set_invoke_response(turn_context: TurnContext, body: dict[str, object]) -> None:
    await turn_context.send_activity(Activity(
        type=ActivityTypes.invoke_response, value=InvokeResponse(status=200, body=body)))


async def _answer_invoke(turn_context: TurnContext, reply: Reply) -> None:
    """An Action.Execute gets its answer in the HTTP response: a replacing reply becomes the
    card's new content; anything else is posted as new messages below the card."""
    cards = await render_off_loop(reply)
    if reply.replace:
        await _set_invoke_response(turn_context, {
            "statusCode": 200, "type": CARD_CONTENT_TYPE, "value": cards[0].card})
        await send_cards(turn_context, cards[1:], reply)
        return
    await send_cards(turn_context, cards, reply)
    await _set_invoke_response(turn_context, _message_body(cards[0].summary))
