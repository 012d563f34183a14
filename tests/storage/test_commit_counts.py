"""How many real transactions answering one event costs, on a real SQLite file and a real
PostgreSQL database (issue 9: one inbound event = one unit of work = one commit).

Transactions are counted with SQLAlchemy's engine events (`begin`, `commit`, `rollback`) on the
database's one engine, so every COMMIT the application sends is seen, whatever layer sent it.
Each failing count prints what every transaction ran, to show which write cost the extra one."""

from __future__ import annotations

import math
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from datetime import timedelta
from types import TracebackType
from typing import Any, Self

import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import Connection, Engine

from bot.context import Services
from bot.conversation import handle
from bot.delivery import Delivery
from bot.events import Action, Actor, Event, Platform, TextMessage
from bot.ports import UnitOfWork
from bot.pulses import service as pulse_ops
from bot.pulses.rules import PulsePoll, default_questions
from bot.reply import Reply, Scale
from scheduler.fanout import drain
from scheduler.messengers import CompositeMessenger
from scheduler.pacing import Limit, Pacer
from scheduler.runtime import Runtime
from storage.database import Database
from storage.rates import SqlRateBudget
from storage.unit_of_work import SqlUnits
from tests.fakes import FakeClock, RecordingMessenger
from tests.slack import conftest as slack_rig
from tests.slack import payloads
from tests.slack.fake_slack_api import Call
from tests.storage.seed import T0, seed_people

# The Slack loopback rig (tests/slack/conftest.py) on both databases.
any_db_rig = slack_rig.any_db_rig
fake_slack = slack_rig.fake_slack

SORRY = "something went wrong on my side"
BEFORE = "(begun before counting)"


# -- the counter ---------------------------------------------------------------------------------

@dataclass
class Transaction:
    connection: int
    statements: list[str] = field(default_factory=list)
    outcome: str = "open"  # "commit" or "rollback" once it ended


class TransactionCounter:
    """`with TransactionCounter(db) as tx: ...` counts the transactions begun, committed and
    rolled back on `db`'s engine while the block runs (listeners detached afterwards)."""

    def __init__(self, db: Database) -> None:
        self.engine: Engine = db.engine.sync_engine
        self.log: list[Transaction] = []
        self._open: dict[int, Transaction] = {}

    # listeners
    def _begin(self, conn: Connection) -> None:
        tx = Transaction(id(conn))
        self._open[id(conn)] = tx
        self.log.append(tx)

    def _end(self, conn: Connection, outcome: str) -> None:
        tx = self._open.pop(id(conn), None)
        if tx is None:  # began before the counter was attached
            tx = Transaction(id(conn), [BEFORE])
            self.log.append(tx)
        tx.outcome = outcome

    def _commit(self, conn: Connection) -> None:
        self._end(conn, "commit")

    def _rollback(self, conn: Connection) -> None:
        self._end(conn, "rollback")

    def _statement(self, conn: Connection, cursor: Any, statement: str, parameters: Any,
                   context: Any, executemany: bool) -> None:
        tx = self._open.get(id(conn))
        if tx is not None:
            tx.statements.append(" ".join(statement.split())[:90])

    def _listeners(self) -> list[tuple[str, Any]]:
        return [("begin", self._begin), ("commit", self._commit),
                ("rollback", self._rollback), ("before_cursor_execute", self._statement)]

    def __enter__(self) -> Self:
        for name, listener in self._listeners():
            event.listen(self.engine, name, listener)
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 trace: TracebackType | None) -> None:
        for name, listener in self._listeners():
            event.remove(self.engine, name, listener)

    # counts
    @property
    def begun(self) -> int:
        return sum(1 for tx in self.log if tx.statements[:1] != [BEFORE])

    @property
    def commits(self) -> int:
        return sum(1 for tx in self.log if tx.outcome == "commit")

    @property
    def rollbacks(self) -> int:
        return sum(1 for tx in self.log if tx.outcome == "rollback")

    def counts(self) -> tuple[int, int, int]:
        return self.begun, self.commits, self.rollbacks

    def describe(self, title: str = "") -> str:
        lines = [f"{title}: begun={self.begun} commits={self.commits} "
                 f"rollbacks={self.rollbacks}"]
        for n, tx in enumerate(self.log, 1):
            lines.append(f"  tx {n} [{tx.outcome}]")
            lines.extend(f"      {s}" for s in tx.statements)
        return "\n".join(lines)


