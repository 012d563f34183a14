"""Prepared statements (storage/prepared.py): on SQLite they run straight on the unit's sqlite3
connection, outside SQLAlchemy's execution path, and must read and write exactly what
SQLAlchemy would: the same values and types, inside the unit's one transaction, its errors
raised as SQLAlchemy's. PostgreSQL takes SQLAlchemy's path; both give the same answers."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from datetime import timedelta
from typing import Any, cast

import pytest
from sqlalchemy import bindparam, event, select, text
from sqlalchemy.exc import IntegrityError, StatementError

from bot.events import Platform
from bot.model import Track
from storage.assessments.tables import AssessmentRow
from storage.database import QUICK, Database
from storage.importer import import_tracks
from storage.prepared import Prepared
from storage.tracks.repository import SqlTracks
from storage.tracks.tables import TrackRow, TrackViewRow
from storage.unit_of_work import SqlUnitOfWork, SqlUnits
from tests.sample_data import ENGINEERING
from tests.storage.seed import T0, seed_people

TRACKS = TrackRow.__table__  # type: ignore[attr-defined]
ASSESSMENTS = AssessmentRow.__table__  # type: ignore[attr-defined]
TRACK: Any = (select(*TRACKS.c).where(TRACKS.c.id == bindparam("track_id"))
              .execution_options(**QUICK))
OF_SUBJECT: Any = (select(*ASSESSMENTS.c).where(ASSESSMENTS.c.subject_id == bindparam("who"))
                   .order_by(ASSESSMENTS.c.id).limit(5).execution_options(**QUICK))
_TRACK, _ASSESSMENTS = Prepared(TRACK), Prepared(OF_SUBJECT)


async def views(uow: SqlUnitOfWork, person_id: int) -> TrackViewRow | None:
    return await cast(SqlTracks, uow.tracks).track_view(person_id)


@pytest.fixture
def statements(db: Database) -> Iterator[list[str]]:
    """The statements that went through SQLAlchemy's execution path."""
    seen: list[str] = []

    def record(conn: Any, cursor: Any, statement: str, *args: Any) -> None:
        seen.append(statement)

    event.listen(db.engine.sync_engine, "before_cursor_execute", record)
    yield seen
    event.remove(db.engine.sync_engine, "before_cursor_execute", record)


async def test_rows_are_what_sqlalchemy_gives(db: Database, statements: list[str]) -> None:
    ids = await seed_people(db)
    async with db.session() as s:
        s.add(AssessmentRow(subject_id=ids["pat"], rater_id=ids["pat"], track_id="engineering",
                            target_level_id="se2", started_at=T0,
                            completed_at=T0 + timedelta(hours=1)))
        await s.commit()
    async with db.session() as s:
        expected_track = (await s.exec(TRACK, params={"track_id": "engineering"})).one()
        expected = (await s.exec(OF_SUBJECT, params={"who": ids["pat"]})).all()
    statements.clear()
    async with db.session() as s:
        track = await _TRACK.first(s, track_id="engineering")
        rows = await _ASSESSMENTS.all(s, who=ids["pat"])
        assert await _TRACK.first(s, track_id="missing") is None
    assert track is not None and tuple(track) == tuple(expected_track)
    assert track.document["levels"] and track.updated_at == T0  # JSON and aware UTC datetimes
    assert track.updated_at.tzinfo is not None and track.archived_at is None
    assert [tuple(r) for r in rows] == [tuple(r) for r in expected] and len(rows) == 1
    assert rows[0].completed_at == T0 + timedelta(hours=1) and rows[0].subject_id == ids["pat"]
    # On SQLite none of them went through SQLAlchemy (its BEGIN rode with the first one).
    assert len(statements) == (0 if db.dialect == "sqlite" else 3), statements


async def test_a_write_belongs_to_the_unit_and_is_undone_without_commit(
        db: Database, db_url: str) -> None:
    ids = await seed_people(db)
    units = SqlUnits(db)
    other = Database(db_url)  # another process, say
    try:
        async with units() as uow:
            await uow.tracks.record_track_view(ids["pat"], T0)
            async with other.engine.connect() as elsewhere:  # sees nothing uncommitted
                elsewhere = await elsewhere.execution_options(read_only=True)  # no write lock
                seen = await elsewhere.execute(text("SELECT count(*) FROM track_views"))
                assert seen.scalar() == 0
            # no commit: the unit's close rolls it back
    finally:
        await other.close()
    async with units() as uow:
        person = await uow.people.person(ids["pat"])
        assert person is not None and person.name == "Pat Person"
        assert await views(uow, ids["pat"]) is None
        await uow.tracks.record_track_view(ids["pat"], T0)
        await uow.tracks.record_track_view(ids["pat"], T0 + timedelta(minutes=1))
        await uow.commit()
        # After the commit the same unit reads again, in a new transaction.
        assert await uow.people.person_by_identity(Platform.SLACK, "nobody") is None
        view = await views(uow, ids["pat"])
        assert view is not None and view.count == 2
        assert view.last_viewed_at == T0 + timedelta(minutes=1)
        await uow.commit()


async def test_a_failing_statement_raises_sqlalchemys_error_and_changes_nothing(
        db: Database) -> None:
    ids = await seed_people(db)
    units = SqlUnits(db)
    with pytest.raises(IntegrityError):  # no such person: the foreign key refuses the view
        async with units() as uow:
            await uow.tracks.record_track_view(ids["pat"], T0)
            await uow.tracks.record_track_view(987_654, T0)
    async with units() as uow:
        assert await views(uow, ids["pat"]) is None  # the unit was rolled back
        assert (await uow.people.person(ids["sam"])) is not None  # the connection still works
        await uow.commit()


def test_a_statement_it_cannot_run_directly_is_refused_when_prepared() -> None:
    with pytest.raises(ValueError, match="expanding"):
        Prepared(select(TRACKS.c.id).where(TRACKS.c.id.in_(bindparam("ids", expanding=True)))
                 .execution_options(**QUICK))
    with pytest.raises(ValueError, match="QUICK"):  # it would run on the event loop
        Prepared(select(TRACKS.c.id).where(TRACKS.c.name == bindparam("name")))


async def test_a_track_changed_in_place_is_read_anew(db: Database) -> None:
    """Tracks made from a row are reused only for that very row: a re-import that changes the
    matrix (same id, same updated_at even) is seen by the next read."""
    await seed_people(db)
    units = SqlUnits(db)

    async def read() -> Track | None:
        async with units() as uow:
            return await uow.tracks.track("engineering")

    first, again = await read(), await read()
    assert first == ENGINEERING and again == ENGINEERING
    renamed = replace(ENGINEERING, competencies=(
        replace(ENGINEERING.competencies[0], name="Craft, renamed"),
        *ENGINEERING.competencies[1:]))
    await import_tracks(db, [renamed], "test", at=T0)
    assert await read() == renamed
    await import_tracks(db, [ENGINEERING], "test", at=T0)
    assert await read() == ENGINEERING


async def test_a_value_it_cannot_bind_is_refused_as_sqlalchemy_refuses_it(db: Database) -> None:
    ids = await seed_people(db)
    async with SqlUnits(db)() as uow:
        with pytest.raises(StatementError, match="naive datetime"):
            await uow.tracks.record_track_view(ids["pat"], T0.replace(tzinfo=None))
