"""Draining the outbox: claim deliveries and build their messages (one transaction), send each
(no transaction open), mark it (a transaction of its own).

Claims are leases of a few seconds on the real clock, renewed by a heartbeat while the drain
lives; a dead process's claims run out and any process draining the subject takes them over,
so a drain waits until every row of its subject is done (or not due for a long while). Rows
are claimed and built a batch at a time, then sent one at a time per process, each marked
before the next goes, so a crash leaves at most one message sent but not marked. Slack finds
that message when its row is sent again (its metadata names the delivery) and sends nothing
twice; Teams, which cannot read its messages back, sends it again: at most one duplicate per
crash. A send the platform refused for its rate limit goes back to pending until Retry-After,
not counted as an attempt, and is retried until its message no longer applies (the pulse
closed)."""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import uuid
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import timedelta

from bot.delivery import Delivery, DeliveryStatus, RateLimited
from bot.model import Person
from bot.ports import UnitOfWork
from bot.reply import Reply
from scheduler.runtime import Runtime

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 5  # failed sends (errors, not rate limits) before a person counts as unreachable
RETRY_SECONDS = 2.0  # the wait after a failed send, doubling with each attempt
BATCH = 10  # rows claimed and built in one transaction
POLL_SECONDS = 0.25  # how often a drain with nothing to claim looks again
HORIZON_SECONDS = 60.0  # rows not claimable sooner are left to a later run of the job

Build = Callable[[UnitOfWork, Delivery], Awaitable[Reply | None]]
Claimed = tuple[Delivery, Person, Reply]


def new_holder() -> str:
    """Names one drain in one process (in the rows it claims, for operators too)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@dataclass
class _Drain:
    rt: Runtime
    subject: str
    build: Build
    holder: str
    sent: int = 0
    unreachable: int = 0

    async def claim(self) -> list[Claimed] | None:
        """Up to BATCH deliveries with their person and message, claimed in one transaction
        (those with nothing to send any more are marked done in it); None when nothing is
        claimable now."""
        rt = self.rt
        async with rt.units() as uow:
            claimed = await uow.outbox.claim_batch(self.subject, rt.timer.now(),
                                                   rt.lease_seconds, self.holder, BATCH)
            if not claimed:
                return None
            ready = []
            for d in claimed:
                person = await uow.people.person(d.person_id)
                reply = await self.build(uow, d) if person is not None else None
                if person is None or reply is None:
                    await uow.outbox.mark(d.id, DeliveryStatus.SENT, rt.clock.now(), self.holder)
                else:
                    ready.append((d, person, reply))
            await uow.commit()
        return ready

    async def until_more(self) -> float | None:
        """Seconds to wait before claiming again, or None when the drain is done: every row is
        done, or the next one is not due within HORIZON_SECONDS."""
        async with self.rt.units() as uow:
            due = await uow.outbox.waiting(self.subject)
        if due is None:
            return None
        wait = (due - self.rt.timer.now()).total_seconds()
        # A row claimable now that was not claimed is another process's, being claimed: soon.
        return None if wait > HORIZON_SECONDS else min(max(wait, 0.01), POLL_SECONDS)

    async def heartbeat(self) -> None:
        """Pushes this drain's leases back while it lives (a third of the lease apart)."""
        rt = self.rt
        while True:
            await asyncio.sleep(rt.lease_seconds / 3)
            try:
                async with rt.units() as uow:
                    until = rt.timer.now() + timedelta(seconds=rt.lease_seconds)
                    await uow.outbox.renew(self.subject, self.holder, until)
                    await uow.commit()
            except Exception:
                log.exception("renewing the claims on %s failed; retrying", self.subject)

    async def send(self, d: Delivery, person: Person, reply: Reply) -> None:
        rt = self.rt
        async with rt.unmarked:
            try:
                ok = await rt.messenger.send(person, reply, d)
            except RateLimited as limited:
                wait = 1.0 if limited.retry_after is None else limited.retry_after
                await self.release(d, wait, attempt=False)
                return
            except Exception:
                log.exception("sending %s %s to person %s failed", self.subject, d.kind,
                              d.person_id)
                if d.attempts < MAX_ATTEMPTS:
                    await self.release(d, RETRY_SECONDS * 2 ** (d.attempts - 1), attempt=True)
                    return
                ok = False
            await self.mark(d, DeliveryStatus.SENT if ok else DeliveryStatus.UNREACHABLE)
        self.sent, self.unreachable = self.sent + ok, self.unreachable + (not ok)

    async def mark(self, d: Delivery, status: DeliveryStatus) -> None:
        async with self.rt.units() as uow:
            if not await uow.outbox.mark(d.id, status, self.rt.clock.now(), self.holder):
                log.warning("delivery %s was taken over before it was marked %s (this process "
                            "stalled past its lease)", d.id, status.value)
            await uow.commit()

    async def release(self, d: Delivery, seconds: float, *, attempt: bool) -> None:
        async with self.rt.units() as uow:
            not_before = self.rt.timer.now() + timedelta(seconds=seconds)
            await uow.outbox.release(d.id, self.holder, not_before, attempt=attempt)
            await uow.commit()


async def drain(rt: Runtime, subject: str, build: Build) -> tuple[int, int]:
    """Sends every delivery of `subject` still to send, with any other process doing the same;
    returns (sent, unreachable) by this call.

    `build` says what a delivery carries now (None: nothing to send any more, marked done). A
    person no platform can reach is marked unreachable; an error (network, platform outage) is
    retried after a back-off, up to MAX_ATTEMPTS; a rate limit is waited out, never counted.
    Returns when every row is done, or only rows not due within HORIZON_SECONDS are left (the
    scheduler runs a drain again while any row is unsent)."""
    run = _Drain(rt, subject, build, new_holder())
    heartbeat = asyncio.create_task(run.heartbeat())
    try:
        while True:
            batch = await run.claim()
            if batch is None:
                pause = await run.until_more()
                if pause is None:
                    break
                await asyncio.sleep(pause)
            for claimed in batch or ():
                await run.send(*claimed)
    finally:
        heartbeat.cancel()
        await asyncio.gather(heartbeat, return_exceptions=True)
    return run.sent, run.unreachable
