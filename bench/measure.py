"""Timing and memory helpers shared by the benchmarks: best-of-N wall time and tracemalloc peak."""

from __future__ import annotations

import asyncio
import time
import tracemalloc
from collections.abc import Callable, Coroutine
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Result:
    name: str
    seconds: float
    baseline_seconds: float
    peak_bytes: int
    baseline_peak_bytes: int
    time_target: float
    memory_target: float | None

    @property
    def time_ratio(self) -> float:
        return self.seconds / self.baseline_seconds

    @property
    def memory_ratio(self) -> float:
        return self.peak_bytes / max(self.baseline_peak_bytes, 1)

    @property
    def ok(self) -> bool:
        memory_ok = self.memory_target is None or self.memory_ratio <= self.memory_target
        return self.time_ratio <= self.time_target and memory_ok

    def line(self) -> str:
        memory = (f"  memory x{self.memory_ratio:5.1f} (target <= {self.memory_target})"
                  if self.memory_target is not None else "")
        verdict = "ok" if self.ok else "OVER TARGET"
        return (f"{self.name:<34} {self.seconds * 1000:9.1f} ms vs baseline "
                f"{self.baseline_seconds * 1000:8.1f} ms  time x{self.time_ratio:5.1f} "
                f"(target <= {self.time_target}){memory}  {verdict}")


Prepare = Callable[[], Callable[[], Coroutine[Any, Any, None]]]


def best_time(prepare: Prepare, repeat: int) -> float:
    """Best of `repeat` runs: the least noisy estimate on a shared 2-core machine.

    `prepare` sets up a fresh run (untimed) and returns the coroutine function to time."""
    best = float("inf")
    for _ in range(repeat):
        run = prepare()
        start = time.perf_counter()
        asyncio.run(run())
        best = min(best, time.perf_counter() - start)
    return best


def peak_memory(prepare: Prepare) -> int:
    run = prepare()
    tracemalloc.start()
    try:
        asyncio.run(run())
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def compare(name: str, run: Prepare, baseline: Prepare, *, repeat: int, time_target: float,
            memory_target: float | None) -> Result:
    """A case against its baseline: best-of-`repeat` wall time and the tracemalloc peak of
    one more run of each."""
    return Result(name, best_time(run, repeat), best_time(baseline, repeat), peak_memory(run),
                  peak_memory(baseline), time_target=time_target, memory_target=memory_target)
