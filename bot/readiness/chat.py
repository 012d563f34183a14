"""The guided self-assessment: one competency at a time on a 1-5 scale, skippable and resumable,
ending in a readiness summary, and sharing a manager's rating. Every press is idempotent."""

from __future__ import annotations

from dataclasses import replace

from bot import authz
from bot.checkins.rating import carry_on_hint, rate_named
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.model import Assessment, Level, Track
from bot.names import whole_number
from bot.people import may, refusal
from bot.readiness.messages import ask_next, summary_reply
from bot.readiness.service import start_self_assessment
from bot.reply import (
    Reply,
    Text,
)
from bot.tracks import rules


async def _own_open_assessment(
    ctx: Context, action: Action
) -> tuple[Assessment, Track, Level] | None:
    """The assessment a button names, only if the person pressing it is its rater and, for a
    manager's rating, still the subject's manager (a report may have moved on since)."""
    raw = action.value.get("a", "")
    number = whole_number(raw)
    assessment = (await ctx.uow.assessments.assessment(number) if number is not None
                  else None)
    if assessment is None or assessment.rater_id != ctx.person.id:
        return None
    if not assessment.is_self:
        subject = await ctx.uow.people.person(assessment.subject_id)
        if subject is None or not await authz.can(
                ctx.uow.people.person, ctx.person, subject, authz.Permission.RATE):
            return None
    track = await ctx.uow.tracks.track(assessment.track_id)
    target = track.level(assessment.target_level_id) if track else None
    if track is None or target is None:
        return None
    return assessment, track, target


async def record(ctx: Context, action: Action, *, skip: bool = False) -> Reply:
    found = await _own_open_assessment(ctx, action)
    if found is None:
        return Reply((Text("That rating isn't yours or no longer exists. Say \"rate\" to start."),))
    assessment, track, target = found
    competency_id = action.value.get("c", "")
    # A self-rating against the person's own level: they are at the top of their track.
    deepen = assessment.is_self and target.id == ctx.person.level_id
    if assessment.completed_at is not None:
        # A late or repeated press on a finished rating: show the result, change nothing.
        return summary_reply(track, target, assessment, replace=True, deepen=deepen)
    score_text = action.value.get("score", "")
    if track.competency(competency_id) is None or (
            not skip and score_text not in {"1", "2", "3", "4", "5"}):
        return Reply((Text("Please pick a score from 1 to 5, or skip."),))
    now = ctx.services.clock.now()
    await ctx.uow.assessments.set_score(assessment.id, competency_id,
                                        None if skip else int(score_text), now)
    assessment = await ctx.uow.assessments.assessment(assessment.id) or assessment
    if all(cid in assessment.scores for cid in rules.rated_competencies(track, target.id)):
        await ctx.uow.assessments.complete_assessment(assessment.id, now)
        assessment = await ctx.uow.assessments.assessment(assessment.id) or assessment
    return ask_next(track, target, assessment, replace=True, deepen=deepen)


async def score_action(ctx: Context, action: Action) -> Reply:
    return await record(ctx, action)


async def skip_action(ctx: Context, action: Action) -> Reply:
    return await record(ctx, action, skip=True)


async def pause_action(ctx: Context, action: Action) -> Reply:
    found = await _own_open_assessment(ctx, action)
    if found is not None and not found[0].is_self:  # a manager's rating: "rate" rates oneself
        subject = await ctx.uow.people.person(found[0].subject_id)
        if subject is not None:
            return Reply((Text(f"Saved. {carry_on_hint(subject)} where you left off."),),
                         replace=True)
    return Reply((Text("Saved. Say \"rate\" whenever you want to carry on where you left off."),),
                 replace=True)


async def rate(ctx: Context, argument: str = "") -> Reply:
    """`rate` (yourself), or `rate NAME` (a report, as their manager)."""
    return await rate_named(ctx, argument) or await start_self_assessment(ctx, argument)


