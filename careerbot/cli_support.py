"""CLI plumbing shared by the commands: one-line errors on stderr (never a traceback), opening
the database (reachable, schema upgraded), progress bars on stderr, logging set-up."""

from __future__ import annotations

import asyncio
import json
import logging
import os
import sys
from collections.abc import AsyncIterator, Callable, Coroutine, Iterator, Sequence
from contextlib import asynccontextmanager, contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, NoReturn, TypeVar

import typer
from pydantic import ValidationError
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from sqlalchemy import make_url
from sqlalchemy.exc import SQLAlchemyError
from typer.core import TyperGroup

from bot.text import clean
from careerbot import request_ids
from careerbot.bootstrap import App, build
from careerbot.logs import MESSAGE_CHARS, SafeFormatter, configure, scrub
from careerbot.settings import Settings, SettingsError
from storage.database import Database, DatabaseUrlError
from storage.records import ImportFailed

T = TypeVar("T")


class CliError(Exception):
    """A problem the user can fix, said in one sentence."""


def fail(message: str) -> NoReturn:
    typer.echo(f"Error: {clean(message)}", err=True)
    raise typer.Exit(1)


def usage_line(error: typer.TyperException) -> str:
    """A usage error (missing or unknown argument, option or command, a bad value) as one
    line: what is wrong, the command's usage and where help is. Typer draws a box instead."""
    message = " ".join(error.format_message().split())
    if not message:  # `careerbot pulse` alone: the help was just printed
        return ""
    if not message.endswith((".", "?", "!")):
        message += "."
    context = getattr(error, "ctx", None)
    if context is None:
        return f"Error: {clean(message)}"
    usage = " ".join(context.get_usage().split())
    return f"Error: {clean(message)} {usage} ({context.command_path} --help says more)."


class OneLineErrors(TyperGroup):
    """The root command: usage errors are printed as one line (usage_line), whether run as
    the console script or in tests."""

    def main(self, args: Sequence[str] | None = None, prog_name: str | None = None,
             complete_var: str | None = None, standalone_mode: bool = True,
             windows_expand_args: bool = True, **extra: Any) -> Any:
        if not standalone_mode:
            return super().main(args, prog_name, complete_var, False, windows_expand_args,
                                **extra)
        try:
            result = super().main(args, prog_name, complete_var, False, windows_expand_args,
                                  **extra)
        except typer.Abort:
            typer.echo("Aborted.", err=True)
            sys.exit(1)
        except typer.TyperException as error:
            if line := usage_line(error):
                typer.echo(line, err=True)
            sys.exit(getattr(error, "exit_code", 1))
        sys.exit(result if isinstance(result, int) else 0)


def echo(text: str) -> None:
    """Print text that may hold people's words (names, comments, teams): never an escape
    sequence to the terminal (bot.text.clean)."""
    typer.echo(clean(text))


def explain(error: BaseException) -> str | None:
    """A one-sentence explanation of an error people can cause, or None for a real bug."""
    match error:
        case CliError() | ImportFailed() | DatabaseUrlError() | SettingsError():
            return str(error)
        case ValidationError():
            first = error.errors()[0]
            name = ".".join(str(part) for part in first["loc"])
            return f"setting {name} is not valid: {first['msg']}."
        case FileNotFoundError():
            return f"no such file: {error.filename}"
        case PermissionError():
            return f"no permission to use {error.filename}"
        case SQLAlchemyError():
            detail = str(getattr(error, "orig", None) or error).strip().splitlines()[0]
            return f"the database refused the operation: {detail}"
    return None


