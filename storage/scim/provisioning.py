"""What an identity provider's User means for the person it provisions: email, name, team,
level (from the title), manager and whether they are a leaver. Runs in the caller's session
(one transaction per SCIM request); audit entries name what HR should look at."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import delete, func, update
from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.rights.rules import AuditEntry
from storage.audit.repository import add_entry
from storage.people.tables import PersonRow
from storage.scim.tables import ScimUserRow
from storage.tracks.tables import TrackRow

ACTOR = "identity provider (SCIM)"


class ScimConflict(Exception):
    """A userName or email that belongs to someone else (answered 409 uniqueness)."""


@dataclass(frozen=True)
class Provisioned:
    """What the identity provider says about a person; None where it sent nothing."""

    user_name: str
    email: str  # lower-cased; "" when the User has none (RFC 7643 requires only userName)
    name: str
    active: bool = True
    external_id: str | None = None
    title: str | None = None
    team: str | None = None  # the enterprise department, else the division
    manager: str | None = None  # the manager's SCIM id (or their userName or email)


NOTHING = Provisioned(user_name="", email="", name="")


def no_email(scim_id: str) -> str:
    """The email of a person provisioned without one: unique, never delivered, and matching
    no Slack or Teams account until the identity provider sends a real one."""
    return f"scim-{scim_id}@scim.invalid"


async def scim_user(s: AsyncSession, scim_id: str) -> ScimUserRow | None:
    return await s.get(ScimUserRow, scim_id)


async def scim_users(s: AsyncSession, user_name: str | None = None, *, offset: int = 0,
                     limit: int | None = None) -> tuple[int, list[ScimUserRow]]:
    """How many people are provisioned (or have this userName), and those from `offset`
    (`limit` of them), oldest first: an identity provider pages through thousands."""
    where = [] if user_name is None else [col(ScimUserRow.user_name) == user_name.casefold()]
    total = await s.scalar(select(func.count()).select_from(ScimUserRow).where(*where))
    stmt = (select(ScimUserRow).where(*where)
            .order_by(col(ScimUserRow.created_at), col(ScimUserRow.person_id))
            .offset(offset).limit(limit))
    return int(total or 0), list((await s.exec(stmt)).all())


async def create(s: AsyncSession, scim_id: str, new: Provisioned, resource: dict[str, Any],
                 at: datetime) -> ScimUserRow:
    """Provision a person: the person already loaded with that email (by `import people`) is
    taken over, else a new one is added; reports waiting for this manager are linked."""
    await _user_name_free(s, new.user_name, scim_id)
    person = await _person_by_email(s, new.email) if new.email else None
    if person is not None and await s.scalar(
            select(ScimUserRow.scim_id).where(col(ScimUserRow.person_id) == person.id)):
        raise ScimConflict(f"{new.email} is already provisioned as another User")
    if person is None:
        person = PersonRow(email=new.email or no_email(scim_id), name=new.name)
        s.add(person)
        await s.flush()
    assert person.id is not None
    row = ScimUserRow(scim_id=scim_id, person_id=person.id, user_name=new.user_name.casefold(),
                      created_at=at, updated_at=at)
    await _apply(s, row, person, NOTHING, new, resource, at)
    # Reports provisioned before their manager named them by SCIM id, userName or email.
    names = {scim_id, new.user_name.casefold(), person.email}
    await s.execute(update(PersonRow).where(col(PersonRow.id).in_(
        select(ScimUserRow.person_id).where(
            func.lower(col(ScimUserRow.manager_scim_id)).in_(names),
            col(ScimUserRow.person_id) != person.id)))
        .values(manager_id=person.id))
    await _audit(s, at, "scim.create", f"{new.user_name} provisioned", person.id)
    return row


async def replace(s: AsyncSession, row: ScimUserRow, old: Provisioned, new: Provisioned,
                  resource: dict[str, Any], at: datetime) -> ScimUserRow:
    """Apply a replaced or patched User: what it sends is set, what it stopped sending is
    cleared, and what it never sent stays as `import people` set it."""
    await _user_name_free(s, new.user_name, row.scim_id)
    person = await s.get(PersonRow, row.person_id)
    assert person is not None  # the row goes with the person
    if new.email and new.email != person.email:
        other = await _person_by_email(s, new.email)
        if other is not None:
            raise ScimConflict(f"{new.email} belongs to another person")
    await _apply(s, row, person, old, new, resource, at)
    return row


async def remove(s: AsyncSession, row: ScimUserRow, at: datetime) -> None:
    """DELETE: the person becomes a leaver (deactivated, forgotten after the retention
    period) and is no longer provisioned."""
    person = await s.get(PersonRow, row.person_id)
    if person is not None and person.deactivated_at is None:
        person.deactivated_at = at
        s.add(person)
    await s.execute(delete(ScimUserRow).where(col(ScimUserRow.scim_id) == row.scim_id))
    await _audit(s, at, "scim.delete", f"{row.user_name} deprovisioned: deactivated",
                 row.person_id)


async def _apply(s: AsyncSession, row: ScimUserRow, person: PersonRow, old: Provisioned,
                 new: Provisioned, resource: dict[str, Any], at: datetime) -> None:
    assert person.id is not None
    person.email, person.name = new.email or no_email(row.scim_id), new.name
    if new.team is not None or old.team is not None:
        person.team = new.team or ""
    if new.title != old.title or new.title is not None and person.level_id is None:
        # Tried again while unmatched (the track may have been imported since); listed to
        # HR once per title.
        await _set_level(s, person, new.title, at, listed=new.title != old.title)
    if new.manager != old.manager or new.manager is not None and person.manager_id is None:
        manager = await _manager_id(s, new.manager)
        person.manager_id = manager if manager != person.id else None
    if new.active and person.deactivated_at is not None:
        person.deactivated_at = None
        await _audit(s, at, "scim.reactivate", f"{new.user_name} active again", person.id)
    elif not new.active and person.deactivated_at is None:
        person.deactivated_at = at
        await _audit(s, at, "scim.deactivate", f"{new.user_name} deactivated (active: false; "
                     "forgotten after the retention period)", person.id)
    s.add(person)
    row.user_name, row.external_id = new.user_name.casefold(), new.external_id
    row.manager_scim_id, row.resource, row.updated_at = new.manager, resource, at
    s.add(row)
    await s.flush()


async def _set_level(s: AsyncSession, person: PersonRow, title: str | None,
                     at: datetime, listed: bool) -> None:
    """The level whose title is the job title: in the person's track, else in the one track
    that has it. Otherwise "no level", listed to HR in the audit log (not refused)."""
    if not title:
        person.level_id = None
        return
    wanted = title.strip().casefold()
    found: list[tuple[str, str]] = []
    tracks = (await s.exec(select(TrackRow.id, TrackRow.document)
                              .where(col(TrackRow.archived_at).is_(None)))).all()
    for track_id, document in tracks:
        found += [(track_id, level["id"]) for level in document.get("levels", [])
                  if str(level.get("title", "")).strip().casefold() == wanted]
    own = [match for match in found if match[0] == person.track_id]
    if own or len({track for track, _ in found}) == 1:
        person.track_id, person.level_id = (own or found)[0]
        return
    person.level_id = None
    if not listed:
        return
    why = "in more than one track" if found else "no level of any track"
    await _audit(s, at, "scim.title_unmatched", f"title {title!r} of {person.email} is {why}: "
                 "kept with no level", person.id)


async def _manager_id(s: AsyncSession, manager: str | None) -> int | None:
    """The person the identity provider names as manager: by SCIM id, else by userName or
    email; None when they are not provisioned yet (linked when they are)."""
    if not manager:
        return None
    row = await s.get(ScimUserRow, manager)
    if row is not None:
        return row.person_id
    found = await s.scalar(select(ScimUserRow.person_id)
                           .where(col(ScimUserRow.user_name) == manager.casefold()))
    if found is not None:
        return int(found)
    person = await _person_by_email(s, manager)
    return person.id if person is not None else None


async def _person_by_email(s: AsyncSession, email: str) -> PersonRow | None:
    return (await s.exec(select(PersonRow).where(
        func.lower(PersonRow.email) == email.strip().lower()))).first()


async def _user_name_free(s: AsyncSession, user_name: str, scim_id: str) -> None:
    taken = await s.scalar(select(ScimUserRow.scim_id).where(
        col(ScimUserRow.user_name) == user_name.casefold(), col(ScimUserRow.scim_id) != scim_id))
    if taken is not None:
        raise ScimConflict(f"userName {user_name!r} is already taken")


async def _audit(s: AsyncSession, at: datetime, action: str, detail: str,
                 person_id: int | None) -> None:
    await add_entry(s, AuditEntry(at=at, platform="scim", actor=ACTOR, action=action,
                                  detail=detail, person_id=person_id))
