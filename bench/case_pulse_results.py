"""Pulses at scale (issue 10), on SQLite: results of a closed 10,000 x 7 pulse against one
hand-written GROUP BY; 10,000 people answering one pulse (the last 100's time per answer against
the first 100's, through the chat path); closing a 10,000-person pulse against a hand-written
re-key with sqlite3.

Run on its own with `python -m bench.case_pulse_results [PEOPLE] [results|answering|closing]`
(default 10,000 people, every case); each case is a function returning a Result line."""

from __future__ import annotations

import asyncio
import random
import secrets
import sqlite3
import sys
import tempfile
import time
from collections.abc import Callable, Coroutine
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from bench.measure import Prepare, Result, compare
from bot.clock import SystemClock
from bot.context import Services
from bot.conversation import handle
from bot.events import Action, Actor, Platform
from bot.pulses import service as pulse_ops
from bot.pulses.rules import PulsePoll, PulseStatus, default_questions
from storage.database import Database
from storage.pulses.keys import submission_key
from storage.unit_of_work import SqlUnits

PEOPLE = 10_000
TEAM_SIZE = 100
SAMPLE = 100  # people answering in each timed group of the answering case
WARM_UP = 10  # people who answer before the first timed group (caches, compiled statements)
ROUNDS = 5  # results read per timed run (both sides), so one run is not a few milliseconds
COMMENT_EVERY = 10  # one person in ten leaves a comment
OPENS = datetime(2026, 3, 16, 9, tzinfo=UTC)
# CAREERBOT_SECRET_KEY for the benchmark's databases (pulses open only with a server secret).
SECRET_KEY = "bench-secret-key-0123456789abcdef0123456789abcdef"
QUESTIONS = default_questions()
# Issue 10: "results of a closed 10,000 x 7 pulse | one hand-written GROUP BY | <= 2x" and
# "10,000 people answering one pulse | the first 100 answers' time per answer | last 100 <=
# 1.2x first 100". The rest are ours, from runs on the 2-core VM with room for its noise:
# results' memory (measured x1.7; x160 when every answer was loaded) and closing (x1.5; x22
# when it rewrote row by row).
RESULTS_TARGET = 2.0
RESULTS_MEMORY_TARGET = 4.0
ANSWER_TARGET = 1.2
CLOSE_TARGET = 4.0

Run = Callable[[], Coroutine[Any, Any, None]]


def _score(person: int, question: int) -> int:
    return 1 + (person * 7 + question * 3) % 5


def open_pulse_database(path: Path, people: int) -> int:
    """A migrated SQLite file with `people` employees in teams of TEAM_SIZE and one HR person,
    and one pulse to everyone, opened through the Pulses port. Returns the pulse id."""
    db = Database(f"sqlite:///{path}", secret_key=SECRET_KEY)
    db.upgrade()
    with sqlite3.connect(path) as conn:
        conn.executemany(
            "INSERT INTO people (email, name, team, role, timezone) VALUES (?, ?, ?, ?, 'UTC')",
            [(f"person{i}@example.com", f"Person {i}", f"team{i // TEAM_SIZE}", "employee")
             for i in range(people)] + [("hr@example.com", "HR", "People", "hr")])
    units = SqlUnits(db)

    async def open_it() -> int:
        async with units() as uow:
            poll = await uow.pulses.create_pulse(PulsePoll(
                0, "Pulse", QUESTIONS, (), OPENS, OPENS + timedelta(days=5)))
            await uow.pulses.open_pulse(
                poll.id, [p for p in await uow.people.in_teams() if p.role != "hr"])
            await uow.commit()
        await db.close()
        return poll.id

    return asyncio.run(open_it())


def seed_answers(path: Path, pulse_id: int, first: int, last: int) -> None:
    """Persons `first` to `last - 1` answered every question (and one in COMMENT_EVERY left a
    comment), written straight into the tables as careerbot keys them while the pulse is open."""
    with sqlite3.connect(path) as conn:
        people = conn.execute(
            "SELECT id, team FROM people WHERE email LIKE 'person%' ORDER BY id").fetchall()
        answers, comments, done = [], [], []
        for n, (person_id, team) in enumerate(people[first:last], start=first):
            key = submission_key(SECRET_KEY, pulse_id, person_id)
            answers += [(pulse_id, key, q.id, _score(n, i), team)
                        for i, q in enumerate(QUESTIONS)]
            if n % COMMENT_EVERY == 0:
                comments.append((pulse_id, key, f"Comment number {n}"))
            done.append((pulse_id, person_id))
        conn.executemany("INSERT INTO pulse_answers (pulse_id, submission, question_id, score, "
                         "team) VALUES (?, ?, ?, ?, ?)", answers)
        conn.executemany("INSERT INTO pulse_comments (pulse_id, submission, text) "
                         "VALUES (?, ?, ?)", comments)
        conn.executemany("UPDATE pulse_recipients SET complete = 1 WHERE pulse_id = ? AND "
                         "person_id = ?", done)


