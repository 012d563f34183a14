"""Draining the outbox: claim one delivery, build its message, send, mark. A crash leaves at
most the one in-flight row claimed; everything sent is already marked, so a restart resumes
without second copies."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.delivery import Delivery, DeliveryStatus
from bot.reply import Reply
from scheduler.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

Build = Callable[[Delivery], Awaitable[Reply | None]]


async def drain(rt: Runtime, subject: str, build: Build) -> tuple[int, int]:
    """Sends every pending delivery of `subject`; returns (sent, unreachable).

    `build` says what a delivery carries now (None: nothing to send any more, marked done). A
    person no platform can reach is marked unreachable; an error (network, platform outage) puts
    the row back to pending for a later run, up to MAX_ATTEMPTS."""
    sent = unreachable = 0
    retry: list[int] = []
    while (d := await rt.outbox.claim(subject, rt.clock.now(), rt.lease_seconds)) is not None:
        person = await rt.services.repo.person(d.person_id)
        reply = await build(d) if person is not None else None
        if person is None or reply is None:
            await rt.outbox.mark(d.id, DeliveryStatus.SENT, rt.clock.now())
            continue
        try:
            ok = await rt.messenger.send(person, reply)
        except Exception:
            log.exception("sending %s %s to person %s failed", subject, d.kind, d.person_id)
            if d.attempts >= MAX_ATTEMPTS:
                await rt.outbox.mark(d.id, DeliveryStatus.UNREACHABLE, rt.clock.now())
                unreachable += 1
            else:
                retry.append(d.id)  # released after the loop, so this run does not spin on it
            continue
        await rt.outbox.mark(d.id, DeliveryStatus.SENT if ok else DeliveryStatus.UNREACHABLE,
                             rt.clock.now())
        sent, unreachable = sent + ok, unreachable + (not ok)
    for delivery_id in retry:
        await rt.outbox.mark(delivery_id, DeliveryStatus.PENDING, rt.clock.now())
    return sent, unreachable
