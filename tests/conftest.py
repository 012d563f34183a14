"""Shared test fixtures: real databases, migrated to head (no mocks of the database).

- `pg_cluster` (session): base URL `postgresql://postgres@127.0.0.1:PORT` of a throwaway
  PostgreSQL cluster started from /usr/lib/postgresql/*/bin in a temp dir, removed at the end.
  Without PostgreSQL binaries the tests that need it are skipped ("PostgreSQL binaries not
  found"), except when the CI environment variable is set: then they fail.
- `db_url`: parametrised `sqlite` / `postgresql` (test ids `[sqlite]`, `[postgresql]`, so
  `-k sqlite` runs the quick half): a fresh SQLite file in tmp_path, or a fresh PostgreSQL
  database copied from a migrated template. Either way already at the newest migration.
- `db`: a `storage.database.Database` on `db_url`, closed afterwards.
- `repo`: a `tests.sql_repo.SqlRepo` on `db`.
- `sqlite_db` / `sqlite_repo`: the same on SQLite only, for tests that need no PostgreSQL.
- `pg_db`: a `Database` on a fresh migrated PostgreSQL database only.
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import psycopg
import pytest

from storage.database import Database
from tests.secret import TEST_SECRET_KEY
from tests.sql_repo import SqlRepo

# Pulses open only with a server secret: the CLI, `serve` and subprocesses read this one.
os.environ.setdefault("CAREERBOT_SECRET_KEY", TEST_SECRET_KEY)

TEMPLATE_DB = "careerbot_template"
_database_numbers = itertools.count(1)


def _postgres_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"),
                   key=lambda p: int(Path(p).parent.parent.name or 0))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _run_as_postgres(args: list[str], workdir: Path) -> None:
    """Runs a server tool; initdb and postgres refuse to run as root, so drop to `postgres`."""
    if os.geteuid() == 0:
        args = ["runuser", "-u", "postgres", "--", *args]
    done = subprocess.run(args, cwd=workdir, capture_output=True, text=True, timeout=120)
    if done.returncode != 0:
        log = workdir / "server.log"
        server_log = log.read_text() if log.exists() else ""
        raise RuntimeError(f"{' '.join(args)} failed:\n{done.stdout}{done.stderr}{server_log}")


@pytest.fixture(scope="session")
def pg_cluster() -> Iterator[str]:
    bindir = _postgres_bin()
    if bindir is None:
        reason = "PostgreSQL binaries not found (install Debian's postgresql package)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; CI must run the PostgreSQL tests")
        pytest.skip(reason)
    workdir = Path(tempfile.mkdtemp(prefix="careerbot-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(workdir, user.pw_uid, user.pw_gid)
    data, port = workdir / "data", _free_port()
    try:
        _run_as_postgres([str(bindir / "initdb"), "-D", str(data), "-U", "postgres",
                          "-A", "trust", "-E", "UTF8", "--locale=C", "--no-sync"], workdir)
        # Durability is pointless for a throwaway cluster; skipping fsync keeps tests fast.
        options = (f"-p {port} -h 127.0.0.1 -k {workdir} -F -c synchronous_commit=off "
                   "-c full_page_writes=off -c max_connections=200")
        _run_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-l",
                          str(workdir / "server.log"), "-o", options, "-w", "-t", "60",
                          "start"], workdir)
        yield f"postgresql://postgres@127.0.0.1:{port}"
    finally:
        if (data / "postmaster.pid").exists():
            _run_as_postgres([str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate",
                              "-w", "stop"], workdir)
        shutil.rmtree(workdir, ignore_errors=True)


def _admin(base_url: str, sql: str) -> None:
    with psycopg.connect(f"{base_url}/postgres", autocommit=True) as conn:
        # The names are built by this module, never from input.
        conn.execute(sql.encode())


@pytest.fixture(scope="session")
def pg_template(pg_cluster: str) -> str:
    """A database migrated to head once per session; each test copies it (fast)."""
    _admin(pg_cluster, f"CREATE DATABASE {TEMPLATE_DB}")
    Database(f"{pg_cluster}/{TEMPLATE_DB}").upgrade()
    return TEMPLATE_DB


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sqlite-template") / "template.db"
    Database(f"sqlite:///{path}").upgrade()
    return path


def fresh_pg_url(request: pytest.FixtureRequest) -> Iterator[str]:
    base = request.getfixturevalue("pg_cluster")
    template = request.getfixturevalue("pg_template")
    name = f"test_{os.getpid()}_{next(_database_numbers)}"
    # FILE_COPY is several times faster than the default WAL_LOG for a small template.
    _admin(base, f"CREATE DATABASE {name} TEMPLATE {template} STRATEGY FILE_COPY")
    yield f"{base}/{name}"
    _admin(base, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def fresh_sqlite_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    path = tmp_path / "careerbot.db"
    shutil.copyfile(request.getfixturevalue("sqlite_template"), path)
    return f"sqlite:///{path}"


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    if request.param == "sqlite":
        yield fresh_sqlite_url(request, tmp_path)
    else:
        yield from fresh_pg_url(request)


@pytest.fixture
async def db(db_url: str) -> AsyncIterator[Database]:
    database = Database(db_url, secret_key=TEST_SECRET_KEY)
    yield database
    await database.close()


@pytest.fixture
def repo(db: Database) -> SqlRepo:
    return SqlRepo(db)


@pytest.fixture
async def sqlite_db(request: pytest.FixtureRequest, tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(fresh_sqlite_url(request, tmp_path), secret_key=TEST_SECRET_KEY)
    yield database
    await database.close()


@pytest.fixture
def sqlite_repo(sqlite_db: Database) -> SqlRepo:
    return SqlRepo(sqlite_db)


@pytest.fixture
async def pg_db(request: pytest.FixtureRequest) -> AsyncIterator[Database]:
    urls = fresh_pg_url(request)
    database = Database(next(urls), secret_key=TEST_SECRET_KEY)
    yield database
    await database.close()
    next(urls, None)
