"""Who may see or do what about another person: one table, used by every flow.

Relations come from reporting lines (direct and indirect managers) and the HR role."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Sequence
from enum import StrEnum
from typing import TYPE_CHECKING

from bot.model import Person, Role
from bot.reply import Reply, Text

if TYPE_CHECKING:
    from bot.context import Context


class Relation(StrEnum):
    SELF = "self"
    MANAGER = "manager"  # direct manager
    SKIP_MANAGER = "skip_manager"  # a manager of the person's manager (any distance)
    HR = "hr"
    NONE = "none"


class Permission(StrEnum):
    VIEW_TRACK = "view_track"  # level, next level, what's next (no ratings)
    VIEW_RATINGS = "view_ratings"  # self- and manager readiness ratings
    VIEW_PLAN = "view_plan"  # focus competencies and goals (the status alone is VIEW_IN_TEAM)
    EDIT_PLAN = "edit_plan"
    RATE = "rate"  # give a manager's readiness rating
    VIEW_NOTES = "view_notes"  # check-in notes and agreed actions
    WRITE_NOTES = "write_notes"
    VIEW_CHECKIN_DATES = "view_checkin_dates"  # only that a check-in happened, and when
    VIEW_IN_TEAM = "view_in_team"  # appears in the viewer's team view


_ALL = frozenset(Permission)

# Notes, the plan and rating are between a person and their direct manager; a manager's manager
# sees the team at a glance (levels, readiness, plan status) but not the plan's content nor the
# private conversation.
RULES: dict[Relation, frozenset[Permission]] = {
    Relation.SELF: _ALL - {Permission.RATE, Permission.WRITE_NOTES, Permission.VIEW_IN_TEAM},
    Relation.MANAGER: _ALL - {Permission.EDIT_PLAN},
    Relation.SKIP_MANAGER: frozenset({
        Permission.VIEW_TRACK, Permission.VIEW_RATINGS, Permission.VIEW_CHECKIN_DATES,
        Permission.VIEW_IN_TEAM,
    }),
    Relation.HR: frozenset({Permission.VIEW_TRACK, Permission.VIEW_CHECKIN_DATES}),
    Relation.NONE: frozenset(),
}

REFUSAL = ("Sorry, I can only show that to the person themselves and their manager. "
           "If you think you should have access, ask your HR team.")


def relation(viewer: Person, subject: Person, chain: Sequence[int]) -> Relation:
    """How `viewer` relates to `subject`, given the subject's manager chain (nearest first).

    The closest relation wins: a direct manager who is also HR is treated as the manager."""
    if viewer.id == subject.id:
        return Relation.SELF
    if chain and chain[0] == viewer.id:
        return Relation.MANAGER
    if viewer.id in chain[1:]:
        return Relation.SKIP_MANAGER
    if viewer.role is Role.HR:
        return Relation.HR
    return Relation.NONE


def allowed(rel: Relation, permission: Permission) -> bool:
    return permission in RULES[rel]


PersonLookup = Callable[[int], Awaitable[Person | None]]


async def manager_chain(lookup: PersonLookup, subject: Person, limit: int = 50) -> list[int]:
    """The subject's managers, nearest first. Stops on a cycle or after `limit` steps."""
    chain: list[int] = []
    current = subject.manager_id
    while current is not None and current not in chain and current != subject.id:
        chain.append(current)
        if len(chain) >= limit:
            break
        boss = await lookup(current)
        current = boss.manager_id if boss else None
    return chain


async def relation_to(lookup: PersonLookup, viewer: Person, subject: Person) -> Relation:
    """`relation` with the chain read through `lookup` (e.g. `repo.person`)."""
    if viewer.id == subject.id:
        return Relation.SELF
    return relation(viewer, subject, await manager_chain(lookup, subject))


async def can(lookup: PersonLookup, viewer: Person, subject: Person,
              permission: Permission) -> bool:
    """True when `viewer` may exercise `permission` on `subject`."""
    return allowed(await relation_to(lookup, viewer, subject), permission)


def is_hr(ctx: Context) -> bool:
    """The HR-only gate for rollouts, pulse administration, the self-check and stats."""
    return ctx.person.role == Role.HR


def hr_only() -> Reply:
    return Reply((Text("Sorry, that is for the HR team: rollouts, pulse polls and adoption "
                       "figures are managed by people with the HR role. If you think you "
                       "should have it, ask your HR team."),))


def problem(message: str) -> Reply:
    return Reply((Text(message),))
