"""`careerbot people export EMAIL` and `careerbot people forget EMAIL`: a person's data rights
from the terminal (HR's machine: whoever runs the CLI can read the database). Both are
recorded in the audit log as "cli" with the OS user."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any

import typer
from sqlalchemy import select
from sqlmodel import col

from careerbot.cli_audit import cli_entry
from careerbot.cli_support import CliError, echo, fail, load_settings, opened, run
from careerbot.settings import Settings
from storage.audit.repository import add_entry
from storage.people.tables import PersonRow
from storage.rights.export import person_by_email, person_record
from storage.rights.forget import forget_person
from storage.track_changes import plural

people_app = typer.Typer(help="A person's data: export everything held about them, or forget "
                              "them.", no_args_is_help=True, rich_markup_mode="markdown")


async def _export(settings: Settings, email: str) -> dict[str, Any]:
    async with opened(settings, must_exist=True) as app, app.db.session() as s:
        person = await person_by_email(s, email)
        if person is None:
            raise CliError(f"nobody with the email {email.strip()} is loaded (see the people "
                           "file); nothing was exported.")
        record = await person_record(s, person)
        await add_entry(s, cli_entry("people.export", f"person #{person.id}", person.id))
        await s.commit()
        return record


@people_app.command("export")
def export_command(
    email: Annotated[str, typer.Argument(metavar="EMAIL", show_default=False)],
    out: Annotated[Path | None, typer.Option(
        "--out", metavar="FILE", help="Write the JSON to FILE instead of the terminal.")] = None,
) -> None:
    """Everything careerbot holds about the person with EMAIL, as JSON: profile, identities,
    ratings given and received, plan and goals, check-in notes about them and by them,
    check-ins, deliveries, pulse questions they saved, recurring pulses they scheduled and
    audit entries. Pulse answers are not included: nothing links
    them to a person."""
    if out is not None and not out.parent.is_dir():
        fail(f"the folder {out.parent} does not exist; nothing was exported.")
    record = run(_export(load_settings(), email))
    text = json.dumps(record, indent=2, ensure_ascii=False, sort_keys=False)
    if out is None:
        typer.echo(text)  # JSON escapes control characters: nothing reaches the terminal raw
    else:
        out.write_text(text + "\n", encoding="utf-8")
        echo(f"Wrote everything held about {email.strip().lower()} to {out}. "
             "Pulse answers are not included: nothing links them to a person.")


async def _forget(settings: Settings, email: str, yes: bool) -> str:
    async with opened(settings, must_exist=True) as app, app.db.session() as s:
        person = await person_by_email(s, email)
        shown = email.strip().lower()
        if person is None or person.id is None:
            return (f"Nothing is held about {shown} (never loaded, or forgotten already); "
                    "nothing changed.")
        if not yes and not _confirmed(f"Forget {person.name} ({shown})? Their ratings, plan, "
                                      "check-in notes about them, identities and messages "
                                      "are erased for good"):
            raise CliError("not confirmed; nothing was changed.")
        reports = len((await s.execute(select(col(PersonRow.id)).where(
            col(PersonRow.manager_id) == person.id))).all())
        await add_entry(s, cli_entry("people.forget", f"person #{person.id}", person.id))
        await forget_person(s, person.id, datetime.now(UTC))
        await s.commit()
        managed = (f" Their {plural(reports, 'report')} now {'has' if reports == 1 else 'have'} "
                   "no manager and keep their own data." if reports else "")
        return (f"Forgot {shown}: their ratings, plan and goals, check-in notes about them, "
                f"identities, addresses, messages and pulse invitations are erased.{managed} "
                "Pulse results stay (they hold no one's answers). Recurring pulses they "
                "scheduled and pulse questions they saved stay (the company's), under the "
                "forgotten id with no name or email.")


def _confirmed(question: str) -> bool:
    try:
        return typer.confirm(question, default=False)
    except typer.Abort:  # end of input (piped, or ctrl-D): not a yes
        typer.echo("", err=True)
        return False


@people_app.command("forget")
def forget_command(
    email: Annotated[str, typer.Argument(metavar="EMAIL", show_default=False)],
    yes: Annotated[bool, typer.Option("--yes", help="Do not ask for confirmation.")] = False,
) -> None:
    """Erase the person with EMAIL: their ratings, plan, notes about them, identities,
    addresses, messages and pulse invitations. Their reports keep their own data (with no
    manager); pulse results stay. Safe to repeat. Asks first unless --yes."""
    echo(run(_forget(load_settings(), email, yes)))
