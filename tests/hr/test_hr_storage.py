"""Rollouts, pulses, anonymous answers and the outbox on real SQLite and PostgreSQL."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime, timedelta

from alembic import command
from sqlalchemy import inspect, text

from bot.delivery import DeliveryStatus
from bot.pulses.rules import (
    MERGED,
    PulsePoll,
    PulseStatus,
    Recipient,
    Tally,
    Turnout,
    default_questions,
)
from bot.rollouts.rules import Stage, change_stage
from storage.database import Database
from storage.leader import DatabaseLeader
from storage.leases import acquire_lease
from storage.migrate import alembic_config
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
    assert await hr.tally(poll.id) == Tally()  # no score or comment is read while open
    keys_open = {r["submission"] for r in await sql(db, "SELECT submission FROM pulse_answers")}
    assert await hr.close_pulse(poll.id)
    assert not await hr.close_pulse(poll.id)
    assert await hr.answers_of(poll.id, ids[0]) == {}
    tally = await hr.tally(poll.id)
    know = {score: n for (_, q, score), n in tally.counts.items() if q == "know"}
    assert know == {2: 1, 5: 1} and tally.comments == ("More examples please",)
    # Only the two complete submissions are kept (the third person's lone answer is gone).
    assert await sql(db, "SELECT COUNT(*) AS n FROM pulse_answers") == [{"n": 2 * len(qids)}]
    keys_closed = {r["submission"] for r in await sql(db, "SELECT submission FROM pulse_answers")}
    row = (await sql(db, f"SELECT * FROM pulses WHERE id = {poll.id}"))[0]
    assert keys_open.isdisjoint(keys_closed) and "secret" not in row
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
    # team: the reported group (as on answers), set at close only (issue 14)
    assert comment_columns == {"pulse_id", "submission", "text", "team"}


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


async def test_while_open_only_participation_is_read(db: Database) -> None:
    hr = SqlHr(db)
    ids = await add_people(db, "Platform", 8) + await add_people(db, "Design", 3, start=20)
    poll = await hr.create_pulse(draft(("Platform", "Design")))
    assert await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(["Platform", "Design"]))
    qids = [q.id for q in poll.questions]
    for n, person in enumerate(ids[:6] + ids[8:10]):
        for q in qids:
            await hr.record_answer(poll.id, person, q, 1 + n % 5, qids)
        await hr.record_comment(poll.id, person, f"comment {n}")
    await hr.record_answer(poll.id, ids[6], "know", 3, qids)  # never finishes
    await hr.record_comment(poll.id, ids[6], "half done")
    await hr.record_answer(poll.id, ids[0], "know", 5, qids)  # a change is not a new response
    assert await hr.turnout(poll.id) == [Turnout("Design", 3, 2), Turnout("Platform", 8, 6)]
    assert await hr.recipient(poll.id, ids[6]) == Recipient(ids[6], "Platform", False)
    assert await hr.recipient(poll.id, 999) is None
    assert await hr.tally(poll.id) == Tally()
    assert await hr.close_pulse(poll.id)
    tally = await hr.tally(poll.id)
    assert sum(n for (_, q, _), n in tally.counts.items() if q == "future") == 8
    # Design (2) is under the threshold and would follow from Platform's count by subtraction,
    # so both are kept under the one merged label, and the recipients as its counts only.
    assert {t for (t, _, _) in tally.counts} == {MERGED}
    assert sorted(tally.comments) == [f"comment {n}" for n in range(8)]
    assert await sql(db, "SELECT COUNT(DISTINCT submission) AS n FROM pulse_comments") == [
        {"n": 8}]
    assert await hr.turnout(poll.id) == [Turnout(MERGED, 11, 8)]


async def test_a_close_rewrites_rows_in_a_random_order(db: Database) -> None:
    hr = SqlHr(db)
    ids = await add_people(db, "Platform", 30)
    poll = await hr.create_pulse(draft())
    assert await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(["Platform"]))
    qids = [q.id for q in poll.questions]
    for n, person in enumerate(ids):  # scores in answering order: 1, 2, 3, 4, 5, 1, ...
        for q in qids:
            await hr.record_answer(poll.id, person, q, 1 + n % 5, qids)
    order = "ORDER BY rowid" if db.dialect == "sqlite" else "ORDER BY ctid"
    stored = [str(r["score"]) for r in await sql(
        db, f"SELECT score FROM pulse_answers WHERE question_id = 'know' {order}")]
    assert await hr.close_pulse(poll.id)
    shuffled = [str(r["score"]) for r in await sql(
        db, f"SELECT score FROM pulse_answers WHERE question_id = 'know' {order}")]
    assert sorted(shuffled) == sorted(stored) and shuffled != stored  # ~1 in 10^18 to fail


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


async def test_the_upgrade_drops_what_old_closes_kept_and_the_snapshot(db: Database) -> None:
    hr = SqlHr(db)
    ids = await add_people(db, "Platform", 2)
    poll = await hr.create_pulse(draft())
    await hr.open_pulse(poll.id, await SqlRepo(db).in_teams(["Platform"]))
    qids = [q.id for q in poll.questions]
    for q in qids:
        await hr.record_answer(poll.id, ids[0], q, 4, qids)
    for q in qids[:3]:
        await hr.record_answer(poll.id, ids[1], q, 1, qids)
    await hr.record_comment(poll.id, ids[0], "complete")
    await hr.record_comment(poll.id, ids[1], "incomplete")
    engine = db.sync_engine()
    try:  # back to revision 0004, and closed the way its code closed (keeping everything)
        with engine.begin() as connection:
            command.downgrade(alembic_config(connection=connection), "0004_pulse_interim")
            connection.execute(text(f"UPDATE pulses SET status = 'closed', secret = NULL, "
                                    f"interim = '[]' WHERE id = {poll.id}"))
    finally:
        engine.dispose()
    db.upgrade()
    tally = await hr.tally(poll.id)
    # One respondent: Platform's label is merged away, its recipients kept as counts only.
    assert tally.counts == {(MERGED, q, 4): 1 for q in qids}
    assert await hr.turnout(poll.id) == [Turnout(MERGED, 2, 1)]
    assert await hr.recipients(poll.id) == []
    assert tally.comments == ("complete",)
    assert "interim" not in (await sql(db, f"SELECT * FROM pulses WHERE id = {poll.id}"))[0]
