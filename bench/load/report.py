"""What a load run returns: figures, the issue's targets as checks, and a one-screen summary
(verdicts and ratios first, absolute figures after)."""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

Kind = Literal["correctness", "timing", "memory"]


@dataclass(frozen=True)
class Percentiles:
    """Nearest-rank percentiles of a list of seconds (all 0 when there were none)."""

    count: int = 0
    p50: float = 0.0
    p90: float = 0.0
    p99: float = 0.0
    max: float = 0.0

    @classmethod
    def of(cls, values: Sequence[float]) -> Percentiles:
        ordered = sorted(values)
        if not ordered:
            return cls()

        def rank(q: float) -> float:
            return ordered[min(len(ordered) - 1, max(0, math.ceil(q * len(ordered)) - 1))]

        return cls(len(ordered), rank(0.50), rank(0.90), rank(0.99), ordered[-1])

    def line(self) -> str:
        return (f"p50 {duration(self.p50)}  p90 {duration(self.p90)}  p99 {duration(self.p99)}  "
                f"max {duration(self.max)}  (n={self.count:,})")


@dataclass(frozen=True)
class Check:
    """One of the issue's targets: what it asks, what was measured, whether it holds."""

    name: str
    target: str
    measured: str
    ok: bool
    kind: Kind = "correctness"

    def line(self) -> str:
        verdict = "ok" if self.ok else "FAIL"
        return f"  {self.name:<34} {self.target:<12} {self.measured:<26} {verdict}"


