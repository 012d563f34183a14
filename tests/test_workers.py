"""The worker pool: never more than `workers` jobs at once, never more than `capacity` waiting, a
full queue says no at once (submit) or after waiting for room in turn (offer), a failing job is
one line at ERROR (traceback at DEBUG), close() lets submitted work finish and then stops."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import pytest

from adapters.workers import WorkerPool


async def test_runs_at_most_workers_jobs_and_queues_up_to_capacity() -> None:
    pool = WorkerPool(2, 3)
    gate = asyncio.Event()
    running = 0
    most = 0

    async def job() -> None:
        nonlocal running, most
        running += 1
        most = max(most, running)
        await gate.wait()
        running -= 1

    accepted = [pool.submit(job, kind="test") for _ in range(10)]
    assert accepted == [True] * 5 + [False] * 5
    await asyncio.sleep(0.01)
    assert (pool.running, pool.depth) == (2, 3)
    gate.set()
    assert await pool.join(timeout=5)
    assert most == 2 and (pool.running, pool.depth) == (0, 0)
    assert pool.submit(job, kind="test")  # room again
    await pool.close()


async def test_capacity_zero_takes_only_what_idle_workers_can_start() -> None:
    pool = WorkerPool(1, 0)
    gate = asyncio.Event()
    assert pool.submit(gate.wait, kind="test")  # type: ignore[arg-type]
    assert not pool.submit(gate.wait, kind="test")  # type: ignore[arg-type]
    gate.set()
    await pool.close()


async def test_memory_stays_bounded_however_many_are_submitted() -> None:
    pool = WorkerPool(4, 10)
    gate = asyncio.Event()
    tasks_before = len(asyncio.all_tasks())
    for _ in range(10_000):
        pool.submit(gate.wait, kind="test")  # type: ignore[arg-type]
    assert len(asyncio.all_tasks()) - tasks_before <= 4
    assert pool.depth + pool.running <= 4 + 10
    gate.set()
    await pool.close()


async def test_a_failing_job_is_one_error_line_and_the_pool_goes_on(
        caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG, logger="adapters.workers")
    pool = WorkerPool(1, 5, name="slack")
    done: list[int] = []

    async def broken() -> None:
        raise ConnectionResetError("peer went away\nsecond line")

    async def fine() -> None:
        done.append(1)

    pool.submit(broken, kind="command")
    pool.submit(fine, kind="command")
    await pool.join(timeout=5)
    assert done == [1]
    [error] = [r for r in caplog.records if r.levelno == logging.ERROR]
    assert error.getMessage() == "slack: command failed: ConnectionResetError: peer went away"
    assert error.exc_info is None
    assert any(r.levelno == logging.DEBUG and r.exc_info for r in caplog.records)
    await pool.close()


async def test_a_stuck_job_is_stopped_after_the_job_timeout(
        caplog: pytest.LogCaptureFixture) -> None:
    pool = WorkerPool(1, 1, job_timeout=0.05)
    pool.submit(asyncio.Event().wait, kind="stuck")  # type: ignore[arg-type]
    assert await pool.join(timeout=5)
    assert "stuck failed: TimeoutError" in caplog.text
    await pool.close()


async def test_close_lets_submitted_work_finish_then_refuses_more() -> None:
    pool = WorkerPool(1, 5)
    done: list[int] = []

    async def slow() -> None:
        await asyncio.sleep(0.01)
        done.append(1)

    for _ in range(3):
        pool.submit(slow, kind="test")
    await pool.close(timeout=5)
    assert done == [1, 1, 1]
    assert not pool.submit(slow, kind="test")


async def test_close_cancels_what_does_not_finish_in_time() -> None:
    pool = WorkerPool(1, 1)
    cancelled = asyncio.Event()

    async def forever() -> None:
        try:
            await asyncio.Event().wait()
        except asyncio.CancelledError:
            cancelled.set()
            raise

    pool.submit(forever, kind="test")
    await asyncio.sleep(0)
    await pool.close(timeout=0.05)
    assert cancelled.is_set()


async def test_offers_wait_for_room_in_turn_and_submit_does_not_jump_the_line() -> None:
    pool = WorkerPool(1, 0)
    gate = asyncio.Event()
    order: list[str] = []

    def job(name: str) -> Callable[[], Awaitable[None]]:
        async def run() -> None:
            order.append(name)
            await gate.wait()
        return run

    assert pool.submit(job("first"), kind="test")
    second = asyncio.create_task(pool.offer(job("second"), kind="test", wait=5))
    third = asyncio.create_task(pool.offer(job("third"), kind="test", wait=5))
    await asyncio.sleep(0.01)
    assert not pool.submit(job("late"), kind="test")  # the offers came first
    gate.set()
    assert await second and await third
    await pool.join(timeout=5)
    assert order == ["first", "second", "third"]
    await pool.close()


async def test_an_offer_that_gets_no_room_in_time_says_no_and_leaves_no_trace() -> None:
    pool = WorkerPool(1, 0)
    gate = asyncio.Event()
    pool.submit(gate.wait, kind="test")  # type: ignore[arg-type]
    start = asyncio.get_running_loop().time()
    assert not await pool.offer(gate.wait, kind="test", wait=0.1)  # type: ignore[arg-type]
    assert asyncio.get_running_loop().time() - start >= 0.1
    gate.set()
    assert await pool.join(timeout=5)
    assert pool.submit(gate.wait, kind="test")  # type: ignore[arg-type]
    await pool.close()


async def test_closing_tells_waiting_offers_no() -> None:
    pool = WorkerPool(1, 0)
    gate = asyncio.Event()
    pool.submit(gate.wait, kind="test")  # type: ignore[arg-type]
    waiting = asyncio.create_task(pool.offer(gate.wait, kind="test", wait=5))  # type: ignore[arg-type]
    await asyncio.sleep(0.01)
    closing = asyncio.create_task(pool.close(timeout=5))
    assert await waiting is False
    gate.set()
    await closing
