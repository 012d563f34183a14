"""What a people import does with people already loaded who are not in the file (leavers):
keep them, deactivate them or forget them; people back in the file are active again. Runs in
the import's transaction, so a failed or dry-run import changes nothing here either."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.rights.rules import Leavers
from storage.people.tables import PersonRow
from storage.rights.forget import forget_person

SHOWN = 20  # emails named per line; the rest are counted


def _named(emails: list[str]) -> str:
    more = f" and {len(emails) - SHOWN} more" if len(emails) > SHOWN else ""
    return ", ".join(emails[:SHOWN]) + more


def _people(n: int) -> str:
    return "1 person" if n == 1 else f"{n} people"


@dataclass
class Leaving:
    """Who was not in the file and what happened to them (emails, sorted)."""

    mode: Leavers
    kept: list[str] = field(default_factory=list)
    deactivated: list[str] = field(default_factory=list)
    forgotten: list[str] = field(default_factory=list)
    inactive: list[str] = field(default_factory=list)  # deactivated before, still not in it
    reactivated: list[str] = field(default_factory=list)

    def summary(self) -> list[str]:
        """The import report's lines (keep: the sentence imports have always printed)."""
        lines = []
        if self.reactivated:
            lines.append(f"Reactivated (in the file again): {_named(self.reactivated)}.")
        if len(self.kept) == 1:
            lines.append("1 person already loaded is not in this file and stayed as they were.")
        elif self.kept:
            lines.append(f"{len(self.kept)} people already loaded are not in this file and "
                         "stayed as they were.")
        if self.deactivated:
            lines.append(f"Deactivated {_people(len(self.deactivated))} not in this file "
                         "(--leavers deactivate: no chat, check-in prompts or pulses; forgotten "
                         f"after the retention period): {_named(self.deactivated)}.")
        if self.forgotten:
            lines.append(f"Forgot {_people(len(self.forgotten))} not in this file (--leavers "
                         f"forget): {_named(self.forgotten)}.")
        if self.inactive:
            lines.append(f"Already deactivated, not in this file: {_named(self.inactive)}.")
        return lines

    def names(self) -> list[str]:
        """Who was kept, by name, with what else could be done (the CLI prints it)."""
        if not self.kept:
            return []
        return [f"Not in this file (kept; --leavers deactivate or forget to change that): "
                f"{_named(self.kept)}."]

    def detail(self) -> list[str]:
        """Person by person, for a dry run."""
        return ([f"  reactivate {e} (in the file again)" for e in self.reactivated]
                + [f"  not in the file (stays as is): {e}" for e in self.kept]
                + [f"  deactivate {e} (not in the file)" for e in self.deactivated]
                + [f"  forget {e} (not in the file)" for e in self.forgotten]
                + [f"  not in the file (already deactivated): {e}" for e in self.inactive])


async def settle_leavers(s: AsyncSession, in_file: Iterable[str], mode: Leavers,
                         at: datetime) -> Leaving:
    """Applies `mode` to everyone loaded (and not forgotten) whose email is not in `in_file`,
    and reactivates deactivated people who are in it."""
    wanted = {email.strip().lower() for email in in_file}
    # Three columns, not ORM objects: an import of 10,000 people reads them all.
    rows = sorted((await s.execute(
        select(col(PersonRow.id), col(PersonRow.email), col(PersonRow.deactivated_at))
        .where(col(PersonRow.forgotten_at).is_(None)))).all(), key=lambda r: r.email)
    back = [r for r in rows if r.email in wanted and r.deactivated_at]
    gone = [r for r in rows if r.email not in wanted]
    active = [r for r in gone if not r.deactivated_at]
    leaving = Leaving(mode, reactivated=[r.email for r in back])
    if back:
        await _set_deactivated(s, [r.id for r in back], None)
    if mode is Leavers.FORGET:
        for row in gone:
            await forget_person(s, row.id, at)
        leaving.forgotten = [r.email for r in gone]
    else:
        leaving.inactive = [r.email for r in gone if r.deactivated_at]
        if mode is Leavers.DEACTIVATE:
            await _set_deactivated(s, [r.id for r in active], at)
            leaving.deactivated = [r.email for r in active]
        else:
            leaving.kept = [r.email for r in active]
    await s.flush()
    return leaving


async def _set_deactivated(s: AsyncSession, ids: list[int], at: datetime | None) -> None:
    for start in range(0, len(ids), 500):  # bounded IN lists on every backend
        await s.execute(update(PersonRow).where(col(PersonRow.id).in_(ids[start:start + 500]))
                        .values(deactivated_at=at))
