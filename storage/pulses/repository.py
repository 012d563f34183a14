"""SqlPulses: the core's Pulses port. How answers stay anonymous (HMAC key while open, random
keys in random order after close) is explained in storage/pulses/tables.py."""

from __future__ import annotations

import hashlib
import hmac
import random
import secrets
from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import func, null
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Person
from bot.pulses.rules import PulsePoll, PulseStatus, Recipient, Submission, interim_due
from storage.database import Sessions
from storage.pulses.mapping import pulse_values, to_pulse, to_recipient, to_submission
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
        """Erases the secret and rewrites answers and comments under fresh random keys, in a
        random order, in the same transaction as the status change."""
        async with self.db.transaction() as s:
            closed = await s.exec(
                update(PulseRow).where(col(PulseRow.id) == pulse_id,
                                       col(PulseRow.status) == PulseStatus.OPEN.value)
                .values(status=PulseStatus.CLOSED.value, secret=None, interim=null()))
            if closed.rowcount != 1:
                return False
            answers = (await s.exec(select(PulseAnswerRow).where(
                PulseAnswerRow.pulse_id == pulse_id))).all()
            comments = (await s.exec(select(PulseCommentRow).where(
                PulseCommentRow.pulse_id == pulse_id))).all()
            old = sorted({a.submission for a in answers} | {c.submission for c in comments})
            fresh = {k: secrets.token_hex(16) for k in old}
            new_answers = [PulseAnswerRow(pulse_id=pulse_id, submission=fresh[a.submission],
                                          question_id=a.question_id, score=a.score, team=a.team)
                           for a in answers]
            new_comments = [PulseCommentRow(pulse_id=pulse_id, submission=fresh[c.submission],
                                            text=c.text) for c in comments]
            rng = random.SystemRandom()
            rng.shuffle(new_answers)
            rng.shuffle(new_comments)
            await s.exec(delete(PulseAnswerRow).where(col(PulseAnswerRow.pulse_id) == pulse_id))
            await s.exec(delete(PulseCommentRow).where(col(PulseCommentRow.pulse_id) == pulse_id))
            await s.flush()  # the deletes must reach the database before the re-inserts
            s.add_all(new_answers)
            s.add_all(new_comments)
            await s.flush()
            return True

    async def recipients(self, pulse_id: int) -> Sequence[Recipient]:
        async with self.db.transaction() as s:
            rows = await s.exec(select(PulseRecipientRow).where(
                PulseRecipientRow.pulse_id == pulse_id).order_by(
                col(PulseRecipientRow.person_id)))
            return [to_recipient(r) for r in rows.all()]

    async def _key(self, pulse_id: int, person_id: int) -> str | None:
        async with self.db.transaction() as s:
            row = await s.get(PulseRow, pulse_id)
        if row is None or row.secret is None:
            return None
        return submission_key(row.secret, person_id)

    async def answers_of(self, pulse_id: int, person_id: int) -> dict[str, int]:
        key = await self._key(pulse_id, person_id)
        if key is None:
            return {}
        async with self.db.transaction() as s:
            rows = await s.exec(select(PulseAnswerRow).where(
                PulseAnswerRow.pulse_id == pulse_id, PulseAnswerRow.submission == key))
            return {r.question_id: r.score for r in rows.all()}

    async def record_answer(self, pulse_id: int, person_id: int, question_id: str, score: int,
                            question_ids: Sequence[str]) -> bool:
        async with self.db.transaction() as s:
            # The pulse row is locked: an answer never lands in a pulse being closed (its key
            # would survive the close), and two people completing at once take one snapshot.
            row = await s.get(PulseRow, pulse_id, with_for_update=True)
            recipient = await s.get(PulseRecipientRow, (pulse_id, person_id))
            if (row is None or row.status != PulseStatus.OPEN.value or row.secret is None
                    or recipient is None):
                return False
            key = submission_key(row.secret, person_id)
            before = await s.get(PulseAnswerRow, (pulse_id, key, question_id))
            earlier = before.score if before is not None else None
            await upsert(s, PulseAnswerRow, {"pulse_id": pulse_id, "submission": key,
                                             "question_id": question_id, "score": score,
                                             "team": recipient.team},
                         keys=["pulse_id", "submission", "question_id"], update=["score"])
            answered = (await s.exec(select(func.count()).select_from(PulseAnswerRow).where(
                PulseAnswerRow.pulse_id == pulse_id, PulseAnswerRow.submission == key,
                col(PulseAnswerRow.question_id).in_(list(question_ids))))).one()
            if answered >= len(set(question_ids)) and not recipient.complete:
                recipient.complete = True
                s.add(recipient)
                await s.flush()
                await self._retake_interim(s, row)
            await s.flush()
            return earlier is not None and earlier != score

    async def _retake_interim(self, s: AsyncSession, row: PulseRow) -> None:
        """A new interim snapshot when `threshold` more people completed (see interim_due)."""
        complete = (await s.exec(select(func.count()).select_from(PulseRecipientRow).where(
            PulseRecipientRow.pulse_id == row.id, col(PulseRecipientRow.complete)))).one()
        if not interim_due(complete, len(row.interim or []), row.threshold):
            return
        subs, _ = await self._complete(s, row)
        snapshot = [{"team": sub.team, "scores": dict(sub.scores)} for sub in subs]
        random.SystemRandom().shuffle(snapshot)
        row.interim = snapshot
        s.add(row)

    async def interim(self, pulse_id: int) -> Sequence[Submission]:
        async with self.db.transaction() as s:
            row = await s.get(PulseRow, pulse_id, with_for_update=True)
            if row is not None and row.status == PulseStatus.OPEN.value and row.interim is None:
                # Opened before snapshots existed (or none taken yet): take it by the rule now.
                await self._retake_interim(s, row)
                await s.flush()
        snapshot = row.interim if row is not None and row.interim else []
        return [to_submission(d) for d in snapshot]

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

    async def submissions(self, pulse_id: int) -> tuple[Sequence[Submission], Sequence[str]]:
        async with self.db.transaction() as s:
            row = await s.get(PulseRow, pulse_id)
            if row is None:
                return [], []
            return await self._complete(s, row)

    @staticmethod
    async def _complete(s: AsyncSession, row: PulseRow) -> tuple[list[Submission], list[str]]:
        wanted = {q["id"] for q in row.questions}
        answers = (await s.exec(select(PulseAnswerRow).where(
            PulseAnswerRow.pulse_id == row.id))).all()
        comments = (await s.exec(select(PulseCommentRow).where(
            PulseCommentRow.pulse_id == row.id))).all()
        grouped: dict[str, dict[str, int]] = defaultdict(dict)
        teams: dict[str, str] = {}
        for a in answers:
            grouped[a.submission][a.question_id] = a.score
            teams[a.submission] = a.team
        complete = {k for k, scores in grouped.items() if wanted <= set(scores)}
        subs = [Submission(teams[k], grouped[k]) for k in sorted(complete)]
        return subs, [c.text for c in comments if c.submission in complete]

