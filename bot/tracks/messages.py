"""Track Reply builders: a level section, the top of a track, the matrix, the list of tracks."""

from __future__ import annotations

from collections.abc import Sequence

from bot.model import Assessment, Level, Track
from bot.readiness.messages import renewal_line, standing_line
from bot.readiness.rules import summarize
from bot.reply import (
    SCALE_LABELS,
    Block,
    Bullets,
    Button,
    Buttons,
    Caption,
    Divider,
    Header,
    Reply,
    Table,
    Text,
)
from bot.tracks import rules

SAME_AS_BEFORE = "(no new expectation at this level)"


MAX_COMPETENCY_BUTTONS = 12


def no_track_reply() -> Reply:
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


def level_section(
    track: Track, current: Level | None, level: Level, latest: Assessment | None,
    shared: Assessment | None = None, renewing: Assessment | None = None,
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
            blocks.append(Caption(f"Your self-rating: {score_label(score)}"))
        if boss and change.competency.id in boss.scores:
            score = boss.scores[change.competency.id]
            blocks.append(Caption(f"Your manager's rating: {score_label(score)}"))
    if rated:
        summary = summarize(rated.scores, rules.rated_competencies(track, level.id))
        state = "complete" if rated.completed_at else "in progress"
        percent = "-" if summary.percent is None else f"{summary.percent}%"
        ready = " - ready!" if summary.ready else ""
        blocks.append(Caption(f"Your readiness for {level.title}: {percent} ({state}, "
                              f"{summary.rated} of {summary.total} rated){ready}"))
    if renewing and renewing.target_level_id == level.id:
        blocks.append(Caption(renewal_line(track, level, renewing)))
    if boss:
        summary = summarize(boss.scores, rules.rated_competencies(track, level.id))
        percent = "-" if summary.percent is None else f"{summary.percent}%"
        blocks.append(Caption(f"Your manager rates your readiness for {level.title} at {percent}"
                              f"{' - ready!' if summary.ready else ''}"))
    count = len(track.competencies)
    blocks.insert(2, Caption(f"{changed} of {count} competencies change at this level."))
    return blocks


def top_of_track(track: Track, current: Level | None,
                 rating: Assessment | None = None) -> Reply:
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
    growth: tuple[Button, ...] = ()
    if current is not None:  # growth goes on at the top: a rating and a plan for this level
        if rating is not None and rating.target_level_id == current.id:
            blocks.append(Caption(standing_line(track, current, rating)))
        blocks.append(Text(f"Say \"rate\" to see where you stand at {current.title}, and "
                           "\"plan\" to choose what to deepen and set goals."))
        growth = (Button(f"Rate myself at {current.title}", "readiness.start",
                         {"level": current.id}, style="primary"),
                  Button("My plan", "plan.show"))
    blocks.append(Buttons((*growth, Button("See my full track", "tracks.show"),
                           Button("See all tracks", "tracks.list"))))
    return Reply(tuple(blocks))


def matrix(track: Track, highlight_ids: set[str]) -> Table:
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


def branch_notes(track: Track) -> list[str]:
    notes = []
    for lv in track.levels:
        nxt = rules.next_levels(track, lv.id)
        if len(nxt) > 1:
            notes.append(f"After {lv.title}: {' or '.join(n.title for n in nxt)}.")
    return notes


def track_list_blocks(all_tracks: Sequence[Track]) -> list[Block]:
    if not all_tracks:
        return [Text("No career tracks have been loaded yet. Your HR team can import them.")]
    return [
        Text("Career tracks:"),
        Bullets(tuple(f"**{t.name}**: {len(t.levels)} levels, {len(t.competencies)} competencies"
                      for t in all_tracks)),
        Buttons(tuple(Button(t.name, "tracks.show", {"track": t.id}) for t in all_tracks[:5])),
    ]
