"""Tables of pulse polls, their recipients, and their anonymous answers and comments.
How answers stay anonymous is explained below."""

# Anonymity design (why pulse_answers looks the way it does): while a pulse is open an answer
# row is keyed by HMAC(pulse key, person id), where the pulse key is derived from the server
# secret CAREERBOT_SECRET_KEY and the pulse id (storage/pulses/keys.py). That lets a person
# change their answers and nothing else: the key is not a person id, and the secret is never
# stored, so a copy of the database alone cannot recompute it. An open pulse's answers carry no
# team label either (a team of one would name its person).
# At close every complete answer is rewritten under a fresh random key, in a random order (so
# neither the key nor the row order can be matched with anything) and labelled with its team as
# reported: the close recomputes each recipient's key with the secret, and every team too small
# to be reported on its own gets one merged label (rules.reported_groups). The recipients are
# reduced to counts per reported group (pulse_groups) and deleted; then no file keeps the old
# rows (storage/pulses/scrub.py). Trade-off: while a pulse is open someone who
# holds both the database and the secret could link answers to people; after close nobody can.
# Answers never carry a timestamp, a platform id or a message id.
# The close keeps complete submissions only, so a closed pulse's results are one GROUP BY.
# While open, nothing reads the answers but the person's own (HR sees participation only).

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Index
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class PulseRow(SQLModel, table=True):
    __tablename__ = "pulses"
    # One run of a series per opening: two processes creating the next run make one. No foreign
    # key to pulse_series: SQLite cannot add one without a batch copy of pulses, whose children
    # would be cascade-deleted (a series is never deleted, only stopped).
    __table_args__ = (Index("uq_pulses_series_id_opens_at", "series_id", "opens_at",
                            unique=True),)

    id: int | None = Field(default=None, primary_key=True)
    title: str
    rollout_id: int | None = Field(default=None, foreign_key="rollouts.id",
                                   ondelete="SET NULL", index=True)
    questions: list[dict[str, Any]] = Field(default_factory=list, sa_type=JSON)
    audience: list[str] = Field(default_factory=list, sa_type=JSON)
    opens_at: datetime = Field(sa_type=UtcDateTime)
    closes_at: datetime = Field(sa_type=UtcDateTime)
    threshold: int = 5
    status: str = "scheduled"
    reminder_days: list[int] = Field(default_factory=list, sa_type=JSON)
    series_id: int | None = None  # a run of a recurring pulse (storage/pulses/series_tables.py)


class PulseRecipientRow(SQLModel, table=True):
    """Who received an open pulse and whether they have answered: for reminders and
    de-duplication. Deliberately has no answers and no times; deleted at close."""

    __tablename__ = "pulse_recipients"

    pulse_id: int = Field(foreign_key="pulses.id", primary_key=True, ondelete="CASCADE")
    person_id: int = Field(foreign_key="people.id", primary_key=True, ondelete="CASCADE")
    team: str = ""
    complete: bool = False


class PulseAnswerRow(SQLModel, table=True):
    """One anonymous answer: no person id, platform id, message id or timestamp (see above)."""

    __tablename__ = "pulse_answers"

    pulse_id: int = Field(foreign_key="pulses.id", primary_key=True, ondelete="CASCADE")
    submission: str = Field(primary_key=True)
    question_id: str = Field(primary_key=True)
    score: int
    team: str = ""


class PulseCommentRow(SQLModel, table=True):
    """An optional comment, keyed like the answers and rewritten the same way at close, when it
    gets its answers' label in `team` ("" while open, and for pulses closed before comments
    were labelled; a person without a team is labelled NO_TEAM so "" keeps that meaning)."""

    __tablename__ = "pulse_comments"

    pulse_id: int = Field(foreign_key="pulses.id", primary_key=True, ondelete="CASCADE")
    submission: str = Field(primary_key=True)
    text: str
    team: str = ""


class PulseGroupRow(SQLModel, table=True):
    """A closed pulse's recipients as counts per reported group (a team, or MERGED for every
    team too small to report on its own): what is left of pulse_recipients after close."""

    __tablename__ = "pulse_groups"

    pulse_id: int = Field(foreign_key="pulses.id", primary_key=True, ondelete="CASCADE")
    team: str = Field(primary_key=True)
    invited: int
    answered: int
