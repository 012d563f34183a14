"""FakeUnitOfWork and FakeUnits: the UnitOfWork port over the in-memory fakes, which keep their
state across units (writes apply at once; rollback is tested on a real database)."""

from __future__ import annotations

from typing import Any

from bot.ports import (
    Addresses,
    Adoption,
    Assessments,
    CheckIns,
    Outbox,
    People,
    Plans,
    ProcessedEvents,
    Pulses,
    Rollouts,
    Tracks,
)
from bot.pulses.saved_questions import SavedQuestions
from bot.pulses.series_store import PulseSeriesStore
from bot.reply import Reply
from bot.rights.ports import Audit, Rights
from tests.fakes.hr import FakePulses, FakeRollouts
from tests.fakes.managers import FakeCheckIns, FakePlans
from tests.fakes.outbox import FakeAdoption, FakeOutbox
from tests.fakes.questions import FakeSavedQuestions
from tests.fakes.repository import FakeRepository
from tests.fakes.rights import FakeAudit, FakeRights
from tests.fakes.series import FakeSeries


class FakeUnitOfWork:
    """The UnitOfWork port over in-memory fakes. Counts commits; writes are not rolled back."""

    def __init__(self, repo: FakeRepository, units: FakeUnits) -> None:
        self.people: People = repo
        self.tracks: Tracks = repo
        self.assessments: Assessments = repo
        self.events: ProcessedEvents = repo
        self.addresses: Addresses = repo
        self.plans: Plans = units.plans
        self.checkins: CheckIns = units.checkins
        self.rollouts: Rollouts = units.rollouts
        self.pulses: Pulses = units.pulses
        self.series: PulseSeriesStore = units.series
        self.questions: SavedQuestions = units.questions
        self.adoption: Adoption = units.adoption
        self.outbox: Outbox = units.outbox
        self.audit: Audit = units.audit
        self.rights: Rights = units.rights
        self._units = units

    async def __aenter__(self) -> FakeUnitOfWork:
        self._units.opened += 1
        return self

    async def __aexit__(self, *exc: object) -> None:
        return None

    async def commit(self) -> None:
        self._units.commits += 1


class FakeUnits:
    """The UnitsOfWork factory over FakeRepository and one fake of every other port;
    `opened` and `commits` count transactions."""

    def __init__(self, repo: FakeRepository) -> None:
        self.repo = repo
        self.plans = FakePlans()
        self.checkins = FakeCheckIns()
        self.rollouts = FakeRollouts()
        self.pulses = FakePulses()
        self.series = FakeSeries(self.pulses)
        self.questions = FakeSavedQuestions()
        self.outbox = FakeOutbox()
        self.adoption = FakeAdoption(repo, self.plans)
        self.audit = FakeAudit()
        self.rights = FakeRights()
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
