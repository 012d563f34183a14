"""The manager's side: `team` (direct reports at a glance, expandable to indirect ones) and
starting a manager's readiness rating of a report (`checkins.rate`)."""

from __future__ import annotations

from bot.checkins.rating import start_rating
from bot.checkins.service import percent
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.model import Person
from bot.names import normalize, whole_number
from bot.people import (
    refusal,
    standing,
)
from bot.plans import rules as plans
from bot.reply import Block, Button, Buttons, Caption, Header, Reply, Table, Text

EXPAND_WORDS = frozenset({"all", "everyone", "indirect", "expand", "full", "whole"})
MAX_PEOPLE = 200


async def team(ctx: Context, argument: str = "") -> Reply:
    """Every direct report (and, on request, indirect ones) with level, readiness % self /
    manager, ready or not, last check-in and plan status. Only for the person's own reports."""
    direct = list(await ctx.uow.people.reports_of(ctx.person.id))
    if not direct:
        return Reply((Text("Nobody reports to you in careerbot's records, so there is no team "
                           "to show. (HR sees tracks, not individual ratings.)"),))
    expand = bool(set(normalize(argument).split()) & EXPAND_WORDS)
    people: list[tuple[Person, int]] = [(p, 0) for p in direct]
    if expand:
        people = []
        for p in direct:
            people.extend(await _with_reports(ctx, p, 0, len(people)))
    today = ctx.services.clock.now().date()
    rows = []
    for p, depth in people[:MAX_PEOPLE]:
        now = await standing(ctx.uow, p)
        own, own_ready = percent(now, now.self_rating)
        boss, boss_ready = percent(now, now.manager_rating)
        ready = "yes" if (boss_ready if now.manager_rating else own_ready) else "not yet"
        last = await ctx.uow.checkins.last_checkin(p.id)
        rows.append((("  " * depth) + p.name, now.level.title if now.level else "-", own, boss,
                     ready if now.self_rating or now.manager_rating else "-",
                     last.date().isoformat() if last else "never",
                     plans.status(await ctx.uow.plans.plan(p.id), today)))
    blocks: list[Block] = [
        Header("Your team" + (" (direct and indirect)" if expand else "")),
        Table(("Name", "Level", "Self", "Manager", "Ready", "Last check-in", "Plan"),
              tuple(rows)),
        Caption("Readiness for the next level: self-rating / manager's rating. Only you see this."),
    ]
    buttons = [Button(f"Rate {p.first_name}", "checkins.rate", {"p": str(p.id)})
               for p in direct[:4]]
    if not expand and any([await ctx.uow.people.reports_of(p.id) for p in direct]):
        buttons.append(Button("Show indirect reports", "team.expand"))
    blocks.append(Buttons(tuple(buttons)))
    return Reply(tuple(blocks))


async def _with_reports(ctx: Context, person: Person, depth: int,
                        seen: int) -> list[tuple[Person, int]]:
    found = [(person, depth)]
    if depth >= 10 or seen + len(found) >= MAX_PEOPLE:
        return found
    for report in await ctx.uow.people.reports_of(person.id):
        found.extend(await _with_reports(ctx, report, depth + 1, seen + len(found)))
    return found


async def expand_action(ctx: Context, action: Action) -> Reply:
    return await team(ctx, "all")


async def rate_action(ctx: Context, action: Action) -> Reply:
    """`checkins.rate` {"p": report id[, "level": target]}: start or resume the rating."""
    raw = action.value.get("p", "")
    number = whole_number(raw)
    subject = await ctx.uow.people.person(number) if number is not None else None
    if subject is None:
        return refusal()
    return await start_rating(ctx, subject, action.value.get("level"))


COMMANDS: tuple[Command, ...] = (
    Command(name="team", words=("team", "reports"), phrases=("my team", "my reports"),
            help=(Help("**team** [all]: your reports at a glance (all: indirect reports too)",
                       Audience.MANAGERS, rank=10),),
            handler=team),
)
ACTIONS: dict[str, ActionHandler] = {
    "team.expand": expand_action,
    "checkins.rate": rate_action,
}
