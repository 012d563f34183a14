"""Running growth check-ins for one manager at an instant: create the prompts of a slot that has
come, say which are due to send (working hours only), when to look again, and the messages.
Used by the scheduler's check-in job; all state lives behind the unit of work's ports."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, date, datetime

from bot.checkins import rules as checkins
from bot.checkins.messages import day_label, overview_blocks, prompt_buttons
from bot.hours import in_working_hours, next_working_time, zone
from bot.model import Assessment, Person
from bot.people import Standing, standing
from bot.plans import rules as plans
from bot.ports import UnitOfWork
from bot.readiness.rules import summarize
from bot.reply import Block, Bullets, Button, Buttons, Caption, Header, Reply, Text
from bot.tracks import rules

_ALL_PENDING = datetime.max.replace(tzinfo=UTC)


async def next_slot(uow: UnitOfWork, manager: Person, now: datetime) -> datetime | None:
    """The manager's next cadence slot, starting a schedule at the first slot after `now` for a
    manager seen for the first time (a new manager is never prompted about the past)."""
    known, slot = await uow.checkins.next_slot(manager.id)
    if not known:
        cadence = await effective_cadence(uow, manager.id)
        slot = checkins.first_slot(cadence, zone(manager.timezone), now)
        await uow.checkins.set_next_slot(manager.id, slot)
    return slot


async def queue_due(uow: UnitOfWork, manager: Person, now: datetime) -> list[checkins.Prompt]:
    """Creates the prompts of a slot that has come (one per direct report, once; after downtime
    only the latest missed slot) and returns the manager's pending prompts due at `now`, or
    none outside the manager's working hours. Safe to repeat: nothing is created twice."""
    tz = zone(manager.timezone)
    slot = await next_slot(uow, manager, now)
    if slot is not None and slot <= now:
        cadence = await effective_cadence(uow, manager.id)
        due, upcoming = checkins.latest_due(cadence, tz, slot, now)
        reports = [r.id for r in await uow.people.reports_of(manager.id)]
        await uow.checkins.add_prompts(manager.id, reports, due, due)
        await uow.checkins.set_next_slot(manager.id, upcoming)
    if not in_working_hours(now, tz):
        return []
    return [p for p in await uow.checkins.prompts_due(now) if p.manager_id == manager.id]


async def next_run(uow: UnitOfWork, manager: Person, now: datetime) -> datetime | None:
    """When the manager's check-in job should next run: the earlier of the next slot and the
    first pending (e.g. snoozed) prompt, not before `now`, moved into working hours."""
    times = [p.send_at for p in await uow.checkins.prompts_due(_ALL_PENDING)
             if p.manager_id == manager.id]
    slot = await next_slot(uow, manager, now)
    if slot is not None:
        times.append(slot)
    if not times:
        return None
    # Something already due runs now (or at the next working hour), never "in the past".
    return next_working_time(max(min(times), now), zone(manager.timezone))


async def message(uow: UnitOfWork, manager: Person,
                  prompts: Sequence[checkins.Prompt], today_at: datetime) -> Reply | None:
    """The direct message for these prompts: one report in full, or for several a digest (one
    short line per report, each opened with its own button), or None when none still applies
    (skipped or logged meanwhile, or the person no longer reports to the manager)."""
    today = today_at.astimezone(zone(manager.timezone)).date()
    live: list[tuple[Person, int]] = []
    for stored in prompts:
        prompt = await uow.checkins.prompt(stored.id)
        report = await uow.people.person(stored.report_id)
        if (prompt is None or report is None or report.manager_id != manager.id
                or prompt.status in (checkins.PromptStatus.SKIPPED, checkins.PromptStatus.HELD)):
            continue
        live.append((report, prompt.id))
    if not live:
        return None
    if len(live) > 1:
        return await digest(uow, manager, live, today)
    report, prompt_id = live[0]
    blocks: list[Block] = [Text(f"Hi {manager.first_name}, time for a growth check-in. Here is "
                                "where your report stands, with a few questions to start with.")]
    blocks += await prompt_blocks(uow, manager, report, prompt_id, today)
    blocks += [Caption(PRIVATE), Caption(SWITCH_TO_DIGEST)]
    return Reply(tuple(blocks), ephemeral=False)


PRIVATE = ("Ratings and notes stay between you and your report; HR only sees that a check-in "
           "happened.")
SWITCH_TO_DIGEST = ("Prefer one message listing all your reports? Say \"checkins digest\" "
                    "(the default).")
SWITCH_TO_EACH = "Prefer one message per report? Say \"checkins each\"."
_MAX_BUTTONS = 20  # Slack allows 25 elements in one actions block


async def digest(uow: UnitOfWork, manager: Person, reports: Sequence[tuple[Person, int]],
                 today: date) -> Reply:
    """One message for all the manager's due check-ins: a line per report (level, readiness
    self / manager, last check-in, plan), and a button per report opening its full prompt."""
    lines = [await summary_line(uow, report, manager, today) for report, _ in reports]
    buttons = tuple(Button(report.first_name, "checkins.open", {"c": str(prompt_id)})
                    for report, prompt_id in reports[:_MAX_BUTTONS])
    return Reply((Header(f"Growth check-ins: {len(reports)} reports"),
                  Text(f"Hi {manager.first_name}, time for growth check-ins. Open a report for "
                       "their ratings side by side, questions to ask, and to rate, log notes, "
                       "snooze or skip."),
                  Bullets(tuple(lines)), Buttons(buttons), Caption(PRIVATE),
                  Caption(SWITCH_TO_EACH)), ephemeral=False)


async def summary_line(uow: UnitOfWork, report: Person, manager: Person, today: date) -> str:
    """"Pat Example: Software Engineer I, self 88% / manager -, last check-in never, no plan"."""
    now = await standing(uow, report)
    last = day_label(await uow.checkins.last_checkin(report.id), manager.timezone)
    plan = plans.status(await uow.plans.plan(report.id), today)
    return (f"{report.name}: {now.level.title if now.level else 'no level'}, self "
            f"{percent(now, now.self_rating)[0]} / manager {percent(now, now.manager_rating)[0]}, "
            f"last check-in {last}, {plan}")


def percent(now: Standing, rating: Assessment | None) -> tuple[str, bool]:
    """A rating of the person as "88%" ("-" when none), and whether it says ready."""
    if rating is None or now.track is None:
        return "-", False
    s = summarize(rating.scores, rules.rated_competencies(now.track, rating.target_level_id))
    return ("-" if s.percent is None else f"{s.percent}%"), s.ready


async def prompt_blocks(uow: UnitOfWork, manager: Person, report: Person,
                        prompt_id: int | None, today: date) -> list[Block]:
    """One report's section of a check-in prompt (used alone, or several in a digest)."""
    now = await standing(uow, report)
    blocks: list[Block] = [Header(f"Growth check-in: {report.name}")]
    blocks += overview_blocks(now, await uow.plans.plan(report.id),
                              await uow.checkins.last_checkin(report.id), manager, today)
    blocks.append(prompt_buttons(report, prompt_id))
    return blocks


async def effective_cadence(uow: UnitOfWork, manager_id: int) -> checkins.Cadence:
    """The manager's own cadence, else HR's organisation default, else every two weeks."""
    return (await uow.checkins.cadence(manager_id) or await uow.checkins.cadence(None)
            or checkins.Cadence())
