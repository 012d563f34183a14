"""Run the real `careerbot` command as a subprocess against a SQLite file (no mocks)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from careerbot.samples import people_file, track_files

TIMEOUT = 60


def command() -> list[str]:
    """The installed console script when there is one (proves the entry point), else -m."""
    script = Path(sys.executable).parent / "careerbot"
    return [str(script)] if script.exists() else [sys.executable, "-m", "careerbot"]


@dataclass(frozen=True)
class Done:
    code: int
    out: str
    err: str


def careerbot(*args: str, db: Path | None, cwd: Path, stdin: str = "",
              env: dict[str, str] | None = None) -> Done:
    """Run `careerbot ARGS` in `cwd` on the SQLite file `db`, feeding `stdin` (never a TTY)."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in ("DATABASE_URL", "LOG_LEVEL", "FORCE_COLOR", "TTY_COMPATIBLE")}
    environment["NO_COLOR"] = "1"
    if db is not None:
        environment["DATABASE_URL"] = f"sqlite:///{db}"
    environment.update(env or {})
    done = subprocess.run([*command(), *args], cwd=cwd, input=stdin, capture_output=True,
                          text=True, env=environment, timeout=TIMEOUT, encoding="utf-8")
    return Done(done.returncode, done.stdout, done.stderr)


def seed(db: Path, cwd: Path) -> None:
    """Load the bundled sample files through `careerbot import`, as HR would."""
    tracks = careerbot("import", "tracks", *map(str, track_files()), db=db, cwd=cwd)
    assert tracks.code == 0, tracks.err
    people = careerbot("import", "people", str(people_file()), db=db, cwd=cwd)
    assert people.code == 0, people.err


def copy_database(source: Path, target: Path) -> Path:
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{source}{suffix}").exists():
            shutil.copyfile(f"{source}{suffix}", f"{target}{suffix}")
    return target


def dump(db: Path) -> list[str]:
    """Every row of every table, as SQL (to prove a refused import changed nothing)."""
    with sqlite3.connect(db) as connection:
        return list(connection.iterdump())


def invoke(*args: str, db: Path | None, env: dict[str, str] | None = None) -> Done:
    """Run a command in this process (fast; same parsing, exit codes and database work).

    The caller chdirs to a temporary folder first (settings read `.env` from there)."""
    from typer.testing import CliRunner

    from careerbot.cli import app

    environment = {"DATABASE_URL": f"sqlite:///{db}" if db else None, "NO_COLOR": "1"}
    result = CliRunner().invoke(app, list(args), env={**environment, **(env or {})})
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception
    return Done(result.exit_code, result.stdout, result.stderr)
