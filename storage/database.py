"""The database handle: URL normalisation, the lazily created async engine, sessions, and
schema upgrades. SQLite (a file) is the embedded default; PostgreSQL runs through psycopg 3."""

from __future__ import annotations

import logging
import tempfile
from collections.abc import AsyncIterator
from contextlib import AbstractAsyncContextManager, asynccontextmanager
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy import create_engine, event, make_url, text
from sqlalchemy.engine import URL, Engine, ExceptionContext
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncEngine, async_sessionmaker, create_async_engine
from sqlalchemy.pool import NullPool
from sqlmodel.ext.asyncio.session import AsyncSession

from storage import sqlite_driver

log = logging.getLogger(__name__)

# Milliseconds a SQLite connection waits for another writer before "database is locked".
SQLITE_BUSY_TIMEOUT_MS = 10_000
# Connections beyond the units of work running at once (the worker pool's Slack work and Teams
# turns): the scheduler's jobs and the health check's probe.
EXTRA_CONNECTIONS = 4
# How long the PostgreSQL write probe waits for the row it writes (another probe may hold it).
PROBE_LOCK_SECONDS = 2.0
# The probe's write: the migrations' own one-row table, which every prepared database has.
PROBE_WRITE = "UPDATE alembic_version SET version_num = version_num"
# `stmt.execution_options(**QUICK)`: a point lookup or a one-row write by key, which on SQLite
# runs on the event loop instead of a trip to aiosqlite's thread (storage/sqlite_driver.py).
QUICK = sqlite_driver.QUICK


class Sessions(Protocol):
    """Where a repository gets its session: `Database` (a transaction of its own per call) or
    a unit of work (the unit's one transaction, storage/unit_of_work.py)."""

    @property
    def dialect(self) -> str: ...

    @property
    def secret_key(self) -> str | None:
        """The server secret pulse answer keys derive from: held in memory, never stored."""
        ...

    def transaction(self) -> AbstractAsyncContextManager[AsyncSession]: ...


class DatabaseUrlError(ValueError):
    """A DATABASE_URL we cannot use, explained in one sentence."""


