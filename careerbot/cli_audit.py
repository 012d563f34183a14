"""`careerbot audit [--since DATE] [--csv FILE]`: what HR and admins did, when, where and who,
from the audit log (which holds ids, teams and dates, never answers or notes)."""

from __future__ import annotations

import csv
import getpass
from collections.abc import Sequence
from datetime import UTC, date, datetime, time
from pathlib import Path
from typing import Annotated

import typer

from bot.rights.rules import CLI, AuditEntry
from bot.text import clean, csv_row
from careerbot.cli_support import echo, fail, load_settings, opened, run
from careerbot.settings import Settings
from storage.audit.repository import add_entry
from storage.database import Database

COLUMNS = ("when", "platform", "who", "action", "detail", "about_person_id")


def os_user() -> str:
    """Who runs the terminal, for the audit log."""
    try:
        return getpass.getuser()
    except (OSError, KeyError):  # no login name (e.g. a container without a passwd entry)
        return "unknown"


def cli_entry(action: str, detail: str = "", person_id: int | None = None) -> AuditEntry:
    """An entry for something done in the terminal: platform "cli", the OS user."""
    return AuditEntry(datetime.now(UTC), CLI, os_user(), action, detail, None, person_id)


async def record_cli(db: Database, action: str, detail: str = "") -> None:
    """Records a terminal action that committed on its own (an import, an export)."""
    async with db.transaction() as s:
        await add_entry(s, cli_entry(action, detail))


def since_date(text: str | None) -> datetime | None:
    if text is None:
        return None
    try:
        return datetime.combine(date.fromisoformat(text.strip()), time(), tzinfo=UTC)
    except ValueError:
        fail(f"--since {text!r} is not a date such as 2026-03-16.")


async def _entries(settings: Settings, since: datetime | None) -> Sequence[AuditEntry]:
    async with opened(settings, must_exist=True) as app, app.services.units() as uow:
        return await uow.audit.entries(since)


def cells(e: AuditEntry) -> tuple[str, ...]:
    about = "" if e.person_id is None else str(e.person_id)
    return (e.at.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S UTC"), e.platform, e.actor,
            e.action, e.detail, about)


def write_csv(entries: Sequence[AuditEntry], path: Path) -> None:
    with path.open("w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(COLUMNS)
        for entry in entries:
            out.writerow(csv_row(cells(entry)))  # no cell a spreadsheet would run


def audit(
    since: Annotated[str | None, typer.Option("--since", metavar="DATE",
                                              help="Only entries from DATE (UTC) on.")] = None,
    csv_path: Annotated[Path | None, typer.Option("--csv", metavar="FILE",
                                                  help="Also write the entries to FILE.")] = None,
) -> None:
    """The audit log of HR and admin actions (imports, exports, rollouts, pulses, people
    export/forget, retention runs): when, on which platform, who, what. It holds no answers
    and no notes."""
    start = since_date(since)
    if csv_path is not None and not csv_path.parent.is_dir():
        fail(f"the folder {csv_path.parent} does not exist.")
    entries = run(_entries(load_settings(), start))
    if csv_path is not None:
        write_csv(entries, csv_path)
    if not entries:
        echo("The audit log has no entries" + (f" since {since}." if since else "."))
        return
    rows = [tuple(clean(c) for c in cells(e)) for e in entries]
    widths = [max(len(r[i]) for r in rows) for i in range(4)]
    lines = ["  ".join([*(c.ljust(w) for c, w in zip(r[:4], widths, strict=True)), r[4]]
                       ).rstrip() for r in rows]
    written = [f"Wrote {len(entries)} entries to {csv_path}."] if csv_path else []
    echo("\n".join([f"Audit log ({len(entries)} entries):", *lines, *written]))
