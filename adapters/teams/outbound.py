"""Rendered replies as Bot Framework activities: one message per card, each with a text summary,
sent new or as an in-place update of the card a button was pressed on. Pictures are drawn off
the event loop, and one Teams refuses becomes a line saying how to get it."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence

from botbuilder.core import TurnContext
from botbuilder.schema import Activity, ActivityTypes, Attachment

from adapters.pictures import not_shown, pictures
from adapters.teams.render import CARD_CONTENT_TYPE, RenderedCard, render
from bot.conversation import describe
from bot.reply import Reply, Text

log = logging.getLogger(__name__)


def message_activity(rendered: RenderedCard) -> Activity:
    # The summary goes in `summary`, not `text`: Teams would show `text` above the card as a
    # duplicate, while `summary` feeds notifications and clients that cannot render cards.
    return Activity(
        type=ActivityTypes.message,
        summary=rendered.summary,
        attachments=[Attachment(content_type=CARD_CONTENT_TYPE, content=rendered.card)],
    )


async def render_off_loop(reply: Reply) -> list[RenderedCard]:
    """`render(reply)`, on a thread when it draws pictures (a distribution PNG is ~0.3 s of
    CPU), so other people's answers do not wait for HR's results. Figures share no state (no
    pyplot) and matplotlib keeps its fonts per thread. A reply without pictures renders here:
    no thread hop for the usual answer."""
    if not pictures(reply):
        return render(reply)
    return await asyncio.to_thread(render, reply)


def refused_card(card: RenderedCard, reply: Reply) -> RenderedCard | None:
    """The card to send instead of a picture card Teams refused: one line saying how to get the
    picture (never the text again: it was sent already)."""
    if card.picture is None:
        return None
    [line] = render(Reply((Text(not_shown("Teams", card.picture, reply)),)))
    return line


async def send_reply(turn_context: TurnContext, reply: Reply, update_id: str | None = None) -> None:
    """Send the reply in this turn's conversation. With `update_id`, the first card replaces that
    message (falling back to a new message if Teams refuses the update); the rest follow."""
    await send_cards(turn_context, await render_off_loop(reply), reply, update_id)


async def send_cards(turn_context: TurnContext, cards: Sequence[RenderedCard], reply: Reply,
                     update_id: str | None = None) -> None:
    """`cards` rendered from `reply`: the text ones, then each picture on its own, so a picture
    Teams refuses (an image it cannot take) costs only a line in its place."""
    activities = [message_activity(c) for c in cards if c.picture is None]
    if update_id and activities:
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
    for card in cards:
        if card.picture is not None:
            await _send_picture(turn_context, card, reply)


async def _send_picture(turn_context: TurnContext, card: RenderedCard, reply: Reply) -> None:
    try:
        await turn_context.send_activity(message_activity(card))
    except Exception as error:
        log.warning("Teams refused a picture card (%s); sent how to get it instead",
                    describe(error))
        line = refused_card(card, reply)
        if line is not None:
            await turn_context.send_activity(message_activity(line))
