"""What's next (for me, or "for EMAIL" if the asker may see them), my track, any track by name,
one competency across levels, the list of tracks."""

from __future__ import annotations

from bot import authz
from bot.checkins.messages import overview_blocks, prompt_buttons
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.model import Assessment, Track
from bot.names import best_name, normalize
from bot.people import Found, Standing, not_found, refusal, relation, resolve, standing
from bot.readiness.service import self_ratings
from bot.reply import (
    Block,
    Bullets,
    Button,
    Buttons,
    Caption,
    Fields,
    Header,
    Reply,
    Text,
)
from bot.tracks import rules
from bot.tracks.messages import (
    MAX_COMPETENCY_BUTTONS,
    SAME_AS_BEFORE,
    branch_notes,
    level_section,
    matrix,
    no_track_reply,
    top_of_track,
    track_list_blocks,
)


async def _own_track(ctx: Context) -> Track | None:
    if ctx.person.track_id is None:
        return None
    return await ctx.uow.tracks.track(ctx.person.track_id)


async def my_next(ctx: Context, argument: str = "") -> Reply:
    """The person's level, the next level(s) and, per competency, what the next level expects."""
    track = await _own_track(ctx)
    if track is None:
        return no_track_reply()
    await ctx.uow.tracks.record_track_view(ctx.person.id, ctx.services.clock.now())
    current = track.level(ctx.person.level_id) if ctx.person.level_id else None
    upcoming = rules.next_levels(track, current.id if current else None)
    latest, renewing = await self_ratings(ctx.uow, ctx.person.id)
    if not upcoming:
        return top_of_track(track, current, latest)
    shared = await _shared_manager_rating(ctx)
    blocks: list[Block] = [
        Header(f"What's next for you, {ctx.person.first_name}"),
        Fields(
            (
                ("Track", track.name),
                ("Your level", current.title if current else "Not set yet"),
                ("Next level" if len(upcoming) == 1 else "Next levels", " or ".join(
                    lv.title for lv in upcoming)),
            )
        ),
    ]
    if len(upcoming) > 1:
        blocks.append(
            Text(
                "Your track branches here: you can grow towards "
                f"{' or '.join(lv.title for lv in upcoming)}. Both are shown below."
            )
        )
    for level in upcoming:
        blocks.extend(level_section(track, current, level, latest, shared, renewing))
    blocks.append(
        Buttons(
            tuple(
                Button(f"Rate my readiness for {lv.title}", "readiness.start", {"level": lv.id},
                       style="primary" if i == 0 else None)
                for i, lv in enumerate(upcoming)
            )
            + (Button("See my full track", "tracks.show"),)
        )
    )
    return Reply(tuple(blocks))


async def _shared_manager_rating(ctx: Context) -> Assessment | None:
    """The newest manager rating of the person that their manager chose to share."""
    found = await ctx.uow.assessments.shared_rating(ctx.person.id)
    return await ctx.uow.assessments.assessment(found) if found is not None else None


async def show_track(ctx: Context, argument: str = "") -> Reply:
    """A track as a readable matrix; the person's own by default, any track by (fuzzy) name."""
    own = await _own_track(ctx)
    track = own
    if argument:
        all_tracks = await ctx.uow.tracks.tracks()
        name = best_name(argument, [t.name for t in all_tracks] + [t.id for t in all_tracks])
        track = next((t for t in all_tracks if name in (t.name, t.id)), None)
        if track is None:
            return Reply((
                Text(f"I couldn't find a track called \"{argument}\"."),
                *track_list_blocks(all_tracks),
            ))
    if track is None:
        return no_track_reply()
    mine = own is not None and track.id == own.id
    highlight: set[str] = set()
    if mine:
        await ctx.uow.tracks.record_track_view(ctx.person.id, ctx.services.clock.now())
        if ctx.person.level_id:
            highlight.add(ctx.person.level_id)
        highlight.update(lv.id for lv in rules.next_levels(track, ctx.person.level_id))
    blocks: list[Block] = [Header(track.name)]
    if track.description:
        blocks.append(Text(track.description))
    if mine and ctx.person.level_id and (lv := track.level(ctx.person.level_id)):
        blocks.append(Caption(f"You are {lv.title}; your level and the next are highlighted."))
    blocks.append(matrix(track, highlight))
    blocks.extend(Caption(n) for n in branch_notes(track))
    # One button per competency (capped so a long track still fits one row of actions).
    buttons = [Button(f"{c.name}", "tracks.competency", {"track": track.id, "competency": c.id})
               for c in track.competencies[:MAX_COMPETENCY_BUTTONS]]
    if mine:
        buttons.insert(0, Button("What's next for me?", "tracks.next", style="primary"))
    blocks.append(Buttons(tuple(buttons)))
    return Reply(tuple(blocks))


async def list_tracks(ctx: Context, argument: str = "") -> Reply:
    return Reply((Header("All career tracks"),
                  *track_list_blocks(list(await ctx.uow.tracks.tracks()))))


