"""What a people import does with people already loaded who are not in the file (leavers):
keep them, deactivate them or forget them; people back in the file are active again. Runs in
the import's transaction, so a failed or dry-run import changes nothing here either."""

from __future__ import annotations

from collections.abc import Iterable
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


async def settle_leavers(s: AsyncSession, in_file: Iterable[str], mode: Leavers,
                         at: datetime) -> list[str]:
    """Applies `mode` to everyone loaded (and not forgotten) whose email is not in `in_file`,
    reactivates deactivated people who are in it; the report's lines, naming them."""
    wanted = {email.strip().lower() for email in in_file}
    # Three columns, not ORM objects: an import of 10,000 people reads them all.
    rows = sorted((await s.execute(
        select(col(PersonRow.id), col(PersonRow.email), col(PersonRow.deactivated_at))
        .where(col(PersonRow.forgotten_at).is_(None)))).all(), key=lambda r: r.email)
    back = [r for r in rows if r.email in wanted and r.deactivated_at]
    gone = [r for r in rows if r.email not in wanted]
    lines = []
    if back:
        await _set_deactivated(s, [r.id for r in back], None)
        lines.append(f"Reactivated (in the file again): {_named([r.email for r in back])}.")
    inactive = [r.email for r in gone if r.deactivated_at]
    active = [r for r in gone if not r.deactivated_at]
    if mode is Leavers.FORGET and gone:
        for row in gone:
            await forget_person(s, row.id, at)
        lines.append(f"Forgot {_people(len(gone))} not in this file (--leavers forget): "
                     f"{_named([r.email for r in gone])}.")
    elif mode is Leavers.DEACTIVATE and active:
        await _set_deactivated(s, [r.id for r in active], at)
        lines.append(f"Deactivated {_people(len(active))} not in this file (--leavers "
                     "deactivate: no chat, check-in prompts or pulses; forgotten after the "
                     f"retention period): {_named([r.email for r in active])}.")
    elif active:
        lines.append(f"{_people(len(active))} already loaded not in this file stayed as they "
                     f"were (--leavers keep; or deactivate, forget): "
                     f"{_named([r.email for r in active])}.")
    if inactive and mode is not Leavers.FORGET:
        lines.append(f"Already deactivated, not in this file: {_named(inactive)}.")
    await s.flush()
    return lines


async def _set_deactivated(s: AsyncSession, ids: list[int], at: datetime | None) -> None:
    for start in range(0, len(ids), 500):  # bounded IN lists on every backend
        await s.execute(update(PersonRow).where(col(PersonRow.id).in_(ids[start:start + 500]))
                        .values(deactivated_at=at))
