"""What the audit log holds, and how long each kind of data is kept (pure rules, no I/O)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

# The platform of an action taken in the terminal (`careerbot ...`); chat actions carry theirs.
CLI = "cli"


@dataclass(frozen=True)
class AuditEntry:
    """One HR or admin action: who (`actor`: an email in chat, the OS user in the terminal),
    what (`action`, e.g. "pulse.schedule", and a short `detail` of ids, teams and dates, never
    an answer, a comment or a note), when, on which platform, and about whom (`person_id`)."""

    at: datetime
    platform: str
    actor: str
    action: str
    detail: str = ""
    actor_id: int | None = None
    person_id: int | None = None


class Leavers(StrEnum):
    """What `import people` does with people already loaded who are not in the file."""

    KEEP = "keep"
    DEACTIVATE = "deactivate"
    FORGET = "forget"


@dataclass(frozen=True)
class RetentionPolicy:
    """Days each kind of data is kept (the RETENTION_* settings)."""

    checkin_notes_days: int = 730
    readiness_days: int = 1095  # each person's latest finished rating by each rater stays
    pulse_comments_days: int = 365  # after the pulse closed
    deactivated_days: int = 90  # then the deactivated person is forgotten
    event_keys_days: int = 1
    sent_deliveries_days: int = 30

    def cutoffs(self, now: datetime) -> Cutoffs:
        """What is older than each returned time goes."""
        def back(days: int) -> datetime:
            return now - timedelta(days=days)
        return Cutoffs(now, back(self.checkin_notes_days), back(self.readiness_days),
                       back(self.pulse_comments_days), back(self.deactivated_days),
                       back(self.event_keys_days), back(self.sent_deliveries_days))


@dataclass(frozen=True)
class Cutoffs:
    now: datetime
    checkin_notes: datetime
    readiness: datetime
    pulse_comments: datetime
    deactivated: datetime
    event_keys: datetime
    sent_deliveries: datetime


@dataclass(frozen=True)
class Pruned:
    """How many of each were erased by one retention run."""

    checkin_notes: int = 0
    ratings: int = 0
    pulse_comments: int = 0
    people_forgotten: int = 0
    event_keys: int = 0
    deliveries: int = 0

    def describe(self) -> str:
        parts = [f"{n} {label}" for n, label in (
            (self.checkin_notes, "check-in notes"), (self.ratings, "ratings"),
            (self.pulse_comments, "pulse comments"),
            (self.people_forgotten, "deactivated people forgotten"),
            (self.event_keys, "event keys"), (self.deliveries, "sent deliveries"))]
        return "erased " + ", ".join(parts)


# The retention job's audit action: its last entry says when it last ran.
RETENTION_RUN = "retention.run"
DAY = timedelta(days=1)


def next_retention_run(last_run: datetime | None, earliest_expiry: datetime | None,
                       now: datetime) -> datetime | None:
    """When the daily retention job should next run: once something has expired, at most once
    a day; None when nothing held will ever expire (nothing to do)."""
    if earliest_expiry is None:
        return None
    at = max(earliest_expiry, last_run + DAY) if last_run else earliest_expiry
    return max(at, now)  # overdue: now (a stale time would look like a job that already ran)
