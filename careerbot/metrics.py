"""What `GET /metrics` tells an operator, in Prometheus' text format (prometheus-client).

Counters and histograms live in one process-wide registry and are bumped by plain functions the
adapters, the scheduler and the HTTP edge call; figures that are state rather than events (queue
depth, deliveries by state, leadership) are read when scraped. Labels hold endpoint, job and
platform names and outcomes only: never an id, a name or an email (README, "Operating
careerbot")."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass

from prometheus_client import CollectorRegistry, Counter, Histogram, generate_latest
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector
from sqlalchemy import Engine, event

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
# Slack wants its acknowledgement within 3 s; a reply usually follows within a few seconds.
SECONDS = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0, 30.0, 120.0)

REGISTRY = CollectorRegistry(auto_describe=True)
REQUESTS = Counter("careerbot_http_requests", "HTTP requests answered, by endpoint and status",
                   ["endpoint", "status"], registry=REGISTRY)
REQUEST_SECONDS = Histogram("careerbot_http_request_seconds",
                            "Time to answer an HTTP request (the acknowledgement)",
                            ["endpoint"], buckets=SECONDS, registry=REGISTRY)
WORK = Counter("careerbot_work", "Background work run after an acknowledgement, by outcome",
               ["pool", "kind", "outcome"], registry=REGISTRY)
WORK_SECONDS = Histogram("careerbot_reply_seconds",
                         "Time from queueing a piece of work to its end (the bot's reply)",
                         ["pool", "kind"], buckets=SECONDS, registry=REGISTRY)
SENDS = Counter("careerbot_sends", "Proactive messages tried, by platform and outcome",
                ["platform", "outcome"], registry=REGISTRY)
RATE_WAITS = Counter("careerbot_rate_limit_waits", "Sends held back by the shared rate budget",
                     ["platform"], registry=REGISTRY)
RATE_WAIT_SECONDS = Counter("careerbot_rate_limit_wait_seconds",
                            "Seconds sends were held back by the shared rate budget",
                            ["platform"], registry=REGISTRY)
RATE_PAUSES = Counter("careerbot_rate_limit_pauses", "429 answers that paused a platform",
                      ["platform"], registry=REGISTRY)
JOBS = Counter("careerbot_jobs", "Scheduled jobs run, by job and outcome", ["job", "outcome"],
               registry=REGISTRY)
DB_ERRORS = Counter("careerbot_database_errors", "Database statements that raised, by error",
                    ["error"], registry=REGISTRY)


def request_done(endpoint: str, status: int, seconds: float) -> None:
    REQUESTS.labels(endpoint, str(status)).inc()
    REQUEST_SECONDS.labels(endpoint).observe(seconds)


def work_done(pool: str, kind: str, outcome: str, seconds: float) -> None:
    """`outcome` is "ok", "failed" or "timeout"."""
    WORK.labels(pool, kind, outcome).inc()
    WORK_SECONDS.labels(pool, kind).observe(seconds)


def send_tried(platform: str, outcome: str) -> None:
    """`outcome` is "sent", "not reached", "rate limited" or "failed"."""
    SENDS.labels(platform, outcome).inc()


def rate_waited(platform: str, seconds: float) -> None:
    RATE_WAITS.labels(platform).inc()
    RATE_WAIT_SECONDS.labels(platform).inc(seconds)


def rate_paused(platform: str) -> None:
    RATE_PAUSES.labels(platform).inc()


def job_done(job: str, ok: bool) -> None:
    JOBS.labels(job, "ok" if ok else "failed").inc()


def watch_database(engine: Engine) -> None:
    """Count the statements that raise on `engine` (the sync side of an async engine too)."""
    if not event.contains(engine, "handle_error", _database_error):
        event.listen(engine, "handle_error", _database_error)


def _database_error(context: object) -> None:
    error = getattr(context, "original_exception", None)
    DB_ERRORS.labels(type(error).__name__).inc()


@dataclass(frozen=True)
class Pool:
    """A worker pool's state when scraped."""

    name: str
    depth: int
    running: int
    capacity: int


@dataclass(frozen=True)
class Snapshot:
    """The figures read at scrape time (careerbot/server.py gathers them)."""

    pools: Iterable[Pool]
    deliveries: dict[str, int]  # status -> count
    leader: bool | None  # None: this process runs no scheduler


class _Now(Collector):
    def __init__(self, snapshot: Snapshot) -> None:
        self.snapshot = snapshot

    def collect(self) -> Iterator[Metric]:
        s = self.snapshot
        depth = GaugeMetricFamily("careerbot_queue_depth", "Work waiting for a worker",
                                  labels=["pool"])
        running = GaugeMetricFamily("careerbot_queue_running", "Work a worker is on",
                                    labels=["pool"])
        capacity = GaugeMetricFamily("careerbot_queue_capacity", "Work that may wait",
                                     labels=["pool"])
        for pool in s.pools:
            depth.add_metric([pool.name], pool.depth)
            running.add_metric([pool.name], pool.running)
            capacity.add_metric([pool.name], pool.capacity)
        yield from (depth, running, capacity)
        states = GaugeMetricFamily("careerbot_deliveries", "Outbox deliveries by state",
                                   labels=["state"])
        for state in ("pending", "claimed", "sent", "unreachable"):
            states.add_metric([state], s.deliveries.get(state, 0))
        yield states
        if s.leader is not None:
            yield GaugeMetricFamily("careerbot_scheduler_leader",
                                    "1 while this process runs the scheduler",
                                    value=1 if s.leader else 0)


def exposition(snapshot: Snapshot) -> bytes:
    """The whole /metrics body: the counters, then the figures of `snapshot`."""
    now = CollectorRegistry(auto_describe=True)
    now.register(_Now(snapshot))
    return generate_latest(REGISTRY) + generate_latest(now)