@dataclass(frozen=True)
class LoadResult:
    """One run of `mode` (mixed, burst or rss) against `careerbot serve`."""

    mode: str
    database: str  # "sqlite" or "postgresql"
    clients: int
    seconds: float  # how long clients were sending
    requests: int
    by_kind: dict[str, int]
    statuses: dict[int, int]  # HTTP status -> count; 0 = no HTTP answer (refused, timed out)
    sorry: int
    busy: int
    unanswered: int  # acknowledged with 200, no answer at the fake after the drain
    presses: int  # distinct (assessment, competency) pairs pressed and not told "busy"
    ratings_lost: int  # of those, missing from the scores table at the end
    lost_detail: str  # how the lost presses were answered
    ack: Percentiles
    reply: Percentiles  # request sent -> first answer visible at the fake
    reply_by_kind: dict[str, Percentiles]
    rss_start: int  # bytes, just after start-up
    rss_end: int
    rss_max: int
    rss_mid: int  # half-way through the sending (burst: RSS must stop growing)
    rss_at: dict[int, int]  # requests sent -> RSS (rss mode)
    server_cpu: float  # seconds of CPU the server used while the clients were sending
    generator_cpu: float  # seconds of CPU this process (clients + fake Slack) used
    log_problems: tuple[str, ...]  # lines of the server's log speaking of a failure
    machine: str  # cores and load average when the run started (other work skews figures)
    directory_lookups: int  # users.info / users.lookupByEmail calls (0: people have ids)
    late_acks: tuple[float, ...]  # when (s into the run) each request acked after 3 s was sent
    checks: tuple[Check, ...] = field(default=())

    @property
    def http_5xx(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    @property
    def throughput(self) -> float:
        return self.requests / self.seconds if self.seconds else 0.0

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def failed(self, kind: Kind | None = None) -> list[Check]:
        return [c for c in self.checks if not c.ok and (kind is None or c.kind == kind)]

    def line(self) -> str:
        """One line for a table of every case: the verdict, then what missed."""
        missed = "; ".join(f"{c.name} {c.measured}" for c in self.failed())
        # The memory case is judged by its RSS ratio: the table shows it, not only "ok".
        memory = "".join(f", {c.name} {c.measured} (target {c.target})" for c in self.checks
                         if c.name.startswith("RSS after"))
        return (f"{self.mode} {self.clients} clients x {self.seconds:.0f} s ({self.database}): "
                f"reply p50 {duration(self.reply.p50)} p99 {duration(self.reply.p99)}, "
                f"{self.throughput:.0f}/s{memory}  {'ok' if self.ok else 'MISSED: ' + missed}")

    def summary(self) -> str:
        title = (f"careerbot serve under load: {self.mode}, {self.clients} clients, "
                 f"{self.seconds:.0f} s, {self.database}")
        statuses = ", ".join(f"{'no answer' if s == 0 else s}: {n:,}"
                             for s, n in sorted(self.statuses.items()))
        kinds = ", ".join(f"{k} {n:,}" for k, n in sorted(self.by_kind.items()))
        lines = [title, f"  {'target':<34} {'wanted':<12} {'measured':<26} verdict",
                 *(c.line() for c in self.checks),
                 f"  requests    {self.requests:,} ({self.throughput:.1f}/s): {kinds}",
                 f"  HTTP        {statuses}",
                 f"  ack         {self.ack.line()}",
                 *([f"    {len(self.late_acks):,} acks over 3 s, for requests sent from "
                    f"{min(self.late_acks):.1f} s to {max(self.late_acks):.1f} s into the run"]
                   if self.late_acks else []),
                 f"  reply       {self.reply.line()}",
                 *(f"    {k:<9} {p.line()}" for k, p in sorted(self.reply_by_kind.items())),
                 f"  answers     Sorry {self.sorry:,}, busy {self.busy:,}, unanswered "
                 f"{self.unanswered:,}; ratings pressed {self.presses:,}, lost "
                 f"{self.ratings_lost:,}{self.lost_detail}",
                 f"  RSS         start {mb(self.rss_start)}, mid {mb(self.rss_mid)}, end "
                 f"{mb(self.rss_end)}, max {mb(self.rss_max)}"
                 + "".join(f"; after {n:,}: {mb(r)}" for n, r in sorted(self.rss_at.items())),
                 f"  CPU         server {self.server_cpu:.1f} s "
                 f"({100 * self.server_cpu / max(self.seconds, 1e-9):.0f}% of a core), "
                 f"load generator {self.generator_cpu:.1f} s "
                 f"({100 * self.generator_cpu / max(self.seconds, 1e-9):.0f}%)",
                 f"  machine     {self.machine}; directory lookups {self.directory_lookups:,}",
                 f"  server log  {len(self.log_problems):,} lines speaking of a failure",
                 *(f"    {n:>5} x {line[:100]}" for line, n in self.commonest_problems())]
        return "\n".join(lines)

    def commonest_problems(self, most: int = 3) -> list[tuple[str, int]]:
        """The log's failure lines, numbers blanked so repeats group, commonest first."""
        counts = Counter(re.sub(r"\d+", "N", line) for line in self.log_problems)
        return counts.most_common(most)


@dataclass(frozen=True)
class RatioResult:
    """Signed `/career next` until the answer is visible: careerbot against a bare Bolt app
    answering a static reply on the same aiohttp stack, at one concurrency."""

    concurrency: int
    careerbot: Percentiles
    bare: Percentiles
    careerbot_failures: int  # errors, non-200s, unanswered or "Sorry"/"busy" answers
    bare_failures: int
    target: float = 2.0
    # Server CPU (user + system) per measured request, in ms: at concurrency 50 the server is
    # busy all the time, so the p99 follows it.
    careerbot_cpu_ms: float = 0.0
    bare_cpu_ms: float = 0.0
    bare_in_ack: bool = False  # the baseline answered in its ack (not the baseline)

    @property
    def ratio(self) -> float:
        return self.careerbot.p99 / self.bare.p99 if self.bare.p99 else math.inf

    @property
    def ok(self) -> bool:
        return self.ratio <= self.target and self.careerbot_failures == 0

    def line(self) -> str:
        verdict = "ok" if self.ok else "OVER TARGET"
        return (f"/career next p99, concurrency {self.concurrency:<3} x{self.ratio:5.1f} "
                f"(target <= x{self.target:g})  careerbot {duration(self.careerbot.p99)} "
                f"vs bare Bolt{' (reply in ack)' if self.bare_in_ack else ''} "
                f"{duration(self.bare.p99)}  {verdict}")

    def summary(self) -> str:
        return "\n".join([
            self.line(),
            f"  careerbot  {self.careerbot.line()}  failures {self.careerbot_failures}  "
            f"server CPU {self.careerbot_cpu_ms:.2f} ms/request",
            f"  bare Bolt  {self.bare.line()}  failures {self.bare_failures}  "
            f"server CPU {self.bare_cpu_ms:.2f} ms/request"])


def duration(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def mb(size: int) -> str:
    return f"{size / 2**20:,.0f} MB"
