"""The close's re-key, set-based: a pulse's complete submissions are rewritten under fresh random
keys, in a random order, and everything else (incomplete submissions, their comments) is dropped.
A fixed number of statements whatever the pulse's size; never commits."""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence

from sqlalchemy import (
    Column,
    Integer,
    MetaData,
    String,
    Table,
    case,
    delete,
    func,
    insert,
    literal,
    select,
)
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.pulses.rules import MERGED
from storage.pulses.tables import PulseAnswerRow, PulseCommentRow

ANSWERS: Table = PulseAnswerRow.__table__  # type: ignore[attr-defined]  # set by table=True
COMMENTS: Table = PulseCommentRow.__table__  # type: ignore[attr-defined]
# Old key -> new key, and the new key's place in a random order. A temporary table lives in the
# closing transaction's connection only; it is dropped before the commit (and a rollback drops
# it too: DDL is transactional on SQLite and PostgreSQL).
REKEY = Table("pulse_rekey", MetaData(), Column("old", String, primary_key=True),
              Column("new", String, nullable=False), Column("place", Integer, nullable=False),
              prefixes=["TEMPORARY"])


async def rekey(s: AsyncSession, pulse_id: int, question_ids: Sequence[str],
                shown: Sequence[str]) -> None:
    """Rewrites the pulse's complete submissions (an answer to each of `question_ids`) and
    their comments under keys from `secrets`, in an order from `random.SystemRandom`, so neither
    a key nor a row's place can be matched with pulse_recipients; deletes every other answer
    and comment of the pulse. Only the teams in `shown` keep their label; every other answer
    is stored under MERGED (an allow-list: no label reaches closed data unless it may)."""
    a, c, new = ANSWERS.c, COMMENTS.c, REKEY.c
    team = case((a.team.in_(sorted(shown)), a.team), else_=literal(MERGED)) if shown else (
        literal(MERGED))
    wanted = sorted(set(question_ids))
    await s.flush()  # Core statements below: nothing pending may be left behind
    connection = await s.connection()
    complete = list((await connection.execute(
        select(a.submission).where(a.pulse_id == pulse_id, a.question_id.in_(wanted))
        .group_by(a.submission).having(func.count() == len(wanted)))).scalars())
    random.SystemRandom().shuffle(complete)
    await connection.run_sync(lambda sync: REKEY.create(sync))
    if complete:
        await connection.execute(insert(REKEY), [
            {"old": old, "new": secrets.token_hex(16), "place": place}
            for place, old in enumerate(complete)])
    await connection.execute(insert(ANSWERS).from_select(
        ["pulse_id", "submission", "question_id", "score", "team"],
        select(a.pulse_id, new.new, a.question_id, a.score, team)
        .join(REKEY, new.old == a.submission)
        .where(a.pulse_id == pulse_id, a.question_id.in_(wanted))
        .order_by(new.place, a.question_id)))
    await connection.execute(insert(COMMENTS).from_select(
        ["pulse_id", "submission", "text"],
        select(c.pulse_id, new.new, c.text).join(REKEY, new.old == c.submission)
        .where(c.pulse_id == pulse_id).order_by(new.place)))
    fresh = select(new.new)
    await connection.execute(delete(ANSWERS).where(a.pulse_id == pulse_id,
                                                   a.submission.not_in(fresh)))
    await connection.execute(delete(COMMENTS).where(c.pulse_id == pulse_id,
                                                    c.submission.not_in(fresh)))
    await connection.run_sync(lambda sync: REKEY.drop(sync))
