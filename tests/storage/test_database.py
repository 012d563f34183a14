"""Database: URL normalisation, clear errors for unusable URLs, SQLite settings, migrations."""

from __future__ import annotations

from pathlib import Path

import pytest

from storage.database import Database, DatabaseUrlError
from storage.migrate import current_revision, head_revision, schema_differences


@pytest.mark.parametrize(("url", "sync", "async_"), [
    ("postgres://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db",
     "postgresql+psycopg://u:p@h:5433/db"),
    ("postgresql://u@h/db", "postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db",
     "postgresql+psycopg://u@h/db"),
    ("postgresql+asyncpg://u@h/db", "postgresql+psycopg://u@h/db",
     "postgresql+psycopg://u@h/db"),
])
def test_postgres_urls_use_psycopg(url: str, sync: str, async_: str) -> None:
    db = Database(url)
    assert (db.sync_url, db.async_url, db.dialect) == (sync, async_, "postgresql")


def test_sqlite_file_urls(tmp_path: Path) -> None:
    db = Database(f"sqlite:///{tmp_path}/bot.db")
    assert db.sync_url == f"sqlite:///{tmp_path}/bot.db"
    assert db.async_url == f"sqlite+aiosqlite:///{tmp_path}/bot.db"


@pytest.mark.parametrize(("url", "message"), [
    ("sqlite:////no/such/folder/bot.db", "folder for the SQLite database"),
    ("mysql://u@h/db", "supports sqlite and postgresql"),
    ("not a url", "is not a database URL"),
])
def test_unusable_urls_are_explained(url: str, message: str) -> None:
    with pytest.raises(DatabaseUrlError, match=message):
        Database(url)


async def test_throwaway_sqlite_is_migrated_shared_and_removed() -> None:
    db = Database("sqlite://")
    path = Path(db.sync_url.removeprefix("sqlite:///"))
    db.upgrade()
    db.upgrade()  # idempotent
    async with db.engine.begin() as conn:
        await conn.exec_driver_sql("INSERT INTO processed_events (key, seen_at) "
                                   "VALUES ('k', '2026-01-01 00:00:00')")
    async with db.engine.connect() as conn:
        count = (await conn.exec_driver_sql("SELECT count(*) FROM processed_events")).scalar()
    assert count == 1 and await db.ping()
    await db.close()
    assert not path.exists()


async def test_sqlite_enforces_foreign_keys_and_waits_for_locks(sqlite_db: Database) -> None:
    async with sqlite_db.engine.connect() as conn:
        pragmas = [(await conn.exec_driver_sql(f"PRAGMA {name}")).scalar()
                   for name in ("foreign_keys", "busy_timeout", "journal_mode")]
    assert pragmas == [1, 10_000, "wal"]


async def test_ping_is_false_when_unreachable() -> None:
    db = Database("postgresql://nobody@127.0.0.1:1/none")
    assert await db.ping() is False
    await db.close()


async def test_migrations_match_the_models(db: Database) -> None:
    """The migrated schema is exactly what the SQLModel tables describe, on both backends."""
    engine = db.sync_engine()
    try:
        with engine.connect() as conn:
            assert current_revision(conn) == head_revision()
            assert schema_differences(conn) == []
    finally:
        engine.dispose()
    db.upgrade()  # running it again changes nothing


async def test_postgres_scheme_alias_reaches_the_same_database(pg_db: Database) -> None:
    alias = Database(pg_db.sync_url.replace("postgresql+psycopg://", "postgres://"))
    try:
        assert await alias.ping()
        async with alias.engine.connect() as conn:
            zone = (await conn.exec_driver_sql(
                "SELECT data_type FROM information_schema.columns "
                "WHERE table_name = 'assessments' AND column_name = 'started_at'")).scalar()
        assert zone == "timestamp with time zone"
    finally:
        await alias.close()
