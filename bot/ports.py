"""The ports the core needs, as Protocols. storage/, adapters/ and scheduler/ implement them;
tests use in-memory fakes (tests/fakes.py)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import Protocol

from bot.events import Actor, Platform
from bot.model import Assessment, Person, Track
from bot.reply import Reply


class Repository(Protocol):
    """Everything the conversation core reads and writes. Every write is idempotent where an
    external retry can repeat it (a double-clicked button, a retried event)."""

    async def person_by_identity(self, platform: Platform, user_id: str) -> Person | None: ...

    async def person_by_email(self, email: str) -> Person | None: ...

    async def person(self, person_id: int) -> Person | None: ...

    async def link_identity(
        self, person_id: int, platform: Platform, user_id: str, tenant_id: str
    ) -> None: ...

    async def track(self, track_id: str) -> Track | None: ...

    async def tracks(self) -> Sequence[Track]: ...

    async def record_track_view(self, person_id: int, at: datetime) -> None: ...

    async def open_assessment(
        self, subject_id: int, rater_id: int, track_id: str, target_level_id: str
    ) -> Assessment | None:
        """The rater's unfinished assessment of the subject for that target, if any."""
        ...

    async def start_assessment(
        self, subject_id: int, rater_id: int, track_id: str, target_level_id: str, at: datetime
    ) -> Assessment: ...

    async def assessment(self, assessment_id: int) -> Assessment | None: ...

    async def set_score(
        self, assessment_id: int, competency_id: str, score: int | None, at: datetime
    ) -> None:
        """Upsert one competency's score (None = skipped). Pressing twice stores it once."""
        ...

    async def complete_assessment(self, assessment_id: int, at: datetime) -> None: ...

    async def latest_assessment(
        self, subject_id: int, rater_id: int | None = None, completed_only: bool = True
    ) -> Assessment | None:
        """The newest assessment of the subject (by that rater; any rater when None)."""
        ...

    async def claim_event(self, key: str, at: datetime) -> bool:
        """True the first time a platform event key is seen, False on a retry."""
        ...


class Clock(Protocol):
    def now(self) -> datetime:
        """Timezone-aware UTC now."""
        ...


class Directory(Protocol):
    """Resolves a platform user's email lazily (Slack users.info, Teams member lookup)."""

    async def email_of(self, actor: Actor) -> str | None: ...


class Messenger(Protocol):
    """Sends a proactive direct message to a person on a platform where they are known.

    Returns False when the person cannot be reached there (never raises for that)."""

    async def send(self, person: Person, reply: Reply) -> bool: ...


class AddressBook(Protocol):
    """Where to reach a person proactively on a platform (a Teams conversation reference, a
    Slack DM channel). Adapters save one on install and on every message."""

    async def save_address(
        self, platform: Platform, user_id: str, tenant_id: str, address: dict[str, object]
    ) -> None: ...

    async def address_of(self, platform: Platform, person_id: int) -> dict[str, object] | None:
        """The newest stored address of a linked person on that platform."""
        ...

    async def platform_user_id(self, platform: Platform, person_id: int) -> str | None:
        """The person's linked user id on a platform (from chat or the people file)."""
        ...
