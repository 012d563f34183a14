"""Looking at another person: finding them by email or name, checking the asker may, and
reading their latest self- and manager ratings. Shared by the features' chat and services."""

from __future__ import annotations

from dataclasses import dataclass

from bot import authz
from bot.context import Context
from bot.model import Assessment, Level, Person, Track
from bot.names import best_name
from bot.ports import UnitOfWork
from bot.reply import Reply, Text
from bot.tracks import rules


async def find_person(ctx: Context, text: str) -> Person | None:
    """Someone by email, or by name among the asker's direct reports (fuzzy)."""
    wanted = text.strip().strip("<>").removeprefix("mailto:")
    if "@" in wanted:
        return await ctx.uow.people.person_by_email(wanted.lower())
    if not wanted:
        return None
    reports = list(await ctx.uow.people.reports_of(ctx.person.id))
    name = best_name(wanted, [p.name for p in reports], cutoff=0.7)
    return next((p for p in reports if p.name == name), None)


async def relation(ctx: Context, subject: Person) -> authz.Relation:
    return await authz.relation_to(ctx.uow.people.person, ctx.person, subject)


async def may(ctx: Context, subject: Person, permission: authz.Permission) -> bool:
    return authz.allowed(await relation(ctx, subject), permission)


def refusal() -> Reply:
    return Reply((Text(authz.REFUSAL),))


@dataclass(frozen=True)
class Standing:
    """Where a person stands: their track, level, next levels and latest ratings."""

    person: Person
    track: Track | None
    level: Level | None
    upcoming: tuple[Level, ...]
    self_rating: Assessment | None
    manager_rating: Assessment | None

    @property
    def target(self) -> Level | None:
        """The level their ratings are about (the rated one on a branch), else the first next."""
        rated = self.self_rating or self.manager_rating
        chosen = next((lv for lv in self.upcoming
                       if rated is not None and lv.id == rated.target_level_id), None)
        return chosen or (self.upcoming[0] if self.upcoming else None)


async def standing(uow: UnitOfWork, person: Person, *,
                   manager_rating_shared_only: bool = False) -> Standing:
    """The person's standing. The manager rating is the direct manager's newest completed one
    (only a shared one when `manager_rating_shared_only`, as the person themselves sees it)."""
    track = await uow.tracks.track(person.track_id) if person.track_id else None
    level = track.level(person.level_id) if track and person.level_id else None
    upcoming = tuple(rules.next_levels(track, level.id if level else None)) if track else ()
    own = await uow.assessments.latest_assessment(person.id, person.id)
    boss: Assessment | None = None
    if manager_rating_shared_only:
        shared = await uow.assessments.shared_rating(person.id)
        boss = await uow.assessments.assessment(shared) if shared is not None else None
    elif person.manager_id is not None:
        boss = await uow.assessments.latest_assessment(person.id, person.manager_id)
    return Standing(person, track, level, upcoming, own, boss)