def report(case: str, db: Database, tx: TransactionCounter) -> None:
    """One line per measured case (run with -s to see them all)."""
    print(f"\nCOUNT {case} [{db.dialect}] begun={tx.begun} commits={tx.commits} "
          f"rollbacks={tx.rollbacks}")


# -- the counter counts --------------------------------------------------------------------------

async def rows(db: Database, query: str) -> list[tuple[Any, ...]]:
    async with db.session() as s:
        conn = await s.connection()
        return [tuple(row) for row in (await conn.execute(text(query))).all()]


async def test_counter_sees_two_explicit_transactions(db: Database) -> None:
    with TransactionCounter(db) as tx:
        for _ in range(2):
            async with db.transaction() as s:
                await (await s.connection()).execute(text("SELECT 1"))
        assert await rows(db, "SELECT 1") == [(1,)]  # a third, never committed
    assert tx.counts() == (3, 2, 1), tx.describe("two commits, one rollback")
    assert await rows(db, "SELECT 1") == [(1,)]  # detached: no longer counted
    assert tx.counts() == (3, 2, 1)


# -- the core, event by event --------------------------------------------------------------------

@dataclass
class Core:
    db: Database
    services: Services

    def actor(self, email: str, platform: Platform = Platform.CONSOLE,
              user_id: str | None = None) -> Actor:
        return Actor(platform, user_id or email, email=email)

    async def send(self, event: Event) -> Reply | None:
        return await handle(self.services, event)

    async def measure(self, case: str, event: Event) -> tuple[Reply | None, TransactionCounter]:
        with TransactionCounter(self.db) as tx:
            reply = await self.send(event)
        report(case, self.db, tx)
        assert reply is None or SORRY not in reply.text, tx.describe(case)
        return reply, tx


@pytest.fixture
async def core(db: Database) -> AsyncIterator[Core]:
    await seed_people(db)  # Morgan (manager), Pat (se1, one next level) and Sam
    yield Core(db, Services(units=SqlUnits(db), clock=FakeClock(T0)))


PAT = "pat@example.com"


async def test_next_from_a_known_person_is_one_transaction(core: Core) -> None:
    pat = core.actor(PAT)
    first = await core.send(TextMessage(pat, "next"))  # links the console identity
    assert first is not None and "What's next for you, Pat" in first.text
    reply, tx = await core.measure("next (known person)", TextMessage(pat, "next"))
    assert reply is not None and "What's next for you, Pat" in reply.text
    assert tx.begun == 1, tx.describe("next: transactions begun")
    assert tx.commits <= 1, tx.describe("next: commits")


async def test_dm_text_with_event_key_commits_once_and_a_redelivery_not_at_all(
        core: Core) -> None:
    pat = core.actor(PAT, Platform.SLACK, "UPAT")
    await core.send(TextMessage(pat, "help"))  # first contact (linking) out of the way
    event = TextMessage(pat, "what's next for me", key="slack:Ev1")
    reply, tx = await core.measure("DM text with key", event)
    assert reply is not None and "What's next for you, Pat" in reply.text
    assert tx.commits <= 1, tx.describe("DM text with key: commits")
    again, tx = await core.measure("same key redelivered", event)
    assert again is None
    assert tx.commits == 0, tx.describe("redelivery: commits")


async def test_rating_press_commits_exactly_once(core: Core) -> None:
    pat = core.actor(PAT)
    started = await core.send(TextMessage(pat, "rate"))
    assert started is not None
    scales = [b for b in started.blocks if isinstance(b, Scale)]
    assert scales, f"no 1-5 scale in the reply to rate: {started.text}"
    scale = scales[0]
    value = dict(scale.value) | {"score": "3"}
    reply, tx = await core.measure("rating press",
                                   Action(pat, scale.action_id, value))
    assert reply is not None and reply.replace, reply.text if reply else None
    assert tx.commits == 1, tx.describe("rating press: commits")
    assert tx.begun == 1, tx.describe("rating press: transactions begun")
    assert await rows(core.db, "SELECT score FROM scores") == [(3,)]  # really stored


async def test_first_contact_with_email_hint_commits_at_most_once(core: Core) -> None:
    newcomer = core.actor(PAT, Platform.SLACK, "UNEWPAT")
    reply, tx = await core.measure("first contact with email", TextMessage(newcomer, "next"))
    assert reply is not None and "What's next for you, Pat" in reply.text
    assert tx.commits <= 1, tx.describe("first contact: commits")