def closed_pulse_database(path: Path, people: int) -> int:
    """Everyone answered and the pulse was closed by careerbot's own close (answers re-keyed at
    random and labelled by reported group, the recipients turned into counts): what results
    read in production. (It wrote the closed state by hand, which went stale when the close
    changed: pulses.secret dropped, pulse_groups added.)"""
    pulse_id = open_pulse_database(path, people)
    seed_answers(path, pulse_id, 0, people)
    asyncio.run(close_pulse(path, pulse_id))
    return pulse_id


async def close_pulse(path: Path, pulse_id: int) -> None:
    """What the scheduler's close job does in its transaction: close the pulse (re-keying every
    answer and comment) and queue HR's summary, then commit."""
    db = Database(f"sqlite:///{path}", secret_key=SECRET_KEY)
    async with SqlUnits(db)() as uow:
        poll = await uow.pulses.pulse(pulse_id)
        assert poll is not None
        assert await pulse_ops.close_due(uow, poll, poll.closes_at)
        await uow.commit()
    await db.close()


# (a) Results of a closed pulse.

def results_run(path: Path, pulse_id: int) -> Prepare:
    """What HR's `pulse results ID` computes, ROUNDS times: the pulse and its results, each in
    a unit of work of its own."""
    def prepare() -> Run:
        async def run() -> None:
            db = Database(f"sqlite:///{path}", secret_key=SECRET_KEY)
            units = SqlUnits(db)
            for _ in range(ROUNDS):
                async with units() as uow:
                    poll = await uow.pulses.pulse(pulse_id)
                    assert poll is not None and poll.status == PulseStatus.CLOSED
                    results = await pulse_ops.results_of(uow, poll)
                    assert results.overall.responses is not None, results.overall
            await db.close()
        return run
    return prepare


def results_baseline(path: Path, pulse_id: int) -> Prepare:
    """One hand-written GROUP BY over the same table, ROUNDS times (stdlib sqlite3)."""
    def prepare() -> Run:
        async def run() -> None:
            conn = sqlite3.connect(path)
            for _ in range(ROUNDS):
                rows = conn.execute(
                    "SELECT team, question_id, score, COUNT(*) FROM pulse_answers "
                    "WHERE pulse_id = ? GROUP BY team, question_id, score", (pulse_id,)).fetchall()
                assert rows
            conn.close()
        return run
    return prepare


def results_case(folder: Path, people: int = PEOPLE, *, repeat: int = 3) -> Result:
    """Results of a closed `people` x 7 pulse against one hand-written GROUP BY: best-of-
    `repeat` wall time of ROUNDS reads each, and the tracemalloc peak of one run each (so
    memory must not grow with the answers either)."""
    path = folder / "results.db"
    pulse_id = closed_pulse_database(path, people)
    return compare(f"results of a closed {people:,} x {len(QUESTIONS)} pulse",
                   results_run(path, pulse_id), results_baseline(path, pulse_id),
                   repeat=repeat, time_target=RESULTS_TARGET,
                   memory_target=RESULTS_MEMORY_TARGET)


# (b) People answering, through the chat path.

async def answer_all(services: Services, person: int, pulse_id: int) -> None:
    """Person `person` presses a 1-5 button for every question, as in Slack or Teams."""
    email = f"person{person}@example.com"
    actor = Actor(Platform.CONSOLE, email, email=email)
    for i, q in enumerate(QUESTIONS):
        reply = await handle(services, Action(actor, "pulse.answer", {
            "p": str(pulse_id), "q": q.id, "score": str(_score(person, i))}))
        assert reply is not None and "answered" in reply.text, reply


async def timed_answers(path: Path, pulse_id: int, people: range) -> float:
    """Seconds per answer while `people` answer every question, one after the other."""
    db = Database(f"sqlite:///{path}", secret_key=SECRET_KEY)
    services = Services(units=SqlUnits(db), clock=SystemClock())
    start = time.perf_counter()
    for person in people:
        await answer_all(services, person, pulse_id)
    seconds = time.perf_counter() - start
    await db.close()
    return seconds / (len(people) * len(QUESTIONS))


