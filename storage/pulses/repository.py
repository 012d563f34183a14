"""SqlPulses: the core's Pulses port. How answers stay anonymous (HMAC key derived from the
server secret while open; at close random keys in random order, recipients reduced to counts,
small teams merged, no file keeping the old rows) is explained in storage/pulses/tables.py."""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import case, func
from sqlmodel import col, delete, select, update
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Person
from bot.pulses.rules import (
    KEY_CHANGED,
    MERGED,
    NO_SECRET_KEY,
    PulseError,
    PulsePoll,
    PulseStatus,
    Recipient,
    Tally,
    Turnout,
    reported_groups,
)
from bot.pulses.rules_series import slot_taken
from storage.database import Database, Sessions
from storage.pulses.keys import submission_key
from storage.pulses.mapping import pulse_values, to_pulse, to_recipient
from storage.pulses.rekey import rekey
from storage.pulses.scrub import erase_traces
from storage.pulses.tables import (
    PulseAnswerRow,
    PulseCommentRow,
    PulseGroupRow,
    PulseRecipientRow,
    PulseRow,
)
from storage.upsert import upsert

log = logging.getLogger(__name__)


async def _recipient_counts(s: AsyncSession, pulse_id: int) -> list[Turnout]:
    r = PulseRecipientRow
    answered = func.sum(case((col(r.complete), 1), else_=0))
    rows = await s.exec(select(r.team, func.count(), answered).where(r.pulse_id == pulse_id)
                        .group_by(col(r.team)).order_by(col(r.team)))
    return [Turnout(team, invited, int(done or 0)) for team, invited, done in rows.all()]


