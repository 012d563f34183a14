"""The end of a manager's readiness rating of a report (rater = manager): the summary, and
sharing it so the report sees it beside their own. Started from the team and check-in flows."""

from __future__ import annotations

from bot import authz
from bot import tracks as rules
from bot.context import Context
from bot.events import Action
from bot.flows.reports import may, refusal
from bot.model import Assessment, Level, Track
from bot.readiness import Summary, summarize
from bot.reply import (
    SCALE_LABELS,
    Bar,
    BarChart,
    Block,
    Button,
    Buttons,
    Fields,
    Header,
    Reply,
    Text,
)


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


async def share(ctx: Context, action: Action) -> Reply:
    """`checkins.share` {"a": assessment id}: only the rater, only a finished rating."""
    raw = action.value.get("a", "")
    assessment = await ctx.uow.assessments.assessment(int(raw)) if raw.isdigit() else None
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