# -- the scheduler's fan-out ---------------------------------------------------------------------

@pytest.mark.parametrize("paced", [False, True], ids=["unpaced", "shared-rate-budget"])
async def test_pulse_delivery_costs_at_most_two_commits_per_person(db: Database,
                                                                   paced: bool) -> None:
    """Claim (a batch of rows and their messages in one transaction) and mark: at most two
    commits per person. Paced as deployed, the shared rate budget adds one short transaction
    per batch of send times it hands out (a tenth of a second's worth: 10 at 100 a second), so
    the budget there is two per person plus one per started batch of ten."""
    await seed_people(db)  # Morgan, Pat and Sam in team "core"
    clock = FakeClock(T0)
    services = Services(units=SqlUnits(db), clock=clock)
    async with services.units() as uow:
        poll = await uow.pulses.create_pulse(PulsePoll(
            0, "Pulse", default_questions(), ("core",), T0, T0 + timedelta(days=5)))
        await pulse_ops.open_due(uow, poll, T0)
        await uow.commit()
        queued = await uow.outbox.deliveries(pulse_ops.subject(poll.id))
    assert len(queued) == 3
    messenger = RecordingMessenger()
    pacer = Pacer(SqlRateBudget(db), {"slack": Limit("slack", 100.0)})
    sender = CompositeMessenger([("slack", messenger)], pacer) if paced else messenger
    rt = Runtime(services.units, clock, sender)

    async def build(uow: UnitOfWork, delivery: Delivery) -> Reply | None:
        # What scheduler.jobs builds for a pulse delivery, read in the claim's transaction.
        fresh = await uow.pulses.pulse(poll.id)
        return await pulse_ops.message_for(uow, fresh, delivery) if fresh else None

    with TransactionCounter(db) as tx:
        sent, unreachable = await drain(rt, pulse_ops.subject(poll.id), build)
    report(f"pulse fan-out (3 people, {'paced' if paced else 'unpaced'})", db, tx)
    assert (sent, unreachable) == (3, 0) and len(messenger.sent) == 3
    budget = 2 * len(queued) + (math.ceil(len(queued) / 10) if paced else 0)
    assert tx.commits <= budget, tx.describe(
        f"pulse fan-out: {tx.commits} commits for {len(queued)} people (want <= {budget}: "
        "claim, mark" + (", one rate budget batch per ten" if paced else "") + ")")


# -- through the real Slack stack ----------------------------------------------------------------

class CallsSeen(list[Call]):
    """Stands in for FakeSlackApi.calls: notes the commit count when each call arrives."""

    def __init__(self, counter: TransactionCounter) -> None:
        super().__init__()
        self.counter = counter
        self.commits_at: list[int] = []

    def append(self, call: Call) -> None:
        self.commits_at.append(self.counter.commits)
        super().append(call)

    def commits_until(self, method: str) -> int:
        found = [n for call, n in zip(self, self.commits_at, strict=True)
                 if call.method == method]
        assert found, f"no {method} reached the fake Slack: {[c.method for c in self]}"
        return found[0]


async def test_slack_slash_command_and_dm_commit_at_most_once(
        any_db_rig: slack_rig.Rig) -> None:
    rig = any_db_rig
    with TransactionCounter(rig.db) as tx:
        rig.slack.calls = seen = CallsSeen(tx)
        calls = await rig.command("pat", "next")
    report("slack /career next (first contact)", rig.db, tx)
    assert calls and "What's next for you, Pat" in slack_rig.all_text(calls[0].args["blocks"])
    until_reply = seen.commits_until("response_url")
    assert until_reply <= 1, tx.describe(f"/career next: {until_reply} commits until the reply")

    with TransactionCounter(rig.db) as tx:
        rig.slack.calls = seen = CallsSeen(tx)
        assert await rig.event(payloads.dm_event(slack_rig.USERS["pat"], "what's next for me?",
                                                 channel="DPAT")) == 200
    report("slack DM message.im", rig.db, tx)
    [post] = rig.slack.of("chat.postMessage")
    assert "What's next for you, Pat" in slack_rig.all_text(post.args["blocks"])
    until_reply = seen.commits_until("chat.postMessage")
    assert until_reply <= 1, tx.describe(f"DM: {until_reply} commits until the reply")
