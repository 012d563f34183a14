"""Tables of pulse polls, their recipients, and their anonymous answers and comments.
How answers stay anonymous is explained below."""

# Anonymity design (why pulse_answers looks the way it does): while a pulse is open an answer
# row is keyed by HMAC(pulse secret, person id), which lets a person change their answers and
# nothing else: the key is not a person id, and without the secret it cannot be recomputed.
# At close the secret is erased and every answer is rewritten under a fresh random key, in a
# random order (so neither the key nor the row order can be matched with pulse_recipients).
# Trade-off: while a pulse is open someone who can read the database (secret included) could
# still link answers to people; after close nobody can. Answers never carry a timestamp, a
# platform id or a message id; the team label is kept for the thresholded team breakdown.
# The close keeps complete submissions only, so a closed pulse's results are one GROUP BY.
# While open, nothing reads the answers but the person's own (HR sees participation only).

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON
from sqlmodel import Field, SQLModel

from storage.columns import UtcDateTime


class PulseRow(SQLModel, table=True):
    __tablename__ = "pulses"

    id: int | None = Field(default=None, primary_key=True)
    title: str
    rollout_id: int | None = Field(default=None, foreign_key="rollouts.id",
                                   ondelete="SET NULL", index=True)
    questions: list[dict[str, str]] = Field(default_factory=list, sa_type=JSON)
    audience: list[str] = Field(default_factory=list, sa_type=JSON)
    opens_at: datetime = Field(sa_type=UtcDateTime)
    closes_at: datetime = Field(sa_type=UtcDateTime)
    threshold: int = 5
    status: str = "scheduled"
    reminder_days: list[int] = Field(default_factory=list, sa_type=JSON)
    secret: str | None = None  # the HMAC key while open; erased at close


class PulseRecipientRow(SQLModel, table=True):
    """Who received a pulse and whether they have answered: for reminders and de-duplication.
    Deliberately has no answers and no times."""

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
    """An optional comment, keyed like the answers and rewritten the same way at close."""

    __tablename__ = "pulse_comments"

    pulse_id: int = Field(foreign_key="pulses.id", primary_key=True, ondelete="CASCADE")
    submission: str = Field(primary_key=True)
    text: str
