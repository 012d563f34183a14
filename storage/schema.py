"""Every table module, imported so SQLModel.metadata holds the whole schema (for migrations,
autogenerate and the schema comparison test)."""

from sqlmodel import SQLModel

from storage.assessments import tables as assessments
from storage.audit import tables as audit
from storage.checkins import tables as checkins
from storage.leases import tables as leases
from storage.outbox import tables as outbox
from storage.people import tables as people
from storage.plans import tables as plans
from storage.pulses import series_tables as pulse_series
from storage.pulses import tables as pulses
from storage.questions import tables as questions
from storage.rates import tables as rates
from storage.rollouts import tables as rollouts
from storage.scim import tables as scim
from storage.slack_oauth import tables as slack_oauth
from storage.tracks import tables as tracks

TABLE_MODULES = (people, tracks, assessments, plans, checkins, rollouts, pulses, outbox, leases,
                 rates, audit, scim, slack_oauth, pulse_series, questions)
METADATA = SQLModel.metadata
