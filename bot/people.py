"""Looking at another person: finding them by email or name, checking the asker may, and
reading their latest self- and manager ratings. Shared by the features' chat and services."""

from __future__ import annotations

import difflib
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from bot import authz
from bot.context import Context
from bot.model import Assessment, Level, Person, Track
from bot.names import normalize
from bot.ports import UnitOfWork
from bot.reply import Bullets, Reply, Text
from bot.tracks import rules

_MAX_LISTED = 8  # an ambiguous name lists at most this many people


@dataclass(frozen=True)
class Found:
    """What a name, first name or email named: one person the asker may see (`person`),
    several (`choices`, to ask which), or nobody they may see (`hidden`: someone exists)."""

    person: Person | None = None
    choices: tuple[Person, ...] = ()
    hidden: tuple[Person, ...] = ()


def _matches(wanted: str, everyone: Sequence[Person]) -> list[Person]:
    """The people `wanted` names, best kind of match first: email, full name, first name or
    email before the @, start of the name, then a near spelling of a name or first name."""
    q = normalize(wanted)
    if not q:
        return []
    kinds: list[Callable[[Person], bool]] = [
        lambda p: p.email.casefold() == q,
        lambda p: normalize(p.name) == q,
        lambda p: q in (normalize(p.first_name), p.email.casefold().split("@")[0]),
    ]
    if len(q) >= 3:  # "me" or "al" is not the start of anyone's name
        kinds.append(lambda p: normalize(p.name).startswith(q))
    for kind in kinds:
        found = [p for p in everyone if kind(p)]
        if found:
            return found
    names = {normalize(n) for p in everyone for n in (p.name, p.first_name)}
    close = set(difflib.get_close_matches(q, sorted(names), n=5, cutoff=0.8))
    return [p for p in everyone if close & {normalize(p.name), normalize(p.first_name)}]


async def resolve(ctx: Context, text: str,
                  permission: authz.Permission = authz.Permission.VIEW_TRACK) -> Found:
    """Whom `text` names (email, full name, first name; forgiving of case and small typos),
    among everyone, keeping to the people the asker holds `permission` on: a name shared by a
    report and a stranger means the report; nobody the asker may see is `hidden`, never shown."""
    wanted = text.strip().strip("<>").removeprefix("mailto:").strip(" ?!.\"'")
    if "@" in wanted:
        one = await ctx.uow.people.person_by_email(wanted.lower())
        candidates = [one] if one else []
    else:
        candidates = _matches(wanted, await ctx.uow.people.in_teams())
    allowed = [p for p in candidates if await may(ctx, p, permission)]
    if len(allowed) == 1:
        return Found(person=allowed[0])
    if allowed:
        return Found(choices=tuple(allowed))
    return Found(hidden=tuple(candidates))


def not_found(found: Found, text: str) -> Reply:
    """The answer when `found` is not one person: which ones were meant (ambiguous), that the
    asker may not see them (refused, without saying more about them), or that nobody is."""
    if found.choices:
        listed = [f"{p.name} ({p.email})" for p in found.choices[:_MAX_LISTED]]
        more = len(found.choices) - len(listed)
        return Reply((Text(f"More than one person matches \"{text.strip()}\". Which one? Say "
                           "it again with their full name or email."),
                      Bullets(tuple(listed + ([f"and {more} more"] if more else [])))))
    if found.hidden:
        return Reply((Text(f"You asked about \"{text.strip()}\"."), Text(authz.REFUSAL)))
    return Reply((Text(f"I couldn't find anyone called \"{text.strip()}\". Try their full name "
                       "or work email."),))


async def find_person(ctx: Context, text: str) -> Person | None:
    """The one person `text` names (see `resolve`): one the asker may see, else the only one
    there is (the caller's permission check refuses it), else None."""
    found = await resolve(ctx, text)
    return found.person or (found.hidden[0] if len(found.hidden) == 1 else None)


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
