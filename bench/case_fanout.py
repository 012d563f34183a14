"""Pulse fan-out at the platform's rate limit (issue 10): a pulse to N people through the local fake
Slack enforcing 100 messages a second (429 + Retry-After beyond that), and through the local fake
Bot Connector enforcing 50 requests a second. careerbot runs as deployed: settings, the composition
root's runtime and messenger, `jobs run-due` on a SQLite file. The baseline is the physical
minimum, N / rate; also counted: people who got two copies, and people who got none. People are
linked to their Slack user beforehand (a people file's slack_id), as users.lookupByEmail has a
limit of its own (Tier 4, 100+ a minute) that would set the pace instead.

Run on its own with `python -m bench.case_fanout [PEOPLE]` (default 10,000; both platforms)."""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from bot.events import Platform
from bot.pulses.rules import PulsePoll, default_questions
from careerbot.bootstrap import jobs_runtime
from careerbot.settings import Settings
from scheduler.service import run_due
from storage.database import Database
from storage.people.tables import AddressRow, IdentityRow, PersonRow
from storage.pulses.repository import SqlPulses
from storage.unit_of_work import SqlUnits
from tests.slack.fake_slack_api import FakeSlackApi
from tests.teams.fake_connector import FakeConnector

PEOPLE = 10_000
SLACK_RATE = 100.0  # the fake workspace's limit on chat.postMessage, per second
TEAMS_RATE = 50.0  # the fake tenant's limit on Bot Connector requests, per second
# Issue 10: "pulse to 10,000 people through a fake Slack enforcing 100/s with 429 | N / rate |
# <= 1.10x, 0 duplicates, 0 missing"; "the same through a fake Bot Connector at 50/s".
TIME_TARGET = 1.10
OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
# CAREERBOT_SECRET_KEY for the benchmark database (pulses open only with a server secret).
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789abcdef"
TOKEN = "xoxb-bench-token"
TENANT = "bench-tenant"


@dataclass(frozen=True)
class FanoutResult:
    """One fan-out: wall time of the whole `jobs run-due` (opening the pulse, queueing and
    sending) against N / rate, and what the fake platform saw."""

    name: str
    people: int
    per_second: float
    seconds: float
    duplicates: int  # people who got more than one invitation
    missing: int  # people who got none
    limited: int  # requests the fake refused with 429
    time_target: float = TIME_TARGET

    @property
    def minimum(self) -> float:
        return self.people / self.per_second

    @property
    def ratio(self) -> float:
        return self.seconds / self.minimum

    @property
    def ok(self) -> bool:
        return self.ratio <= self.time_target and self.duplicates == 0 and self.missing == 0

    def line(self) -> str:
        return (f"{self.name:<44} {self.seconds:7.1f} s vs N/rate {self.minimum:6.1f} s  "
                f"x{self.ratio:.2f} (target <= {self.time_target})  duplicates {self.duplicates}"
                f"  missing {self.missing}  429s {self.limited}  "
                f"{'ok' if self.ok else 'OVER TARGET'}")


def _settings(db: Database, **values: Any) -> Settings:
    base: dict[str, Any] = {"DATABASE_URL": db.sync_url, "SLACK_BOT_TOKEN": None,
                            "SLACK_SIGNING_SECRET": None, "SLACK_APP_TOKEN": None,
                            "MICROSOFT_APP_ID": None, "MICROSOFT_APP_PASSWORD": None,
                            "TEAMS_DEV_ANONYMOUS": False}
    return Settings(_env_file=None, **(base | values))  # type: ignore[call-arg]


async def _seed(db: Database, people: int, platform: Platform, service_url: str = "") -> None:
    """`people` people in team Platform, each linked to a user on `platform` (as a people file's
    slack_id column does, or a Teams install: a stored conversation reference), and a pulse
    for Platform opening at OPENS. Bulk inserts: seeding is not what is measured."""
    now = datetime.now(UTC)
    async with db.session() as s:
        await s.exec(insert(PersonRow), params=[
            {"id": n, "email": f"p{n}@example.com", "name": f"Person {n}", "team": "Platform",
             "role": "employee", "timezone": "UTC"} for n in range(1, people + 1)])
        await s.exec(insert(IdentityRow), params=[
            {"platform": platform.value, "user_id": _user(platform, n), "person_id": n,
             "tenant_id": TENANT, "linked_at": now} for n in range(1, people + 1)])
        if platform == Platform.TEAMS:
            await s.exec(insert(AddressRow), params=[
                {"platform": platform.value, "user_id": _user(platform, n), "tenant_id": TENANT,
                 "address": _reference(n, service_url), "updated_at": now}
                for n in range(1, people + 1)])
        await s.commit()
    await SqlPulses(db).create_pulse(PulsePoll(
        0, "Pulse", default_questions(), ("Platform",), OPENS, OPENS + timedelta(days=5)))


