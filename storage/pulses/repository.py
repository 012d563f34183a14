"""SqlPulses: the core's Pulses port. How answers stay anonymous (HMAC key while open, random
keys in random order after close) is explained in storage/pulses/tables.py."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Sequence

from sqlalchemy import case, func
from sqlmodel import col, delete, select, update

from bot.model import Person
from bot.pulses.rules import PulsePoll, PulseStatus, Recipient, Tally, Turnout
from storage.database import Sessions
from storage.pulses.mapping import pulse_values, to_pulse, to_recipient
from storage.pulses.rekey import rekey
from storage.pulses.tables import (
    PulseAnswerRow,
    PulseCommentRow,
    PulseRecipientRow,
    PulseRow,
)
from storage.upsert import upsert


def submission_key(secret: str, person_id: int) -> str:
    """The answer key of a person in an open pulse: useless without the pulse's secret."""
    return hmac.new(bytes.fromhex(secret), str(person_id).encode(), hashlib.sha256).hexdigest()


class SqlPulses:
    """Implements bot.ports.Pulses."""

    def __init__(self, db: Sessions) -> None:
        self.db = db

    async def create_pulse(self, draft: PulsePoll) -> PulsePoll:
        async with self.db.transaction() as s:
            row = PulseRow(**pulse_values(draft))
            s.add(row)
            await s.flush()
            return to_pulse(row)

    async def pulse(self, pulse_id: int) -> PulsePoll | None:
        async with self.db.transaction() as s:
            row = await s.get(PulseRow, pulse_id)
            return to_pulse(row) if row else None

    async def pulses(self) -> Sequence[PulsePoll]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(PulseRow).order_by(col(PulseRow.opens_at).desc(),
                                                          col(PulseRow.id).desc()))
            return [to_pulse(r) for r in rows.all()]

    async def update_pulse(self, poll: PulsePoll) -> None:
        """Saves HR's edit only if the pulse is still in the state the edit was made in (a
        scheduled pulse for moves, question edits and cancelling; an open one for a higher
        threshold), so an edit racing the scheduler can never reopen or reschedule a pulse."""
        was = (PulseStatus.SCHEDULED if poll.status == PulseStatus.CANCELLED else poll.status)
        async with self.db.transaction() as s:
            await s.exec(update(PulseRow).where(col(PulseRow.id) == poll.id,
                                                col(PulseRow.status) == was.value)
                         .values(**pulse_values(poll)))
            await s.flush()

    async def open_pulse(self, pulse_id: int, recipients: Sequence[Person]) -> bool:
        async with self.db.transaction() as s:
            opened = await s.exec(
                update(PulseRow).where(col(PulseRow.id) == pulse_id,
                                       col(PulseRow.status) == PulseStatus.SCHEDULED.value)
                .values(status=PulseStatus.OPEN.value, secret=secrets.token_hex(32)))
            if opened.rowcount != 1:
                return False
            for person in recipients:
                await upsert(s, PulseRecipientRow, {"pulse_id": pulse_id, "person_id": person.id,
                                                    "team": person.team, "complete": False},
                             keys=["pulse_id", "person_id"])
            await s.flush()
            return True

    async def close_pulse(self, pulse_id: int) -> bool:
        """Erases the secret and rewrites complete submissions under fresh random keys, in a
        random order, in the same transaction as the status change (storage/pulses/rekey.py:
        set-based, a fixed number of statements)."""
        async with self.db.transaction() as s:
            closed = await s.exec(
                update(PulseRow).where(col(PulseRow.id) == pulse_id,
                                       col(PulseRow.status) == PulseStatus.OPEN.value)
                .values(status=PulseStatus.CLOSED.value, secret=None))
            if closed.rowcount != 1:
                return False
            questions = (await s.exec(select(PulseRow.questions).where(
                PulseRow.id == pulse_id))).one()
            await rekey(s, pulse_id, [q["id"] for q in questions])
            await s.flush()
            return True

    async def recipients(self, pulse_id: int) -> Sequence[Recipient]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(PulseRecipientRow).where(
                PulseRecipientRow.pulse_id == pulse_id).order_by(
                col(PulseRecipientRow.person_id)))
            return [to_recipient(r) for r in rows.all()]

    async def recipient(self, pulse_id: int, person_id: int) -> Recipient | None:
        async with self.db.transaction() as s:
            row = await s.get(PulseRecipientRow, (pulse_id, person_id))
            return to_recipient(row) if row else None

    async def turnout(self, pulse_id: int) -> Sequence[Turnout]:
        r = PulseRecipientRow
        answered = func.sum(case((col(r.complete), 1), else_=0))
        async with self.db.transaction() as s:
            rows = await s.exec(select(r.team, func.count(), answered)
                                .where(r.pulse_id == pulse_id).group_by(col(r.team))
                                .order_by(col(r.team)))
            return [Turnout(team, invited, int(done or 0)) for team, invited, done in rows.all()]

    async def _key(self, pulse_id: int, person_id: int) -> str | None:
        async with self.db.transaction() as s:
            secret = (await s.exec(select(PulseRow.secret).where(
                PulseRow.id == pulse_id))).first()
        return submission_key(secret, person_id) if secret else None

    async def answers_of(self, pulse_id: int, person_id: int) -> dict[str, int]:
        key = await self._key(pulse_id, person_id)
        if key is None:
            return {}
        a = PulseAnswerRow
        async with self.db.transaction() as s:
            rows = await s.exec(select(a.question_id, a.score).where(
                a.pulse_id == pulse_id, a.submission == key))
            return dict(rows.all())

    async def record_answer(self, pulse_id: int, person_id: int, question_id: str, score: int,
                            question_ids: Sequence[str]) -> bool:
        """An upsert, and (until the person is complete) a count of their own answers: the same
        few statements for the first answer of a pulse and the ten-thousandth."""
        a = PulseAnswerRow
        async with self.db.transaction() as s:
            # A shared lock on the pulse row: answers do not wait for each other, but none lands
            # in a pulse being closed (its key would survive the close): the close's UPDATE waits
            # for them, and an answer arriving after it sees the pulse closed.
            row = await s.get(PulseRow, pulse_id, with_for_update={"read": True})
            recipient = await s.get(PulseRecipientRow, (pulse_id, person_id))
            if (row is None or row.status != PulseStatus.OPEN.value or row.secret is None
                    or recipient is None):
                return False
            key = submission_key(row.secret, person_id)
            earlier = (await s.exec(select(a.score).where(
                a.pulse_id == pulse_id, a.submission == key,
                a.question_id == question_id))).first()
            await upsert(s, PulseAnswerRow, {"pulse_id": pulse_id, "submission": key,
                                             "question_id": question_id, "score": score,
                                             "team": recipient.team},
                         keys=["pulse_id", "submission", "question_id"], update=["score"])
            if not recipient.complete:
                answered = (await s.exec(select(func.count()).select_from(a).where(
                    a.pulse_id == pulse_id, a.submission == key,
                    col(a.question_id).in_(list(question_ids))))).one()
                if answered >= len(set(question_ids)):
                    recipient.complete = True
                    s.add(recipient)
            await s.flush()
            return earlier is not None and earlier != score

    async def record_comment(self, pulse_id: int, person_id: int, text: str) -> None:
        key = await self._key(pulse_id, person_id)
        if key is None:
            return
        async with self.db.transaction() as s:
            if text.strip():
                await upsert(s, PulseCommentRow, {"pulse_id": pulse_id, "submission": key,
                                                  "text": text.strip()[:2000]},
                             keys=["pulse_id", "submission"], update=["text"])
            else:
                await s.exec(delete(PulseCommentRow).where(
                    col(PulseCommentRow.pulse_id) == pulse_id,
                    col(PulseCommentRow.submission) == key))
            await s.flush()

    async def tally(self, pulse_id: int) -> Tally:
        """One GROUP BY over the answers (a closed pulse holds complete submissions only) and
        the comments; nothing at all unless the pulse is closed."""
        a = PulseAnswerRow
        async with self.db.transaction() as s:
            status = (await s.exec(select(PulseRow.status).where(
                PulseRow.id == pulse_id))).first()
            if status != PulseStatus.CLOSED.value:
                return Tally()
            counts = await s.exec(select(a.team, a.question_id, a.score, func.count())
                                  .where(a.pulse_id == pulse_id)
                                  .group_by(col(a.team), col(a.question_id), col(a.score)))
            comments = await s.exec(select(PulseCommentRow.text).where(
                PulseCommentRow.pulse_id == pulse_id))
            return Tally({(team, qid, score): n for team, qid, score, n in counts.all()},
                         tuple(comments.all()))
