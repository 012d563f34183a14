"""A manager's readiness rating of a report: starting or resuming it, from a button or from
"rate NAME" typed in chat (so "stop for now" can say how to carry on with that very report)."""

from __future__ import annotations

from bot import authz
from bot.context import Context
from bot.model import Person
from bot.names import normalize
from bot.people import may, not_found, refusal, resolve, standing
from bot.readiness.messages import ask_next
from bot.reply import Block, Button, Buttons, Caption, Header, Reply, Text
from bot.tracks import rules

_ONESELF = frozenset({"me", "myself", "my readiness", "mine", "self", "for me"})


def carry_on_hint(subject: Person) -> str:
    """What the rater types to carry on rating `subject` ("rate" alone rates oneself)."""
    return f"Say \"rate {subject.first_name}\" to carry on rating {subject.first_name}"


async def rate_named(ctx: Context, argument: str) -> Reply | None:
    """"rate NAME": the manager's rating of that person, or the question which one, or a
    refusal. None when `argument` names nobody but the asker, or one of their own track's
    levels ("rate senior" is a self-rating)."""
    wanted = argument.strip()
    if normalize(wanted) in _ONESELF:
        return None
    track = await ctx.uow.tracks.track(ctx.person.track_id) if ctx.person.track_id else None
    if not wanted or (track is not None and rules.find_level(track, wanted) is not None):
        return None
    found = await resolve(ctx, wanted, authz.Permission.RATE)
    if found.person is None and not found.choices and not found.hidden:
        return None
    if found.person is None:
        return not_found(found, wanted)
    if found.person.id == ctx.person.id:
        return None
    return await start_rating(ctx, found.person)


async def start_rating(ctx: Context, subject: Person, wanted: str | None = None) -> Reply:
    """Start or resume the asker's rating of `subject` against `wanted` (a next level's id; on
    a branch without one, the asker picks). Refused unless the asker may rate them."""
    if not await may(ctx, subject, authz.Permission.RATE):
        return refusal()
    now = await standing(ctx.uow, subject)
    if now.track is None or not now.upcoming:
        return Reply((Text(f"{subject.first_name} has no next level to rate against."),))
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
