"""HR's pulse commands, shared by chat and the CLI: `pulse list`, `pulse schedule TEAMS [DATE]`,
`pulse move|cancel|threshold|question ID ...`, `pulse results [ID]`. `execute` raises PulseError
(a sentence for the person) for anything it cannot do."""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable
from dataclasses import replace
from datetime import datetime

from bot.authz import problem
from bot.context import Context
from bot.hours import zone
from bot.names import whole_number
from bot.pulses import questions as question_bank
from bot.pulses.overlap import merge, overlap_blocks
from bot.pulses.rules import PulseError, PulsePoll, PulseStatus, check_threshold
from bot.pulses.rules import default_questions as defaults
from bot.pulses.rules_questions import described
from bot.pulses.rules_schedule import (
    default_close,
    into_working_hours,
    local_time,
    parse_instant,
    whole_minute,
)
from bot.pulses.rules_series import split_every
from bot.pulses.series import after_cancel, series_fields
from bot.pulses.series_admin import schedule_series, stop
from bot.pulses.service import known_teams, results_message
from bot.pulses.trend_chat import trend_command
from bot.reply import Caption, Fields, Header, Reply, Text
from bot.rights.service import audit

USAGE = ("Pulse commands: **pulse list**, **pulse schedule TEAM[, TEAM...]|everyone [DATE]**, "
         "**pulse schedule TEAMS DATE --every N weeks|months**, **pulse stop SERIES**, "
         "**pulse move ID DATE**, **pulse cancel ID**, **pulse merge ID ID**, "
         "**pulse threshold ID N**, "
         "**pulse question ID QUESTION-ID [TEXT]**, **pulse questions**, "
         "**pulse results [ID] [--by team]**, **pulse trend [TEAM]**.")


async def execute(ctx: Context, argument: str) -> Reply:
    """An HR pulse command. Raises PulseError (a sentence for the person) for anything it
    cannot do, so the CLI can exit non-zero."""
    words = argument.split()
    handler = SUBCOMMANDS.get(words[0].casefold() if words else "list")
    if handler is None:
        raise PulseError(USAGE)
    reply = await handler(ctx, words[1:])
    # every change and every read of results is recorded (the bank records its own changes)
    if handler not in (list_pulses, question_bank.command):
        await audit(ctx, f"pulse.{handler.__name__.removesuffix('_command')}",
                    _audited(handler, words[1:], ctx.changed_pulses))
    return reply


def _audited(handler: Callable[..., object], words: list[str], changed: set[int]) -> str:
    """What the audit log says about a pulse command: ids, teams and dates (a statement's
    new text is left out)."""
    kept = words[:2] if handler is question else words
    pulses = ", ".join(f"#{n}" for n in sorted(changed))
    return " ".join(kept) + (f" (pulse {pulses})" if pulses and handler is schedule else "")


def _opening(ctx: Context, text: str) -> datetime:
    """An opening time HR typed: a date (9:00 in their timezone) or an ISO time, not in the
    past (a pulse opening on an earlier day would close before anyone could answer)."""
    try:
        opens = parse_instant(text, ctx.person.timezone)
    except ValueError:
        raise PulseError(f"\"{text}\" is not a date I can read; use YYYY-MM-DD.") from None
    now = ctx.services.clock.now()
    tz = zone(ctx.person.timezone)
    if opens.astimezone(tz).date() < now.astimezone(tz).date():
        raise PulseError(f"{text} is in the past; pick today or a later day.")
    return max(opens, whole_minute(now))


async def _poll(ctx: Context, words: list[str], editable: bool = False) -> PulsePoll:
    number = whole_number(words[0].lstrip("#")) if words else None
    if number is None:
        raise PulseError(f"Which pulse? Give its number. {USAGE}")
    poll = await ctx.uow.pulses.pulse(number)
    if poll is None:
        raise PulseError(f"There is no pulse #{words[0].lstrip('#')}.")
    if editable and poll.status != PulseStatus.SCHEDULED:
        raise PulseError(f"Pulse #{poll.id} is {poll.status.value}; only a scheduled pulse "
                         "can be changed that way.")
    return poll


async def list_pulses(ctx: Context, words: list[str]) -> Reply:
    polls = await ctx.uow.pulses.pulses()
    if not polls:
        return problem(f"No pulses yet. {USAGE}")
    series = await series_fields(ctx.uow, ctx.person.timezone)
    return Reply((Header("Pulse polls"), Fields(tuple(
        (f"#{p.id} {p.title}", f"{p.status.value}, {p.audience_label}, opens "
         f"{local_time(p.opens_at, ctx.person.timezone)}"
         + (f", series {p.series_id}" if p.series_id else "")) for p in polls[:25])),
        *((Header("Recurring pulses"), Fields(series)) if series else ()), Caption(USAGE)))


