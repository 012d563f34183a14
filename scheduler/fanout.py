"""Draining the outbox: claim one delivery and build its message (one transaction), send it
(no transaction open), mark it (a second transaction). A crash leaves at most the one in-flight
row claimed; everything sent is already marked, so a restart resumes without second copies."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.delivery import Delivery, DeliveryStatus
from bot.model import Person
from bot.ports import UnitOfWork
from bot.reply import Reply
from scheduler.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5

Build = Callable[[UnitOfWork, Delivery], Awaitable[Reply | None]]


async def _mark(rt: Runtime, delivery_id: int, status: DeliveryStatus) -> None:
    async with rt.units() as uow:
        await uow.outbox.mark(delivery_id, status, rt.clock.now())
        await uow.commit()


async def _claim(rt: Runtime, subject: str,
                 build: Build) -> tuple[Delivery, Person | None, Reply | None] | None:
    """The next delivery with its person and message, claimed in one transaction."""
    async with rt.units() as uow:
        d = await uow.outbox.claim(subject, rt.clock.now(), rt.lease_seconds)
        if d is None:
            return None
        person = await uow.people.person(d.person_id)
        reply = await build(uow, d) if person is not None else None
        if person is None or reply is None:  # nothing to send any more: done, same transaction
            await uow.outbox.mark(d.id, DeliveryStatus.SENT, rt.clock.now())
        await uow.commit()
        return d, person, reply


async def drain(rt: Runtime, subject: str, build: Build) -> tuple[int, int]:
    """Sends every pending delivery of `subject`; returns (sent, unreachable).

    `build` says what a delivery carries now (None: nothing to send any more, marked done). A
    person no platform can reach is marked unreachable; an error (network, platform outage) puts
    the row back to pending for a later run, up to MAX_ATTEMPTS."""
    sent = unreachable = 0
    retry: list[int] = []
    while (claimed := await _claim(rt, subject, build)) is not None:
        d, person, reply = claimed
        if person is None or reply is None:
            continue
        try:
            ok = await rt.messenger.send(person, reply)
        except Exception:
            log.exception("sending %s %s to person %s failed", subject, d.kind, d.person_id)
            if d.attempts >= MAX_ATTEMPTS:
                await _mark(rt, d.id, DeliveryStatus.UNREACHABLE)
                unreachable += 1
            else:
                retry.append(d.id)  # released after the loop, so this run does not spin on it
            continue
        await _mark(rt, d.id, DeliveryStatus.SENT if ok else DeliveryStatus.UNREACHABLE)
        sent, unreachable = sent + ok, unreachable + (not ok)
    for delivery_id in retry:
        await _mark(rt, delivery_id, DeliveryStatus.PENDING)
    return sent, unreachable
