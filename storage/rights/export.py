"""Everything held about one person, as plain JSON-ready data: every row that points at them
(found from the schema's foreign keys, so a table added later is exported too), plus their
addresses, check-in cadence and the audit entries about them or by them."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Table, or_, select
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.assessments.tables import ScoreRow, SharedRatingRow
from storage.audit.tables import AuditRow
from storage.checkins.tables import CadenceRow
from storage.people.tables import AddressRow, PersonRow
from storage.schema import METADATA

PULSE_ANSWERS = ("Not included: pulse answers are stored without any link to a person (keyed "
                 "under a secret that is not in the database, and cut loose from everyone at "
                 "close), so nobody can find which answers are theirs.")

# Section names for the references the schema has today; any other is "<table> (<column>)".
SECTIONS = {
    ("assessments", "subject_id"): "ratings_received",
    ("assessments", "rater_id"): "ratings_given",
    ("checkin_notes", "report_id"): "notes_about_them",
    ("checkin_notes", "author_id"): "notes_by_them",
    ("checkin_prompts", "report_id"): "checkins_about_them",
    ("checkin_prompts", "manager_id"): "checkin_prompts_to_them",
    ("checkin_schedules", "manager_id"): "checkin_schedule",
    ("dev_plans", "person_id"): "plan",
    ("plan_goals", "person_id"): "goals",
    ("identities", "person_id"): "identities",
    ("deliveries", "person_id"): "deliveries",
    ("pulse_recipients", "person_id"): "pulses_received",
    ("pulse_questions", "created_by"): "pulse_questions_saved",
    ("pulse_series", "created_by"): "recurring_pulses_scheduled",
    ("track_views", "person_id"): "track_views",
    ("selfcheck_progress", "person_id"): "selfcheck_progress",
    ("people", "manager_id"): "reports",
}


def plain(value: Any) -> Any:
    """A JSON-ready value (times as ISO 8601)."""
    if isinstance(value, datetime | date):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [plain(v) for v in value]
    return value


async def _rows(s: AsyncSession, table: Table, *where: Any) -> list[dict[str, Any]]:
    result = await s.execute(select(table).where(*where))
    return [plain(dict(row._mapping)) for row in result]


async def person_record(s: AsyncSession, person: PersonRow) -> dict[str, Any]:
    """The person's whole record: `profile`, one section per kind of data, and a note on pulse
    answers. Read in the session's transaction."""
    pid = person.id
    record: dict[str, Any] = {"profile": plain(person.model_dump())}
    for table in METADATA.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name != "people":
                continue
            name = SECTIONS.get((table.name, fk.parent.name),
                                f"{table.name} ({fk.parent.name})")
            record[name] = await _rows(s, table, table.c[fk.parent.name] == pid)
    for rating in record["ratings_received"] + record["ratings_given"]:
        scores: Any = ScoreRow.__table__  # type: ignore[attr-defined]  # table=True
        rating["scores"] = await _rows(s, scores, scores.c.assessment_id == rating["id"])
        shared: Any = SharedRatingRow.__table__  # type: ignore[attr-defined]
        rating["shared"] = await _rows(s, shared, shared.c.assessment_id == rating["id"])
    users = [(i["platform"], i["user_id"]) for i in record["identities"]]
    addresses: Any = AddressRow.__table__  # type: ignore[attr-defined]
    record["addresses"] = [a for a in await _rows(
        s, addresses, addresses.c.user_id.in_([user for _, user in users]))
        if (a["platform"], a["user_id"]) in users]
    cadence: Any = CadenceRow.__table__  # type: ignore[attr-defined]
    record["checkin_cadence"] = await _rows(s, cadence, cadence.c.manager_id == pid)
    record["audit_entries"] = await _rows(s, AuditRow.__table__,  # type: ignore[attr-defined]
                                          or_(col(AuditRow.person_id) == pid,
                                              col(AuditRow.actor_id) == pid))
    record["pulse_answers"] = PULSE_ANSWERS
    return record


async def person_by_email(s: AsyncSession, email: str) -> PersonRow | None:
    """The person with that email (as stored: lower-cased), forgotten people never."""
    found = await s.execute(select(PersonRow).where(
        col(PersonRow.email) == email.strip().lower(), col(PersonRow.forgotten_at).is_(None)))
    return found.scalars().first()

