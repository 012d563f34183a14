"""One source of truth per field when SCIM and `import people` are both used: for a person the
identity provider provisions, the fields its User sends (name; team when it sends a department
or division; level when it sends a title; manager when it sends one) are the identity
provider's. A people file that would change one is refused, naming each line; track, role,
timezone, platform ids and fields the User does not send stay the file's.

`refuse_contradictions` runs in `import_people` once the file's placements are resolved, before
anything is written."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sql
from sqlalchemy.orm import aliased
from sqlmodel import col
from sqlmodel.ext.asyncio.session import AsyncSession

from storage.import_problems import Problems
from storage.people.tables import PersonRow
from storage.people_plan import Placement, email_key
from storage.records import ImportFailed, PersonRecord
from storage.scim.tables import ScimUserRow

ENTERPRISE = "urn:ietf:params:scim:schemas:extension:enterprise:2.0:User"


@dataclass(frozen=True)
class _Owned:
    """A provisioned person's values of the fields their User sends (None: not sent)."""

    name: str
    team: str | None
    level_id: str | None
    manager_email: str | None
    sends_level: bool
    sends_manager: bool


def _sends(resource: dict[str, Any]) -> tuple[bool, bool, bool]:
    """Whether the stored User sends a team, a title and a manager."""
    enterprise = resource.get(ENTERPRISE) or {}
    return (bool(enterprise.get("department") or enterprise.get("division")),
            bool(resource.get("title")), bool((enterprise.get("manager") or {}).get("value")))


async def _owned(s: AsyncSession) -> dict[str, _Owned]:
    manager = aliased(PersonRow)
    # Plain columns (more than sqlmodel's select types): one row per provisioned person.
    rows = (await s.execute(
        sql.select(col(PersonRow.email), col(PersonRow.name), col(PersonRow.team),
                   col(PersonRow.level_id), col(manager.email), col(ScimUserRow.resource))
        .join(ScimUserRow, col(ScimUserRow.person_id) == PersonRow.id)
        .outerjoin(manager, col(manager.id) == PersonRow.manager_id))).all()
    owned = {}
    for email, name, team, level_id, manager_email, resource in rows:
        team_sent, level_sent, manager_sent = _sends(resource)
        owned[email] = _Owned(name, team if team_sent else None, level_id, manager_email,
                              level_sent, manager_sent)
    return owned


async def refuse_contradictions(s: AsyncSession, records: Sequence[PersonRecord],
                                placements: Sequence[Placement], source: str) -> None:
    """Raises ImportFailed (every line, up to the usual limit) when the file changes a field
    the identity provider sets for someone it provisions; nothing has been written."""
    owned = await _owned(s)
    problems = Problems()
    for record, placement in zip(records, placements, strict=True):
        now = owned.get(email_key(record.email))
        if now is None:
            continue
        changed = []
        if record.name.strip() != now.name:
            changed.append(f"name ({record.name.strip()!r}, now {now.name!r})")
        if now.team is not None and record.team.strip() != now.team:
            changed.append(f"team ({record.team.strip()!r}, now {now.team!r})")
        if now.sends_level and placement.level_id != now.level_id:
            changed.append(f"level ({record.level.strip() or 'none'}, now "
                           f"{now.level_id or 'none'})")
        manager = email_key(record.manager_email or "") or None
        if now.sends_manager and manager != now.manager_email:
            changed.append(f"manager ({manager or 'none'}, now {now.manager_email or 'none'})")
        if changed:
            problems.add(ImportFailed(
                source, f"{email_key(record.email)} is provisioned by your identity provider "
                f"(SCIM), which sets their {'; '.join(changed)}: change it there, or write it "
                "in the file as it is now", record.line))
    problems.check()
