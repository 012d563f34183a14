"""Track and people imports: checked in full, written in one transaction (all or nothing), with
a report of what changed. Any problem raises ImportFailed and leaves the database as it was."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.events import Platform
from bot.model import Track
from bot.rights.rules import Leavers
from bot.tracks.rules import validate
from storage.assessments.tables import AssessmentRow, ScoreRow
from storage.database import Database
from storage.import_problems import Problems
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
from storage.people.tables import PersonRow
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
from storage.track_changes import TrackChange, diff_tracks, plural
from storage.track_renames import Rename, apply_renames, dropped_ids, orphan_problem
from storage.tracks.mapping import track_document, track_row
from storage.tracks.repository import all_tracks, archived_ids
from storage.tracks.tables import TrackRow

RowsDone = Callable[[int, int], None]
"""Told (rows done, rows in all) as an import goes."""

# Rows per statement at most; smaller files still report at least PROGRESS_STEPS times.
CHUNK = 1000
PROGRESS_STEPS = 50
ADDED, UPDATED, UNCHANGED = 0, 1, 2


@dataclass
class TrackImportReport:
    source: str
    added: list[Track] = field(default_factory=list)
    updated: list[TrackChange] = field(default_factory=list)
    unchanged: list[Track] = field(default_factory=list)
    archived: list[str] = field(default_factory=list)  # names of archived tracks imported

    def lines(self) -> list[str]:
        """What changed, one sentence per track, in file order within each group."""
        return (
            [f"Added track '{t.name}' ({t.id}): {plural(len(t.levels), 'level')}, "
             f"{plural(len(t.competencies), 'competency')}." for t in self.added]
            + [change.line() for change in self.updated]
            + [f"Track '{t.name}' is unchanged." for t in self.unchanged]
            + [f"Note: track '{name}' is archived and stays so (careerbot tracks restore "
               "brings it back to chat)." for name in self.archived]
        )


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


async def import_tracks(db: Database, tracks: Sequence[Track], source: str, *,
                        at: datetime | None = None, renames: Sequence[Rename] = (),
                        drops: Sequence[str] = (), dry_run: bool = False,
                        progress: RowsDone | None = None) -> TrackImportReport:
    """Add new tracks and update known ones in place (people keep their level ids, ratings
    follow competency ids: `renames` give renamed competencies their stored id back).

    Refuses, changing nothing, and naming every problem found (up to 50): a track that fails
    validation, a duplicate id or name, an update that removes a level someone is still on,
    or a competency people have ratings on (unless `drops` names it). With `dry_run` the
    report says what would change and nothing is written. `progress(tracks done, in all)`."""
    if not tracks:
        raise ImportFailed(source, "no tracks found")
    problems = Problems()
    _check_tracks(tracks, source, problems)
    problems.check()  # the checks below expect valid tracks
    at = at or datetime.now(UTC)
    report = TrackImportReport(source)
    async with db.session() as s:
        stored = {t.id: t for t in await all_tracks(s)}
        tracks = apply_renames(tracks, stored, renames, problems, source)
        dropped = dropped_ids(tracks, stored, drops, problems, source)
        changes: list[TrackChange | Track] = []
        for track in tracks:
            with problems.collecting():
                _check_name_free(track, stored.values(), source)
            old = stored.get(track.id)
            if old is None:
                changes.append(track)
                continue
            change = diff_tracks(old, track)
            with problems.collecting():
                await _check_levels_unused(s, change, source)
            await _check_ratings_kept(s, change, dropped, problems, source)
            changes.append(change)
        problems.check()
        archived = await archived_ids(s)
        for done, item in enumerate(changes, start=1):
            await _write_track(s, item, report, at)
            if progress is not None:
                progress(done, len(changes))
        report.archived = [t.name for t in tracks if t.id in archived]
        if not dry_run:
            await s.commit()
    return report


async def _write_track(s: AsyncSession, change: TrackChange | Track,
                       report: TrackImportReport, at: datetime) -> None:
    if isinstance(change, Track):
        s.add(track_row(change, at))
        report.added.append(change)
        return
    track = change.new
    if not change.changed:
        report.unchanged.append(track)
        return
    row = await s.get(TrackRow, track.id)
    assert row is not None  # listed by all_tracks in this transaction
    row.name, row.description = track.name, track.description
    row.document, row.updated_at = track_document(track), at
    s.add(row)
    await s.flush()
    report.updated.append(change)


def _check_tracks(tracks: Sequence[Track], source: str, problems: Problems) -> None:
    seen: dict[str, Track] = {}
    for track in tracks:
        found = validate(track)
        if found:
            problems.add(ImportFailed(source, f"track '{track.name}': {'; '.join(found)}"))
        if track.id in seen:
            problems.add(ImportFailed(source, f"track id '{track.id}' is used twice "
                                      f"('{seen[track.id].name}' and '{track.name}')"))
        seen[track.id] = track
    with problems.collecting():
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


async def _check_ratings_kept(s: AsyncSession, change: TrackChange,
                              dropped: set[tuple[str, str]], problems: Problems,
                              source: str) -> None:
    """A competency leaving the track must not take people's ratings with it unheard."""
    track = change.new
    removed = [cid for cid in change.competencies_removed if (track.id, cid) not in dropped]
    if not removed:
        return
    rated = (await s.exec(
        select(ScoreRow.competency_id, PersonRow.name).distinct()
        .join(AssessmentRow, col(AssessmentRow.id) == ScoreRow.assessment_id)
        .join(PersonRow, col(PersonRow.id) == AssessmentRow.subject_id)
        .where(AssessmentRow.track_id == track.id, col(ScoreRow.competency_id).in_(removed),
               col(ScoreRow.score).is_not(None))
        .order_by(col(PersonRow.name)))).all()
    names: dict[str, list[str]] = {}
    for competency_id, name in rated:
        names.setdefault(competency_id, []).append(name)
    added = [c for c in track.competencies if c.id in change.competencies_added]
    for competency_id in removed:
        competency = change.old.competency(competency_id)
        if competency is not None and competency_id in names:
            problems.add(orphan_problem(change.old, competency, names[competency_id], added,
                                        source))


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
