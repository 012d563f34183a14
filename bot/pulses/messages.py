"""What pulse messages look like: the invitation with 1-5 buttons, reminders, and results
rendered under the anonymity rule. Pure functions from domain values to Replies."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime

from bot.pulses.comments import team_comment_blocks
from bot.pulses.messages_types import (
    group_subtitle,
    kinds_intro,
    question_scale,
    question_text,
    team_enps,
    typed_blocks,
)
from bot.pulses.pictures import distribution_pictures, heatmap_picture
from bot.pulses.rules import MERGED, GroupResult, PulsePoll, PulseResults
from bot.pulses.rules_insight import Spread, heatmap, spreads
from bot.reply import (
    Bar,
    BarChart,
    Block,
    Bullets,
    Caption,
    Divider,
    Fields,
    Form,
    FormField,
    Header,
    Reply,
    Table,
    Text,
)

NOT_ENOUGH = "Not enough responses yet"
COUNTS = {1: "One", 2: "Two", 3: "Three", 4: "Four", 5: "Five", 6: "Six", 7: "Seven",
          8: "Eight", 9: "Nine", 10: "Ten"}


# The rule, stated wherever results are shown (chat, the CLI, `stats`).
AT_CLOSE = ("Scores and comments appear once, at close: while a pulse is open HR sees only how "
            "many have answered, so no look before the close can be compared with the final "
            "results to work out anyone's answers.")


def privacy_line(poll: PulsePoll) -> str:
    return (f"Anonymous: nobody, HR included, can see your individual answers. While the pulse "
            f"is open HR sees only how many have answered; totals over at least "
            f"{poll.threshold} people (per team, and comments without names) come once it "
            "closes. Whether you responded is kept apart from your answers, only so that "
            "reminders skip you.")


def when(at: datetime) -> str:
    return at.strftime("%a %d %b %Y %H:%M UTC")


def invitation(poll: PulsePoll, answers: Mapping[str, int], *, note: str = "",
               reminder: bool = False, replace: bool = False) -> Reply:
    """The pulse as a direct message: each question as a 1-5 agreement scale (showing the
    person's current answer), an optional comment, and the privacy line."""
    count = len(poll.questions)
    statements = f"{COUNTS.get(count, str(count))} quick statement{'s' * (count != 1)}"
    intro = ("A quick reminder: your answers to this pulse would help." if reminder else
             f"{statements} about your career track, 1 (strongly disagree) to 5 "
             "(strongly agree). It takes a minute.")
    if not reminder:
        intro = kinds_intro(poll.questions) or intro
    blocks: list[Block] = [Header(poll.title), Text(intro), Caption(privacy_line(poll))]
    if note:
        blocks.append(Text(note))
    for n, q in enumerate(poll.questions, start=1):
        blocks.append(question_text(n, q))
        blocks.append(question_scale(poll.id, q, answers.get(q.id)))
    blocks.append(Form("pulse.comment", (FormField("comment", "Anything else? (optional)",
                                                   "multiline", optional=True),),
                       submit_label="Send comment", value={"p": str(poll.id)}))
    blocks.append(Caption(f"You can change your answers until {when(poll.closes_at)}."))
    return Reply(tuple(blocks), ephemeral=False, replace=replace)


def _group_fields(group: GroupResult) -> tuple[tuple[str, str], ...]:
    if not group.shown or group.responses is None:
        return ((group.name, NOT_ENOUGH),)
    # no 1-5 statement (eNPS or choices only): nothing is favourable or not
    fav = f", favourable {group.favourable:.0f}%" if group.favourable is not None else ""
    part = f"{group.participation:.0f}%" if group.participation is not None else "-"
    return ((group.name, f"{group.responses} of {group.recipients} answered ({part})"
             f"{fav}{team_enps(group)}"),)


def _answered_field(group: GroupResult) -> tuple[str, str]:
    if not group.shown or group.responses is None:
        return (group.name, NOT_ENOUGH)
    part = f" ({group.participation:.0f}%)" if group.participation is not None else ""
    return (group.name, f"{group.responses} of {group.recipients} answered{part}")


def participation_blocks(poll: PulsePoll, results: PulseResults) -> tuple[Block, ...]:
    """An open pulse: how many have answered (overall, and per team where the threshold
    allows), and nothing else."""
    overall = results.overall
    part = f" ({overall.participation:.0f}%)" if overall.participation is not None else ""
    so_far = f"So far {overall.responses} of {overall.recipients} have answered{part}."
    if (overall.responses or 0) < results.threshold:
        lead = (f"**{NOT_ENOUGH}.** Results need at least {results.threshold} people who "
                f"answered every question. {so_far}")
    else:
        lead = f"**Open until {when(poll.closes_at)}.** {so_far}"
    blocks: list[Block] = [Text(lead), Caption(AT_CLOSE)]
    if len(results.teams) > 1:
        blocks.append(Text("**Answered so far, by team** (small teams are hidden together, so "
                           "no team's count can be worked out)"))
        blocks.append(Fields(tuple(_answered_field(t) for t in results.teams)))
    return tuple(blocks)


def favourable_chart(group: GroupResult) -> BarChart:
    """Favourable % per statement of a shown group, labelled with the mean (chat and the CLI's
    PNG draw the same bars). Text only in chat: the distribution picture shows each agree %."""
    return BarChart("Favourable (4-5) by statement, %", tuple(
        Bar(s.question.text.rstrip("."), round(s.favourable, 1),
            f"{s.favourable:.0f}% (mean {s.mean:.1f})") for s in group.stats))


def distribution_line(spread: Spread) -> str:
    """A statement's counts 1-5, then the same as percents and the disagree / neutral / agree
    shares the diverging chart draws (each rounded on its own, so they may add up to 99-101)."""
    counts = " / ".join(str(g.count) for g in spread.segments)
    shares = " / ".join(f"{g.shown}%" for g in spread.segments)
    return (f"{spread.question.text} 1-5: {counts}\n  {shares}: {spread.disagree:.0f}% "
            f"disagree, {spread.neutral:.0f}% neutral, {spread.agree:.0f}% agree")


def more_views(poll: PulsePoll, overall: GroupResult) -> str:
    """Where else closed results can be seen (HR finds the breakdown and the trend here)."""
    by_team = (f"**pulse results {poll.id} --by team** (favourable % by team), "
               if overall.stats else "")
    return f"See also {by_team}**pulse trend [TEAM]** (across pulses)."


def team_reply(poll: PulsePoll, results: PulseResults) -> Reply:
    """`pulse results ID --by team`: favourable % per statement and team, only for groups at or
    above the threshold (teams under it appear merged, as the closed pulse stores them). An
    open pulse, too few answers or no 1-5 statement (each team's eNPS is in its line there): the
    same reply as without --by team."""
    table = heatmap(results)
    if results.answered is not None or not table.groups or not table.questions:
        return results_reply(poll, results)
    blocks: list[Block] = [
        Header(f"Pulse #{poll.id}: {poll.title}, favourable (4-5) % by team"),
        Caption(f"Audience: {poll.audience_label}. Open {when(poll.opens_at)} to "
                f"{when(poll.closes_at)}. Anonymity threshold {results.threshold}."),
        Table(("Statement", *(f"{g} (n={n})" for g, n in zip(table.groups, table.responses,
                                                             strict=True))),
              tuple((q.text, *(f"{v:.0f}%" for v in row))
                    for q, row in zip(table.questions, table.cells, strict=True))),
        heatmap_picture(poll, results, table)]
    if table.left_out or MERGED in table.groups:
        blocks.append(Caption(
            f"Teams under {results.threshold} responses are shown only together, as "
            f"\"{MERGED}\", and not at all when even together they are too few (or when "
            "showing them would let a smaller team's answers be worked out); their answers "
            "still count in Everyone."))
    return Reply((*blocks, *team_comment_blocks(results), Caption(AT_CLOSE)))


def results_reply(poll: PulsePoll, results: PulseResults,
                  trend: tuple[tuple[str, float], ...] = ()) -> Reply:
    """Results as text and a bar chart; nothing about a group below the threshold, and while
    the pulse is open nothing but participation."""
    blocks: list[Block] = [Header(f"Pulse #{poll.id}: {poll.title} ({poll.status.value})"),
                           Caption(f"Audience: {poll.audience_label}. Open "
                                   f"{when(poll.opens_at)} to {when(poll.closes_at)}. "
                                   f"Anonymity threshold {results.threshold}.")]
    if results.answered is not None:
        return Reply((*blocks, *participation_blocks(poll, results)))
    overall = results.overall
    if not overall.shown:
        blocks.append(Text(f"**{NOT_ENOUGH}.** Results appear once at least "
                           f"{results.threshold} people have answered every question."))
        return Reply((*blocks, Caption(AT_CLOSE)))
    blocks.append(Fields(_group_fields(overall)))
    if overall.stats:  # a pulse may ask eNPS or choices only
        blocks.append(favourable_chart(overall))
        blocks.append(Text("**Answers 1-5** (1 strongly disagree ... 5 strongly agree)"))
        blocks.append(Bullets(tuple(distribution_line(s) for s in spreads(overall))))
        blocks.extend(distribution_pictures(poll, results))
    blocks.extend(typed_blocks(overall, group_subtitle(poll, overall)))
    if results.teams:
        blocks.append(Divider())
        blocks.append(Text("**By team** (small teams are hidden together to keep answers "
                           "anonymous)"))
        blocks.append(Fields(tuple(p for t in results.teams for p in _group_fields(t))))
    if results.comments:
        blocks.append(Text("**Comments** (no names, in no particular order)"))
        blocks.append(Bullets(results.comments))
    blocks.append(Caption(AT_CLOSE + " " + more_views(poll, overall)))
    if len(trend) > 1:
        blocks.append(BarChart("Favourable % across pulses for this audience",
                               tuple(Bar(label, v, f"{v:.0f}%") for label, v in trend),
                               image=True))
    return Reply(tuple(blocks))
