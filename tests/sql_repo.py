"""The SQL repositories as the grouped objects older tests call: SqlRepo is what FakeRepository
stands in for (people, tracks, assessments, events, addresses), SqlHr rollouts and pulses,
SqlManagers plans and check-ins. Each call is its own transaction; the core uses a UnitOfWork."""

from __future__ import annotations

from storage.assessments.repository import SqlAssessments
from storage.checkins.repository import SqlCheckIns
from storage.people.addresses import SqlAddresses
from storage.people.events import SqlProcessedEvents
from storage.people.repository import SqlPeople
from storage.plans.repository import SqlPlans
from storage.pulses.repository import SqlPulses
from storage.rollouts.repository import SqlRollouts
from storage.tracks.repository import SqlTracks


class SqlRepo(SqlPeople, SqlTracks, SqlAssessments, SqlProcessedEvents, SqlAddresses):
    """People, tracks, assessments, event keys and addresses on one `Sessions`."""


class SqlHr(SqlRollouts, SqlPulses):
    """Rollouts and pulses on one `Sessions`."""


class SqlManagers(SqlPlans, SqlCheckIns):
    """Plans and check-ins on one `Sessions`."""
