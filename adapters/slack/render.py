"""A neutral Reply -> Slack surfaces: messages, the App Home view and a modal. Pure functions.

Message-level limits are enforced here (50 blocks per message, 100 per Home tab or modal): a long
reply is split over several messages, and what still does not fit is cut with a "..." note that
says how to see the rest, keeping the reply's closing buttons. Never a failed API call."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from slack_sdk.models.blocks import (
    ActionsBlock,
    ContextBlock,
    DividerBlock,
    HeaderBlock,
    MarkdownTextObject,
    PlainTextObject,
)
from slack_sdk.models.views import View

from adapters.slack.block_json import as_json
from adapters.slack.blocks import (
    ELLIPSIS,
    Piece,
    clip,
    encode_value,
    escape,
    form_inputs,
    mrkdwn,
    pieces_of,
)
from bot.reply import Form, Reply

MESSAGE_BLOCKS = 50
VIEW_BLOCKS = 100
FALLBACK_TEXT = 3000
# A response_url accepts five messages; a proactive message is never longer than that either.
MAX_MESSAGES = 5
VIEW_TITLE = "careerbot"
VIEW_BUTTON = 24
PRIVATE_METADATA = 3000
DEFAULT_MORE_HINT = "Ask about one part at a time, e.g. \"competency ownership\"."


@dataclass(frozen=True)
class Message:
    """One Slack message: Block Kit blocks (as JSON-ready dicts) and the plain-text fallback."""

    blocks: list[dict[str, Any]]
    text: str


def _chunks(pieces: Sequence[Piece], limit: int) -> list[list[Piece]]:
    chunks: list[list[Piece]] = []
    current: list[Piece] = []
    for piece in pieces:
        if len(current) == limit:
            # Don't leave a heading or a divider dangling at the bottom of a message.
            carry: list[Piece] = []
            while len(current) > limit // 2 and isinstance(
                    current[-1].block, HeaderBlock | DividerBlock):
                carry.insert(0, current.pop())
            chunks.append(current)
            current = carry
        current.append(piece)
    if current:
        chunks.append(current)
    return chunks


def _cut(pieces: Sequence[Piece], limit: int, more_hint: str) -> list[Piece]:
    """At most `limit` pieces: the start, a "..." note, and the closing buttons if any."""
    if len(pieces) <= limit:
        return list(pieces)
    tail = [pieces[-1]] if isinstance(pieces[-1].block, ActionsBlock) else []
    kept = list(pieces[: limit - 1 - len(tail)])
    note = "... This answer is too long to show in full here. " + more_hint
    return kept + [Piece(ContextBlock(elements=[MarkdownTextObject(text=mrkdwn(note))]), note)] \
        + tail


def _fallback(pieces: Sequence[Piece], reply: Reply) -> str:
    """Plain text (notifications show no formatting) with Slack's markup characters escaped:
    Slack parses this `text` too, so a typed `<!channel>` would otherwise ping a channel."""
    text = "\n".join(p.text for p in pieces if p.text).strip()
    return _escaped(text or reply.text)


def _escaped(text: str) -> str:
    """`text` escaped, then cut to FALLBACK_TEXT with "..." (never inside an entity)."""
    escaped = escape(text)
    if len(escaped) <= FALLBACK_TEXT:
        return escaped
    cut = re.sub(r"&[a-z]{0,3}$", "", escaped[: FALLBACK_TEXT - len(ELLIPSIS)])
    return cut.rstrip() + ELLIPSIS


def render_message(reply: Reply, *, max_messages: int = MAX_MESSAGES,
                   more_hint: str = DEFAULT_MORE_HINT) -> list[Message]:
    """The reply as one or more messages (at most `max_messages`), each within Slack's limits
    and each with a fallback `text`."""
    chunks = _chunks(pieces_of(reply.blocks), MESSAGE_BLOCKS)
    if len(chunks) > max_messages:
        rest = [p for chunk in chunks[max_messages - 1:] for p in chunk]
        chunks = chunks[: max_messages - 1] + [_cut(rest, MESSAGE_BLOCKS, more_hint)]
    if not chunks:
        return [Message([], _escaped(reply.text))]
    return [Message([as_json(p.block) for p in chunk], _fallback(chunk, reply))
            for chunk in chunks]


def _view_pieces(pieces: list[Piece], reply: Reply) -> list[Piece]:
    if pieces:
        return pieces
    return [Piece(ContextBlock(elements=[MarkdownTextObject(text=mrkdwn(reply.text))]))]


def render_home(reply: Reply, *, more_hint: str = DEFAULT_MORE_HINT) -> dict[str, Any]:
    """The reply as an App Home view (views.publish), at most 100 blocks."""
    pieces = _cut(_view_pieces(pieces_of(reply.blocks), reply), VIEW_BLOCKS, more_hint)
    return View(type="home", blocks=[p.block for p in pieces]).to_dict()


def first_form(reply: Reply) -> Form | None:
    return next((b for b in reply.blocks if isinstance(b, Form)), None)


def render_modal(reply: Reply, form: Form) -> dict[str, Any]:
    """A reply holding a form as a modal (views.open): the form's fields become the modal's
    inputs, its submit label the modal's button; callback_id is the form's action_id and
    private_metadata its value."""
    others = pieces_of(b for b in reply.blocks if b is not form)
    pieces = _cut(others + form_inputs(form), VIEW_BLOCKS, DEFAULT_MORE_HINT)
    metadata = encode_value(form.value)
    return View(
        type="modal", callback_id=form.action_id,
        title=PlainTextObject(text=VIEW_TITLE),
        submit=PlainTextObject(text=clip(form.submit_label, VIEW_BUTTON)),
        close=PlainTextObject(text="Cancel"),
        private_metadata=metadata if len(metadata) <= PRIVATE_METADATA else "{}",
        blocks=[p.block for p in pieces],
    ).to_dict()