def answering_case(folder: Path, people: int = PEOPLE) -> Result:
    """`people` people answer one pulse: the time per answer of the last SAMPLE people against
    that of the first SAMPLE (after WARM_UP people). Those in between are written straight
    into the tables (untimed), keyed exactly as the chat path keys them."""
    path = folder / "answering.db"
    pulse_id = open_pulse_database(path, people)
    asyncio.run(timed_answers(path, pulse_id, range(WARM_UP)))
    first = asyncio.run(timed_answers(path, pulse_id, range(WARM_UP, WARM_UP + SAMPLE)))
    seed_answers(path, pulse_id, WARM_UP + SAMPLE, people - SAMPLE)
    last = asyncio.run(timed_answers(path, pulse_id, range(people - SAMPLE, people)))
    return Result(f"{people:,} answering: last {SAMPLE} vs first {SAMPLE}", last, first, 0, 0,
                  time_target=ANSWER_TARGET, memory_target=None)


# (c) Closing a pulse.

def close_run(folder: Path, people: int) -> Prepare:
    """close_pulse on a fresh copy of an answered pulse each time."""
    def prepare() -> Run:
        path = Path(tempfile.mkdtemp(dir=folder)) / "close.db"
        pulse_id = open_pulse_database(path, people)
        seed_answers(path, pulse_id, 0, people)

        async def run() -> None:
            await close_pulse(path, pulse_id)
        return run
    return prepare


def close_baseline(folder: Path, people: int) -> Prepare:
    """The same re-key by hand with sqlite3: read every answer and comment, give each
    submission a fresh random key, shuffle, delete and insert again, commit."""
    def prepare() -> Run:
        path = Path(tempfile.mkdtemp(dir=folder)) / "close.db"
        pulse_id = open_pulse_database(path, people)
        seed_answers(path, pulse_id, 0, people)

        async def run() -> None:
            conn = sqlite3.connect(path)
            answers = conn.execute("SELECT submission, question_id, score, team FROM "
                                   "pulse_answers WHERE pulse_id = ?", (pulse_id,)).fetchall()
            comments = conn.execute("SELECT submission, text FROM pulse_comments WHERE "
                                    "pulse_id = ?", (pulse_id,)).fetchall()
            fresh = {k: secrets.token_hex(16) for k in {a[0] for a in answers}}
            rows = [(pulse_id, fresh[k], q, s, t) for k, q, s, t in answers]
            random.SystemRandom().shuffle(rows)
            conn.execute("UPDATE pulses SET status = 'closed' WHERE id = ?",
                         (pulse_id,))
            conn.execute("DELETE FROM pulse_answers WHERE pulse_id = ?", (pulse_id,))
            conn.execute("DELETE FROM pulse_comments WHERE pulse_id = ?", (pulse_id,))
            conn.executemany("INSERT INTO pulse_answers (pulse_id, submission, question_id, "
                             "score, team) VALUES (?, ?, ?, ?, ?)", rows)
            conn.executemany("INSERT INTO pulse_comments (pulse_id, submission, text) "
                             "VALUES (?, ?, ?)",
                             [(pulse_id, fresh[k], text) for k, text in comments])
            conn.commit()
            conn.close()
        return run
    return prepare


def closing_case(folder: Path, people: int = PEOPLE, *, repeat: int = 2) -> Result:
    """Closing a pulse everyone of `people` answered, against the hand-written re-key: best-of-
    `repeat` wall time (each on a fresh copy) and the tracemalloc peak of one run each."""
    return compare(f"close a {people:,}-person pulse", close_run(folder, people),
                   close_baseline(folder, people), repeat=repeat, time_target=CLOSE_TARGET,
                   memory_target=None)


CASES: dict[str, Callable[[Path, int], Result]] = {
    "results": results_case, "answering": answering_case, "closing": closing_case}


def main(argv: list[str]) -> int:
    """`[PEOPLE] [CASE...]`: every case by default."""
    people = int(argv[0]) if argv and argv[0].isdigit() else PEOPLE
    names = [a for a in argv if not a.isdigit()] or list(CASES)
    results = []
    with tempfile.TemporaryDirectory(prefix="careerbot-bench-") as tmp:
        for name in names:
            result = CASES[name](Path(tmp), people)
            print(result.line(), flush=True)
            results.append(result)
    return 0 if all(r.ok for r in results) else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
