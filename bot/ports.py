"""The ports the core needs, as Protocols: one narrow repository per aggregate, the UnitOfWork
that hands them out inside one transaction, and the non-transactional services (clock,
directory, messenger, planner). storage/, adapters/ and scheduler/ implement them; tests use the
in-memory fakes in tests/fakes.py."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime
from types import TracebackType
from typing import Protocol, Self

from bot.checkins.rules import Cadence, Note, Prompt
from bot.delivery import Delivery, DeliveryStatus
from bot.events import Platform
from bot.model import Assessment, Person, Track
from bot.plans.rules import Goal, Plan
from bot.pulses.rules import PulsePoll, Recipient, Tally, Turnout
from bot.pulses.saved_questions import SavedQuestions
from bot.pulses.series_store import PulseSeriesStore
from bot.rights.ports import Audit, Rights
from bot.rollouts.rules import Rollout, StageState
from bot.stats.rules import Activity


class People(Protocol):
    """People, their platform identities and reporting lines."""

    async def person(self, person_id: int) -> Person | None: ...

    async def person_by_email(self, email: str) -> Person | None: ...

    async def person_by_identity(self, platform: Platform, user_id: str) -> Person | None: ...

    async def link_identity(
        self, person_id: int, platform: Platform, user_id: str, tenant_id: str
    ) -> None:
        """Point the platform user at the person (a no-op when it already does)."""
        ...

    async def reports_of(self, manager_id: int) -> Sequence[Person]:
        """Direct reports, by name."""
        ...

    async def managers(self) -> Sequence[Person]:
        """Everyone with at least one direct report."""
        ...

    async def in_teams(self, teams: Sequence[str] = ()) -> Sequence[Person]:
        """Everyone in those teams (case-insensitive), or everyone when `teams` is empty."""
        ...


class Tracks(Protocol):
    async def track(self, track_id: str) -> Track | None: ...

    async def tracks(self) -> Sequence[Track]: ...

    async def record_track_view(self, person_id: int, at: datetime) -> None: ...


class Assessments(Protocol):
    """Readiness ratings (self and manager) and which manager ratings are shared."""

    async def open_assessment(
        self, subject_id: int, rater_id: int, track_id: str, target_level_id: str
    ) -> Assessment | None:
        """The rater's unfinished assessment of the subject for that target, if any."""
        ...

    async def start_assessment(
        self, subject_id: int, rater_id: int, track_id: str, target_level_id: str, at: datetime
    ) -> Assessment: ...

    async def assessment(self, assessment_id: int) -> Assessment | None: ...

    async def set_score(
        self, assessment_id: int, competency_id: str, score: int | None, at: datetime
    ) -> None:
        """Upsert one competency's score (None = skipped). Pressing twice stores it once."""
        ...

    async def complete_assessment(self, assessment_id: int, at: datetime) -> None: ...

    async def latest_assessment(
        self, subject_id: int, rater_id: int | None = None, completed_only: bool = True
    ) -> Assessment | None:
        """The newest assessment of the subject (by that rater; any rater when None)."""
        ...

    async def share_rating(self, assessment_id: int, at: datetime) -> None: ...

    async def shared_rating(self, subject_id: int) -> int | None:
        """The newest shared manager assessment id about the subject."""
        ...


class Plans(Protocol):
    """Development plans and their goals."""

    async def plan(self, person_id: int) -> Plan | None: ...

    async def save_plan(self, person_id: int, track_id: str, target_level_id: str,
                        focus: Sequence[str], at: datetime) -> None: ...

    async def add_goal(self, person_id: int, text: str, due: date | None,
                       at: datetime) -> Goal: ...

    async def complete_goal(self, goal_id: int, at: datetime) -> Goal | None:
        """Marks it done once (a second press keeps the first time); None if unknown."""
        ...

    async def update_goal(self, goal_id: int, text: str, due: date | None) -> Goal | None:
        """New words and due date; a changed date may be nudged about again. None if unknown."""
        ...

    async def reopen_goal(self, goal_id: int) -> Goal | None:
        """Open again (not done, and nudged again when due); None if unknown."""
        ...

    async def remove_goal(self, goal_id: int) -> bool:
        """Deletes it; True when it existed."""
        ...

    async def goals_to_nudge(self, due_by: date) -> Sequence[Goal]:
        """Open goals due on or before `due_by` that have not been nudged yet."""
        ...

    async def claim_goal_nudge(self, goal_id: int, at: datetime) -> bool:
        """True for the one caller that gets to nudge about this goal."""
        ...


