"""Outbox rows to the core's Delivery."""

from __future__ import annotations

from bot.delivery import Delivery, DeliveryStatus
from storage.outbox.tables import DeliveryRow


def to_delivery(row: DeliveryRow) -> Delivery:
    assert row.id is not None
    return Delivery(row.id, row.subject, row.kind, row.person_id, DeliveryStatus(row.status),
                    row.attempts)
