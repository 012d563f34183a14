"""`careerbot rollout ...` and `careerbot pulse ...`: HR's chat commands from the terminal
(acting with the HR role), plus `pulse results ID --csv FILE --png FILE`."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Annotated
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import typer

from bot.context import Context
from bot.events import Actor, Platform, TextMessage
from bot.model import Person, Role
from bot.pulses import admin as pulse_admin
from bot.pulses.messages import team_reply, when
from bot.pulses.rules import PulseError, PulsePoll
from bot.pulses.service import results_message, results_of
from bot.reply import Reply
from bot.rollouts import admin as rollout_admin
from bot.rollouts.rules import RolloutError
from bot.text import clean
from careerbot.cli_audit import cli_entry, os_user
from careerbot.cli_pulse_series import series_lines
from careerbot.cli_support import CliError, echo, load_settings, opened, run
from careerbot.pulse_export import write_csv, write_png

pulse_app = typer.Typer(help="Pulse polls: schedule, change, cancel, read results.",
                        no_args_is_help=True)

TZ_OPTION = typer.Option("--tz", help="Timezone for dates given without a time (e.g. "
                                      "Europe/Berlin).")


def cli_person(tz: str) -> Person:
    """The terminal acts with the HR role: whoever can run the CLI can read the database."""
    return Person(id=0, email="cli@localhost", name="careerbot CLI", role=Role.HR, timezone=tz)


def checked_tz(tz: str) -> str:
    try:
        ZoneInfo(tz)
    except (ZoneInfoNotFoundError, ValueError):
        raise CliError(f"--tz {tz!r} is not a timezone name such as Europe/Berlin or UTC."
                       ) from None
    return tz


async def _run_flow(flow: Callable[[Context, str], Awaitable[Reply]], text: str,
                    tz: str) -> str:
    """The chat command's answer; its problems (bad date, unknown team or pulse...) become a
    CliError, so the command exits non-zero with the same sentence chat would give."""
    person = cli_person(checked_tz(tz))
    text = clean(text)  # typed, as in chat (bot.conversation.cleaned)
    async with opened(load_settings()) as app, app.services.units() as uow:
        ctx = Context(app.services, uow, person,
                      TextMessage(Actor(Platform.CONSOLE, os_user()), text, command=True))
        try:
            reply = await flow(ctx, text)
        except (PulseError, RolloutError) as error:
            raise CliError(str(error)) from None
        await uow.commit()
        return reply.text


def rollout(
    args: Annotated[list[str] | None, typer.Argument(
        help="TEAM DATE | status [TEAM] | stage TEAM STAGE owner|start|finish|note|done|undo "
             "VALUE")] = None,
    tz: Annotated[str, TZ_OPTION] = "UTC",
) -> None:
    """Record a team's rollout (its first pulse is scheduled 14 days later), show rollouts, or
    change a stage: owner, dates, notes, checklist items."""
    echo(run(_run_flow(rollout_admin.execute, " ".join(args or []), tz)))


def _pass_through(name: str, help_text: str, *, dates: bool = False,
                  chat_options: bool = False) -> None:
    """The chat command `pulse NAME ARGS`; only commands that read a date take --tz.
    `chat_options`: options typer does not know (`--every 2 weeks`) go to the chat command."""
    def with_dates(args: Annotated[list[str] | None, typer.Argument()] = None,
                   tz: Annotated[str, TZ_OPTION] = "UTC") -> None:
        echo(run(_run_flow(pulse_admin.execute, " ".join([name, *(args or [])]), tz)))

    def without_dates(args: Annotated[list[str] | None, typer.Argument()] = None) -> None:
        with_dates(args)

    command = with_dates if dates else without_dates
    command.__doc__ = help_text
    settings = {"ignore_unknown_options": True} if chat_options else {}
    pulse_app.command(name, context_settings=settings)(command)


_pass_through("schedule", "Schedule a pulse: TEAM[, TEAM...]|everyone [DATE or ISO time]; a "
              "recurring one: TEAMS DATE --every N weeks|months.", dates=True, chat_options=True)
_pass_through("stop", "Stop a recurring pulse: SERIES (no new runs, scheduled runs cancelled).")
_pass_through("move", "Move a scheduled pulse: ID DATE.", dates=True)
_pass_through("cancel", "Cancel a scheduled pulse: ID.")
_pass_through("threshold", "Change the anonymity threshold (3-10; only up once open): ID N.")
_pass_through("question", "Add or edit a question before opening: ID QUESTION-ID [--enps|--choice] "
              "[TEXT] (a bank or saved id alone adds that question; '-' removes).",
              chat_options=True)


async def _pulses() -> list[PulsePoll]:
    async with opened(load_settings()) as app, app.services.units() as uow:
        return sorted(await uow.pulses.pulses(), key=lambda p: (p.opens_at, p.id))


def pulse_rows(polls: list[PulsePoll]) -> list[str]:
    """One aligned line per pulse, in the order given."""
    cells = [(f"#{p.id}", p.status.value, f"opens {when(p.opens_at)}",
              f"closes {when(p.closes_at)}", p.audience_label,
              p.title + (f" - series {p.series_id}" if p.series_id else "")) for p in polls]
    widths = [max(len(row[i]) for row in cells) for i in range(5)]
    return ["  ".join([*(cell.ljust(w) for cell, w in zip(row, widths, strict=False)),
                       row[5]]).rstrip() for row in cells]


@pulse_app.command("list")
def list_command() -> None:
    """List every pulse by opening date (earliest first) with its status and audience."""
    polls = run(_pulses())
    if not polls:
        echo(f"No pulses yet. Schedule one with: careerbot pulse schedule TEAM [DATE]. "
             f"({pulse_admin.USAGE.replace('**', '')})")
        return
    echo("\n".join([f"Pulse polls by opening date ({len(polls)}):", *pulse_rows(polls),
                     *run(series_lines())]))


async def _results(pulse_id: int, csv_path: Path | None, png_path: Path | None,
                   by: str | None = None) -> str:
    async with opened(load_settings()) as app, app.services.units() as uow:
        poll = await uow.pulses.pulse(pulse_id)
        if poll is None:
            raise CliError(f"there is no pulse #{pulse_id} (see careerbot pulse list).")
        if by not in (None, "team"):
            raise CliError(f"--by {by}: results can be broken down by team only (--by team).")
        results = await results_of(uow, poll)
        if csv_path is not None:
            write_csv(results, csv_path, by_team=by == "team")
        if png_path is not None:
            write_png(poll, results, png_path, by_team=by == "team")
        shown = (team_reply(poll, results) if by else await results_message(uow, poll)).text
        written = [f"{kind} {path.name}" for kind, path in (("csv", csv_path), ("png", png_path))
                   if path is not None] + ["--by team"] * (by == "team")
        await uow.audit.record(cli_entry("pulse.results", f"#{pulse_id} " + " ".join(written)))
        await uow.commit()
        return shown


@pulse_app.command("results")
def results(
    pulse_id: Annotated[int, typer.Argument(metavar="ID")],
    csv_path: Annotated[Path | None, typer.Option("--csv", help="Also write a CSV file.")] = None,
    png_path: Annotated[Path | None, typer.Option(
        "--png", help="Also write a chart: the 1-5 distributions (with --by team, the "
        "heatmap).")] = None,
    by: Annotated[str | None, typer.Option(
        "--by", metavar="team", help="Favourable % per statement and team (text, CSV, PNG).")
    ] = None,
) -> None:
    """Show a pulse's results (only groups at or above the anonymity threshold), optionally as
    CSV and PNG under the same rule."""
    echo(run(_results(pulse_id, csv_path, png_path, by.casefold() if by else None)))


# Pulse commands kept in modules of their own register on pulse_app when imported (after it is
# defined, so importing either module first works).
from careerbot import cli_pulse_trend  # noqa: E402, F401
