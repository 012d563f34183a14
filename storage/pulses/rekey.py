"""The close's re-key, set-based: a pulse's complete submissions are rewritten under fresh random
keys, in a random order, each with its team's label for the first time (an open pulse's answers
carry none; their comments get the same label), and everything else (incomplete submissions,
their comments) is dropped. A fixed number of statements whatever the pulse's size; never
commits."""

from __future__ import annotations

import random
import secrets
from collections.abc import Mapping, Sequence

from sqlalchemy import Column, Integer, MetaData, String, Table, case, delete, func, insert, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.pulses.rules import MERGED, NO_TEAM
from storage.pulses.tables import PulseAnswerRow, PulseCommentRow

ANSWERS: Table = PulseAnswerRow.__table__  # type: ignore[attr-defined]  # set by table=True
COMMENTS: Table = PulseCommentRow.__table__  # type: ignore[attr-defined]
# Old key -> new key, the new key's place in a random order and the label it is stored under.
# A temporary table lives in the closing transaction's connection only; it is dropped before the
# commit (and a rollback drops it too: DDL is transactional on SQLite and PostgreSQL).
REKEY = Table("pulse_rekey", MetaData(), Column("old", String, primary_key=True),
              Column("new", String, nullable=False), Column("place", Integer, nullable=False),
              Column("team", String, nullable=False), prefixes=["TEMPORARY"])


async def rekey(s: AsyncSession, pulse_id: int, question_ids: Sequence[str],
                label_of: Mapping[str, str]) -> None:
    """Rewrites the pulse's complete submissions (an answer to each of `question_ids`) and
    their comments under keys from `secrets`, in an order from `random.SystemRandom`, so neither
    a key nor a row's place can be matched with pulse_recipients; deletes every other answer
    and comment of the pulse. `label_of`: old key -> the label its answers are stored under
    (a key it does not know gets MERGED: no label reaches closed data unless it may)."""
    a, c, new = ANSWERS.c, COMMENTS.c, REKEY.c
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
            {"old": old, "new": secrets.token_hex(16), "place": place,
             "team": label_of.get(old, MERGED)} for place, old in enumerate(complete)])
    await connection.execute(insert(ANSWERS).from_select(
        ["pulse_id", "submission", "question_id", "score", "team"],
        select(a.pulse_id, new.new, a.question_id, a.score, new.team)
        .join(REKEY, new.old == a.submission)
        .where(a.pulse_id == pulse_id, a.question_id.in_(wanted))
        .order_by(new.place, a.question_id)))
    # A comment gets its answers' label; "" (no team) is stored as NO_TEAM, because a comment
    # labelled "" is one closed before comments had labels: it counts for everyone only.
    await connection.execute(insert(COMMENTS).from_select(
        ["pulse_id", "submission", "text", "team"],
        select(c.pulse_id, new.new, c.text, case((new.team == "", NO_TEAM), else_=new.team))
        .join(REKEY, new.old == c.submission).where(c.pulse_id == pulse_id)
        .order_by(new.place)))
    fresh = select(new.new)
    await connection.execute(delete(ANSWERS).where(a.pulse_id == pulse_id,
                                                   a.submission.not_in(fresh)))
    await connection.execute(delete(COMMENTS).where(c.pulse_id == pulse_id,
                                                    c.submission.not_in(fresh)))
    await connection.run_sync(lambda sync: REKEY.drop(sync))
