"""SqlUnitOfWork: the core's UnitOfWork port. One session, one transaction, every repository
bound to it; nothing is committed until `commit()`."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from types import TracebackType
from typing import Self

from sqlmodel.ext.asyncio.session import AsyncSession

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
from bot.rights.ports import Audit, Rights
from storage.adoption import SqlAdoption
from storage.assessments.repository import SqlAssessments
from storage.audit.repository import SqlAudit
from storage.checkins.repository import SqlCheckIns
from storage.database import Database
from storage.outbox.repository import SqlOutbox
from storage.people.addresses import SqlAddresses
from storage.people.events import SqlProcessedEvents
from storage.people.repository import SqlPeople
from storage.plans.repository import SqlPlans
from storage.pulses.repository import SqlPulses
from storage.pulses.scrub import erase_traces
from storage.pulses.series_repository import SqlPulseSeries
from storage.questions.repository import SqlSavedQuestions
from storage.rights.repository import SqlRights
from storage.rollouts.repository import SqlRollouts
from storage.tracks.repository import SqlTracks


class _Shared:
    """The unit's session handed to its repositories: no commit of their own."""

    def __init__(self, session: AsyncSession, dialect: str, secret_key: str | None) -> None:
        self._session = session
        self.dialect = dialect
        self.secret_key = secret_key

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        yield self._session


class SqlUnitOfWork:
    """`async with SqlUnitOfWork(db) as uow: ...; await uow.commit()`."""

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

    def __init__(self, db: Database) -> None:
        self._db = db
        self._session: AsyncSession | None = None
        self._pulses: SqlPulses | None = None

    async def __aenter__(self) -> Self:
        self._session = self._db.new_session()
        shared = _Shared(self._session, self._db.dialect, self._db.secret_key)
        self.people = SqlPeople(shared)
        self.tracks = SqlTracks(shared)
        self.assessments = SqlAssessments(shared)
        self.plans = SqlPlans(shared)
        self.checkins = SqlCheckIns(shared)
        self.rollouts = SqlRollouts(shared)
        self.pulses = self._pulses = SqlPulses(shared)
        self.series = SqlPulseSeries(shared)
        self.questions = SqlSavedQuestions(shared)
        self.events = SqlProcessedEvents(shared)
        self.addresses = SqlAddresses(shared)
        self.adoption = SqlAdoption(shared)
        self.outbox = SqlOutbox(shared)
        self.audit = SqlAudit(shared)
        self.rights = SqlRights(shared)
        return self

    async def commit(self) -> None:
        assert self._session is not None, "use the unit of work in `async with`"
        await self._session.commit()
        if self._pulses is not None and self._pulses.closed:  # no file may keep its old rows
            self._pulses.closed = 0
            await erase_traces(self._db)

    async def __aexit__(self, kind: type[BaseException] | None, error: BaseException | None,
                        trace: TracebackType | None) -> None:
        if self._session is not None:
            await self._session.close()  # rolls back whatever was not committed
            self._session = None


class SqlUnits:
    """The UnitsOfWork factory the composition root hands the core."""

    def __init__(self, db: Database) -> None:
        self.db = db

    def __call__(self) -> SqlUnitOfWork:
        return SqlUnitOfWork(self.db)
