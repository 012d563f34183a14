"""The processes under load: `careerbot serve` on a database seeded with careerbot's own import
commands, or the bare Bolt baseline; their memory and CPU read from /proc; a throwaway
PostgreSQL cluster started as tests/conftest.py starts it; the ratings the database holds."""

from __future__ import annotations

import asyncio
import csv
import inspect
import itertools
import os
import re
import signal
import sqlite3
import sys
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, closing, contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import aiohttp
import psycopg

from tests.conftest import _admin, _free_port, pg_cluster

ROOT = Path(__file__).resolve().parents[2]
SECRET = "load-signing-secret-0123456789abcdef"
TOKEN = "xoxb-load-token"
TRACKS = sorted((ROOT / "careerbot" / "samples" / "tracks").iterdir())
TEAM_SIZE = 9  # reports per manager in the seeded people
START_SECONDS = 60.0
STOP_SECONDS = 30.0
PROFILE_ENV = "CAREERBOT_BENCH_PROFILE"
_databases = itertools.count(1)
_PROBLEM = re.compile(r"fail|error|exception|traceback|locked|timed? ?out", re.IGNORECASE)
_ACCESS = re.compile(r'"(GET|POST) /\S* HTTP/')


def user_id(index: int) -> str:
    return f"ULOAD{index:05d}"


def people_file(path: Path, employees: int) -> list[str]:
    """A people CSV with `employees` people below managers (a manager per TEAM_SIZE), every
    one with a Slack id, so no users.info lookups happen. Employees are Software Engineer I or
    II: one next level each, so "rate" goes straight to the 1-5 scale. Returns their ids."""
    ids: list[str] = []
    with path.open("w", newline="") as f:
        writer = csv.writer(f)
        writer.writerow(["email", "name", "manager_email", "track", "level", "team", "role",
                         "slack_id"])
        teams = -(-employees // TEAM_SIZE)
        for team in range(teams):
            manager = f"lead{team}@example.com"
            writer.writerow([manager, f"Lead {team}", "", "software-engineering", "senior",
                             f"team{team}", "manager", f"ULEAD{team:05d}"])
            for member in range(TEAM_SIZE):
                index = team * TEAM_SIZE + member
                if index >= employees:
                    break
                ids.append(user_id(index))
                writer.writerow([f"person{index}@example.com", f"Person {index}", manager,
                                 "software-engineering", "se1" if index % 2 else "se2",
                                 f"team{team}", "employee", ids[-1]])
    return ids


def _env(**extra: str) -> dict[str, str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT), **extra}
    for name in ("SLACK_APP_TOKEN", "MICROSOFT_APP_ID", "MICROSOFT_APP_PASSWORD",
                 "TEAMS_DEV_ANONYMOUS", "LOG_LEVEL"):
        env.pop(name, None)
    return env


async def seed(database_url: str, folder: Path, employees: int) -> list[str]:
    """The sample tracks and `employees` people, loaded with `careerbot import` (which also
    brings the schema up to date); the employees' Slack ids."""
    ids = people_file(folder / "people.csv", employees)
    for args in (["tracks", *map(str, TRACKS)], ["people", str(folder / "people.csv")]):
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "careerbot", "import", *args, cwd=folder,
            env=_env(DATABASE_URL=database_url), stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(process.communicate(), 120)
        if process.returncode != 0:
            raise RuntimeError(f"careerbot import {args[0]} failed:\n{out.decode()}"
                               f"{err.decode()}")
    return ids


@dataclass
class Server:
    """A server process on loopback, its output going to `log`."""

    process: asyncio.subprocess.Process
    base: str
    log: Path
    _log_file: IO[bytes]

    @property
    def endpoint(self) -> str:
        return f"{self.base}/slack/events"

    def rss(self) -> int:
        """Resident memory in bytes (VmRSS), 0 once the process is gone."""
        try:
            status = Path(f"/proc/{self.process.pid}/status").read_text()
        except OSError:
            return 0
        for line in status.splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) * 1024
        return 0

    def cpu_seconds(self) -> float:
        """User + system CPU time so far (0 once the process is gone)."""
        try:
            fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            return 0.0
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    async def stop(self) -> int:
        """SIGTERM, then SIGKILL after STOP_SECONDS; the exit code."""
        if self.process.returncode is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                await asyncio.wait_for(self.process.wait(), STOP_SECONDS)
            except TimeoutError:
                self.process.kill()
                await self.process.wait()
        self._log_file.close()
        return self.process.returncode or 0

    def problems(self) -> list[str]:
        """The lines of its log that speak of a failure (access log lines left out)."""
        try:
            text = self.log.read_text(errors="replace")
        except OSError:
            return []
        return [line for line in text.splitlines()
                if _PROBLEM.search(line) and not _ACCESS.search(line)]


