"""The manager's side: `team` (direct reports at a glance, expandable to indirect ones) and
starting a manager's readiness rating of a report (`checkins.rate`)."""

from __future__ import annotations

from bot import authz
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.model import Assessment, Person
from bot.names import normalize
from bot.people import (
    Standing,
    may,
    refusal,
    standing,
)
from bot.plans import rules as plans
from bot.readiness.messages import ask_next
from bot.readiness.rules import summarize
from bot.reply import Block, Button, Buttons, Caption, Header, Reply, Table, Text
from bot.tracks import rules

EXPAND_WORDS = frozenset({"all", "everyone", "indirect", "expand", "full", "whole"})
MAX_PEOPLE = 200


def _percent(now: Standing, rating: Assessment | None) -> tuple[str, bool]:
    if rating is None or now.track is None:
        return "-", False
    s = summarize(rating.scores, rules.rated_competencies(now.track, rating.target_level_id))
    return ("-" if s.percent is None else f"{s.percent}%"), s.ready


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
        own, own_ready = _percent(now, now.self_rating)
        boss, boss_ready = _percent(now, now.manager_rating)
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
    subject = await ctx.uow.people.person(int(raw)) if raw.isdigit() else None
    if subject is None or not await may(ctx, subject, authz.Permission.RATE):
        return refusal()
    now = await standing(ctx.uow, subject)
    if now.track is None or not now.upcoming:
        return Reply((Text(f"{subject.first_name} has no next level to rate against."),))
    wanted = action.value.get("level")
    target = next((lv for lv in now.upcoming if lv.id == wanted), None)
    if target is None and len(now.upcoming) > 1:
        return Reply((
            Text(f"{subject.first_name}'s track branches here. Which next level do you want to "
                 "rate them against?"),
            Buttons(tuple(Button(lv.title, "checkins.rate", {"p": str(subject.id), "level": lv.id})
                          for lv in now.upcoming)),
        ))
    target = target or now.upcoming[0]
    assessment = await ctx.uow.assessments.open_assessment(subject.id, ctx.person.id,
                                                           now.track.id, target.id)
    if assessment is None:
        assessment = await ctx.uow.assessments.start_assessment(
            subject.id, ctx.person.id, now.track.id, target.id, ctx.services.clock.now())
    question = ask_next(now.track, target, assessment)
    intro: tuple[Block, ...] = (
        Header(f"How ready is {subject.first_name} for {target.title}?"),
        Text("For each competency: how often do they already do what the next level expects? "
             "1 not yet, 2 starting, 3 sometimes, 4 usually, 5 consistently."),
        Caption(f"Your rating stays between you and your own manager until you share it with "
                f"{subject.first_name}."),
    )
    return Reply(intro + question.blocks)


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
