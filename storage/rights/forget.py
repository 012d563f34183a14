"""Forgetting a person: every row about them goes; what they wrote about others (notes and
ratings of their reports) stays, under an id-only row with no email, name or team."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Table, delete, select, update
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.audit.tables import AuditRow
from storage.checkins.tables import CadenceRow
from storage.people.tables import AddressRow, IdentityRow, PersonRow
from storage.schema import METADATA

# References to a person that are about someone else and stay: a manager's ratings of their
# reports and the check-in notes they wrote about them (their reports' data), and the pulse
# questions HR saved and the recurring pulses HR scheduled (the company's). A report's
# manager_id is cleared instead.
KEPT = {("assessments", "rater_id"), ("checkin_notes", "author_id"), ("people", "manager_id"),
        ("pulse_questions", "created_by"), ("pulse_series", "created_by")}
FORGOTTEN_NAME = "Forgotten person"


def forgotten_email(person_id: int) -> str:
    """What stands in for a forgotten person's email (unique, never deliverable)."""
    return f"forgotten-{person_id}@forgotten.invalid"


def _references() -> list[tuple[Table, str]]:
    """Every (table, column) pointing at people.id that is about the person, from the schema
    itself: a table added later with such a column is erased too."""
    found = []
    for table in METADATA.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "people" and (table.name, fk.parent.name) not in KEPT:
                found.append((table, fk.parent.name))
    return found


async def forget_person(s: AsyncSession, person_id: int, at: datetime) -> bool:
    """Erases the person in the session's transaction; False when there is nobody to forget
    (unknown id, or forgotten already)."""
    row = await s.get(PersonRow, person_id)
    if row is None or row.forgotten_at is not None:
        return False
    ids = (await s.execute(select(col(IdentityRow.platform), col(IdentityRow.user_id))
                           .where(col(IdentityRow.person_id) == person_id))).all()
    for platform, user_id in ids:
        await s.execute(delete(AddressRow).where(col(AddressRow.platform) == platform,
                                                 col(AddressRow.user_id) == user_id))
    for table, column in _references():
        await s.execute(delete(table).where(table.c[column] == person_id))
    await s.execute(delete(CadenceRow).where(col(CadenceRow.manager_id) == person_id))
    await s.execute(update(PersonRow).where(col(PersonRow.manager_id) == person_id)
                    .values(manager_id=None))
    await s.execute(update(AuditRow).where(col(AuditRow.actor_id) == person_id)
                    .values(actor=f"forgotten person #{person_id}"))
    row.email, row.name = forgotten_email(person_id), FORGOTTEN_NAME
    row.track_id = row.level_id = row.manager_id = None
    row.team, row.role, row.timezone = "", "employee", "UTC"
    row.deactivated_at = row.deactivated_at or at
    row.forgotten_at = at
    s.add(row)
    await s.flush()
    return True
