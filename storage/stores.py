"""Stores: every aggregate's repository on the database itself, each call its own transaction.
For reads outside a unit of work (the CLI); the core always goes through a UnitOfWork."""

from __future__ import annotations

from storage.adoption import SqlAdoption
from storage.assessments.repository import SqlAssessments
from storage.checkins.repository import SqlCheckIns
from storage.database import Sessions
from storage.outbox.repository import SqlOutbox
from storage.people.addresses import SqlAddresses
from storage.people.events import SqlProcessedEvents
from storage.people.repository import SqlPeople
from storage.plans.repository import SqlPlans
from storage.pulses.repository import SqlPulses
from storage.rollouts.repository import SqlRollouts
from storage.tracks.repository import SqlTracks


class Stores:
    """`Stores(db).people.all_people()`: the same repositories a unit of work hands out."""

    def __init__(self, db: Sessions) -> None:
        self.people = SqlPeople(db)
        self.tracks = SqlTracks(db)
        self.assessments = SqlAssessments(db)
        self.plans = SqlPlans(db)
        self.checkins = SqlCheckIns(db)
        self.rollouts = SqlRollouts(db)
        self.pulses = SqlPulses(db)
        self.events = SqlProcessedEvents(db)
        self.addresses = SqlAddresses(db)
        self.adoption = SqlAdoption(db)
        self.outbox = SqlOutbox(db)
