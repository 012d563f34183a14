"""Rendering a reply once for many messages: a fan-out sends the same reply (a pulse invitation,
to everyone who has not answered) to thousands of people, and rendering it costs more than
sending it. Shared by the platforms' messengers."""

from __future__ import annotations

from collections.abc import Callable
from typing import Generic, TypeVar

from bot.reply import Reply

Rendered = TypeVar("Rendered")


class RenderCache(Generic[Rendered]):
    """`cache(reply)` is `render(reply)`, computed once per distinct reply (compared by value)
    among the last `size` ones. Callers must not change what it returns."""

    def __init__(self, render: Callable[[Reply], Rendered], size: int = 16) -> None:
        self._render = render
        self._size = size
        self._kept: dict[str, Rendered] = {}

    def __call__(self, reply: Reply) -> Rendered:
        key = repr(reply)  # replies hold dicts (button values), so they are not hashable
        if key not in self._kept:
            if len(self._kept) >= self._size:
                self._kept.clear()
            self._kept[key] = self._render(reply)
        return self._kept[key]