class CheckIns(Protocol):
    """Check-in cadences, prompts to managers and the notes they log."""

    async def cadence(self, manager_id: int | None) -> Cadence | None:
        """A manager's own cadence (None = the organisation default) if one was set."""
        ...

    async def set_cadence(self, manager_id: int | None, cadence: Cadence, at: datetime) -> None:
        ...

    async def next_slot(self, manager_id: int) -> tuple[bool, datetime | None]:
        """(known, slot): whether the manager has a schedule yet, and its next slot."""
        ...

    async def set_next_slot(self, manager_id: int, slot: datetime | None) -> None: ...

    async def add_prompts(self, manager_id: int, report_ids: Sequence[int], slot: datetime,
                          send_at: datetime) -> int:
        """One pending prompt per report for the slot; existing ones are left alone."""
        ...

    async def prompts_due(self, now: datetime) -> Sequence[Prompt]:
        """Pending prompts whose send time has come, oldest first."""
        ...

    async def prompt(self, prompt_id: int) -> Prompt | None: ...

    async def latest_prompt(self, manager_id: int, report_id: int) -> Prompt | None:
        """The manager's newest prompt about the report (latest slot), whatever its status."""
        ...

    async def move_prompt(self, prompt_id: int, expected: Sequence[str], status: str,
                          at: datetime, send_at: datetime | None = None) -> bool:
        """Compare-and-set a prompt's status (and optionally its send time); True if it moved.

        This is how a sender claims a prompt, so two senders never both send it."""
        ...

    async def last_checkin(self, report_id: int) -> datetime | None:
        """When a check-in about the report was last logged."""
        ...

    async def add_note(self, report_id: int, author_id: int, text: str, kind: str,
                       at: datetime, prompt_id: int | None = None) -> Note: ...

    async def notes(self, report_id: int, limit: int = 10,
                    author_id: int | None = None) -> Sequence[Note]:
        """Newest first; only those `author_id` wrote, when given."""
        ...


class Rollouts(Protocol):
    """HR's rollouts of career tracks, one per team (or the whole organisation)."""

    async def rollouts(self) -> Sequence[Rollout]: ...

    async def rollout(self, rollout_id: int) -> Rollout | None: ...

    async def rollout_by_team(self, team: str) -> Rollout | None:
        """Case-insensitive team match."""
        ...

    async def save_rollout(self, team: str, rollout_date: date, at: datetime) -> Rollout:
        """Create the team's rollout, or move its date when it exists."""
        ...

    async def save_stage(self, rollout_id: int, state: StageState) -> None: ...

    async def selfcheck(self, person_id: int,
                        since: datetime | None = None) -> list[int] | None:
        """The person's self-check answers so far, or None when none is in progress (or, with
        `since`, none was answered since then)."""
        ...

    async def save_selfcheck(self, person_id: int, answers: Sequence[int] | None,
                             at: datetime) -> None:
        """Keep the answers so far; None ends the self-check (finished or started over)."""
        ...


class Pulses(Protocol):
    """Pulse polls, their recipients and their anonymous answers. Implementations never store
    a link between an answer and a person that survives the pulse's close."""

    async def create_pulse(self, draft: PulsePoll) -> PulsePoll:
        """Stores `draft` (its id is ignored) and returns it with its new id."""
        ...

    async def pulse(self, pulse_id: int) -> PulsePoll | None: ...

    async def pulses(self) -> Sequence[PulsePoll]:
        """Every pulse, newest opening first."""
        ...

    async def update_pulse(self, poll: PulsePoll) -> None:
        """Saves title, questions, audience, times, threshold and status. Raises PulseError
        (rules_series.slot_taken) for a run of a series opening when another of its runs does."""
        ...

    async def open_pulse(self, pulse_id: int, recipients: Sequence[Person]) -> bool:
        """Scheduled -> open, recording who received it. True only for the call that opened it."""
        ...

    async def close_pulse(self, pulse_id: int) -> bool:
        """Open -> closed, cutting every link between answers and people and keeping only
        complete submissions (and their comments). True only once."""
        ...

    async def recipients(self, pulse_id: int) -> Sequence[Recipient]: ...

    async def recipient(self, pulse_id: int, person_id: int) -> Recipient | None:
        """One recipient (None when the pulse was not sent to that person), by key."""
        ...

    async def turnout(self, pulse_id: int) -> Sequence[Turnout]:
        """Per team: how many received the pulse and how many have answered every question."""
        ...

    async def answers_of(self, pulse_id: int, person_id: int) -> dict[str, int]:
        """The person's own current answers, while the pulse is open (empty after close)."""
        ...

    async def record_answer(self, pulse_id: int, person_id: int, question_id: str, score: int,
                            question_ids: Sequence[str]) -> bool:
        """Upserts one answer; marks the person complete once all `question_ids` are answered.
        Constant work whatever the number of answers. Returns True when it changed an earlier
        answer."""
        ...

    async def record_comment(self, pulse_id: int, person_id: int, text: str) -> None: ...

    async def tally(self, pulse_id: int) -> Tally:
        """A closed pulse's complete submissions as counts per team, question and score, and
        their comments. Empty unless the pulse is closed: no score or comment is read while a
        pulse is open."""
        ...


