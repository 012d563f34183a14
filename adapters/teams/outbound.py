"""Rendered replies as Bot Framework activities: one message per card, each with a text summary,
sent new or as an in-place update of the card a button was pressed on."""

from __future__ import annotations

import logging

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.teams.render import CARD_CONTENT_TYPE, RenderedCard, render
from bot.reply import Reply

log = logging.getLogger(__name__)


def message_activity(rendered: RenderedCard) -> Activity:
    # The summary goes in `summary`, not `text`: Teams would show `text` above the card as a
    # duplicate, while `summary` feeds notifications and clients that cannot render cards.
    return Activity(
        type=ActivityTypes.message,
        summary=rendered.summary,
        attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=rendered.card)],
    )


def message_activities(reply: Reply) -> list[Activity]:
    return [message_activity(r) for r in render(reply)]


async def send_reply(turn_context: TurnContext, reply: Reply, update_id: str | None = None) -> None:
    """Send the reply in this turn's conversation. With `update_id`, the first card replaces that
    message (falling back to a new message if Teams refuses the update); the rest follow."""
    activities = message_activities(reply)
    if update_id:
        first = activities.pop(0)
        first.id = update_id
        try:
            await turn_context.update_activity(first)
        except Exception:
            # An old or deleted card cannot be updated; the answer must still reach the person.
            log.warning("Teams refused to update message %s; sending a new one", update_id,
                        exc_info=True)
            first.id = None
            activities.insert(0, first)
    if activities:
        await turn_context.send_activities(activities)
