"""`careerbot pulse questions`: our question bank by theme and HR's saved questions (`--csv
FILE` writes them all), and `save` / `remove` as in chat. careerbot/cli.py adds it to
`careerbot pulse`."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Annotated

import typer

from bot.pulses import admin as pulse_admin
from bot.pulses.questions import Listed, catalogue
from bot.pulses.rules_questions import question_line
from bot.text import csv_row
from careerbot.cli_hr import _run_flow
from careerbot.cli_support import echo, load_settings, opened, run

CSV_HEADER = ("source", "theme", "id", "kind", "text", "choices", "saved_at")

questions_app = typer.Typer(help="The question bank and HR's saved questions: list, save, "
                                 "remove.")


def listing_lines(listed: list[Listed]) -> list[str]:
    """The questions under their themes, one `id (kind): text` line each."""
    lines = [f"Pulse questions ({len(listed)}). Add one to a scheduled pulse with: careerbot "
             "pulse question PULSE-ID QUESTION-ID"]
    themes = list(dict.fromkeys(item.theme for item in listed))
    if "Saved by HR" not in themes:
        themes.append("Saved by HR")
    for theme in themes:
        items = [item for item in listed if item.theme == theme]
        lines.append(f"\n{theme} ({len(items)})" if theme == "Saved by HR" else f"\n{theme}")
        lines += [f"  {question_line(item.question)}" for item in items] or ["  none yet"]
    return lines


def write_questions_csv(listed: list[Listed], path: Path) -> None:
    """One row per question; choices joined with " | " as they are typed. Questions are HR's
    text, so every cell goes through csv_row (never a formula in a spreadsheet)."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(CSV_HEADER)
        writer.writerows(csv_row((
            item.source, item.theme, item.question.id, item.question.kind.value,
            item.question.text, " | ".join(item.question.choices),
            item.saved.created_at.isoformat() if item.saved else "")) for item in listed)


async def _listed(csv_path: Path | None) -> str:
    async with opened(load_settings()) as app, app.services.units() as uow:
        listed = await catalogue(uow)
    if csv_path is not None:
        write_questions_csv(listed, csv_path)
    return "\n".join(listing_lines(listed))


@questions_app.callback(invoke_without_command=True)
def questions(
    context: typer.Context,
    csv_path: Annotated[Path | None, typer.Option(
        "--csv", help="Also write every question to a CSV file.")] = None,
) -> None:
    """List our question bank by theme and HR's saved questions (id, kind, text)."""
    if context.invoked_subcommand is None:
        echo(run(_listed(csv_path)))


@questions_app.command("save")
def save(
    question_id: Annotated[str, typer.Argument(metavar="ID")],
    text: Annotated[list[str], typer.Argument(metavar="TEXT")],
    enps: Annotated[bool, typer.Option("--enps", help="An eNPS question (0-10).")] = False,
    choice: Annotated[bool, typer.Option(
        "--choice", help="A single-choice question: \"TEXT | CHOICE | CHOICE ...\" (2-10 "
        "choices, quoted for the shell).")] = False,
) -> None:
    """Save a question of HR's own under ID (a 1-5 agreement statement unless --enps or
    --choice); saving an ID again changes its text."""
    options = ["--enps"] * enps + ["--choice"] * choice
    echo(run(_run_flow(pulse_admin.execute,
                       " ".join(["questions", "save", question_id, *options, *text]), "UTC")))


@questions_app.command("remove")
def remove(question_id: Annotated[str, typer.Argument(metavar="ID")]) -> None:
    """Remove a question HR saved (pulses that already have it keep it)."""
    echo(run(_run_flow(pulse_admin.execute, f"questions remove {question_id}", "UTC")))
