"""A slash command's answer carried in its acknowledgement, when it is ready in time.

Slack shows the body of a slash command's HTTP answer (its ack) as the reply: one round trip,
and no response_url post after it. The command's work still runs on a worker (the pool's
backpressure holds); the listener waits for it up to a budget (CAREERBOT_ACK_REPLY_SECONDS,
counted from the request's arrival) and then acks, with the reply if the worker handed it over,
without it otherwise. A worker whose reply the ack did not take answers through the
response_url as before. Both sides run on the event loop, so "handed over" and "acked
without it" cannot both happen: whichever comes first closes the handoff."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass

from adapters.slack.render import Message


@dataclass(frozen=True)
class AckReply:
    """What the ack carries: one rendered message and whether only the asker sees it."""

    message: Message
    ephemeral: bool

    @property
    def response_type(self) -> str:
        return "ephemeral" if self.ephemeral else "in_channel"


class Handoff:
    """One command's reply, from its worker to the listener waiting to ack."""

    def __init__(self) -> None:
        self._reply: asyncio.Future[AckReply | None] = (
            asyncio.get_running_loop().create_future())
        self._closed = False

    def give(self, reply: AckReply) -> bool:
        """Hand `reply` to the ack; False when the ack has gone (or will go) without it, and
        the caller answers through the response_url instead."""
        if self._closed or self._reply.done():
            return False
        self._reply.set_result(reply)
        return True

    def withdraw(self) -> None:
        """No reply will come (the work failed, or answers otherwise): ack at once."""
        if not self._reply.done():
            self._reply.set_result(None)

    async def wait(self, seconds: float) -> AckReply | None:
        """The reply if it is handed over within `seconds`; None otherwise. Closes the
        handoff either way: a reply given after this returns is refused."""
        try:
            if seconds > 0 and not self._reply.done():
                await asyncio.wait({self._reply}, timeout=seconds)
        finally:  # cancelled too: the worker then answers through the response_url
            self._closed = True
        return self._reply.result() if self._reply.done() else None
