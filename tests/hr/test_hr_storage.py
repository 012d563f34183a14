"""Rollouts, pulses, anonymous answers and the outbox on real SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from sqlalchemy import inspect, text

from bot.delivery import DeliveryStatus
from bot.pulses.rules import PulsePoll, PulseStatus, default_questions
from bot.rollouts.rules import Stage, change_stage
from storage.database import Database
from storage.leader import DatabaseLeader
from storage.leases import acquire_lease
from storage.outbox.repository import SqlOutbox
from tests.hr.people import add_people, sql
from tests.sql_repo import SqlHr, SqlRepo

NOW = datetime(2026, 3, 16, 9, tzinfo=UTC)


def draft(audience: tuple[str, ...] = ("Platform",)) -> PulsePoll:
    return PulsePoll(0, "First pulse", default_questions(), audience, NOW, NOW + timedelta(5))


async def test_rollout_roundtrip(db: Database) -> None:
    hr = SqlHr(db)
    r = await hr.save_rollout("Platform", date(2026, 3, 2), NOW)
    again = await hr.save_rollout("platform", date(2026, 3, 3), NOW)
    assert again.id == r.id and again.rollout_date == date(2026, 3, 3)
    stage = change_stage(change_stage(r.stage(Stage.PLANNING), "owner", "Dana"), "done", "2")
    await hr.save_stage(r.id, stage)
    loaded = await hr.rollout_by_team("PLATFORM")
    assert loaded is not None and loaded.stage(Stage.PLANNING) == stage
    assert [x.team for x in await hr.rollouts()] == ["Platform"]


async def test_pulse_answers_are_unlinkable_after_close(db: Database) -> None:
    hr = SqlHr(db)
    ids = await add_people(db, "Platform", 3)
    await add_people(db, "Other", 1, start=10)
    poll = await hr.create_pulse(draft())
    people = await SqlRepo(db).in_teams(["platform"])
    assert [p.id for p in people] == ids
    assert not await hr.record_answer(poll.id, ids[0], "know", 4, ["know"])  # not open yet
    assert await hr.open_pulse(poll.id, people)
    assert not await hr.open_pulse(poll.id, people)
    qids = [q.id for q in poll.questions]
    for pid in ids[:2]:
        for q in qids:
            await hr.record_answer(poll.id, pid, q, 5, qids)
    assert await hr.record_answer(poll.id, ids[0], "know", 2, qids)  # a change
    await hr.record_answer(poll.id, ids[2], "know", 3, qids)  # incomplete
    await hr.record_comment(poll.id, ids[0], "More examples please")
    assert (await hr.answers_of(poll.id, ids[0]))["know"] == 2
    assert [r.complete for r in await hr.recipients(poll.id)] == [True, True, False]
    subs, comments = await hr.submissions(poll.id)
    assert len(subs) == 2 and comments == ["More examples please"]
    keys_open = {r["submission"] for r in await sql(db, "SELECT submission FROM pulse_answers")}
    assert await hr.close_pulse(poll.id)
    assert not await hr.close_pulse(poll.id)
    assert await hr.answers_of(poll.id, ids[0]) == {}
    subs, comments = await hr.submissions(poll.id)
    assert sorted(s.scores["know"] for s in subs) == [2, 5] and len(comments) == 1
    keys_closed = {r["submission"] for r in await sql(db, "SELECT submission FROM pulse_answers")}
    secrets = await sql(db, f"SELECT secret FROM pulses WHERE id = {poll.id}")
    assert keys_open.isdisjoint(keys_closed) and secrets == [{"secret": None}]
    loaded = await hr.pulse(poll.id)
    assert loaded is not None and loaded.status == PulseStatus.CLOSED


async def test_answers_table_has_nothing_identifying(db: Database) -> None:
    engine = db.sync_engine()
    try:
        with engine.connect() as c:
            columns = {col["name"] for col in inspect(c).get_columns("pulse_answers")}
            comment_columns = {col["name"] for col in inspect(c).get_columns("pulse_comments")}
    finally:
        engine.dispose()
    assert columns == {"pulse_id", "submission", "question_id", "score", "team"}
    assert comment_columns == {"pulse_id", "submission", "text"}


async def test_outbox_claims_each_row_once(db: Database) -> None:
    ids = await add_people(db, "Platform", 3)
    box = SqlOutbox(db)
    assert await box.enqueue("pulse:1", "invite", ids + ids[:1]) == 3
    assert await box.enqueue("pulse:1", "invite", ids) == 0
    first = await box.claim("pulse:1", NOW, 300)
    second = await box.claim("pulse:1", NOW, 300)
    assert first and second and first.id != second.id
    await box.mark(first.id, DeliveryStatus.SENT, NOW)
    third = await box.claim("pulse:1", NOW, 300)
    assert third is not None and await box.claim("pulse:1", NOW, 300) is None
    # `second` was claimed by a worker that died: after the lease it is claimable again.
    again = await box.claim("pulse:1", NOW + timedelta(minutes=10), 300)
    assert again is not None and again.attempts == 2
    statuses = [d.status for d in await box.deliveries("pulse:1")]
    assert statuses.count(DeliveryStatus.SENT) == 1


async def test_lease_has_one_holder(db: Database) -> None:
    assert await acquire_lease(db, "scheduler", "a", NOW, 60)
    assert not await acquire_lease(db, "scheduler", "b", NOW, 60)
    assert await acquire_lease(db, "scheduler", "a", NOW + timedelta(seconds=30), 60)
    assert await acquire_lease(db, "scheduler", "b", NOW + timedelta(seconds=200), 60)


async def test_only_one_scheduler_leader(db: Database) -> None:
    first, second = DatabaseLeader(db), DatabaseLeader(db)
    assert await first.acquire(NOW)
    assert await first.acquire(NOW)  # renewing keeps it
    assert not await second.acquire(NOW)
    await first.release()
    assert await second.acquire(NOW)
    await second.release()


async def test_interim_snapshot_moves_only_in_steps_of_the_threshold(db: Database) -> None:
    hr = SqlHr(db)
    ids = await add_people(db, "Platform", 11)
    poll = await hr.create_pulse(draft())
    assert await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(["Platform"]))
    qids = [q.id for q in poll.questions]

    async def complete(person: int, score: int) -> None:
        for q in qids:
            await hr.record_answer(poll.id, person, q, score, qids)

    snapshots = []
    for n, person in enumerate(ids[:10], start=1):
        await complete(person, 1 + n % 5)
        snapshots.append(sorted(s.scores["know"] for s in await hr.interim(poll.id)))
    assert [len(s) for s in snapshots] == [0, 0, 0, 0, 5, 5, 5, 5, 5, 10]
    assert snapshots[4] == snapshots[5] == snapshots[8]  # the 6th to 9th change nothing shown
    # Changing an answer is not a new response: no new snapshot.
    await hr.record_answer(poll.id, ids[0], "know", 5, qids)
    assert len(await hr.interim(poll.id)) == 10
    assert await hr.close_pulse(poll.id)
    assert await hr.interim(poll.id) == []
    assert await sql(db, f"SELECT interim FROM pulses WHERE id = {poll.id}") == [
        {"interim": None}]
    subs, _ = await hr.submissions(poll.id)
    assert len(subs) == 10


async def test_an_edit_racing_the_scheduler_cannot_reschedule_an_open_pulse(
        db: Database) -> None:
    hr = SqlHr(db)
    await add_people(db, "Platform", 3)
    poll = await hr.create_pulse(draft())
    assert await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(["Platform"]))
    # HR read the pulse while it was still scheduled, then saved a move after it opened.
    await hr.update_pulse(replace(poll, opens_at=NOW + timedelta(days=3)))
    await hr.update_pulse(replace(poll, status=PulseStatus.CANCELLED))
    loaded = await hr.pulse(poll.id)
    assert loaded is not None and loaded.status == PulseStatus.OPEN
    assert loaded.opens_at == NOW


async def test_a_pulse_opened_before_the_upgrade_gets_its_interim_snapshot(db: Database) -> None:
    hr = SqlHr(db)
    ids = await add_people(db, "Platform", 6)
    poll = await hr.create_pulse(draft())
    await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(["Platform"]))
    qids = [q.id for q in poll.questions]
    for person in ids[:6]:
        for q in qids:
            await hr.record_answer(poll.id, person, q, 4, qids)
    async with db.engine.begin() as connection:  # as migration 0004 leaves an open pulse
        await connection.execute(text(f"UPDATE pulses SET interim = NULL WHERE id = {poll.id}"))
    assert len(await hr.interim(poll.id)) == 6
    assert len(await hr.interim(poll.id)) == 6
