"""People imports: the file checked in full (repeats, tracks and levels, reporting lines,
what SCIM owns), written in one transaction in batches (all or nothing) with progress, leavers
settled as HR chose, and a report of what changed. Any problem raises ImportFailed and leaves
the database as it was."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel.ext.asyncio.session import AsyncSession

from bot.events import Platform
from bot.rights.rules import Leavers
from storage.database import Database
from storage.import_problems import Problems
from storage.importer import ADDED, CHUNK, PROGRESS_STEPS, UNCHANGED, UPDATED, RowsDone
from storage.people.bulk import (
    FIELDS,
    Row,
    StoredPerson,
    insert_people,
    link_identities,
    linked_identities,
    stored_people,
    update_people,
)
from storage.people_plan import (
    Placement,
    Placer,
    check_reporting_lines,
    check_unique,
    email_key,
    managers_first,
)
from storage.records import ImportFailed, PersonRecord
from storage.rights.leavers import Leaving, settle_leavers
from storage.scim.ownership import refuse_contradictions
from storage.tracks.repository import all_tracks, archived_ids


@dataclass
class PeopleImportReport:
    source: str
    added: list[str] = field(default_factory=list)  # emails, in file order
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    not_in_file: int = 0
    # What changes for each updated person ("level se1 -> se2"), and who is not in the file.
    changes: dict[str, list[str]] = field(default_factory=dict)
    absent: list[str] = field(default_factory=list)
    # Who is not in the file and what --leavers did with them (storage/rights/leavers.py).
    leaving: Leaving | None = None

    def lines(self) -> list[str]:
        lines = [f"{len(self.added)} added, {len(self.updated)} updated, "
                 f"{len(self.unchanged)} unchanged (from {self.source})."]
        for label, emails in (("Added", self.added), ("Updated", self.updated)):
            if emails:
                more = f" and {len(emails) - 10} more" if len(emails) > 10 else ""
                lines.append(f"{label}: {', '.join(emails[:10])}{more}.")
        if self.leaving is not None:
            lines += self.leaving.summary()
        elif self.not_in_file == 1:
            lines.append("1 person already loaded is not in this file and stayed as they were.")
        elif self.not_in_file:
            lines.append(f"{self.not_in_file} people already loaded are not in this file and "
                         "stayed as they were.")
        return lines

    def detail_lines(self, limit: int = 200) -> list[str]:
        """Every change person by person (a dry run's report), at most `limit` lines."""
        lines = [f"{len(self.added)} to add, {len(self.updated)} to update, "
                 f"{len(self.unchanged)} unchanged (from {self.source})."]
        lines += [f"  add {email}" for email in self.added]
        lines += [f"  update {email}: {'; '.join(self.changes.get(email, ['platform ids']))}"
                  for email in self.updated]
        if self.leaving is not None:
            lines += self.leaving.detail()
        else:
            lines += [f"  not in the file (stays as is): {email}" for email in self.absent]
        if len(lines) > limit:
            lines = lines[:limit] + [f"  ... and {len(lines) - limit} more"]
        return lines


async def import_people(db: Database, records: Sequence[PersonRecord], source: str, *,
                        at: datetime | None = None, progress: RowsDone | None = None,
                        dry_run: bool = False,
                        leavers: Leavers = Leavers.KEEP) -> PeopleImportReport:
    """Upsert people by email with their track, level, team, role, manager and platform ids.

    Tracks and levels may be spelled as id or title. People already loaded but absent from
    the file are left alone. Any problem raises ImportFailed naming the line; nothing changes.
    The whole file is checked first, then written in batches in one transaction, calling
    `progress(rows written, rows in the file)` after each batch. With `dry_run` the writes are
    rolled back and the report says, person by person, what would change. `leavers`: what
    happens to people loaded before but not in the file (kept by default; always listed)."""
    if not records:
        raise ImportFailed(source, "no people found")
    problems = Problems()  # repeats, unknown tracks and levels, managers and loops: one run
    with problems.collecting():
        check_unique(records, source)
    at = at or datetime.now(UTC)
    async with db.session() as s:
        placements: list[Placement] = []
        with problems.collecting():
            placements = await _placements(s, records, source)
            # One source of truth per field: what SCIM provisions is not the file's to change.
            await refuse_contradictions(s, records, placements, source)
        stored = await stored_people(s)
        with problems.collecting():
            check_reporting_lines(records, _managers_of(stored), source)
        problems.check()
        writer = _PeopleWriter(s, records, placements, stored, await linked_identities(s), at)
        done, size = 0, min(CHUNK, max(1, len(records) // PROGRESS_STEPS))
        for batch in writer.batches(size):
            await writer.write(batch)
            done += len(batch)
            if progress is not None:
                progress(done, len(records))
        leaving = await settle_leavers(s, writer.emails, leavers, at)
        if not dry_run:
            await s.commit()
    report = PeopleImportReport(source, not_in_file=len(stored) - len(writer.known),
                                changes=writer.described_changes(), leaving=leaving)
    groups = (report.added, report.updated, report.unchanged)
    for email, status in zip(writer.emails, writer.statuses, strict=True):
        groups[status].append(email)
    if dry_run:
        in_file = set(writer.emails)
        report.absent = sorted(email for email in stored if email not in in_file)
    return report


async def _placements(s: AsyncSession, records: Sequence[PersonRecord],
                      source: str) -> list[Placement]:
    """Each record's track and level ids; every unknown one (up to 50) in one ImportFailed.
    Archived tracks take nobody new: chat no longer shows them."""
    placer = Placer(await all_tracks(s, archived=False), source)
    archived_now = await archived_ids(s)
    archived = {key: track for track in await all_tracks(s) if track.id in archived_now
                for key in (track.id.casefold(), track.name.casefold())}
    problems = Problems()
    placements: list[Placement] = []
    for record in records:
        with problems.collecting():
            track = archived.get(record.track.strip().casefold())
            if track is not None:
                raise ImportFailed(source, f"track '{track.name}' is archived; choose another "
                                   f"track, or bring it back first (careerbot tracks restore "
                                   f"{track.id})", record.line)
            placements.append(placer.place(record))
    problems.check()
    return placements


def _managers_of(stored: dict[str, StoredPerson]) -> dict[str, str | None]:
    """Each stored person's manager, by email."""
    email_of: dict[int | None, str] = {person.id: email for email, person in stored.items()}
    return {email: email_of.get(person.manager_id) for email, person in stored.items()}


class _PeopleWriter:
    """Writes checked records in batches, each row once: new people managers first (so each
    manager already has an id), in one INSERT a batch; then the people already stored, in one
    UPDATE a batch for those that changed; the file's platform ids in one upsert a batch."""

    def __init__(self, s: AsyncSession, records: Sequence[PersonRecord],
                 placements: Sequence[Placement], stored: dict[str, StoredPerson],
                 linked: dict[tuple[str, str], int], at: datetime) -> None:
        self.s, self.records, self.placements, self.at = s, records, placements, at
        self.stored, self.linked = stored, linked
        self.ids = {email: person.id for email, person in stored.items()}
        self.emails = [email_key(record.email) for record in records]
        self.managers = [email_key(record.manager_email or "") or None for record in records]
        self.statuses = bytearray(len(records))  # ADDED, UPDATED or UNCHANGED per record
        self.changed: dict[int, tuple[Row, Row]] = {}  # index -> (stored, new) values
        self.new: list[int] = []  # indexes of the records of new people
        self.known: list[int] = []  # and of people already stored
        for index, email in enumerate(self.emails):
            (self.known if email in stored else self.new).append(index)

    def batches(self, size: int) -> Iterator[Sequence[int]]:
        """Record indexes to write together, at most `size` at a time."""
        for group in (*managers_first(self.emails, self.managers, self.new), self.known):
            for start in range(0, len(group), size):
                yield group[start:start + size]

    async def write(self, batch: Sequence[int]) -> None:
        new: list[tuple[object, ...]] = []  # (email, *FIELDS)
        changed: list[tuple[object, ...]] = []  # (id, *FIELDS)
        for index in batch:
            record, placement = self.records[index], self.placements[index]
            email, manager = self.emails[index], self.managers[index]
            values = (record.name.strip(), self.ids[manager] if manager else None,
                      placement.track_id, placement.level_id, record.team.strip(),
                      record.role.value, record.timezone)
            old = self.stored.get(email)
            if old is None:
                new.append((email, *values))
                self.statuses[index] = ADDED
            elif values != old.values:
                changed.append((old.id, *values))
                self.statuses[index] = UPDATED
                self.changed[index] = (old.values, values)
            else:
                self.statuses[index] = UNCHANGED
        self.ids.update(await insert_people(self.s, new))
        await update_people(self.s, changed)
        await self._link_file_ids(batch)

    def described_changes(self) -> dict[str, list[str]]:
        """For each updated person, what changed: "level se1 -> se2", "manager a -> b"."""
        email_of = {person_id: email for email, person_id in self.ids.items()}
        result: dict[str, list[str]] = {}
        for index, (old, new) in self.changed.items():
            parts = []
            for name, before, after in zip(FIELDS, old, new, strict=True):
                if before == after:
                    continue
                if name == "manager_id":
                    name, before, after = "manager", email_of.get(before), email_of.get(after)
                shown = [str(v) if v not in (None, "") else "none" for v in (before, after)]
                parts.append(f"{name.removesuffix('_id')} {shown[0]} -> {shown[1]}")
            result[self.emails[index]] = parts
        return result

    async def _link_file_ids(self, batch: Sequence[int]) -> None:
        """Link the file's Slack/Teams ids to the person (the file wins)."""
        links: list[tuple[str, str, int]] = []
        for index in batch:
            record = self.records[index]
            person_id = self.ids[self.emails[index]]
            for platform, user_id in ((Platform.SLACK, record.slack_id),
                                      (Platform.TEAMS, record.teams_id)):
                if user_id and self.linked.get((platform.value, user_id)) != person_id:
                    links.append((platform.value, user_id, person_id))
                    if self.statuses[index] == UNCHANGED:
                        self.statuses[index] = UPDATED
        await link_identities(self.s, links, self.at)