async def start_action(ctx: Context, action: Action) -> Reply:
    return await start_self_assessment(ctx, level_id=action.value.get("level"))


async def restart_action(ctx: Context, action: Action) -> Reply:
    return await start_self_assessment(ctx, level_id=action.value.get("level"))


async def _open_self_assessment(ctx: Context) -> Assessment | None:
    latest = await ctx.uow.assessments.latest_assessment(ctx.person.id, ctx.person.id,
                                                         completed_only=False)
    return latest if latest is not None and latest.completed_at is None else None


async def typed(ctx: Context, argument: str, *, kind: str) -> Reply:
    """A score, "skip" or "stop" typed in chat (where buttons are a click away but people type
    anyway): applied to the person's own rating in progress, exactly as the button would."""
    assessment = await _open_self_assessment(ctx)
    track = await ctx.uow.tracks.track(assessment.track_id) if assessment else None
    if assessment is None or track is None:
        return Reply((Text("You have no rating in progress. Say \"rate\" to start one, or "
                           "\"help\" to see what I can do."),))
    if kind == "pause":
        return await pause_action(ctx, Action(ctx.event.actor, "readiness.pause"))
    pending = [cid for cid in rules.rated_competencies(track, assessment.target_level_id)
               if cid not in assessment.scores]
    value = {"a": str(assessment.id), "c": pending[0] if pending else "", "score": argument}
    reply = await record(ctx, Action(ctx.event.actor, "readiness.score", value),
                         skip=kind == "skip")
    return replace(reply, replace=False)  # typed text gets a new message, not an edit


async def typed_score(ctx: Context, argument: str) -> Reply:
    return await typed(ctx, argument, kind="score")


async def typed_skip(ctx: Context, argument: str) -> Reply:
    return await typed(ctx, argument, kind="skip")


async def typed_pause(ctx: Context, argument: str) -> Reply:
    return await typed(ctx, argument, kind="pause")


async def share(ctx: Context, action: Action) -> Reply:
    """`checkins.share` {"a": assessment id}: only the rater, only a finished rating."""
    raw = action.value.get("a", "")
    number = whole_number(raw)
    assessment = (await ctx.uow.assessments.assessment(number) if number is not None
                  else None)
    if assessment is None or assessment.rater_id != ctx.person.id or assessment.is_self:
        return Reply((Text("That rating isn't yours to share."),))
    subject = await ctx.uow.people.person(assessment.subject_id)
    if subject is None or not await may(ctx, subject, authz.Permission.RATE):
        return refusal()
    if assessment.completed_at is None:
        return Reply((Text("Finish the rating first, then share it."),))
    await ctx.uow.assessments.share_rating(assessment.id, ctx.services.clock.now())
    return Reply((Text(f"Shared. {subject.first_name} now sees your rating beside their own "
                       "in \"what's next\"."),), replace=True)


COMMANDS: tuple[Command, ...] = (
    Command(name="rate", words=("rate", "readiness"),
            phrases=("how ready", "am i ready", "self assessment", "rate myself", "ready"),
            help=(Help("**rate**: rate your readiness for the next level (at the top of your "
                       "track: your own level), one competency at a time", rank=20),
                  Help("**rate** name: rate a report's readiness for their next level",
                       Audience.MANAGERS, rank=25)),
            handler=rate),
    # Only meaningful while a rating is in progress: not advertised.
    Command(name="score", handler=typed_score, advertised=False),
    Command(name="skip", words=("skip",), handler=typed_skip, advertised=False),
    Command(name="pause", words=("stop", "pause"), handler=typed_pause, advertised=False),
)
ACTIONS: dict[str, ActionHandler] = {
    "readiness.start": start_action,
    "readiness.restart": restart_action,
    "readiness.score": score_action,
    "readiness.skip": skip_action,
    "readiness.pause": pause_action,
    "checkins.share": share,
}