class ProcessedEvents(Protocol):
    """Platform event keys already answered (Slack and Teams retry deliveries)."""

    async def claim_event(self, key: str, at: datetime) -> bool:
        """True the first time a platform event key is seen, False on a retry."""
        ...


class Addresses(Protocol):
    """Where to reach a person proactively on a platform (a Teams conversation reference, a
    Slack DM channel)."""

    async def save_address(
        self, platform: Platform, user_id: str, tenant_id: str, address: dict[str, object]
    ) -> None:
        """Stores the address; writes nothing when the stored one is the same."""
        ...

    async def address_of(self, platform: Platform, person_id: int) -> dict[str, object] | None:
        """The newest stored address of a linked person on that platform."""
        ...

    async def platform_user_id(self, platform: Platform, person_id: int) -> str | None:
        """The person's linked user id on a platform (from chat or the people file)."""
        ...


class Adoption(Protocol):
    """Adoption flags per employee for HR's `stats` (no ratings, no plan content)."""

    async def activity(self) -> Sequence[Activity]: ...


class Outbox(Protocol):
    """Durable fan-out: one row per (subject, kind, person), claimed, sent and marked, so a
    crash part-way resumes without a second copy.

    A claim is a lease held by one drain (`holder`) on a real-time clock: the holder renews it
    while it lives; when it runs out (the holder died) anyone may claim the row again. Times
    named `at` below are that clock, except `mark`'s, which is when the message went out."""

    async def enqueue(self, subject: str, kind: str, person_ids: Sequence[int]) -> int:
        """Adds missing rows as pending; returns how many were new (existing rows are kept)."""
        ...

    async def claim(self, subject: str, at: datetime, lease_seconds: float,
                    holder: str = "") -> Delivery | None:
        """Atomically takes one row for `holder` until `at + lease_seconds`: one whose lease ran
        out first, else the oldest pending one whose not-before time has come; or None."""
        ...

    async def claim_batch(self, subject: str, at: datetime, lease_seconds: float, holder: str,
                          limit: int) -> Sequence[Delivery]:
        """Up to `limit` rows taken as `claim` takes one, in the same order."""
        ...

    async def renew(self, subject: str, holder: str, until: datetime) -> None:
        """Extends every claim `holder` holds on `subject` to `until` (its heartbeat)."""
        ...

    async def mark(self, delivery_id: int, status: DeliveryStatus, at: datetime,
                   holder: str | None = None) -> bool:
        """Sets the row's status (SENT also records `at`). With `holder`, only while that
        holder's claim stands (a late holder whose row was taken over changes nothing).
        True when the row changed."""
        ...

    async def release(self, delivery_id: int, holder: str, not_before: datetime, *,
                      attempt: bool) -> None:
        """Puts a row `holder` claimed back to pending, claimable from `not_before`. Without
        `attempt` (the platform refused for its rate limit: nothing was sent) the claim is not
        counted in `attempts`."""
        ...

    async def waiting(self, subject: str) -> datetime | None:
        """When a row of `subject` not yet done may next be claimable: the earliest not-before
        time of the pending rows (a past time when one is claimable now) or lease end of the
        claimed ones. None when every row is done."""
        ...

    async def unsent_subjects(self) -> Sequence[str]:
        """Every subject with a row pending or claimed."""
        ...

    async def deliveries(self, subject: str) -> Sequence[Delivery]: ...


class UnitOfWork(Protocol):
    """One transaction and the repositories that work inside it.

    `async with uow:` opens it; `commit()` makes its writes durable at once; leaving the block
    without a commit rolls everything back. Nothing a repository does commits on its own."""

    people: People
    tracks: Tracks
    assessments: Assessments
    plans: Plans
    checkins: CheckIns
    rollouts: Rollouts
    pulses: Pulses
    series: PulseSeriesStore
    questions: SavedQuestions
    events: ProcessedEvents
    addresses: Addresses
    adoption: Adoption
    outbox: Outbox
    audit: Audit
    rights: Rights

    async def __aenter__(self) -> Self: ...

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None: ...

    async def commit(self) -> None: ...


class UnitsOfWork(Protocol):
    """Makes a new, unopened UnitOfWork for each use case (`async with units() as uow:`)."""

    def __call__(self) -> UnitOfWork: ...