class SqlPulses:
    """Implements bot.ports.Pulses. `closed`: how many pulses this object closed, so a unit of
    work erases their traces once its commit is done (storage/pulses/scrub.py)."""

    closed = 0

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
            if poll.series_id is not None:  # a PulseError, not the unique index's error
                other = (await s.exec(select(PulseRow.id, PulseRow.status).where(
                    col(PulseRow.series_id) == poll.series_id,
                    col(PulseRow.opens_at) == poll.opens_at, col(PulseRow.id) != poll.id))).first()
                if other is not None and other[0] is not None:
                    raise slot_taken(other[0], other[1], poll.series_id)
            await s.exec(update(PulseRow).where(col(PulseRow.id) == poll.id,
                                                col(PulseRow.status) == was.value)
                         .values(**pulse_values(poll)))
            await s.flush()

    async def open_pulse(self, pulse_id: int, recipients: Sequence[Person]) -> bool:
        if not self.db.secret_key:  # no answer could be keyed: refuse rather than store a key
            raise PulseError(NO_SECRET_KEY)
        async with self.db.transaction() as s:
            opened = await s.exec(
                update(PulseRow).where(col(PulseRow.id) == pulse_id,
                                       col(PulseRow.status) == PulseStatus.SCHEDULED.value)
                .values(status=PulseStatus.OPEN.value))
            if opened.rowcount != 1:
                return False
            for person in recipients:
                await upsert(s, PulseRecipientRow, {"pulse_id": pulse_id, "person_id": person.id,
                                                    "team": person.team, "complete": False},
                             keys=["pulse_id", "person_id"])
            await s.flush()
            return True

    async def close_pulse(self, pulse_id: int) -> bool:
        """In the transaction of the status change: complete submissions rewritten under fresh
        random keys in a random order, each labelled with its team as reported (small teams
        merged; storage/pulses/rekey.py), and the recipients reduced to counts per reported
        group, then deleted. Once committed, no file may keep the old rows (scrub.py).

        The labels come from recomputing each recipient's key with the server secret; without
        it the pulse still closes (closing only removes links), everything under MERGED."""
        async with self.db.transaction() as s:
            closed = await s.exec(
                update(PulseRow).where(col(PulseRow.id) == pulse_id,
                                       col(PulseRow.status) == PulseStatus.OPEN.value)
                .values(status=PulseStatus.CLOSED.value))
            if closed.rowcount != 1:
                return False
            questions, threshold = (await s.exec(select(PulseRow.questions, PulseRow.threshold)
                                                 .where(PulseRow.id == pulse_id))).one()
            turnout = await _recipient_counts(s, pulse_id)
            labels = reported_groups({t.team: t.answered for t in turnout}, threshold)
            await rekey(s, pulse_id, [q["id"] for q in questions],
                        await self._labels_by_key(s, pulse_id, labels))
            invited: Counter[str] = Counter()
            answered: Counter[str] = Counter()
            for t in turnout:
                invited[labels[t.team]] += t.invited
                answered[labels[t.team]] += t.answered
            s.add_all(PulseGroupRow(pulse_id=pulse_id, team=label, invited=invited[label],
                                    answered=answered[label]) for label in sorted(invited))
            await s.exec(delete(PulseRecipientRow).where(
                col(PulseRecipientRow.pulse_id) == pulse_id))
            await s.flush()
        self.closed += 1
        if isinstance(self.db, Database):  # on its own: committed now (a unit of work waits)
            await erase_traces(self.db)
        return True

    async def _labels_by_key(self, s: AsyncSession, pulse_id: int,
                             labels: dict[str, str]) -> dict[str, str]:
        """Each recipient's answer key -> the label their answers are stored under at close."""
        secret = self.db.secret_key
        if not secret:
            log.warning("pulse #%s closed without CAREERBOT_SECRET_KEY: its answers are kept "
                        "without a team breakdown", pulse_id)
            return {}
        rows = await s.exec(select(PulseRecipientRow.person_id, PulseRecipientRow.team).where(
            PulseRecipientRow.pulse_id == pulse_id, col(PulseRecipientRow.complete)))
        return {submission_key(secret, pulse_id, person): labels.get(team, MERGED)
                for person, team in rows.all()}

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
        """From the recipients while open; after close, from the counts the close kept."""
        g = PulseGroupRow
        async with self.db.transaction() as s:
            kept = await s.exec(select(g.team, g.invited, g.answered)
                                .where(g.pulse_id == pulse_id).order_by(col(g.team)))
            groups = [Turnout(team, invited, answered) for team, invited, answered in kept]
            return groups or await _recipient_counts(s, pulse_id)

    async def _key(self, pulse_id: int, person_id: int) -> str | None:
        """The person's answer key while the pulse is open (None otherwise). Raises PulseError
        without the server secret."""
        async with self.db.transaction() as s:
            status = (await s.exec(select(PulseRow.status).where(
                PulseRow.id == pulse_id))).first()
        if status != PulseStatus.OPEN.value:
            return None
        return submission_key(self.db.secret_key, pulse_id, person_id)

    async def answers_of(self, pulse_id: int, person_id: int) -> dict[str, int]:
        """Without the server secret nothing can be read back: empty (answering then says why)."""
        if not self.db.secret_key:
            return {}
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
            if row is None or row.status != PulseStatus.OPEN.value or recipient is None:
                return False
            key = submission_key(self.db.secret_key, pulse_id, person_id)
            earlier = (await s.exec(select(a.score).where(
                a.pulse_id == pulse_id, a.submission == key,
                a.question_id == question_id))).first()
            if recipient.complete and earlier is None and not (await s.exec(
                    select(func.count()).select_from(a).where(
                        a.pulse_id == pulse_id, a.submission == key))).one():
                # Answered in full under another secret: a second submission would count twice.
                raise PulseError(KEY_CHANGED)
            # No team label while open: a team of one would name the person. The close labels
            # each complete submission from its recomputed key (close_pulse).
            await upsert(s, PulseAnswerRow, {"pulse_id": pulse_id, "submission": key,
                                             "question_id": question_id, "score": score,
                                             "team": ""},
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
        the comments with their labels; nothing at all unless the pulse is closed."""
        a = PulseAnswerRow
        async with self.db.transaction() as s:
            status = (await s.exec(select(PulseRow.status).where(
                PulseRow.id == pulse_id))).first()
            if status != PulseStatus.CLOSED.value:
                return Tally()
            counts = await s.exec(select(a.team, a.question_id, a.score, func.count())
                                  .where(a.pulse_id == pulse_id)
                                  .group_by(col(a.team), col(a.question_id), col(a.score)))
            comments = (await s.exec(select(PulseCommentRow.team, PulseCommentRow.text).where(
                PulseCommentRow.pulse_id == pulse_id))).all()
            grouped: dict[str, list[str]] = {}
            for label, text in comments:
                if label:  # "": closed before comments were labelled, for everyone only
                    grouped.setdefault(label, []).append(text)
            return Tally({(team, qid, score): n for team, qid, score, n in counts.all()},
                         tuple(text for _, text in comments),
                         {label: tuple(texts) for label, texts in grouped.items()})
