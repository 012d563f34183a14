"""Slack payloads -> core events: slash commands, DMs and mentions become TextMessages, button
presses and form submits become Actions. Pure functions over the parsed request body."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from adapters.slack.blocks import FORM_BLOCK_PREFIX, FORM_INPUT, SUFFIX
from bot.events import Action, Actor, Place, Platform, TextMessage

_MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")


def _str(value: object) -> str:
    return value if isinstance(value, str) else ""


def _dict(value: object) -> Mapping[str, Any]:
    return value if isinstance(value, Mapping) else {}


def actor(user_id: str, team_id: str, display_name: str | None = None) -> Actor:
    return Actor(platform=Platform.SLACK, user_id=user_id, tenant_id=team_id,
                 display_name=display_name or None)


def unescape(text: str) -> str:
    """Slack escapes &, < and > in message text; the core wants what the user typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def command(body: Mapping[str, Any]) -> TextMessage:
    """`/career next share` -> TextMessage("next share", command=True) in a channel.

    A slash command works in any conversation, a DM between two people included, and Slack
    does not say whether the bot's own DM is the one: its place is always a channel."""
    team = _str(body.get("team_id")) or _str(body.get("enterprise_id"))
    who = actor(_str(body.get("user_id")), team, _str(body.get("user_name")))
    return TextMessage(who, unescape(_str(body.get("text"))), command=True, place=Place.CHANNEL)


def _event_team(body: Mapping[str, Any]) -> str:
    event = _dict(body.get("event"))
    return _str(event.get("team")) or _str(body.get("team_id")) or _str(body.get("enterprise_id"))


def message(body: Mapping[str, Any]) -> TextMessage | None:
    """A DM or @mention's text, without the mention; None for bot posts, edits and joins (Slack
    sends the bot's own messages back to it as events too)."""
    event = _dict(body.get("event"))
    if event.get("bot_id") or event.get("subtype") or not _str(event.get("user")):
        return None
    text = _MENTION.sub(" ", _str(event.get("text")))
    return TextMessage(actor(_str(event.get("user")), _event_team(body)),
                       " ".join(unescape(text).split()))


def message_place(body: Mapping[str, Any]) -> Place | None:
    """Where a message event happened: the bot's DM, or a channel the bot was @mentioned in;
    None for events the bot does not answer (a mention in a DM also arrives as a message)."""
    event = _dict(body.get("event"))
    if event.get("type") == "message" and event.get("channel_type") == "im":
        return Place.DIRECT
    if event.get("type") == "app_mention" and not _str(event.get("channel")).startswith("D"):
        return Place.CHANNEL
    return None


def press_place(body: Mapping[str, Any]) -> Place:
    """Where a button was pressed. The App Home tab and modals belong to the bot's DM. An
    ephemeral message may sit in a DM between two people (a slash command's answer there)."""
    container = _dict(body.get("container"))
    if container.get("type") != "message":
        return Place.DIRECT
    in_dm = _str(container.get("channel_id")).startswith("D")
    return Place.DIRECT if in_dm and not container.get("is_ephemeral") else Place.CHANNEL


def home_user(body: Mapping[str, Any]) -> Actor | None:
    """Who opened the App Home tab (None when it was the Messages tab)."""
    event = _dict(body.get("event"))
    if event.get("tab") != "home" or not _str(event.get("user")):
        return None
    return actor(_str(event.get("user")), _event_team(body))


def base_action_id(action_id: str) -> str:
    """The core's action id: Slack needs unique ids per block, so the renderer adds `#n`."""
    return action_id.split(SUFFIX, 1)[0]


def decode_value(raw: object) -> dict[str, str]:
    """A button value back to the small dict the core put there ({} when not ours)."""
    try:
        loaded = json.loads(raw) if isinstance(raw, str) and raw else {}
    except ValueError:
        return {}
    if not isinstance(loaded, dict):
        return {}
    return {str(k): str(v) for k, v in loaded.items()}


def _input_value(element: Mapping[str, Any]) -> str:
    if "selected_option" in element:
        return _str(_dict(element.get("selected_option")).get("value"))
    if "selected_date" in element:
        return _str(element.get("selected_date"))
    return _str(element.get("value"))


def form_values(state: Mapping[str, Any]) -> dict[str, str]:
    """Our form's inputs from a payload's `state.values` (field id -> entered text)."""
    values = _dict(state.get("values"))
    form: dict[str, str] = {}
    for block_id, inputs in values.items():
        if isinstance(block_id, str) and block_id.startswith(FORM_BLOCK_PREFIX):
            element = _dict(_dict(inputs).get(FORM_INPUT))
            form[block_id.removeprefix(FORM_BLOCK_PREFIX)] = _input_value(element)
    return form


def _payload_actor(body: Mapping[str, Any]) -> Actor:
    user = _dict(body.get("user"))
    team = _str(_dict(body.get("team")).get("id")) or _str(user.get("team_id"))
    return actor(_str(user.get("id")), team, _str(user.get("name")))


def action(body: Mapping[str, Any]) -> Action | None:
    """The first pressed button of a block_actions payload, with any form inputs around it."""
    actions = body.get("actions")
    first = _dict(actions[0]) if isinstance(actions, list) and actions else {}
    action_id = base_action_id(_str(first.get("action_id")))
    if not action_id:
        return None
    form = form_values(_dict(body.get("state")))
    return Action(_payload_actor(body), action_id, decode_value(first.get("value")), form,
                  place=press_place(body))


def view_submission(body: Mapping[str, Any]) -> Action:
    """A submitted modal: callback_id is the form's action id, private_metadata its value."""
    view = _dict(body.get("view"))
    return Action(_payload_actor(body), _str(view.get("callback_id")),
                  decode_value(view.get("private_metadata")),
                  form_values(_dict(view.get("state"))))
