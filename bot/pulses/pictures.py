"""The pictures of a closed pulse's results in chat (Picture blocks the adapters draw): the
overall 1-5 distributions as diverging bars and the statements x teams heatmap, each titled with
the pulse and subtitled with the group, dates and response count. Pure; only groups the
anonymity rule shows reach here (rules_insight)."""

from __future__ import annotations

from bot.pulses.rules import PulsePoll, PulseResults
from bot.pulses.rules_insight import Heatmap, spreads
from bot.reply import Picture

ALT_CHARS = 1000  # Slack's alt_txt limit; plenty for a screen reader


def insight_subtitle(poll: PulsePoll, results: PulseResults) -> str:
    """The group, the dates and the response count a chart is about; the audience's team
    names last, where a long list is cut short on the picture."""
    overall = results.overall
    return (f"Everyone, {poll.opens_at:%d %b} to {poll.closes_at:%d %b %Y}: "
            f"{overall.responses} of {overall.recipients} responded. Anonymity threshold "
            f"{results.threshold}: no group under it is shown on its own. Audience: "
            f"{poll.audience_label}")


def _alt(text: str) -> str:
    return text if len(text) <= ALT_CHARS else text[:ALT_CHARS - 1].rstrip() + "…"


def distribution_pictures(poll: PulsePoll, results: PulseResults) -> tuple[Picture, ...]:
    """Everyone's 1-5 answers per statement: one picture, or none when the group is not shown
    or the pulse has no 1-5 statement."""
    shown = spreads(results.overall)
    if not shown:
        return ()
    alt = (f"Diverging bars of the 1-5 answers to {len(shown)} statements, "
           f"{results.overall.responses} responses: " + "; ".join(
               f"{s.question.text.rstrip('.')}: {s.disagree:.0f}% disagree, {s.neutral:.0f}% "
               f"neutral, {s.agree:.0f}% agree" for s in shown) + ".")
    return (Picture(f"Pulse #{poll.id}: {poll.title}, answers 1-5",
                    insight_subtitle(poll, results), shown, _alt(alt)),)


def heatmap_picture(poll: PulsePoll, results: PulseResults, table: Heatmap) -> Picture:
    """Favourable % per statement and group shown (the table `pulse results --by team` lists)."""
    groups = ", ".join(f"{g} (n={n})" for g, n in zip(table.groups, table.responses,
                                                       strict=True))
    alt = (f"Heatmap of favourable (4-5) % for {len(table.questions)} statements by group: "
           f"{groups}; the same numbers are in the table.")
    return Picture(f"Pulse #{poll.id}: {poll.title}, favourable (4-5) % by team",
                   insight_subtitle(poll, results), table, _alt(alt))
