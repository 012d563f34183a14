"""In-memory Rollouts and Pulses. FakePulses keys answers per person only while the pulse is
open and re-keys the complete ones at random at close, like storage/pulses (nothing links them
after; incomplete ones are dropped; recipients become counts per reported group, small teams
under one merged label)."""

from __future__ import annotations

import secrets
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from bot.model import Person
from bot.pulses.rules import (
    MERGED,
    NO_TEAM,
    PulsePoll,
    PulseStatus,
    Recipient,
    Tally,
    Turnout,
    reported_groups,
)
from bot.rollouts.rules import Rollout, StageState


@dataclass
class FakeRollouts:
    stored: dict[int, Rollout] = field(default_factory=dict)
    selfchecks: dict[int, tuple[list[int], datetime]] = field(default_factory=dict)

    async def rollouts(self) -> Sequence[Rollout]:
        return sorted(self.stored.values(), key=lambda r: r.rollout_date)

    async def rollout(self, rollout_id: int) -> Rollout | None:
        return self.stored.get(rollout_id)

    async def rollout_by_team(self, team: str) -> Rollout | None:
        key = team.strip().casefold()
        return next((r for r in self.stored.values() if r.team.casefold() == key), None)

    async def save_rollout(self, team: str, rollout_date: date, at: datetime) -> Rollout:
        found = await self.rollout_by_team(team)
        saved = (replace(found, rollout_date=rollout_date) if found is not None
                 else Rollout(len(self.stored) + 1, team.strip(), rollout_date))
        self.stored[saved.id] = saved
        return saved

    async def save_stage(self, rollout_id: int, state: StageState) -> None:
        found = self.stored.get(rollout_id)
        if found is not None:
            stages = tuple(state if s.stage == state.stage else s for s in found.stages)
            self.stored[rollout_id] = replace(found, stages=stages)

    async def selfcheck(self, person_id: int,
                        since: datetime | None = None) -> list[int] | None:
        found = self.selfchecks.get(person_id)
        if found is None or (since is not None and found[1] < since):
            return None
        return list(found[0])

    async def save_selfcheck(self, person_id: int, answers: Sequence[int] | None,
                             at: datetime) -> None:
        if answers is None:
            self.selfchecks.pop(person_id, None)
        else:
            self.selfchecks[person_id] = (list(answers), at)


