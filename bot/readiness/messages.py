"""Readiness Reply builders: the next competency to rate, and a finished rating's summary (the
self-assessment's, and a manager's rating of a report)."""

from __future__ import annotations

from bot.model import Assessment, Level, Track
from bot.readiness.rules import Summary, summarize
from bot.reply import (
    SCALE_LABELS,
    Bar,
    BarChart,
    Block,
    Bullets,
    Button,
    Buttons,
    Caption,
    Fields,
    Header,
    Reply,
    Scale,
    Text,
)
from bot.tracks import rules


def rating_blocks(track: Track, target: Level, assessment: Assessment, *, headline: str,
                  chart: str) -> tuple[Summary, list[Block]]:
    """A finished rating's readiness % ("{headline} {level}: N%"), counts and a bar per rated
    competency: the self-assessment and the manager's rating end alike."""
    ids = rules.rated_competencies(track, target.id)
    summary = summarize(assessment.scores, ids)
    names = {c.id: c.name for c in track.competencies}
    percent = "not enough ratings yet" if summary.percent is None else f"{summary.percent}%"
    return summary, [
        Header(f"{headline} {target.title}: {percent}"),
        Fields((("Rated", f"{summary.rated} of {summary.total} competencies"),
                ("Ready", "yes" if summary.ready else "not yet"))),
        BarChart(chart, tuple(
            Bar(names[cid], float(s), f"{s}/5 {SCALE_LABELS[s - 1]}")
            for cid in ids if (s := assessment.scores.get(cid)) is not None), maximum=5.0),
    ]


def manager_summary(track: Track, target: Level, assessment: Assessment, *,
                    replace: bool = False) -> Reply:
    """The end of a manager's rating: their readiness %, scores, and the share button."""
    _, blocks = rating_blocks(track, target, assessment,
                              headline="Your rating of their readiness for",
                              chart="Your rating by competency (1-5)")
    blocks += [
        Text("Share it so they see your rating beside their own in \"what's next\"; the gaps "
             "are the best conversation starters."),
        Buttons((Button("Share with them", "checkins.share", {"a": str(assessment.id)},
                        style="primary"),
                 Button("Rate again", "checkins.rate", {"p": str(assessment.subject_id),
                                                         "level": target.id}))),
    ]
    return Reply(tuple(blocks), replace=replace)


PRIVACY_NOTE = ("Your self-ratings are visible to you, your manager and their manager; "
                "nobody else.")


def ask_next(track: Track, target: Level, assessment: Assessment, *, intro: bool = False,
             resumed: bool = False, replace: bool = False, deepen: bool = False) -> Reply:
    """The next competency to rate (the intro first when starting); the summary when done.
    `deepen`: the rating is against the person's own level (at the top of their track)."""
    ids = rules.rated_competencies(track, target.id)
    pending = [cid for cid in ids if cid not in assessment.scores]
    if not pending:
        return summary_reply(track, target, assessment, replace=replace, deepen=deepen)
    comp = track.competency(pending[0])
    assert comp is not None  # ids come from the track itself
    position = ids.index(comp.id) + 1
    blocks: list[Block] = []
    if intro:
        blocks.append(Header(f"How fully do you work at {target.title} today?" if deepen
                             else f"How ready are you for {target.title}?"))
        top = (f"You're at the top of {track.name}, so this rates you against your own "
               "level. ") if deepen else ""
        blocks.append(Text(
            f"{top}For each competency, how often do you already do what "
            f"{'your level' if deepen else 'the next level'} expects? "
            "1 not yet, 2 starting, 3 sometimes, 4 usually, 5 consistently. You can skip any "
            "and stop at any time; I'll keep your place."))
        blocks.append(Caption(PRIVACY_NOTE))
        if resumed:
            blocks.append(Caption(f"Picking up where you left off: {len(assessment.scores)} of "
                                  f"{len(ids)} done."))
    bullets, _ = rules.expectation(track, comp, target.id)
    blocks.extend([
        Text(f"**{comp.name}** ({position} of {len(ids)})"),
        *([Caption(comp.description)] if comp.description else []),
        Bullets(bullets),
        Scale("readiness.score", {"a": str(assessment.id), "c": comp.id}),
        Buttons((
            Button("Skip", "readiness.skip", {"a": str(assessment.id), "c": comp.id}),
            Button("Stop for now", "readiness.pause", {"a": str(assessment.id)}),
        )),
    ])
    return Reply(tuple(blocks), replace=replace)


def summary_reply(track: Track, target: Level, assessment: Assessment, *,
                  replace: bool = False, deepen: bool = False) -> Reply:
    if not assessment.is_self:
        return manager_summary(track, target, assessment, replace=replace)
    summary, blocks = rating_blocks(
        track, target, assessment, chart="Self-rating by competency (1-5)",
        headline="Where you stand at" if deepen else "Your readiness for")
    if deepen:
        blocks.append(Text(
            f"Every competency is at 4 or more: you work fully at {target.title}. Growth from "
            "here is scope and impact; put it in your plan." if summary.ready else
            "The competencies below 4 are where to deepen: put one or two in your plan."))
    else:
        blocks.append(Text(
            "You rate yourself ready: every competency is at 4 or more. Share this with your "
            "manager in your next 1:1." if summary.ready else
            "Not there yet, and that's the point: the competencies below 4 are where to focus."))
    names = {c.id: c.name for c in track.competencies}
    focus = [names[cid] for cid in summary.not_yet]
    if focus and not summary.ready:
        blocks.append(Bullets(tuple(f"Focus: {n}" for n in focus[:3])))
    first = (Button("My plan", "plan.show") if deepen
             else Button("What's next for me?", "tracks.next"))
    blocks.append(Buttons((first, Button("Rate again", "readiness.restart",
                                         {"level": target.id}))))
    return Reply(tuple(blocks), replace=replace)


def renewal_line(track: Track, level: Level, renewing: Assessment) -> str:
    """Under the last finished rating, while a new one is under way."""
    ids = rules.rated_competencies(track, level.id)
    done = sum(1 for cid in ids if cid in renewing.scores)
    return (f"A new rating is in progress: {done} of {len(ids)} rated. The one above stands "
            "until it's finished; say \"rate\" to carry on.")


def standing_line(track: Track, level: Level, rating: Assessment) -> str:
    """A self-rating against the person's own level (the top of a track), in one line."""
    summary = summarize(rating.scores, rules.rated_competencies(track, level.id))
    percent = "-" if summary.percent is None else f"{summary.percent}%"
    state = "" if rating.completed_at else " (in progress)"
    return (f"Where you stand at {level.title}: {percent}{state}, "
            f"{summary.rated} of {summary.total} rated.")
