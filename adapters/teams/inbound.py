"""Teams activities -> core events: message text without the bot's @mention, and card presses
(Action.Submit arrives as a message whose `value` holds the data; Action.Execute as an invoke)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping

from botbuilder.schema import Activity, ActivityTypes

from adapters.teams.render import ACTION_KEY, FORM_PREFIX
from bot.events import Action, Actor, Event, Place, Platform, TextMessage

ADAPTIVE_CARD_ACTION = "adaptiveCard/action"
_TAG = re.compile(r"<[^>]+>")


def actor_of(activity: Activity) -> Actor:
    """Who sent it. The user id is the Entra (AAD) object id when Teams gives one: it is the same
    for every bot and tenant-wide, so HR can put it in the people file; the bot-specific `29:` id
    lives in the stored conversation reference."""
    sender = activity.from_property
    aad = getattr(sender, "aad_object_id", None) if sender else None
    user_id = aad or (sender.id if sender else "") or ""
    return Actor(
        platform=Platform.TEAMS,
        user_id=user_id,
        tenant_id=tenant_of(activity),
        display_name=(sender.name if sender else None) or None,
    )


def tenant_of(activity: Activity) -> str:
    conversation = activity.conversation
    tenant = getattr(conversation, "tenant_id", None) if conversation else None
    if tenant:
        return str(tenant)
    channel_data = activity.channel_data if isinstance(activity.channel_data, dict) else {}
    data_tenant = channel_data.get("tenant") or {}
    return str(data_tenant.get("id", "")) if isinstance(data_tenant, dict) else ""


def is_personal(activity: Activity) -> bool:
    conversation = activity.conversation
    kind = getattr(conversation, "conversation_type", None) if conversation else None
    return kind in (None, "personal")


def place_of(activity: Activity) -> Place:
    """A personal chat is the person and the bot alone; channels and group chats are not."""
    return Place.DIRECT if is_personal(activity) else Place.CHANNEL


def clean_text(activity: Activity) -> str:
    """The typed text without the bot's @mention and without Teams' HTML residue."""
    text = activity.text or ""
    recipient_id = activity.recipient.id if activity.recipient else None
    for entity in activity.entities or []:
        props = entity.additional_properties if hasattr(entity, "additional_properties") else {}
        mentioned = props.get("mentioned") or {}
        if entity.type == "mention" and mentioned.get("id") == recipient_id:
            text = text.replace(props.get("text") or "", " ")
    # Other people's mentions keep their names; only the markup goes.
    text = _TAG.sub(" ", text)
    return " ".join(html.unescape(text).replace("\u00a0", " ").split())


def _strings(data: Mapping[str, object]) -> dict[str, str]:
    return {str(k): "" if v is None else str(v) for k, v in data.items()}


def action_from_data(actor: Actor, data: object, place: Place) -> Action | None:
    """A core Action from a card's submitted data, or None when it is not one of ours."""
    if not isinstance(data, Mapping) or not data.get(ACTION_KEY):
        return None
    fields = _strings(data)
    action_id = fields.pop(ACTION_KEY)
    form = {k[len(FORM_PREFIX):]: v for k, v in fields.items() if k.startswith(FORM_PREFIX)}
    value = {k: v for k, v in fields.items() if not k.startswith(FORM_PREFIX)}
    return Action(actor=actor, action_id=action_id, value=value, form=form, place=place)


def invoke_data(activity: Activity) -> object:
    """The data of an Action.Execute (`value.action.data`) in an adaptiveCard/action invoke."""
    value = activity.value if isinstance(activity.value, Mapping) else {}
    action = value.get("action") or {}
    return action.get("data") if isinstance(action, Mapping) else None


def to_event(activity: Activity) -> Event | None:
    """The core event for a message or card action; None for anything the core doesn't handle.

    A press on a card from an older version (data without our action id) becomes an Action with
    an empty id, which the core answers as an expired button."""
    actor = actor_of(activity)
    place = place_of(activity)
    if activity.type == ActivityTypes.message:
        if activity.value is not None:
            return (action_from_data(actor, activity.value, place)
                    or Action(actor, "", place=place))
        return TextMessage(actor=actor, text=clean_text(activity), place=place)
    if activity.type == ActivityTypes.invoke and activity.name == ADAPTIVE_CARD_ACTION:
        return (action_from_data(actor, invoke_data(activity), place)
                or Action(actor, "", place=place))
    return None
