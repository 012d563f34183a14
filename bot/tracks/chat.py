"""What's next, my track, any track by name, one competency across levels, the list of tracks."""

from __future__ import annotations

from collections.abc import Sequence

from bot import tracks as rules
from bot.context import Context
from bot.events import Action
from bot.intents import best_name
from bot.model import Assessment, Level, Track
from bot.readiness import summarize
from bot.reply import (
    SCALE_LABELS,
    Block,
    Bullets,
    Button,
    Buttons,
    Divider,
    Fields,
    Header,
    Reply,
    Table,
    Text,
)
from bot.reply import Context as Note

SAME_AS_BEFORE = "(no new expectation at this level)"
MAX_COMPETENCY_BUTTONS = 12


async def _own_track(ctx: Context) -> Track | None:
    if ctx.person.track_id is None:
        return None
    return await ctx.uow.tracks.track(ctx.person.track_id)


def _no_track_reply() -> Reply:
    return Reply(
        (
            Text(
                "You're not on a career track yet. Ask your HR team to assign you one; meanwhile "
                "you can browse every track."
            ),
            Buttons((Button("See all tracks", "tracks.list"),)),
        )
    )


def score_label(score: int | None) -> str:
    return "skipped" if score is None else f"{score}/5 ({SCALE_LABELS[score - 1]})"


async def whats_next(ctx: Context, argument: str = "") -> Reply:
    """The person's level, the next level(s) and, per competency, what the next level expects."""
    track = await _own_track(ctx)
    if track is None:
        return _no_track_reply()
    await ctx.uow.tracks.record_track_view(ctx.person.id, ctx.services.clock.now())
    current = track.level(ctx.person.level_id) if ctx.person.level_id else None
    upcoming = rules.next_levels(track, current.id if current else None)
    if not upcoming:
        return _top_of_track(track, current)
    latest = await ctx.uow.assessments.latest_assessment(ctx.person.id, ctx.person.id,
                                                         completed_only=False)
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
        blocks.extend(_level_section(track, current, level, latest, shared))
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


def _level_section(
    track: Track, current: Level | None, level: Level, latest: Assessment | None,
    shared: Assessment | None = None,
) -> list[Block]:
    blocks: list[Block] = [Divider(), Header(f"Towards {level.title}")]
    rated = latest if latest and latest.target_level_id == level.id else None
    boss = shared if shared and shared.target_level_id == level.id else None
    changed = 0
    for change in rules.changes(track, current.id if current else None, level.id):
        marker = "changes" if change.changed else "same as now"
        changed += change.changed
        blocks.append(Text(f"**{change.competency.name}** ({marker})"))
        blocks.append(Bullets(change.target or (SAME_AS_BEFORE,)))
        if rated and change.competency.id in rated.scores:
            score = rated.scores[change.competency.id]
            blocks.append(Note(f"Your self-rating: {score_label(score)}"))
        if boss and change.competency.id in boss.scores:
            score = boss.scores[change.competency.id]
            blocks.append(Note(f"Your manager's rating: {score_label(score)}"))
    if rated:
        summary = summarize(rated.scores, rules.rated_competencies(track, level.id))
        state = "complete" if rated.completed_at else "in progress"
        percent = "-" if summary.percent is None else f"{summary.percent}%"
        ready = " - ready!" if summary.ready else ""
        blocks.append(Note(f"Your readiness for {level.title}: {percent} ({state}, "
                           f"{summary.rated} of {summary.total} rated){ready}"))
    if boss:
        summary = summarize(boss.scores, rules.rated_competencies(track, level.id))
        percent = "-" if summary.percent is None else f"{summary.percent}%"
        blocks.append(Note(f"Your manager rates your readiness for {level.title} at {percent}"
                           f"{' - ready!' if summary.ready else ''}"))
    count = len(track.competencies)
    blocks.insert(2, Note(f"{changed} of {count} competencies change at this level."))
    return blocks


def _top_of_track(track: Track, current: Level | None) -> Reply:
    title = current.title if current else "this track"
    blocks: list[Block] = [
        Header(f"You're at the top of {track.name}"),
        Text(
            f"There is no level above {title} on this track. Growth from here is about scope "
            "and impact: taking on wider problems, multiplying others, shaping the track itself."
        ),
    ]
    others = rules.alternative_paths(track, current.id) if current else []
    if others:
        blocks.append(Text("Other paths on your track you could move to:"))
        blocks.append(Bullets(tuple(f"{lv.title}" for lv in others)))
    blocks.append(Buttons((Button("See my full track", "tracks.show"),
                           Button("See all tracks", "tracks.list"))))
    return Reply(tuple(blocks))


def _matrix(track: Track, highlight_ids: set[str]) -> Table:
    columns = ("Competency",) + tuple(lv.title for lv in track.levels)
    rows = []
    for comp in track.competencies:
        cells = [comp.name]
        for lv in track.levels:
            bullets = comp.expectations.get(lv.id)
            cells.append("\n".join(bullets) if bullets else "(as before)")
        rows.append(tuple(cells))
    highlight = tuple(i + 1 for i, lv in enumerate(track.levels) if lv.id in highlight_ids)
    return Table(columns, tuple(rows), highlight)


def _branch_notes(track: Track) -> list[str]:
    notes = []
    for lv in track.levels:
        nxt = rules.next_levels(track, lv.id)
        if len(nxt) > 1:
            notes.append(f"After {lv.title}: {' or '.join(n.title for n in nxt)}.")
    return notes


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
                *_track_list_blocks(all_tracks),
            ))
    if track is None:
        return _no_track_reply()
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
        blocks.append(Note(f"You are {lv.title}; your level and the next are highlighted."))
    blocks.append(_matrix(track, highlight))
    blocks.extend(Note(n) for n in _branch_notes(track))
    # One button per competency (capped so a long track still fits one row of actions).
    buttons = [Button(f"{c.name}", "tracks.competency", {"track": track.id, "competency": c.id})
               for c in track.competencies[:MAX_COMPETENCY_BUTTONS]]
    if mine:
        buttons.insert(0, Button("What's next for me?", "tracks.next", style="primary"))
    blocks.append(Buttons(tuple(buttons)))
    return Reply(tuple(blocks))


def _track_list_blocks(all_tracks: Sequence[Track]) -> list[Block]:
    if not all_tracks:
        return [Text("No career tracks have been loaded yet. Your HR team can import them.")]
    return [
        Text("Career tracks:"),
        Bullets(tuple(f"**{t.name}**: {len(t.levels)} levels, {len(t.competencies)} competencies"
                      for t in all_tracks)),
        Buttons(tuple(Button(t.name, "tracks.show", {"track": t.id}) for t in all_tracks[:5])),
    ]


async def list_tracks(ctx: Context, argument: str = "") -> Reply:
    return Reply((Header("All career tracks"),
                  *_track_list_blocks(list(await ctx.uow.tracks.tracks()))))


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
    return await whats_next(ctx)


async def show_track_action(ctx: Context, action: Action) -> Reply:
    return await show_track(ctx, action.value.get("track", ""))


async def list_tracks_action(ctx: Context, action: Action) -> Reply:
    return await list_tracks(ctx)


async def competency_action(ctx: Context, action: Action) -> Reply:
    return await show_competency(ctx, action.value.get("competency", ""), action.value.get("track"))