@dataclass
class FakePulses:
    polls: dict[int, PulsePoll] = field(default_factory=dict)
    sent_to: dict[int, dict[int, Recipient]] = field(default_factory=dict)
    keys: dict[int, dict[int, str]] = field(default_factory=dict)  # only while open
    answers: dict[int, dict[str, dict[str, int]]] = field(default_factory=dict)
    teams: dict[str, str] = field(default_factory=dict)  # submission key -> team
    comments: dict[int, dict[str, str]] = field(default_factory=dict)
    groups: dict[int, list[Turnout]] = field(default_factory=dict)  # after close

    async def create_pulse(self, draft: PulsePoll) -> PulsePoll:
        poll = replace(draft, id=len(self.polls) + 1)
        self.polls[poll.id] = poll
        return poll

    async def pulse(self, pulse_id: int) -> PulsePoll | None:
        return self.polls.get(pulse_id)

    async def pulses(self) -> Sequence[PulsePoll]:
        return sorted(self.polls.values(), key=lambda p: (p.opens_at, p.id), reverse=True)

    async def update_pulse(self, poll: PulsePoll) -> None:
        was = PulseStatus.SCHEDULED if poll.status == PulseStatus.CANCELLED else poll.status
        stored = self.polls.get(poll.id)
        if stored is not None and stored.status == was:
            self.polls[poll.id] = poll

    async def open_pulse(self, pulse_id: int, recipients: Sequence[Person]) -> bool:
        poll = self.polls.get(pulse_id)
        if poll is None or poll.status != PulseStatus.SCHEDULED:
            return False
        self.polls[pulse_id] = replace(poll, status=PulseStatus.OPEN)
        sent = self.sent_to.setdefault(pulse_id, {})
        for person in recipients:
            sent.setdefault(person.id, Recipient(person.id, person.team, False))
        self.keys[pulse_id] = {}
        return True

    async def close_pulse(self, pulse_id: int) -> bool:
        poll = self.polls.get(pulse_id)
        if poll is None or poll.status != PulseStatus.OPEN:
            return False
        turnout = await self.turnout(pulse_id)
        labels = reported_groups({t.team: t.answered for t in turnout}, poll.threshold)
        invited, answered = Counter[str](), Counter[str]()
        for t in turnout:
            invited[labels[t.team]] += t.invited
            answered[labels[t.team]] += t.answered
        self.groups[pulse_id] = [Turnout(g, invited[g], answered[g]) for g in sorted(invited)]
        self.sent_to.pop(pulse_id, None)
        self.polls[pulse_id] = replace(poll, status=PulseStatus.CLOSED)
        self.keys.pop(pulse_id, None)
        wanted = {q.id for q in poll.questions}
        old = {k: v for k, v in self.answers.pop(pulse_id, {}).items() if wanted <= set(v)}
        fresh = {k: secrets.token_hex(16) for k in old}
        self.answers[pulse_id] = {fresh[k]: {q: v[q] for q in wanted} for k, v in old.items()}
        self.teams.update({fresh[k]: labels.get(self.teams.pop(k, ""), MERGED) for k in fresh})
        self.comments[pulse_id] = {fresh[k]: t for k, t in self.comments.get(pulse_id, {}).items()
                                   if k in fresh}
        return True

    async def recipients(self, pulse_id: int) -> Sequence[Recipient]:
        return sorted(self.sent_to.get(pulse_id, {}).values(), key=lambda r: r.person_id)

    async def recipient(self, pulse_id: int, person_id: int) -> Recipient | None:
        return self.sent_to.get(pulse_id, {}).get(person_id)

    async def turnout(self, pulse_id: int) -> Sequence[Turnout]:
        if pulse_id in self.groups:
            return self.groups[pulse_id]
        sent = self.sent_to.get(pulse_id, {}).values()
        invited = Counter(r.team for r in sent)
        answered = Counter(r.team for r in sent if r.complete)
        return [Turnout(t, invited[t], answered[t]) for t in sorted(invited)]

    def _key(self, pulse_id: int, person_id: int) -> str | None:
        keys = self.keys.get(pulse_id)
        if keys is None:
            return None
        return keys.setdefault(person_id, secrets.token_hex(16))

    async def answers_of(self, pulse_id: int, person_id: int) -> dict[str, int]:
        key = self._key(pulse_id, person_id)
        return dict(self.answers.get(pulse_id, {}).get(key, {})) if key else {}

    async def record_answer(self, pulse_id: int, person_id: int, question_id: str, score: int,
                            question_ids: Sequence[str]) -> bool:
        recipient = self.sent_to.get(pulse_id, {}).get(person_id)
        key = self._key(pulse_id, person_id)
        if recipient is None or key is None:
            return False
        scores = self.answers.setdefault(pulse_id, {}).setdefault(key, {})
        earlier = scores.get(question_id)
        scores[question_id] = score
        self.teams[key] = recipient.team
        if set(question_ids) <= set(scores) and not recipient.complete:
            self.sent_to[pulse_id][person_id] = replace(recipient, complete=True)
        return earlier is not None and earlier != score

    async def record_comment(self, pulse_id: int, person_id: int, text: str) -> None:
        key = self._key(pulse_id, person_id)
        if key is None:
            return
        if text.strip():
            self.comments.setdefault(pulse_id, {})[key] = text.strip()[:2000]
        else:
            self.comments.get(pulse_id, {}).pop(key, None)

    async def tally(self, pulse_id: int) -> Tally:
        poll = self.polls.get(pulse_id)
        if poll is None or poll.status != PulseStatus.CLOSED:
            return Tally()
        answers = self.answers.get(pulse_id, {})
        counts = Counter((self.teams.get(k, ""), q, score)
                         for k, scores in answers.items() for q, score in scores.items())
        comments = self.comments.get(pulse_id, {})
        grouped: dict[str, tuple[str, ...]] = {}
        for key, text in comments.items():  # labelled at close as the answers (NO_TEAM for "")
            label = self.teams.get(key, "") or NO_TEAM
            grouped[label] = (*grouped.get(label, ()), text)
        return Tally(dict(counts), tuple(comments.values()), grouped)
