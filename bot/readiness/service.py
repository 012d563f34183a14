"""Readiness use cases shared with other features: starting or resuming a self-assessment."""

from __future__ import annotations

from bot.context import Context
from bot.readiness.messages import ask_next
from bot.reply import Button, Buttons, Reply, Text
from bot.tracks import rules


async def start_self_assessment(ctx: Context, argument: str = "",
                                level_id: str | None = None) -> Reply:
    """Start or resume a self-assessment against the next level (asking which, on a branch)."""
    person = ctx.person
    track = await ctx.uow.tracks.track(person.track_id) if person.track_id else None
    if track is None:
        return Reply((Text("You need a career track before you can rate your readiness. "
                           "Ask your HR team to assign you one."),))
    upcoming = rules.next_levels(track, person.level_id)
    if not upcoming:
        return Reply((Text(f"You're at the top of {track.name}, so there is no next level to "
                           "rate against. Try \"next\" to see where else you could grow."),))
    if level_id is None and argument:
        found = rules.find_level(track, argument)
        level_id = found.id if found in upcoming and found else None
    target = next((lv for lv in upcoming if lv.id == level_id), None)
    if target is None and len(upcoming) == 1:
        target = upcoming[0]
    if target is None:
        return Reply((
            Text("Your track branches here. Which next level do you want to rate yourself "
                 "against?"),
            Buttons(tuple(Button(lv.title, "readiness.start", {"level": lv.id})
                          for lv in upcoming)),
        ))
    assessment = await ctx.uow.assessments.open_assessment(person.id, person.id, track.id,
                                                           target.id)
    resumed = assessment is not None and bool(assessment.scores)
    if assessment is None:
        assessment = await ctx.uow.assessments.start_assessment(
            person.id, person.id, track.id, target.id, ctx.services.clock.now())
    return ask_next(track, target, assessment, intro=True, resumed=resumed)
