"""Plan use cases: the level a plan grows towards (the next one, or at the top of a track the
person's own), the person's today and date order, and goals by the number the plan shows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from bot.context import Context
from bot.hours import zone
from bot.model import Level
from bot.people import Standing
from bot.plans import rules as plans
from bot.plans.rules_dates import month_first


@dataclass(frozen=True)
class Aim:
    """Where a plan leads. `deepen`: the person is at the top of their track, so the plan is
    about their own level's competencies rather than a next level's."""

    level: Level
    deepen: bool


def aim(now: Standing) -> Aim | None:
    """The next level (the rated one on a branch); at the top, the person's own level; None
    without a track or level to grow from."""
    if now.target is not None:
        return Aim(now.target, deepen=False)
    if now.track is not None and now.level is not None:
        return Aim(now.level, deepen=True)
    return None


def today(ctx: Context) -> date:
    """Today where the person is (a goal due "tomorrow" is their tomorrow)."""
    return ctx.services.clock.now().astimezone(zone(ctx.person.timezone)).date()


def parse_goal(ctx: Context, text: str) -> tuple[str, date | None]:
    """The person's goal text and due date, read in their date order (see plans.parse_goal)."""
    return plans.parse_goal(text, today(ctx), month_first=month_first(ctx.person.timezone))


async def numbered_goal(ctx: Context, number: int) -> plans.Goal | None:
    """The person's own goal shown as `number` in their plan (1-based), or None."""
    plan = await ctx.uow.plans.plan(ctx.person.id)
    goals = plan.goals if plan else ()
    return goals[number - 1] if 1 <= number <= len(goals) else None


async def goal_count(ctx: Context) -> int:
    plan = await ctx.uow.plans.plan(ctx.person.id)
    return len(plan.goals) if plan else 0