async def show_competency(ctx: Context, argument: str, track_id: str | None = None) -> Reply:
    """One competency across all levels of a track (the person's own track is searched first)."""
    all_tracks = list(await ctx.uow.tracks.tracks())
    ordered = sorted(all_tracks, key=lambda t: (t.id != (track_id or ctx.person.track_id)))
    if not argument:
        return Reply((Text("Which competency? e.g. \"competency ownership\"."),))
    for track in ordered:
        names = [c.name for c in track.competencies] + [c.id for c in track.competencies]
        found = best_name(argument, names, cutoff=0.7)
        comp = next((c for c in track.competencies if found in (c.name, c.id)), None)
        if comp is None:
            continue
        blocks: list[Block] = [Header(f"{comp.name} ({track.name})")]
        if comp.description:
            blocks.append(Text(comp.description))
        for lv in track.levels:
            marker = " (you are here)" if (track.id == ctx.person.track_id
                                           and lv.id == ctx.person.level_id) else ""
            blocks.append(Text(f"**{lv.title}**{marker}"))
            blocks.append(Bullets(comp.expectations.get(lv.id) or (SAME_AS_BEFORE,)))
        return Reply(tuple(blocks))
    return Reply((Text(f"I couldn't find a competency called \"{argument}\". "
                       "Try \"track\" to see every competency on your track."),))


async def next_action(ctx: Context, action: Action) -> Reply:
    return await my_next(ctx)


async def show_track_action(ctx: Context, action: Action) -> Reply:
    return await show_track(ctx, action.value.get("track", ""))


async def list_tracks_action(ctx: Context, action: Action) -> Reply:
    return await list_tracks(ctx)


async def competency_action(ctx: Context, action: Action) -> Reply:
    return await show_competency(ctx, action.value.get("competency", ""), action.value.get("track"))


_SELF_WORDS = frozenset({"", "me", "myself", "for me", "mine"})


async def whats_next(ctx: Context, argument: str = "") -> Reply:
    """"what's next" for the asker, or "what's next for EMAIL" for someone they may see."""
    about = normalize(argument).removeprefix("for ").strip()
    if about in _SELF_WORDS:
        return await my_next(ctx)
    wanted = argument.strip().removeprefix("for ").strip()
    found = await resolve(ctx, wanted)
    if found == Found() and "@" not in wanted:
        return await my_next(ctx)  # "what do I need for promotion" is about me
    if found.person is None:
        return not_found(found, wanted)  # ambiguous (listed), not theirs to see, or nobody
    subject = found.person
    if subject.id == ctx.person.id:
        return await my_next(ctx)
    rel = await relation(ctx, subject)
    if not authz.allowed(rel, authz.Permission.VIEW_TRACK):
        return refusal()
    now = await standing(ctx.uow, subject)
    ratings = authz.allowed(rel, authz.Permission.VIEW_RATINGS)
    plan = await ctx.uow.plans.plan(subject.id) if ratings else None
    last = await ctx.uow.checkins.last_checkin(subject.id)
    blocks: list[Block] = [Header(f"What's next for {subject.name}")]
    if now.track:
        blocks.append(Text(f"Track: {now.track.name}"))
    blocks += overview_blocks(now, plan, last, ctx.person, ctx.services.clock.now().date(),
                              ratings=ratings,
                              focus=authz.allowed(rel, authz.Permission.VIEW_PLAN))
    if not ratings:
        blocks.append(Caption("HR sees tracks and levels only: ratings, plans and notes are "
                              "private to the person and their manager."))
    if authz.allowed(rel, authz.Permission.RATE):
        buttons = prompt_buttons(subject, None).buttons
        unshared = await _unshared_rating(ctx, now)
        if unshared is not None:
            buttons += (Button(f"Share your rating with {subject.first_name}", "checkins.share",
                               {"a": str(unshared.id)}),)
        blocks.append(Buttons(buttons))
    return Reply(tuple(blocks))


async def _unshared_rating(ctx: Context, now: Standing) -> Assessment | None:
    """The asker's newest finished rating of the person, if they have not shared it yet (the
    Share button at the end of a rating is easy to miss, or gone with a closed chat)."""
    rating = now.manager_rating
    if rating is None or rating.rater_id != ctx.person.id:
        return None
    return None if await ctx.uow.assessments.shared_rating(now.person.id) == rating.id else rating


COMMANDS: tuple[Command, ...] = (
    Command(name="next", words=("next", "whatsnext"),
            phrases=("what do i need", "whats next", "what is next", "next level", "next step",
                     "promotion", "promoted"),
            help=(Help("**next**: your next level and what changes, competency by competency",
                       rank=10),
                  Help("**what's next for** name: a report's level, ratings and plan, with a "
                       "button to rate them", Audience.MANAGERS, rank=20)),
            handler=whats_next),
    Command(name="track", words=("track",),
            phrases=("my track", "career track", "my level", "matrix"),
            help=(Help("**track** [name]: your career track as a matrix, or any track by name",
                       rank=30),),
            handler=show_track),
    Command(name="tracks", words=("tracks",), phrases=("all tracks", "list tracks"),
            help=(Help("**tracks**: every career track in the company", rank=40),),
            handler=list_tracks),
    Command(name="competency", words=("competency", "skill"),
            help=(Help("**competency** name: one competency across all levels", rank=50),),
            handler=show_competency),
)
ACTIONS: dict[str, ActionHandler] = {
    "tracks.next": next_action,
    "tracks.show": show_track_action,
    "tracks.list": list_tracks_action,
    "tracks.competency": competency_action,
}
