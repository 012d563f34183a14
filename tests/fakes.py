"""In-memory fakes of the core's ports, for testing flows without a database or a platform."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.events import Actor, Platform
from bot.model import Assessment, Person, Track
from bot.reply import Reply


class FakeClock:
    def __init__(self, start: datetime | None = None) -> None:
        self.current = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def now(self) -> datetime:
        return self.current

    def advance(self, **kwargs: float) -> None:
        self.current += timedelta(**kwargs)


@dataclass
class FakeRepository:
    people: dict[int, Person] = field(default_factory=dict)
    track_map: dict[str, Track] = field(default_factory=dict)
    identities: dict[tuple[Platform, str], int] = field(default_factory=dict)
    assessments: dict[int, Assessment] = field(default_factory=dict)
    views: dict[int, datetime] = field(default_factory=dict)
    events: set[str] = field(default_factory=set)
    shared: set[int] = field(default_factory=set)
    addresses: dict[tuple[Platform, str], dict[str, object]] = field(default_factory=dict)

    def add_person(self, person: Person) -> Person:
        self.people[person.id] = person
        return person

    def add_track(self, track: Track) -> Track:
        self.track_map[track.id] = track
        return track

    async def person_by_identity(self, platform: Platform, user_id: str) -> Person | None:
        pid = self.identities.get((platform, user_id))
        return self.people.get(pid) if pid is not None else None

    async def person_by_email(self, email: str) -> Person | None:
        return next((p for p in self.people.values() if p.email == email.lower()), None)

    async def person(self, person_id: int) -> Person | None:
        return self.people.get(person_id)

    async def link_identity(self, person_id: int, platform: Platform, user_id: str,
                            tenant_id: str) -> None:
        self.identities[(platform, user_id)] = person_id

    async def track(self, track_id: str) -> Track | None:
        return self.track_map.get(track_id)

    async def tracks(self) -> Sequence[Track]:
        return sorted(self.track_map.values(), key=lambda t: t.name)

    async def record_track_view(self, person_id: int, at: datetime) -> None:
        self.views[person_id] = at

    async def open_assessment(self, subject_id: int, rater_id: int, track_id: str,
                              target_level_id: str) -> Assessment | None:
        return next((a for a in self.assessments.values()
                     if (a.subject_id, a.rater_id, a.track_id, a.target_level_id)
                     == (subject_id, rater_id, track_id, target_level_id)
                     and a.completed_at is None), None)

    async def start_assessment(self, subject_id: int, rater_id: int, track_id: str,
                               target_level_id: str, at: datetime) -> Assessment:
        a = Assessment(len(self.assessments) + 1, subject_id, rater_id, track_id,
                       target_level_id, at)
        self.assessments[a.id] = a
        return a

    async def assessment(self, assessment_id: int) -> Assessment | None:
        a = self.assessments.get(assessment_id)
        return replace(a, scores=dict(a.scores)) if a else None

    async def set_score(self, assessment_id: int, competency_id: str, score: int | None,
                        at: datetime) -> None:
        self.assessments[assessment_id].scores[competency_id] = score

    async def complete_assessment(self, assessment_id: int, at: datetime) -> None:
        a = self.assessments[assessment_id]
        if a.completed_at is None:
            self.assessments[assessment_id] = replace(a, completed_at=at)

    async def latest_assessment(self, subject_id: int, rater_id: int | None = None,
                                completed_only: bool = True) -> Assessment | None:
        found = [a for a in self.assessments.values()
                 if a.subject_id == subject_id and (rater_id is None or a.rater_id == rater_id)
                 and (a.completed_at is not None or not completed_only)]
        return max(found, key=lambda a: (a.started_at, a.id), default=None)

    async def reports_of(self, manager_id: int) -> Sequence[Person]:
        return sorted((p for p in self.people.values() if p.manager_id == manager_id),
                      key=lambda p: p.name)

    async def managers(self) -> Sequence[Person]:
        bosses = {p.manager_id for p in self.people.values()}
        return sorted((p for p in self.people.values() if p.id in bosses), key=lambda p: p.name)

    async def in_teams(self, teams: Sequence[str] = ()) -> Sequence[Person]:
        wanted = {t.casefold() for t in teams}
        return sorted((p for p in self.people.values()
                       if not wanted or (p.team or "").casefold() in wanted), key=lambda p: p.name)

    async def share_rating(self, assessment_id: int, at: datetime) -> None:
        self.shared.add(assessment_id)

    async def shared_rating(self, subject_id: int) -> int | None:
        found = [a for a in self.assessments.values()
                 if a.id in self.shared and a.subject_id == subject_id]
        return max(found, key=lambda a: (a.started_at, a.id)).id if found else None

    async def save_address(self, platform: Platform, user_id: str, tenant_id: str,
                           address: dict[str, object]) -> None:
        self.addresses[(platform, user_id)] = address

    async def address_of(self, platform: Platform, person_id: int) -> dict[str, object] | None:
        user = next((u for (pf, u), pid in self.identities.items()
                     if pf == platform and pid == person_id), None)
        return self.addresses.get((platform, user)) if user else None

    async def platform_user_id(self, platform: Platform, person_id: int) -> str | None:
        return next((u for (pf, u), pid in self.identities.items()
                     if pf == platform and pid == person_id), None)

    async def claim_event(self, key: str, at: datetime) -> bool:
        if key in self.events:
            return False
        self.events.add(key)
        return True


@dataclass
class FakeDirectory:
    emails: dict[str, str] = field(default_factory=dict)
    lookups: list[str] = field(default_factory=list)

    async def email_of(self, actor: Actor) -> str | None:
        self.lookups.append(actor.user_id)
        return self.emails.get(actor.user_id)


@dataclass
class RecordingMessenger:
    sent: list[tuple[Person, Reply]] = field(default_factory=list)
    unreachable: set[int] = field(default_factory=set)

    async def send(self, person: Person, reply: Reply) -> bool:
        if person.id in self.unreachable:
            return False
        self.sent.append((person, reply))
        return True


class _NotFaked:
    """A port the core tests do not fake: any use is a test bug, said plainly."""

    def __init__(self, port: str) -> None:
        self._port = port

    def __getattr__(self, name: str) -> Any:
        raise AssertionError(f"tests/fakes.py has no in-memory {self._port} port ({name}); "
                             "use a real database (tests/conftest.py `db`) for this test")


class FakeUnitOfWork:
    """The UnitOfWork port over in-memory fakes. Counts commits; writes are not rolled back
    (the fakes apply them at once), so tests of rollback use a real database."""

    def __init__(self, repo: FakeRepository, units: FakeUnits) -> None:
        self.people = self.tracks = self.assessments = self.events = self.addresses = repo
        self.plans = self.checkins = _NotFaked("Plans/CheckIns")
        self.rollouts = self.pulses = _NotFaked("Rollouts/Pulses")
        self.adoption = _NotFaked("Adoption")
        self.outbox = _NotFaked("Outbox")
        self._units = units

    async def __aenter__(self) -> FakeUnitOfWork:
        self._units.opened += 1
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def commit(self) -> None:
        self._units.commits += 1


class FakeUnits:
    """The UnitsOfWork factory for FakeRepository; `opened` and `commits` count transactions."""

    def __init__(self, repo: FakeRepository) -> None:
        self.repo = repo
        self.opened = 0
        self.commits = 0

    def __call__(self) -> Any:
        return FakeUnitOfWork(self.repo, self)


def units_of(repo: Any) -> Any:
    """The units of work over a test's repository: in-memory fakes, or a real database."""
    if isinstance(repo, FakeRepository):
        return FakeUnits(repo)
    from storage.unit_of_work import SqlUnits
    return SqlUnits(repo.db)


def answered(reply: Reply | None) -> Reply:
    """`handle`'s reply to a first delivery (None is only for a platform's redelivery)."""
    assert reply is not None, "handle returned None: the event was taken for a redelivery"
    return reply
