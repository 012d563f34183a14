"""Goals in the development plan: `goal TEXT [by DATE]` adds one and says which date it
understood; `goal N done|edit ...|by DATE|remove|reopen` (and `done N`) change the goal shown as
N. Only the person's own goals; bad input changes nothing."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from bot.commands import Command, Help
from bot.context import Context
from bot.names import normalize, whole_number
from bot.people import standing
from bot.plans import rules as plans
from bot.plans.messages import plan_blocks
from bot.plans.rules_dates import month_first, parse_date, spoken
from bot.plans.service import goal_count, numbered_goal, parse_goal, today
from bot.reply import Reply, Text

USAGE = ("Say \"goal {n} done\", \"goal {n} edit NEW WORDS [by DATE]\", \"goal {n} by DATE\", "
         "\"goal {n} remove\" or \"goal {n} reopen\".")


async def own_plan(ctx: Context, line: str) -> Reply:
    """`line` (what just changed), then the person's plan as it now is."""
    now = await standing(ctx.uow, ctx.person)
    plan = await ctx.uow.plans.plan(ctx.person.id)
    return Reply((Text(line), *plan_blocks(now, plan, today(ctx), own=True)))


def _due(goal: plans.Goal) -> str:
    return f", due {spoken(goal.due)}" if goal.due else ""


async def add_goal(ctx: Context, text: str) -> Reply:
    try:
        words, due = parse_goal(ctx, text)
    except ValueError as problem:
        return Reply((Text(str(problem)),))
    goal = await ctx.uow.plans.add_goal(ctx.person.id, words, due, ctx.services.clock.now())
    number = await goal_count(ctx)
    hint = "" if due else (f" No due date; add one with \"goal {number} by 20 Dec\" (or "
                           "\"by next friday\", \"in 2 weeks\").")
    return await own_plan(ctx, f"Added goal {number}: {goal.text}{_due(goal)}.{hint}")


async def _done(ctx: Context, number: int, goal: plans.Goal, rest: str) -> Reply:
    await ctx.uow.plans.complete_goal(goal.id, ctx.services.clock.now())
    return await own_plan(ctx, f"Goal {number} done: {goal.text}. Nicely done.")


async def _edit(ctx: Context, number: int, goal: plans.Goal, rest: str) -> Reply:
    """New words and/or a new date: "edit Read two books by 20 Dec", "edit by friday"."""
    if not rest.strip():
        return Reply((Text(f"What should goal {number} say? e.g. \"goal {number} edit Read two "
                           "books by 20 Dec\"."),))
    try:
        words, due = plans.split_due(f" {rest}", today(ctx), month_first=_month_first(ctx))
        words = plans.goal_words(words) or goal.text
        plans.check_due(due, today(ctx))
    except ValueError as problem:
        return Reply((Text(str(problem)),))
    changed = await ctx.uow.plans.update_goal(goal.id, words, goal.due if due is None else due)
    assert changed is not None  # the person's own goal, read in this unit of work
    return await own_plan(ctx, f"Goal {number} is now: {changed.text}{_due(changed)}.")


async def _by(ctx: Context, number: int, goal: plans.Goal, rest: str) -> Reply:
    """Only the date: "goal 2 by next friday"."""
    try:
        due = parse_date(rest, today(ctx), month_first=_month_first(ctx))
        plans.check_due(due, today(ctx))
    except ValueError as problem:
        return Reply((Text(str(problem)),))
    if due is None:
        return Reply((Text(f"I couldn't read \"{rest.strip()}\" as a date. Try 2026-12-20, "
                           "20 Dec, next friday or in 2 weeks."),))
    await ctx.uow.plans.update_goal(goal.id, goal.text, due)
    return await own_plan(ctx, f"Goal {number} is now due {spoken(due)}.")


async def _remove(ctx: Context, number: int, goal: plans.Goal, rest: str) -> Reply:
    await ctx.uow.plans.remove_goal(goal.id)
    return await own_plan(ctx, f"Removed goal {number}: {goal.text}.")


async def _reopen(ctx: Context, number: int, goal: plans.Goal, rest: str) -> Reply:
    if not goal.done:
        return await own_plan(ctx, f"Goal {number} is already open.")
    await ctx.uow.plans.reopen_goal(goal.id)
    return await own_plan(ctx, f"Goal {number} is open again: {goal.text}{_due(goal)}.")


def _month_first(ctx: Context) -> bool:
    return month_first(ctx.person.timezone)


GoalChange = Callable[[Context, int, plans.Goal, str], Awaitable[Reply]]
VERBS: dict[str, GoalChange] = {
    "done": _done, "complete": _done, "completed": _done, "finished": _done,
    "edit": _edit, "change": _edit, "rename": _edit, "update": _edit,
    "by": _by, "due": _by,
    "remove": _remove, "delete": _remove, "drop": _remove,
    "reopen": _reopen, "undo": _reopen, "undone": _reopen, "open": _reopen,
}


def _numbered(argument: str) -> tuple[int, str, str] | None:
    """(N, verb, rest) for "2 edit ...", "#2 done"; None when the words are a new goal (which
    may well start with a number: "goal 3 talks at meetups")."""
    parts = argument.strip().split(maxsplit=2)
    number = parts[0].lstrip("#") if parts else ""
    if whole_number(number) is None:
        return None
    verb = normalize(parts[1]) if len(parts) > 1 else ""
    if verb and verb not in VERBS:
        return None
    return int(number), verb, parts[2] if len(parts) > 2 else ""


async def change_goal(ctx: Context, number: int, verb: str, rest: str) -> Reply:
    goal = await numbered_goal(ctx, number)
    if goal is None:
        count = await goal_count(ctx)
        return Reply((Text(f"Which goal? There is no goal {number}: your plan has "
                           f"{count} goal{'s' if count != 1 else ''}. Say \"plan\" to see them."
                           if count else "You have no goals yet. Add one with \"goal ...\"."),))
    if not verb:
        return Reply((Text(f"Goal {number}: {goal.text}{_due(goal)}. {USAGE.format(n=number)}"),))
    return await VERBS[verb](ctx, number, goal, rest)


async def goal_command(ctx: Context, argument: str = "") -> Reply:
    numbered = _numbered(argument)
    if numbered is None:
        return await add_goal(ctx, argument)
    return await change_goal(ctx, *numbered)


async def done_command(ctx: Context, argument: str = "") -> Reply:
    """`done N`, the short way to `goal N done`."""
    number = argument.strip().lstrip("#")
    if (goal := whole_number(number)) is None:
        count = await goal_count(ctx)
        return Reply((Text(f"Which goal? Say \"done N\" with N from 1 to {count}."
                           if count else "You have no goals yet. Add one with \"goal ...\"."),))
    return await change_goal(ctx, goal, "done", "")


COMMANDS: tuple[Command, ...] = (
    Command(name="goal", words=("goal",),
            help=(Help("**goal** words [by date]: add a goal to your plan (dates like 20 Dec, "
                       "12/20/2026, next friday, in 2 weeks)", rank=62),
                  Help("**goal** N done / edit words [by date] / by date / remove / reopen: "
                       "change goal N of your plan", rank=64)),
            handler=goal_command),
    Command(name="done", words=("done",), handler=done_command),
)