class Database:
    """One database, addressed by URL.

    Accepts `sqlite:///path.db`, `sqlite://` (a throwaway database: a temporary file removed on
    close, so that several sessions and the migration engine all see the same data),
    `postgresql://`, `postgres://` and `postgresql+psycopg://` URLs. Nothing connects until
    first use; call `upgrade()` once to create or migrate the schema."""

    def __init__(self, url: str, *, workers: int = 5, secret_key: str | None = None) -> None:
        """`workers`: how many units of work may run at once (the server's worker pool). On
        PostgreSQL the pool holds that many connections plus EXTRA_CONNECTIONS, and as many
        again for a moment; on SQLite, one (see `engine`). `secret_key`: CAREERBOT_SECRET_KEY,
        which pulse answer keys derive from (storage/pulses/keys.py); without it no pulse
        opens or takes answers."""
        self._secret_key = secret_key or None
        self._pool_size = workers + EXTRA_CONNECTIONS
        self._max_overflow = workers
        self._tempdir: tempfile.TemporaryDirectory[str] | None = None
        self._sync_url, self._async_url = self._normalise(url)
        self._engine: AsyncEngine | None = None
        self._sessions: async_sessionmaker[AsyncSession] | None = None

    def _normalise(self, raw: str) -> tuple[URL, URL]:
        try:
            url = make_url(raw.strip())
        except ArgumentError:
            raise DatabaseUrlError(f"DATABASE_URL {raw!r} is not a database URL.") from None
        backend = url.get_backend_name()
        if backend in ("postgres", "postgresql"):
            url = url.set(drivername="postgresql+psycopg")
            return url, url
        if backend != "sqlite":
            raise DatabaseUrlError(
                f"DATABASE_URL uses {backend!r}; careerbot supports sqlite and postgresql.")
        path = url.database or ""
        if path in ("", ":memory:"):
            self._tempdir = tempfile.TemporaryDirectory(prefix="careerbot-db-")
            path = str(Path(self._tempdir.name) / "careerbot.db")
        folder = Path(path).expanduser().resolve().parent
        if not folder.is_dir():
            raise DatabaseUrlError(
                f"the folder for the SQLite database {path!r} does not exist ({folder}); "
                "create it or point DATABASE_URL elsewhere.")
        url = url.set(database=path)
        return url.set(drivername="sqlite"), url.set(drivername="sqlite+aiosqlite")

    @property
    def sync_url(self) -> str:
        return self._sync_url.render_as_string(hide_password=False)

    @property
    def async_url(self) -> str:
        return self._async_url.render_as_string(hide_password=False)

    @property
    def secret_key(self) -> str | None:
        return self._secret_key

    @property
    def dialect(self) -> str:
        """`sqlite` or `postgresql`."""
        return self._sync_url.get_backend_name()

    @property
    def engine(self) -> AsyncEngine:
        if self._engine is None:
            if self.dialect == "sqlite":
                path = self._sync_url.database or ""
                # A SQLite file cannot drop a connection, so no pre-ping (a round trip per
                # event); statements run in one trip to aiosqlite's thread each.
                # Sessions and connections roll back whatever they leave open themselves, so
                # the pool's extra rollback on every return is a wasted trip.
                # SQLite has one writer and every unit of work takes the write lock at BEGIN,
                # so one connection loses nothing, and units wait for it in turn, on the event
                # loop. With a connection each, they waited in SQLite's busy handler instead,
                # which sleeps up to 100 ms between tries and serves nobody in order: answers
                # came late while the lock stood idle, and some gave up ("database is locked").
                self._engine = create_async_engine(
                    self._async_url, async_creator=lambda: sqlite_driver.connect(path),
                    pool_reset_on_return=None, pool_size=1, max_overflow=0,
                    hide_parameters=True)
                _configure_sqlite(self._engine.sync_engine)
                event.listen(self._engine.sync_engine, "before_cursor_execute", _quick_on_loop)
            else:
                self._engine = create_async_engine(
                    self._async_url, pool_pre_ping=True, pool_size=self._pool_size,
                    max_overflow=self._max_overflow, hide_parameters=True)
        return self._engine

    def sync_engine(self) -> Engine:
        """A new synchronous engine (no pooling) for migrations and tools; dispose it after use."""
        # Parameters hidden here too: a migration's error or log line never shows row values.
        engine = create_engine(self._sync_url, poolclass=NullPool, hide_parameters=True)
        if self.dialect == "sqlite":
            _configure_sqlite(engine, immediate=False)
        return engine

    def new_session(self) -> AsyncSession:
        """A new session (the caller closes it). Objects stay readable after commit
        (expire_on_commit=False)."""
        if self._sessions is None:
            self._sessions = async_sessionmaker(self.engine, class_=AsyncSession,
                                                expire_on_commit=False)
        return self._sessions()

    @asynccontextmanager
    async def session(self) -> AsyncIterator[AsyncSession]:
        """A fresh session. Commit explicitly; whatever is not committed is rolled back on exit."""
        async with self.new_session() as session:
            yield session

    @asynccontextmanager
    async def transaction(self) -> AsyncIterator[AsyncSession]:
        """A fresh session whose work is committed when the block ends normally (rolled back
        when it raises): a repository used on its own, outside a unit of work."""
        async with self.session() as session:
            yield session
            await session.commit()

    def upgrade(self) -> None:
        """Create or migrate the schema to the newest revision (Alembic). Safe to run again."""
        from storage.migrate import upgrade_to_head

        engine = self.sync_engine()
        try:
            with engine.begin() as connection:
                # Migration 0007 carries open pulses' answers over to keys from the secret.
                connection.info["careerbot_secret_key"] = self._secret_key
                upgrade_to_head(connection)
        finally:
            engine.dispose()

    def revision(self) -> str | None:
        """The schema's migration revision (None for a database without careerbot's schema)."""
        from storage.migrate import current_revision

        engine = self.sync_engine()
        try:
            with engine.connect() as connection:
                return current_revision(connection)
        finally:
            engine.dispose()

    async def ping(self) -> bool:
        """True when the database answers a trivial query (for health checks); never raises."""
        try:
            async with self.engine.connect() as connection:
                # A read: on SQLite it must not queue for the write lock (see _configure_sqlite).
                connection = await connection.execution_options(read_only=True)
                await connection.execute(text("SELECT 1"))
            return True
        except (SQLAlchemyError, OSError) as error:
            log.warning("database ping failed: %s", error)
            return False

    async def write_problem(self) -> str | None:
        """None when the database takes writes; otherwise why not, in one line. Never raises.

        A real write through the pool, as a unit of work would make it, in a transaction that
        is rolled back: nothing changes."""
        try:
            async with self.engine.connect() as connection:
                transaction = await connection.begin()  # BEGIN IMMEDIATE on SQLite
                try:
                    if self.dialect == "postgresql":
                        lock_ms = int(PROBE_LOCK_SECONDS * 1000)
                        await connection.execute(text(f"SET LOCAL lock_timeout = '{lock_ms}ms'"))
                    await connection.execute(text(PROBE_WRITE))
                finally:
                    if transaction.is_active:
                        await transaction.rollback()
        except (SQLAlchemyError, OSError) as error:
            cause = getattr(error, "orig", None) or error
            lines = str(cause).strip().splitlines()
            return lines[0] if lines else type(cause).__name__
        return None

    async def close(self) -> None:
        """Close every pooled connection (and remove a throwaway `sqlite://` database)."""
        if self._engine is not None:
            await self._engine.dispose()
            self._engine = None
            self._sessions = None
        if self._tempdir is not None:
            self._tempdir.cleanup()
            self._tempdir = None