async def schedule(ctx: Context, words: list[str]) -> Reply:
    words, every = split_every(words)  # a recurring pulse: series_admin
    opens = into_working_hours(ctx.services.clock.now(), ctx.person.timezone)
    dated = bool(words) and _looks_like_time(words[-1])
    if dated:
        opens = _opening(ctx, words[-1])
        words = words[:-1]
    teams = tuple(t.strip() for t in " ".join(words).split(",") if t.strip())
    if not teams:
        raise PulseError("Which teams? e.g. \"pulse schedule Platform, Design 2026-04-01\" or "
                         "\"pulse schedule everyone\".")
    if len(teams) == 1 and teams[0].casefold() in ("everyone", "all", "organisation"):
        teams = ()
    teams = await known_teams(ctx.uow, teams)
    if every is not None:
        return await schedule_series(ctx, teams, opens if dated else None, every)
    poll = await ctx.uow.pulses.create_pulse(PulsePoll(
        0, "Career tracks pulse", defaults(), teams, opens, default_close(opens)))
    ctx.changed_pulses.add(poll.id)
    tz = ctx.person.timezone
    return Reply((Text(f"Scheduled pulse #{poll.id} for {poll.audience_label}: opens "
                       f"{local_time(poll.opens_at, tz)}, closes "
                       f"{local_time(poll.closes_at, tz)}, reminders on days 3 and 5 to people "
                       "who have not answered."),
                  Caption(f"Edit a statement with \"pulse question {poll.id} QUESTION-ID TEXT\" "
                          f"(ids: {', '.join(q.id for q in poll.questions)})."),
                  *await overlap_blocks(ctx, poll)))


async def move(ctx: Context, words: list[str]) -> Reply:
    poll = await _poll(ctx, words, editable=True)
    if len(words) < 2:
        raise PulseError("When to? e.g. \"pulse move 3 2026-04-01\".")
    opens = _opening(ctx, words[1])
    poll = replace(poll, opens_at=opens, closes_at=default_close(opens))
    await ctx.uow.pulses.update_pulse(poll)
    ctx.changed_pulses.add(poll.id)
    tz = ctx.person.timezone
    return Reply((Text(f"Pulse #{poll.id} now opens {local_time(poll.opens_at, tz)} and closes "
                       f"{local_time(poll.closes_at, tz)}."), *await overlap_blocks(ctx, poll)))


async def cancel(ctx: Context, words: list[str]) -> Reply:
    poll = await _poll(ctx, words, editable=True)
    await ctx.uow.pulses.update_pulse(replace(poll, status=PulseStatus.CANCELLED))
    ctx.changed_pulses.add(poll.id)
    return Reply((Text(f"Cancelled pulse #{poll.id}. Nobody will receive it."),
                  *await after_cancel(ctx, poll)))


async def threshold(ctx: Context, words: list[str]) -> Reply:
    poll = await _poll(ctx, words)
    wanted = whole_number(words[1]) if len(words) >= 2 else None
    if wanted is None:
        raise PulseError("Give the new threshold, e.g. \"pulse threshold 3 6\".")
    if poll.status in (PulseStatus.CLOSED, PulseStatus.CANCELLED):
        raise PulseError(f"Pulse #{poll.id} is {poll.status.value}.")
    value = check_threshold(wanted, poll.threshold, poll.status)
    await ctx.uow.pulses.update_pulse(replace(poll, threshold=value))
    return Reply((Text(f"Pulse #{poll.id} now needs at least {value} responses per group "
                       "before anything is shown."),))


async def question(ctx: Context, words: list[str]) -> Reply:
    poll = await _poll(ctx, words, editable=True)
    if len(words) < 2:
        raise PulseError("e.g. \"pulse question 3 clarity-1\" (a question from \"pulse "
                         "questions\"), or \"pulse question 3 future I can see myself growing "
                         "here.\" (a new id adds a statement; --enps or --choice as in \"pulse "
                         "questions save\"; \"-\" as the text removes one).")
    qid, text = words[1].casefold(), " ".join(words[2:])
    kept = [q for q in poll.questions if q.id != qid]
    if text != "-":
        at = next((i for i, q in enumerate(poll.questions) if q.id == qid), len(kept))
        kept.insert(at, await question_bank.pulse_question(ctx, poll.id, qid, words[2:]))
    if not kept:
        raise PulseError("A pulse needs at least one statement.")
    await ctx.uow.pulses.update_pulse(replace(poll, questions=tuple(kept)))
    return Reply((Text(f"Pulse #{poll.id} statements:"),
                  Fields(tuple((q.id, described(q)) for q in kept))))


async def results(ctx: Context, words: list[str]) -> Reply:
    if words:
        poll = await _poll(ctx, words)
    else:
        shown = [p for p in await ctx.uow.pulses.pulses()
                 if p.status in (PulseStatus.OPEN, PulseStatus.CLOSED)]
        if not shown:
            raise PulseError("No pulse has opened yet, so there are no results.")
        poll = shown[0]
    return await results_message(ctx.uow, poll)


async def merge_command(ctx: Context, words: list[str]) -> Reply:
    """`pulse merge KEEP DROP`: one pulse to both audiences (see bot.pulses.overlap.merge)."""
    keep, drop = ((whole_number(w.lstrip("#")) for w in words) if len(words) == 2
                  else (None, None))
    if keep is None or drop is None:
        raise PulseError("Which two pulses? e.g. \"pulse merge 1 2\" (1 is kept, for both "
                         "audiences; 2 is cancelled).")
    return await merge(ctx, keep, drop)


def _looks_like_time(word: str) -> bool:
    """A trailing word meant as a date or time (so a bad one is an error, not a team name)."""
    return re.match(r"\d{4}-\d{1,2}-\d{1,2}", word) is not None


SUBCOMMANDS: dict[str, Callable[[Context, list[str]], Awaitable[Reply]]] = {
    "list": list_pulses, "schedule": schedule, "move": move, "cancel": cancel,
    "threshold": threshold, "question": question, "results": results, "merge": merge_command,
    "questions": question_bank.command,
    "trend": trend_command,
    "stop": stop,
}
