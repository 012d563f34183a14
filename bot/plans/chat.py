"""The development plan: `plan` shows it (suggesting focus competencies), `plan focus A, B`,
`goal TEXT [by DATE]`, `done N`. Visible to the person and their manager(s) only."""

from __future__ import annotations

from datetime import date

from bot import authz
from bot.commands import ActionHandler, Command, Help
from bot.context import Context
from bot.events import Action
from bot.hours import zone
from bot.names import best_name, normalize
from bot.people import find_person, may, refusal, standing
from bot.plans import rules as plans
from bot.plans.messages import plan_blocks
from bot.reply import Reply, Text


def _today(ctx: Context) -> date:
    return ctx.services.clock.now().astimezone(zone(ctx.person.timezone)).date()


async def show(ctx: Context, argument: str = "") -> Reply:
    """`plan`, `plan EMAIL` (their manager), `plan focus A, B`, `plan goal ...`, `plan done N`."""
    words = argument.split(maxsplit=1)
    head = normalize(words[0]) if words else ""
    rest = words[1] if len(words) > 1 else ""
    if head == "focus":
        return await set_focus(ctx, rest)
    if head == "goal":
        return await add_goal(ctx, rest)
    if head == "done":
        return await done(ctx, rest)
    subject = ctx.person
    if argument.strip():
        found = await find_person(ctx, argument)
        if found is None:
            return Reply((Text(f"I couldn't find \"{argument}\"."),))
        subject = found
    if not await may(ctx, subject, authz.Permission.VIEW_PLAN):
        return refusal()
    now = await standing(ctx.uow, subject)
    plan = await ctx.uow.plans.plan(subject.id)
    return Reply(tuple(plan_blocks(now, plan, _today(ctx), own=subject.id == ctx.person.id)))


async def set_focus(ctx: Context, text: str) -> Reply:
    now = await standing(ctx.uow, ctx.person)
    if now.track is None or now.target is None:
        return Reply((Text("A plan needs a next level to grow towards."),))
    track, target = now.track, now.target
    options = plans.plan_competencies(track, target.id)
    names = [c.name for c in track.competencies if c.id in options] + options
    chosen: list[str] = []
    for part in [p for p in text.replace(";", ",").split(",") if p.strip()]:
        name = best_name(part, names, cutoff=0.7)
        comp = next((c for c in track.competencies if name in (c.name, c.id)), None)
        if comp is None:
            return Reply((Text(f"\"{part.strip()}\" is not a competency of {target.title}. "
                               f"Choose from: {', '.join(names[:len(options)])}."),))
        if comp.id not in chosen:
            chosen.append(comp.id)
    problem = plans.check_focus(track, target.id, chosen)
    if problem:
        return Reply((Text(problem),))
    await ctx.uow.plans.save_plan(ctx.person.id, track.id, target.id, chosen,
                                  ctx.services.clock.now())
    return await show(ctx)


async def add_goal(ctx: Context, text: str) -> Reply:
    try:
        goal_text, due = plans.parse_goal(text, _today(ctx))
    except ValueError as problem:
        return Reply((Text(str(problem)),))
    await ctx.uow.plans.add_goal(ctx.person.id, goal_text, due, ctx.services.clock.now())
    return await show(ctx)


async def done(ctx: Context, text: str) -> Reply:
    plan = await ctx.uow.plans.plan(ctx.person.id)
    number = text.strip().lstrip("#")
    goals = plan.goals if plan else ()
    if not number.isdigit() or not 1 <= int(number) <= len(goals):
        return Reply((Text(f"Which goal? Say \"done N\" with N from 1 to {len(goals)}."
                           if goals else "You have no goals yet. Add one with \"goal ...\"."),))
    await ctx.uow.plans.complete_goal(goals[int(number) - 1].id, ctx.services.clock.now())
    return await show(ctx)


async def show_action(ctx: Context, action: Action) -> Reply:
    return await show(ctx)


async def focus_action(ctx: Context, action: Action) -> Reply:
    return await set_focus(ctx, action.value.get("focus", ""))


async def goal_command(ctx: Context, argument: str = "") -> Reply:
    return await add_goal(ctx, argument)


async def done_command(ctx: Context, argument: str = "") -> Reply:
    return await done(ctx, argument)


COMMANDS: tuple[Command, ...] = (
    Command(name="plan", words=("plan", "goals"),
            phrases=("development plan", "my plan", "my goals"),
            help=(Help("**plan**: your development plan (focus competencies and goals)",
                       rank=60),),
            handler=show),
    Command(name="goal", words=("goal",), handler=goal_command),
    Command(name="done", words=("done",), handler=done_command),
)
ACTIONS: dict[str, ActionHandler] = {
    "plan.focus": focus_action,
    "plan.show": show_action,
}
