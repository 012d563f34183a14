"""Recurring pulses (issue 14): a series creates its runs one at a time. Run 1 is created with
the series; each later run is created when the one before it opens (service.open_due), with
that run's statements, threshold and reminder days, so an edit to a scheduled run carries
forward and trends line up. Stopping a series cancels its scheduled runs; an open run goes on
to its close."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.context import Context
from bot.names import whole_number
from bot.ports import UnitOfWork
from bot.pulses.rules import PulseError, PulsePoll, PulseStatus, default_questions
from bot.pulses.rules_schedule import default_close, local_time
from bot.pulses.rules_series import PulseSeries, next_opening, run_title
from bot.reply import Block, Caption


async def start_series(uow: UnitOfWork, draft: PulseSeries) -> tuple[PulseSeries, PulsePoll]:
    """The series and its first run (the default statements), opening at its first opening."""
    series = await uow.series.create_series(draft)
    first = series.first_opens_at
    run = await uow.series.add_run(PulsePoll(
        0, run_title(series.recurrence, 1), default_questions(), series.audience, first,
        default_close(first), series_id=series.id))
    assert run is not None, "a new series has no run yet"
    return series, run


async def plan_next(uow: UnitOfWork, run: PulsePoll, now: datetime) -> PulsePoll | None:
    """The run after `run` (which has opened, or was cancelled), unless the series is stopped
    or has a later run already (a cancelled one does not count): created once, however many
    processes call this at once (the series row is locked, so a stop waits or is seen; a run's
    (series, opening) is unique). Its slot is after `now` and after every run so far (a slot
    HR cancelled stays skipped, even when a run was moved before it), so a run opened late
    (after downtime) never starts a burst of past runs. None when nothing was created. The
    scheduler's planners pick the new run up from the database."""
    if run.series_id is None:
        return None
    series = await uow.series.series(run.series_id, lock=True)
    if series is None or series.stopped_at is not None:
        return None
    runs = await uow.series.runs(series.id)
    if any(r.opens_at > run.opens_at and r.status != PulseStatus.CANCELLED for r in runs):
        return None
    opens = next_opening(series, max([run.opens_at, now, *(r.opens_at for r in runs)]))
    return await uow.series.add_run(PulsePoll(
        0, run_title(series.recurrence, len(runs) + 1), run.questions, series.audience, opens,
        default_close(opens), threshold=run.threshold, reminder_days=run.reminder_days,
        series_id=series.id))


async def after_cancel(ctx: Context, run: PulsePoll) -> tuple[Block, ...]:
    """After a scheduled run of a running series is cancelled (`pulse cancel`, merged into
    another pulse, skipped from the overlap warning): the series goes on, its next run created
    now (runs are created when the one before opens, so otherwise none would be). What HR is
    told: the next run, or that there is none (also shown by `pulse list`)."""
    if run.series_id is None:
        return ()
    tz = ctx.person.timezone
    following = await plan_next(ctx.uow, replace(run, status=PulseStatus.CANCELLED),
                                ctx.services.clock.now())
    if following is not None:
        ctx.changed_pulses.add(following.id)
    else:
        series = await ctx.uow.series.series(run.series_id)
        if series is None or series.stopped_at is not None:
            return ()
        following = next((r for r in await ctx.uow.series.runs(series.id)
                          if r.status == PulseStatus.SCHEDULED), None)
        if following is None:
            return (Caption(f"Series {series.id} has no run scheduled now, so no more runs: "
                            f"\"pulse stop {series.id}\", then schedule it again."),)
    return (Caption(f"Series {run.series_id} goes on: its next run is pulse #{following.id}, "
                    f"opening {local_time(following.opens_at, tz)} "
                    f"(\"pulse stop {run.series_id}\" ends the series)."),)


def series_number(words: list[str]) -> int:
    """`1`, `#1`, `s1` or `series 1`. Raises PulseError otherwise (`1 2` is not series 12)."""
    text = " ".join(words).casefold().removeprefix("series").strip().removeprefix("#")
    text = text.removeprefix("s") if len(words) == 1 else text
    number = whole_number(text)
    if number is None:
        raise PulseError("Which series? Give its number from \"pulse list\", e.g. "
                         "\"pulse stop 1\".")
    return number


async def stop(uow: UnitOfWork, series_id: int, now: datetime,
               changed: set[int]) -> tuple[list[PulsePoll], list[PulsePoll]]:
    """Stops a running series: no new runs, its scheduled runs cancelled (their ids added to
    `changed`, for the scheduler). Returns (cancelled runs, open runs, which go on to their
    close). Raises PulseError for an unknown or already stopped series, changing nothing."""
    found = await uow.series.series(series_id)
    if found is None:
        raise PulseError(f"There is no series {series_id} (see \"pulse list\").")
    if found.stopped_at is not None:
        raise PulseError(f"Series {series_id} was already stopped on "
                         f"{found.stopped_at:%d %b %Y}; nothing changed.")
    # Cancel, then stop (locking the series row), then cancel again: a run created by a
    # process that held the lock first is cancelled by the second pass. Never the other way
    # round: holding the series lock while waiting for a run being opened could deadlock.
    await _cancel_scheduled(uow, series_id, changed)
    if not await uow.series.stop_series(series_id, now):
        raise PulseError(f"Series {series_id} was already stopped; nothing changed.")
    await _cancel_scheduled(uow, series_id, changed)
    runs = await uow.series.runs(series_id)
    return ([r for r in runs if r.id in changed and r.status == PulseStatus.CANCELLED],
            [r for r in runs if r.status == PulseStatus.OPEN])


async def _cancel_scheduled(uow: UnitOfWork, series_id: int, changed: set[int]) -> None:
    for run in await uow.series.runs(series_id):
        if run.status == PulseStatus.SCHEDULED:
            await uow.pulses.update_pulse(replace(run, status=PulseStatus.CANCELLED))
            changed.add(run.id)


async def series_fields(uow: UnitOfWork, tz: str) -> tuple[tuple[str, str], ...]:
    """Each series for `pulse list`: id, cadence and audience; runs so far, the next run (in
    `tz`) or that it is stopped or has none, and whether its teams still have anyone."""
    out = []
    for series in await uow.series.all_series():
        runs = await uow.series.runs(series.id)
        opened = [f"#{r.id}" for r in runs if r.status in (PulseStatus.OPEN, PulseStatus.CLOSED)]
        upcoming = next((r for r in runs if r.status == PulseStatus.SCHEDULED), None)
        if series.stopped_at is not None:
            state = f"stopped {local_time(series.stopped_at, tz)}"
        elif upcoming is not None:
            state = f"next run #{upcoming.id} opens {local_time(upcoming.opens_at, tz)}"
        else:  # after_cancel told HR when this happened
            state = (f"no run scheduled, so no more runs: \"pulse stop {series.id}\", then "
                     "schedule it again")
        if series.stopped_at is None and not await uow.people.in_teams(series.audience):
            # leavers (SCIM, HR) left its teams empty: runs go on, to nobody, until stopped
            where = f"in {series.audience_label}" if series.audience else "active"
            state += f"; nobody is {where} now, so its runs reach nobody"
        so_far = f"{len(opened)} run(s) so far" + (f" ({', '.join(opened)})" if opened else "")
        out.append((f"Series {series.id}: {series.recurrence.label}, {series.audience_label}",
                    f"{so_far}; {state}"))
    return tuple(out)
