"""A proactive message waiting in the durable outbox (see Outbox in bot/ports.py), and the
platforms' "not now" (RateLimited)."""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class DeliveryStatus(StrEnum):
    PENDING = "pending"
    CLAIMED = "claimed"
    SENT = "sent"
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class Delivery:
    """`subject` names what is sent (e.g. "pulse:12"), `kind` which message (invite, remind1)."""

    id: int
    subject: str
    kind: str
    person_id: int
    status: DeliveryStatus
    attempts: int = 0


class RateLimited(Exception):
    """The platform refused a message for its rate limit (HTTP 429): nothing was sent.

    `retry_after`: the seconds it asked to wait (None when it did not say). The outbox keeps the
    delivery pending and tries again after that, never counting it as a failed attempt."""

    def __init__(self, retry_after: float | None = None) -> None:
        super().__init__(f"rate limited (retry after {retry_after} s)" if retry_after is not None
                         else "rate limited")
        self.retry_after = retry_after
