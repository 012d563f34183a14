"""People rows to the core's Person."""

from __future__ import annotations

from bot.model import Person, Role
from storage.people.tables import PersonRow


def to_person(row: PersonRow, *, has_reports: bool = False) -> Person:
    """A person; an `employee` with direct reports is presented as a manager."""
    assert row.id is not None  # rows come from the database
    role = Role(row.role)
    if has_reports and role is Role.EMPLOYEE:
        role = Role.MANAGER
    return Person(id=row.id, email=row.email, name=row.name, track_id=row.track_id,
                  level_id=row.level_id, manager_id=row.manager_id, team=row.team, role=role,
                  timezone=row.timezone, active=row.deactivated_at is None)
