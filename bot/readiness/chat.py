"""The guided self-assessment: one competency at a time on a 1-5 scale, skippable and resumable,
ending in a readiness summary. Every press is idempotent (a double click stores one score)."""

from __future__ import annotations

from dataclasses import replace

from bot import authz
from bot import tracks as rules
from bot.context import Context
from bot.events import Action
from bot.flows.manager_rating import manager_summary, rating_blocks
from bot.model import Assessment, Level, Track
from bot.reply import (
    Block,
    Bullets,
    Button,
    Buttons,
    Header,
    Reply,
    Scale,
    Text,
)
from bot.reply import Context as Note

PRIVACY_NOTE = ("Your self-ratings are visible to you, your manager and their manager; "
                "nobody else.")


async def start(ctx: Context, argument: str = "", level_id: str | None = None) -> Reply:
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
    return _ask_next(track, target, assessment, intro=True, resumed=resumed)


def _ask_next(track: Track, target: Level, assessment: Assessment, *, intro: bool = False,
              resumed: bool = False, replace: bool = False) -> Reply:
    ids = rules.rated_competencies(track, target.id)
    pending = [cid for cid in ids if cid not in assessment.scores]
    if not pending:
        return summary_reply(track, target, assessment, replace=replace)
    comp = track.competency(pending[0])
    assert comp is not None  # ids come from the track itself
    position = ids.index(comp.id) + 1
    blocks: list[Block] = []
    if intro:
        blocks.append(Header(f"How ready are you for {target.title}?"))
        blocks.append(Text(
            "For each competency, how often do you already do what the next level expects? "
            "1 not yet, 2 starting, 3 sometimes, 4 usually, 5 consistently. You can skip any "
            "and stop at any time; I'll keep your place."))
        blocks.append(Note(PRIVACY_NOTE))
        if resumed:
            blocks.append(Note(f"Picking up where you left off: {len(assessment.scores)} of "
                               f"{len(ids)} done."))
    bullets, _ = rules.expectation(track, comp, target.id)
    blocks.extend([
        Text(f"**{comp.name}** ({position} of {len(ids)})"),
        *([Note(comp.description)] if comp.description else []),
        Bullets(bullets),
        Scale("readiness.score", {"a": str(assessment.id), "c": comp.id}),
        Buttons((
            Button("Skip", "readiness.skip", {"a": str(assessment.id), "c": comp.id}),
            Button("Stop for now", "readiness.pause", {"a": str(assessment.id)}),
        )),
    ])
    return Reply(tuple(blocks), replace=replace)


def summary_reply(track: Track, target: Level, assessment: Assessment, *,
                  replace: bool = False) -> Reply:
    if not assessment.is_self:
        return manager_summary(track, target, assessment, replace=replace)
    summary, blocks = rating_blocks(track, target, assessment, headline="Your readiness for",
                                    chart="Self-rating by competency (1-5)")
    blocks.append(Text(
        "You rate yourself ready: every competency is at 4 or more. Share this with your "
        "manager in your next 1:1." if summary.ready else
        "Not there yet, and that's the point: the competencies below 4 are where to focus."))
    names = {c.id: c.name for c in track.competencies}
    focus = [names[cid] for cid in summary.not_yet]
    if focus and not summary.ready:
        blocks.append(Bullets(tuple(f"Focus: {n}" for n in focus[:3])))
    blocks.append(Buttons((Button("What's next for me?", "tracks.next"),
                           Button("Rate again", "readiness.restart", {"level": target.id}))))
    return Reply(tuple(blocks), replace=replace)


async def _own_open_assessment(
    ctx: Context, action: Action
) -> tuple[Assessment, Track, Level] | None:
    """The assessment a button names, only if the person pressing it is its rater and, for a
    manager's rating, still the subject's manager (a report may have moved on since)."""
    raw = action.value.get("a", "")
    assessment = await ctx.uow.assessments.assessment(int(raw)) if raw.isdigit() else None
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
    if assessment.completed_at is not None:
        # A late or repeated press on a finished rating: show the result, change nothing.
        return summary_reply(track, target, assessment, replace=True)
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
    return _ask_next(track, target, assessment, replace=True)


async def score_action(ctx: Context, action: Action) -> Reply:
    return await record(ctx, action)


async def skip_action(ctx: Context, action: Action) -> Reply:
    return await record(ctx, action, skip=True)


async def pause_action(ctx: Context, action: Action) -> Reply:
    return Reply((Text("Saved. Say \"rate\" whenever you want to carry on where you left off."),),
                 replace=True)


async def start_action(ctx: Context, action: Action) -> Reply:
    return await start(ctx, level_id=action.value.get("level"))


async def restart_action(ctx: Context, action: Action) -> Reply:
    return await start(ctx, level_id=action.value.get("level"))


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
