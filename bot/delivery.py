"""A proactive message waiting in the durable outbox (see DeliveryOutbox in bot/ports.py)."""

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
