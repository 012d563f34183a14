"""Readiness use cases shared with other features: starting or resuming a self-assessment (at
the top of a track, against the person's own level), and which self-rating to show."""

from __future__ import annotations

from bot.context import Context
from bot.model import Assessment, Level, Track
from bot.ports import UnitOfWork
from bot.readiness.messages import ask_next
from bot.reply import Button, Buttons, Reply, Text
from bot.tracks import rules


def rating_levels(track: Track, level_id: str | None) -> tuple[list[Level], bool]:
    """The levels a self-rating may be against, and whether that is the person's own level:
    the next level(s), or at the top of the track their own (growth there is deepening it)."""
    upcoming = rules.next_levels(track, level_id)
    current = track.level(level_id) if level_id else None
    if upcoming or current is None:
        return upcoming, False
    return [current], True


async def start_self_assessment(ctx: Context, argument: str = "",
                                level_id: str | None = None) -> Reply:
    """Start or resume a self-assessment against the next level (asking which, on a branch),
    or at the top of the track against the person's own level."""
    person = ctx.person
    track = await ctx.uow.tracks.track(person.track_id) if person.track_id else None
    if track is None:
        return Reply((Text("You need a career track before you can rate your readiness. "
                           "Ask your HR team to assign you one."),))
    upcoming, deepen = rating_levels(track, person.level_id)
    if not upcoming:
        return Reply((Text(f"{track.name} has no levels to rate yourself against yet. Ask "
                           "your HR team."),))
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
    return ask_next(track, target, assessment, intro=True, resumed=resumed, deepen=deepen)


async def self_ratings(uow: UnitOfWork,
                       person_id: int) -> tuple[Assessment | None, Assessment | None]:
    """(shown, renewing): the person's newest finished self-rating (before any is finished,
    the one in progress), and a newer one still in progress. Rating again never hides the
    last result: it stands until the new one is finished."""
    finished = await uow.assessments.latest_assessment(person_id, person_id)
    latest = await uow.assessments.latest_assessment(person_id, person_id,
                                                     completed_only=False)
    if finished is None:
        return latest, None
    newer = latest is not None and latest.completed_at is None and latest.id != finished.id
    return finished, latest if newer else None
