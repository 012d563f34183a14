"""Track imports: checked in full, written in one transaction (all or nothing), with a report
of what changed. Any problem raises ImportFailed and leaves the database as it was. People
imports are in storage/people_import.py and share the progress type and batch sizes here."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime

from sqlmodel import col, select
from sqlmodel.ext.asyncio.session import AsyncSession

from bot.model import Track
from bot.tracks.rules import validate
from storage.assessments.tables import AssessmentRow, ScoreRow
from storage.database import Database
from storage.import_problems import Problems
from storage.people.tables import PersonRow
from storage.records import ImportFailed
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