def _quick_on_loop(conn: Any, cursor: Any, statement: str, parameters: Any, context: Any,
                   executemany: bool) -> None:
    """A statement marked QUICK runs on the event loop (storage/sqlite_driver.py)."""
    if context is not None and context.execution_options.get(sqlite_driver.QUICK_OPTION):
        sqlite_driver.run_on_loop(cursor)


def _configure_sqlite(engine: Engine, *, immediate: bool = True) -> None:
    """Foreign keys on, a busy timeout, WAL, and (at run time) BEGIN IMMEDIATE transactions.

    sqlite3 only opens a transaction at the first write, so two sessions that read and then
    write can deadlock and fail at once without waiting. Taking the write lock at BEGIN makes
    concurrent writers queue behind the busy timeout instead."""

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        # In WAL mode NORMAL never corrupts the database; it only skips the fsync at each
        # commit (a power cut may lose the last commits, not break the file). A commit per
        # chat message makes that fsync the largest cost of an answer.
        cursor.execute("PRAGMA synchronous = NORMAL")
        # Deleted rows are overwritten with zeros, not just marked free: a closed pulse's old
        # answer keys and recipients must not survive in the file (storage/pulses/scrub.py).
        cursor.execute("PRAGMA secure_delete = ON")
        cursor.close()

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> None:
        # A connection opened while the file could not be written stays read-only for good:
        # drop it like a lost one, so that the next can write once the file can again.
        error = context.original_exception
        if getattr(error, "sqlite_errorname", "") == "SQLITE_READONLY":
            context.is_disconnect = True
            context.invalidate_pool_on_disconnect = False

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        write = immediate and not connection.get_execution_options().get("read_only")
        sql = "BEGIN IMMEDIATE" if write else "BEGIN"
        driver = connection.connection.driver_connection
        if isinstance(driver, sqlite_driver.OneTripConnection):
            # It sends BEGIN with the next statement anyway: told directly, without a statement
            # of its own through SQLAlchemy's execution path (a tenth of a unit's overhead).
            driver.begin_later(sql)
        else:
            connection.exec_driver_sql(sql)