async def _start(args: list[str], env: dict[str, str], folder: Path, name: str) -> Server:
    port = _free_port()
    env = {**env, "HOST": "127.0.0.1", "PORT": str(port), "SLACK_BOT_TOKEN": TOKEN,
           "SLACK_SIGNING_SECRET": SECRET}
    log = folder / f"{name}.log"
    log_file = log.open("wb")
    process = await asyncio.create_subprocess_exec(
        sys.executable, *args, cwd=folder, env=env, stdout=log_file, stderr=log_file)
    server = Server(process, f"http://127.0.0.1:{port}", log, log_file)
    try:
        await _wait_listening(server)
    except BaseException:
        await server.stop()
        raise
    return server


async def _wait_listening(server: Server) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + START_SECONDS
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=5)) as session:
        while loop.time() < deadline:
            if server.process.returncode is not None:
                raise RuntimeError(f"the server exited with {server.process.returncode}:\n"
                                   f"{server.log.read_text(errors='replace')[-3000:]}")
            try:
                async with session.get(f"{server.base}/healthz") as response:
                    await response.read()
                    return
            except (aiohttp.ClientConnectionError, TimeoutError):
                await asyncio.sleep(0.05)
    raise RuntimeError(f"the server did not answer within {START_SECONDS:.0f} s")


async def start_careerbot(database_url: str, api_url: str, folder: Path) -> Server:
    """`careerbot serve` (HTTP Slack mode, the Web API at `api_url`), once /healthz answers."""
    env = _env(DATABASE_URL=database_url, SLACK_API_URL=api_url)
    # CAREERBOT_BENCH_PROFILE=FILE: the server runs under cProfile, its profile written to FILE
    # when it stops (to see where the CPU of a request goes; it slows the server down).
    profile = os.environ.get(PROFILE_ENV)
    wrap = ["-m", "cProfile", "-o", profile] if profile else []
    return await _start([*wrap, "-m", "careerbot", "serve"], env, folder, "careerbot-serve")


async def start_bare_bolt(folder: Path, *, reply_in_ack: bool = False) -> Server:
    """The baseline: a bare Bolt app answering `/career` with a static reply (through the
    response_url, or in the ack)."""
    env = _env(BARE_BOLT_REPLY_IN_ACK="1" if reply_in_ack else "0")
    return await _start(["-m", "bench.load.bare_bolt"], env, folder, "bare-bolt")


# -- databases ----------------------------------------------------------------------------------


# tests/conftest.py's session fixture, unwrapped from pytest (functools.wraps keeps the
# generator function as __wrapped__): the one way this project starts a throwaway cluster.
postgres_cluster: Callable[[], AbstractContextManager[str]] = contextmanager(
    inspect.unwrap(pg_cluster))


@contextmanager
def database(db: str, folder: Path) -> Iterator[str]:
    """A URL for `db`: "sqlite" (a new file in `folder`), "postgresql" (a new database in a
    throwaway cluster) or a URL used as it is (it should hold no people yet)."""
    if db == "sqlite":
        yield f"sqlite:///{folder / 'load.db'}"
    elif db == "postgresql":
        with postgres_cluster() as base:
            name = f"load_{os.getpid()}_{next(_databases)}"
            _admin(base, f"CREATE DATABASE {name}")
            yield f"{base}/{name}"
    else:
        yield db


def dialect(database_url: str) -> str:
    return "postgresql" if database_url.startswith("postgresql") else "sqlite"


def stored_scores(database_url: str) -> set[tuple[str, str]]:
    """Every (assessment id, competency id) in the scores table."""
    query = "SELECT assessment_id, competency_id FROM scores"
    if dialect(database_url) == "postgresql":
        with psycopg.connect(database_url.replace("+psycopg", "")) as conn:
            rows = conn.execute(query).fetchall()
    else:
        path = database_url.split(":///", 1)[1]
        with closing(sqlite3.connect(f"file:{path}?mode=ro", uri=True)) as lite:
            rows = lite.execute(query).fetchall()
    return {(str(a), str(c)) for a, c in rows}
