"""HR's recurring pulse commands, shared by chat and the CLI: `pulse schedule TEAMS DATE --every
N weeks|months` (reached through admin.schedule) and `pulse stop SERIES`. Both raise PulseError
(a sentence for the person) for anything they cannot do, before changing anything."""

from __future__ import annotations

from datetime import datetime

from bot.context import Context
from bot.pulses import series as series_ops
from bot.pulses.overlap import overlap_blocks
from bot.pulses.rules import PulseError
from bot.pulses.rules_schedule import local_time
from bot.pulses.rules_series import PulseSeries, Recurrence, Unit
from bot.reply import Caption, Reply, Text

NEEDS_DATE = ("A recurring pulse needs the date of its first run, e.g. \"pulse schedule "
              "Platform, Design 2026-04-01 --every month\".")


async def schedule_series(ctx: Context, teams: tuple[str, ...], opens: datetime | None,
                          recurrence: Recurrence) -> Reply:
    """A series to `teams` (empty = everyone) and its first run at `opens`."""
    if opens is None:
        raise PulseError(NEEDS_DATE)
    tz = ctx.person.timezone
    series, run = await series_ops.start_series(ctx.uow, PulseSeries(
        0, teams, recurrence, opens, tz, created_by=ctx.person.id or None))
    ctx.changed_pulses.add(run.id)
    unit = recurrence.unit.value.removesuffix("s" if recurrence.every == 1 else "")
    step = f"{recurrence.every} {unit} later" + (
        " on the same day of the month (its last day in a shorter month)"
        if recurrence.unit == Unit.MONTHS else "")
    return Reply((
        Text(f"Scheduled series {series.id} ({recurrence.label}) for "
             f"{series.audience_label}. Run 1 is pulse #{run.id}: opens "
             f"{local_time(run.opens_at, tz)}, closes {local_time(run.closes_at, tz)}."),
        Text(f"Each run is its own pulse with the latest run's statements, created when the one "
             f"before it opens: {step}, moved into working hours. Edit a scheduled run with "
             f"\"pulse question {run.id} QUESTION-ID TEXT\" and later runs carry the change "
             f"forward. Stop the series with \"pulse stop {series.id}\"."),
        *await overlap_blocks(ctx, run)))


async def stop(ctx: Context, words: list[str]) -> Reply:
    """`pulse stop SERIES`: no new runs, scheduled runs cancelled, an open run left to close."""
    series_id = series_ops.series_number(words)
    cancelled, still_open = await series_ops.stop(ctx.uow, series_id,
                                                  ctx.services.clock.now(), ctx.changed_pulses)
    said = [f"Stopped series {series_id}: no new runs."]
    if cancelled:
        said.append("Cancelled its scheduled run(s): "
                    f"{', '.join(f'#{r.id}' for r in cancelled)}.")
    tz = ctx.person.timezone
    said += [f"Pulse #{r.id} is open and goes on until it closes {local_time(r.closes_at, tz)}."
             for r in still_open]
    return Reply((Text(" ".join(said)),
                  Caption("Past runs and their results stay in \"pulse list\".")))

