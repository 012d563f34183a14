"""FakeRepository: in-memory People, Tracks, Assessments, ProcessedEvents and Addresses."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from datetime import datetime

from bot.events import Platform
from bot.model import Assessment, Person, Track


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
        return sorted((p for p in self.people.values()
                       if p.manager_id == manager_id and p.active),
                      key=lambda p: p.name)

    async def managers(self) -> Sequence[Person]:
        bosses = {p.manager_id for p in self.people.values() if p.active}
        return sorted((p for p in self.people.values() if p.id in bosses and p.active),
                      key=lambda p: p.name)

    async def in_teams(self, teams: Sequence[str] = ()) -> Sequence[Person]:
        wanted = {t.casefold() for t in teams}
        return sorted((p for p in self.people.values() if p.active and (
                       not wanted or (p.team or "").casefold() in wanted)), key=lambda p: p.name)

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
