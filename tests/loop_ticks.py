"""Whether the event loop kept running while something waited: a ticker counting 10 ms beats."""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import TypeVar

T = TypeVar("T")


async def ticks_while(work: Awaitable[T]) -> tuple[T, int]:
    """Await `work` while a ticker counts 10 ms beats of the event loop; (result, beats). A loop
    blocked by a synchronous wait counts (almost) none."""
    ticks = 0

    async def ticker() -> None:
        nonlocal ticks
        while True:
            await asyncio.sleep(0.01)
            ticks += 1

    beat = asyncio.create_task(ticker())
    try:
        result = await work
    finally:
        beat.cancel()
    return result, ticks
