"""Events into the core: what a person said or pressed, with who they are on which platform."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum


class Platform(StrEnum):
    SLACK = "slack"
    TEAMS = "teams"
    CONSOLE = "console"


class Place(StrEnum):
    """Where the event happened, as far as who reads along is concerned."""

    DIRECT = "direct"  # the person and the bot alone: a DM, App Home, personal chat, terminal
    CHANNEL = "channel"  # a conversation others may read: a channel, a group chat


@dataclass(frozen=True)
class Actor:
    """Who acts: a platform user, plus whatever identity hints the platform gave for free."""

    platform: Platform
    user_id: str
    tenant_id: str = ""
    email: str | None = None
    display_name: str | None = None


@dataclass(frozen=True)
class TextMessage:
    """Free text or a slash command's text. `command` is True for slash commands.

    Adapters pass the text as typed. `share` is set by the core (bot/visibility.py), which
    takes a trailing "share" off the text: the person asks for an answer everyone there sees."""

    actor: Actor
    text: str
    command: bool = False
    key: str | None = None
    address: Mapping[str, object] | None = None
    place: Place = Place.DIRECT
    share: bool = False


@dataclass(frozen=True)
class Action:
    """A button press or form submit. `value` carries ids, never personal data.

    `form` holds a submitted form's fields (field id -> text)."""

    actor: Actor
    action_id: str
    value: Mapping[str, str] = field(default_factory=dict)
    form: Mapping[str, str] = field(default_factory=dict)
    key: str | None = None
    address: Mapping[str, object] | None = None
    place: Place = Place.DIRECT


Event = TextMessage | Action

# Both kinds of event may carry:
# - `key`: the platform's delivery id ("slack:Ev123"). Platforms redeliver events they think
#   were missed; the core answers each key once (ProcessedEvents), inside the event's own
#   transaction, so a failed answer leaves the key free for the retry.
# - `address`: where the person can be reached proactively from now on (a Teams conversation
#   reference), stored by the core in the same transaction, and only when it changed.
# - `place`: where it happened (Place); the core decides from it who sees the answer
#   (bot/visibility.py). The adapter knows the platform's conversation types and says which.