def _user(platform: Platform, n: int) -> str:
    return f"U{n}" if platform == Platform.SLACK else f"00000000-0000-4000-8000-{n:012d}"


def _reference(n: int, service_url: str) -> dict[str, object]:
    """A personal chat's conversation reference, as the Teams adapter stores it."""
    return {"activityId": f"install-{n}", "user": {"id": f"29:user-{n}", "name": f"Person {n}",
                                                    "aadObjectId": _user(Platform.TEAMS, n)},
            "bot": {"id": "28:careerbot", "name": "careerbot"},
            "conversation": {"id": f"a:personal-chat-{n}", "conversationType": "personal",
                             "tenantId": TENANT},
            "channelId": "msteams", "locale": "en-US", "serviceUrl": service_url}


async def _run(db: Database, settings: Settings) -> float:
    """`careerbot jobs run-due` at OPENS, as cron runs it; its wall time."""
    rt = jobs_runtime(settings, SqlUnits(db), _At(OPENS))
    started = time.perf_counter()
    ran = await run_due(rt, db.sync_url, OPENS)
    seconds = time.perf_counter() - started
    assert "pulse:1:open" in ran, ran
    return seconds


class _At:
    def __init__(self, at: datetime) -> None:
        self.at = at

    def now(self) -> datetime:
        return self.at


def _tally(received: Counter[str], people: int) -> tuple[int, int]:
    duplicates = sum(1 for count in received.values() if count > 1)
    return duplicates, people - len(received)


async def _slack(folder: Path, people: int, per_second: float) -> FanoutResult:
    db = _database(folder / "slack.db")
    slack = FakeSlackApi(token=TOKEN)
    await slack.start()
    try:
        slack.enforce_rate("chat.postMessage", per_second)
        await _seed(db, people, Platform.SLACK)
        seconds = await _run(db, _settings(db, SLACK_BOT_TOKEN=TOKEN,
                                           SLACK_API_URL=slack.api_url,
                                           SLACK_RATE_PER_SECOND=per_second))
        posts = slack.of("chat.postMessage")
        limited = sum(1 for c in slack.calls if c.status == 429)
    finally:
        await slack.stop()
        await db.close()
    duplicates, missing = _tally(Counter(str(c.args["channel"]) for c in posts), people)
    return FanoutResult(f"pulse to {people:,} people, Slack at {per_second:g}/s", people,
                        per_second, seconds, duplicates, missing, limited)


async def _teams(folder: Path, people: int, per_second: float) -> FanoutResult:
    db = _database(folder / "teams.db")
    connector = FakeConnector()
    await connector.start()
    try:
        connector.enforce_rate(per_second)
        await _seed(db, people, Platform.TEAMS, connector.url)
        seconds = await _run(db, _settings(db, TEAMS_DEV_ANONYMOUS=True,
                                           TEAMS_RATE_PER_SECOND=per_second))
        sent = connector.sent
        limited = sum(1 for c in connector.calls if c.status == 429)
    finally:
        await connector.stop()
        await db.close()
    duplicates, missing = _tally(Counter(c.conversation_id for c in sent), people)
    return FanoutResult(f"pulse to {people:,} people, Teams at {per_second:g}/s", people,
                        per_second, seconds, duplicates, missing, limited)


def _database(path: Path) -> Database:
    db = Database(f"sqlite:///{path}", secret_key=SECRET_KEY)
    db.upgrade()
    return db


def slack_fanout(folder: Path, people: int = PEOPLE,
                 per_second: float = SLACK_RATE) -> FanoutResult:
    """A pulse to `people` people through the fake Slack enforcing `per_second` posts a second,
    careerbot configured with the same SLACK_RATE_PER_SECOND."""
    return asyncio.run(_slack(folder, people, per_second))


def teams_fanout(folder: Path, people: int = PEOPLE,
                 per_second: float = TEAMS_RATE) -> FanoutResult:
    """A pulse to `people` people through the fake Bot Connector enforcing `per_second`
    requests a second, careerbot configured with the same TEAMS_RATE_PER_SECOND."""
    return asyncio.run(_teams(folder, people, per_second))


def fanout_cases(folder: Path, people: int = PEOPLE) -> list[FanoutResult]:
    """Both cases (for `make bench`): about 100 s on Slack and 200 s on Teams at 10,000."""
    return [slack_fanout(folder, people), teams_fanout(folder, people)]


def main(argv: list[str]) -> int:
    people = int(argv[0]) if argv else PEOPLE
    results = []
    with tempfile.TemporaryDirectory(prefix="careerbot-bench-") as tmp:
        for case in (slack_fanout, teams_fanout):
            result = case(Path(tmp), people)
            print(result.line(), flush=True)
            results.append(result)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
