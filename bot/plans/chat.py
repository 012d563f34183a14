"""The development plan: `plan` shows it (suggesting focus competencies), `plan focus A, B`,
and the goals (bot/plans/chat_goals.py). Visible to the person and their manager(s) only."""

from __future__ import annotations

from bot import authz
from bot.commands import ActionHandler, Command, Help
from bot.context import Context
from bot.events import Action
from bot.names import best_name, normalize
from bot.people import find_person, may, refusal, standing
from bot.plans import rules as plans
from bot.plans.chat_goals import COMMANDS as GOAL_COMMANDS
from bot.plans.chat_goals import done_command, goal_command
from bot.plans.messages import plan_blocks
from bot.plans.service import aim, today
from bot.reply import Reply, Text


async def show(ctx: Context, argument: str = "") -> Reply:
    """`plan`, `plan EMAIL` (their manager), `plan focus A, B`, `plan goal ...`, `plan done N`."""
    words = argument.split(maxsplit=1)
    head = normalize(words[0]) if words else ""
    rest = words[1] if len(words) > 1 else ""
    if head == "focus":
        return await set_focus(ctx, rest)
    if head == "goal":
        return await goal_command(ctx, rest)
    if head == "done":
        return await done_command(ctx, rest)
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
    return Reply(tuple(plan_blocks(now, plan, today(ctx), own=subject.id == ctx.person.id)))


async def set_focus(ctx: Context, text: str) -> Reply:
    now = await standing(ctx.uow, ctx.person)
    found = aim(now)
    if now.track is None or found is None:
        return Reply((Text("A plan needs a level on a career track to grow from."),))
    track, target = now.track, found.level
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


async def show_action(ctx: Context, action: Action) -> Reply:
    return await show(ctx)


async def focus_action(ctx: Context, action: Action) -> Reply:
    return await set_focus(ctx, action.value.get("focus", ""))


COMMANDS: tuple[Command, ...] = (
    Command(name="plan", words=("plan", "goals"),
            phrases=("development plan", "my plan", "my goals"),
            help=(Help("**plan**: your development plan (focus competencies and goals)",
                       rank=60),),
            handler=show),
    *GOAL_COMMANDS,
)
ACTIONS: dict[str, ActionHandler] = {
    "plan.focus": focus_action,
    "plan.show": show_action,
}
