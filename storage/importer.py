"""Track and people imports: checked in full, written in one transaction (all or nothing), with
a report of what changed. Any problem raises ImportFailed and leaves the database as it was."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.events import Platform
from bot.model import Track
from bot.tracks.rules import validate
from storage.database import Database
from storage.people.tables import IdentityRow, PersonRow
from storage.people_plan import Placement, check_reporting_lines, check_unique, place
from storage.records import ImportFailed, PersonRecord
from storage.track_changes import TrackChange, diff_tracks, plural
from storage.tracks.mapping import track_document, track_row
from storage.tracks.repository import all_tracks
from storage.tracks.tables import TrackRow


@dataclass
class TrackImportReport:
    source: str
    added: list[Track] = field(default_factory=list)
    updated: list[TrackChange] = field(default_factory=list)
    unchanged: list[Track] = field(default_factory=list)

    def lines(self) -> list[str]:
        """What changed, one sentence per track, in file order within each group."""
        return (
            [f"Added track '{t.name}' ({t.id}): {plural(len(t.levels), 'level')}, "
             f"{plural(len(t.competencies), 'competency')}." for t in self.added]
            + [change.line() for change in self.updated]
            + [f"Track '{t.name}' is unchanged." for t in self.unchanged]
        )


@dataclass
class PeopleImportReport:
    source: str
    added: list[str] = field(default_factory=list)  # emails, in file order
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: int = 0

    def lines(self) -> list[str]:
        lines = [f"{len(self.added)} added, {len(self.updated)} updated, "
                 f"{len(self.unchanged)} unchanged (from {self.source})."]
        for label, emails in (("Added", self.added), ("Updated", self.updated)):
            if emails:
                more = f" and {len(emails) - 10} more" if len(emails) > 10 else ""
                lines.append(f"{label}: {', '.join(emails[:10])}{more}.")
        if self.not_in_file == 1:
            lines.append("1 person already loaded is not in this file and stayed as they were.")
        elif self.not_in_file:
            lines.append(f"{self.not_in_file} people already loaded are not in this file and "
                         "stayed as they were.")
        return lines


async def import_tracks(db: Database, tracks: Sequence[Track], source: str, *,
                        at: datetime | None = None) -> TrackImportReport:
    """Add new tracks and update known ones in place (people keep their level ids).

    Refuses, changing nothing, a track that fails validation, a duplicate id or name, or an
    update that removes a level someone is still on."""
    if not tracks:
        raise ImportFailed(source, "no tracks found")
    _check_tracks(tracks, source)
    at = at or datetime.now(UTC)
    report = TrackImportReport(source)
    async with db.session() as s:
        stored = {t.id: t for t in await all_tracks(s)}
        for track in tracks:
            _check_name_free(track, stored.values(), source)
            old = stored.get(track.id)
            if old is None:
                s.add(track_row(track, at))
                report.added.append(track)
                continue
            change = diff_tracks(old, track)
            if not change.changed:
                report.unchanged.append(track)
                continue
            await _check_levels_unused(s, change, source)
            row = await s.get(TrackRow, track.id)
            assert row is not None  # listed by all_tracks in this transaction
            row.name, row.description = track.name, track.description
            row.document, row.updated_at = track_document(track), at
            s.add(row)
            report.updated.append(change)
        await s.commit()
    return report


def _check_tracks(tracks: Sequence[Track], source: str) -> None:
    seen: dict[str, Track] = {}
    for track in tracks:
        problems = validate(track)
        if problems:
            raise ImportFailed(source, f"track '{track.name}': {'; '.join(problems)}")
        if track.id in seen:
            raise ImportFailed(source, f"track id '{track.id}' is used twice "
                               f"('{seen[track.id].name}' and '{track.name}')")
        seen[track.id] = track
    _check_names_unique(tracks, source)


def _check_names_unique(tracks: Sequence[Track], source: str) -> None:
    names: dict[str, str] = {}
    for track in tracks:
        key = track.name.strip().casefold()
        if key in names:
            raise ImportFailed(source, f"two tracks are called '{track.name}' "
                               f"(ids '{names[key]}' and '{track.id}')")
        names[key] = track.id


def _check_name_free(track: Track, stored: Iterable[Track], source: str) -> None:
    """People files name tracks by id or name, so a name must not point at two tracks."""
    for other in stored:
        if other.id != track.id and other.name.strip().casefold() == track.name.strip().casefold():
            raise ImportFailed(source, f"track '{track.name}' (id '{track.id}') has the same "
                               f"name as the existing track with id '{other.id}'")


async def _check_levels_unused(s: AsyncSession, change: TrackChange, source: str) -> None:
    if not change.levels_removed:
        return
    stranded = (await s.exec(select(PersonRow).where(
        PersonRow.track_id == change.new.id,
        col(PersonRow.level_id).in_(change.levels_removed)).order_by(col(PersonRow.email)))).all()
    if stranded:
        who = ", ".join(f"{p.email} ({p.level_id})" for p in stranded)
        raise ImportFailed(source, f"track '{change.new.name}' would lose level(s) "
                           f"{', '.join(change.levels_removed)}, but people are still on them: "
                           f"{who}. Keep those levels, or move the people to another level "
                           "first (import an updated people file).")


async def import_people(db: Database, records: Sequence[PersonRecord], source: str, *,
                        at: datetime | None = None) -> PeopleImportReport:
    """Upsert people by email with their track, level, team, role, manager and platform ids.

    Tracks and levels may be spelled as id or title. People already loaded but absent from
    the file are left alone. Any problem raises ImportFailed naming the line; nothing changes."""
    if not records:
        raise ImportFailed(source, "no people found")
    check_unique(records, source)
    at = at or datetime.now(UTC)
    async with db.session() as s:
        tracks = await all_tracks(s)
        placements = [place(record, tracks, source) for record in records]
        rows = {row.email: row for row in (await s.exec(select(PersonRow))).all()}
        email_of = {row.id: row.email for row in rows.values()}
        check_reporting_lines(
            records, {email: email_of.get(row.manager_id) for email, row in rows.items()}, source)
        linked = {(i.platform, i.user_id): i.person_id
                  for i in (await s.exec(select(IdentityRow))).all()}
        before = {email: _snapshot(row) for email, row in rows.items()}
        report = PeopleImportReport(source, not_in_file=len(
            set(rows) - {r.email.strip().lower() for r in records}))
        for record, placement in zip(records, placements, strict=True):
            _apply(s, rows, record, placement)
        await s.flush()  # new people get their ids before managers and identities point at them
        for record in records:
            row = rows[record.email.strip().lower()]
            manager = (record.manager_email or "").strip().lower()
            row.manager_id = rows[manager].id if manager else None
            relinked = await _link_file_ids(s, linked, record, row, at)
            group = (report.added if row.email not in before
                     else report.updated if relinked or _snapshot(row) != before[row.email]
                     else report.unchanged)
            group.append(row.email)
        await s.commit()
    return report


def _snapshot(row: PersonRow) -> tuple[object, ...]:
    return (row.name, row.manager_id, row.track_id, row.level_id, row.team, row.role,
            row.timezone)


def _apply(s: AsyncSession, rows: dict[str, PersonRow], record: PersonRecord,
           placement: Placement) -> None:
    email = record.email.strip().lower()
    row = rows.get(email)
    if row is None:
        row = rows[email] = PersonRow(email=email, name=record.name)
    row.name, row.team, row.role = record.name.strip(), record.team.strip(), record.role.value
    row.track_id, row.level_id = placement.track_id, placement.level_id
    row.timezone = record.timezone
    s.add(row)


async def _link_file_ids(s: AsyncSession, linked: dict[tuple[str, str], int],
                         record: PersonRecord, row: PersonRow, at: datetime) -> bool:
    """Link the file's Slack/Teams ids to the person (the file wins); True if any changed."""
    assert row.id is not None  # flushed
    changed = False
    for platform, user_id in ((Platform.SLACK, record.slack_id),
                              (Platform.TEAMS, record.teams_id)):
        if not user_id or linked.get((platform.value, user_id)) == row.id:
            continue
        identity = await s.get(IdentityRow, (platform.value, user_id))
        if identity is None:
            identity = IdentityRow(platform=platform.value, user_id=user_id, person_id=row.id)
        identity.person_id, identity.linked_at = row.id, at
        s.add(identity)
        changed = True
    return changed
