"""The command registry's types: a Command (its words, phrases, help lines, handler) and the
handlers for text and button presses. Each feature's chat.py lists its own; bot/registry.py
gathers them once."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.reply import Reply

if TYPE_CHECKING:
    from bot.context import Context
    from bot.events import Action

TextHandler = Callable[["Context", str], Awaitable[Reply]]
ActionHandler = Callable[["Context", "Action"], Awaitable[Reply]]


class Audience(StrEnum):
    """Who sees a help line: help never offers a command that would refuse."""

    EVERYONE = "everyone"
    MANAGERS = "managers"  # managers and HR
    HR = "hr"


@dataclass(frozen=True)
class Help:
    """One line of help. `rank` orders the lines within their audience's section."""

    line: str
    audience: Audience = Audience.EVERYONE
    rank: int = 100


@dataclass(frozen=True, kw_only=True)
class Command:
    """A command people type. `words` are first words ("next", "whatsnext": the rest of the text
    is the argument); `phrases` are found anywhere in the text ("what's next"). `advertised`
    is False for words that mean something only in passing (a score typed mid-rating)."""

    name: str
    words: tuple[str, ...] = ()
    phrases: tuple[str, ...] = ()
    help: tuple[Help, ...] = ()
    handler: TextHandler
    advertised: bool = True