def run(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run a command's async body, turning problems people can cause into one clear line."""
    try:
        return asyncio.run(coroutine)
    except (CliError, ImportFailed, DatabaseUrlError, SettingsError, ValidationError, OSError,
            SQLAlchemyError) as error:
        message = explain(error)
        if message is None:
            raise
        fail(message)


def load_settings() -> Settings:
    try:
        return Settings()
    except ValidationError as error:
        fail(explain(error) or str(error))


def shown_url(url: str) -> str:
    """The URL with any password masked, for messages."""
    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL has no password we could recognise
        return url


def sqlite_path(db: Database) -> Path | None:
    """The file behind a SQLite database (None for PostgreSQL)."""
    return Path(make_url(db.sync_url).database or "") if db.dialect == "sqlite" else None


async def prepare(db: Database, *, must_exist: bool = False) -> None:
    """Make sure the database answers and its schema is at the newest migration.

    Every command that uses the database does this, so nobody has to remember
    `careerbot db upgrade` (which is idempotent). With `must_exist`, a missing SQLite file is an
    error instead of silently becoming a new, empty database."""
    path = sqlite_path(db)
    if must_exist and path is not None and not path.exists():
        raise CliError(
            f"there is no database at {path} yet. Load people and tracks first "
            "(careerbot import tracks FILE..., careerbot import people FILE), "
            "or try careerbot demo.")
    if not await db.ping():
        if path is not None and path.is_file():
            raise CliError(f"{path} is not a SQLite database (or it is damaged). "
                           "Point DATABASE_URL at another file.")
        raise CliError(f"cannot reach the database at {shown_url(db.sync_url)}. "
                       "Check DATABASE_URL and that the server is running.")
    try:
        await asyncio.to_thread(db.upgrade)
    except SQLAlchemyError as error:
        raise CliError(f"could not bring the database schema up to date ({explain(error)}). "
                       "Run careerbot db upgrade to retry.") from error


@asynccontextmanager
async def opened(settings: Settings, *, must_exist: bool = False) -> AsyncIterator[App]:
    """The composed app on a prepared database, closed afterwards."""
    app = build(settings)
    try:
        await prepare(app.db, must_exist=must_exist)
        yield app
    finally:
        await app.db.close()


def stderr_console() -> Console:
    return Console(stderr=True, highlight=False)


@contextmanager
def progress(description: str, total: int) -> Iterator[Callable[[str], None]]:
    """A progress bar on stderr (only on a terminal, so pipes and logs stay clean).

    Yields `step(next_description)`, which completes one step and names the next."""
    console = stderr_console()
    # Descriptions name files: shown as written, never read as rich markup or escapes.
    bar = Progress(TextColumn("{task.description}", markup=False), BarColumn(),
                   MofNCompleteColumn(), console=console, transient=True,
                   disable=not console.is_terminal)
    with bar:
        task = bar.add_task(clean(description), total=total)

        def step(next_description: str) -> None:
            bar.update(task, advance=1, description=clean(next_description))

        yield step


def setup_logging() -> None:
    """Errors only (one line each) unless LOG_LEVEL asks for more; DEBUG adds tracebacks.
    Never people's data, at any level (careerbot/logs.py). LOG_FORMAT=json: one JSON object a
    line (JsonFormatter), through the same filter and scrubbing."""
    configure(os.environ.get("LOG_LEVEL", "ERROR"), sys.stderr)
    if os.environ.get("LOG_FORMAT", "text").strip().lower() == "json":
        for handler in logging.getLogger().handlers:
            debug = isinstance(handler.formatter, SafeFormatter) and handler.formatter.debug
            handler.setFormatter(JsonFormatter(debug=debug))


class JsonFormatter(SafeFormatter):
    """One JSON object a line: time (UTC, ISO 8601), level, logger, message, request_id (null
    outside a request), and the traceback only when debugging. Every text is scrubbed as the
    text lines are (emails masked, control characters removed, the message capped)."""

    def format(self, record: logging.LogRecord) -> str:
        message = record.getMessage()
        if len(message) > MESSAGE_CHARS:
            message = message[:MESSAGE_CHARS] + "... (cut)"
        line: dict[str, str | None] = {
            "time": self.formatTime(record),
            "level": record.levelname,
            "logger": scrub(record.name),
            "message": scrub(message),
            "request_id": request_ids.current(),
        }
        if self.debug and record.exc_info:
            line["exception"] = scrub(self.formatException(record.exc_info))
        return json.dumps(line, ensure_ascii=False)

    def formatTime(self, record: logging.LogRecord, datefmt: str | None = None) -> str:  # noqa: N802
        stamp = datetime.fromtimestamp(record.created, UTC)
        return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")
