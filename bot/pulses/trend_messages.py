"""What a pulse trend looks like: a table of pulses x statements (favourable %), a
participation line per pulse, an eNPS line per pulse that asked it, and a Picture of the same
numbers; the CSV rows carry them too. Pure functions from a Trend."""

from __future__ import annotations

from dataclasses import replace

from bot.pulses.rules import MERGED, PulsePoll
from bot.pulses.rules_types import enps_text
from bot.pulses.trend import EVERYONE, UNDER, Trend, TrendPoint
from bot.reply import Block, Bullets, Caption, Header, Picture, Reply, Table, Text

MAX_SHOWN = 12  # pulses in chat and the CLI's text (a Slack message stays readable)
NOT_ASKED = "not asked"
CSV_HEADER = ("pulse_id", "opened", "closed", "group", "question_id", "question", "kind",
              "favourable_pct", "enps_score", "responses", "invited", "participation_pct")


def closed_pulses(count: int) -> str:
    return f"{count} closed pulse{'s' * (count != 1)}"


def pulse_label(poll: PulsePoll) -> str:
    return f"#{poll.id} {poll.opens_at:%d %b %Y}"


def no_trend(group: str) -> str:
    who = "anyone" if group == EVERYONE else group
    return (f"No pulse for {who} has closed yet, so there is no trend: results, and the trend "
            "across pulses, appear once a pulse closes.")


def trend_title(trend: Trend) -> str:
    """The group, the dates and the responses the trend is about."""
    first, last = trend.first, trend.last
    dates = f"{first:%d %b %Y} to {last:%d %b %Y}" if first and last else "no pulse"
    if trend.points and not any(p.shown for p in trend.points):
        # Not "0 responses": its people did answer, counted only with other small teams.
        return f"Pulse trend: {trend.group}, {dates}, {UNDER} in every pulse"
    return f"Pulse trend: {trend.group}, {dates}, {trend.responses} responses"


def how_to_read(trend: Trend) -> str:
    lead = ("Favourable: the share of 4-5 answers among those who answered that pulse. "
            if trend.questions else "")
    if trend.group == EVERYONE:
        return (lead + "Everyone is every pulse's whole audience (in brackets), so pulses to "
                "different teams are compared here; a pulse with fewer responses than its "
                f"anonymity threshold is \"{UNDER}\", with no number. A change means more "
                "when participation is similar.")
    return (lead + f"{trend.group} has a figure in a pulse only where it had at least that "
            f"pulse's anonymity threshold of responses on its own; \"{UNDER}\" means its "
            f"answers were counted only together with other small teams (\"{MERGED}\") and in "
            "Everyone, so no number is shown for it. A change means more when participation is "
            "similar.")


def recent(trend: Trend) -> Trend:
    """The latest MAX_SHOWN pulses (the CSV and the CLI's PNG keep them all)."""
    return replace(trend, points=trend.points[-MAX_SHOWN:])


def _cell(point: TrendPoint, qid: str) -> str:
    if not point.shown:
        return UNDER
    value = point.favourable.get(qid)
    return NOT_ASKED if value is None else f"{value:.0f}%"


def participation_line(point: TrendPoint) -> str:
    audience = point.poll.audience_label
    if not point.shown:
        return f"{pulse_label(point.poll)} ({audience}): {UNDER}"
    part = f" ({point.participation:.0f}%)" if point.participation is not None else ""
    return (f"{pulse_label(point.poll)} ({audience}): {point.responses} of {point.invited} "
            f"answered{part}")


def _enps_line(trend: Trend, point: TrendPoint) -> str | None:
    asked = [q for q in trend.enps if q.id in {p.id for p in point.poll.questions}]
    if not asked:
        return None
    if not point.shown:
        return f"{pulse_label(point.poll)}: {UNDER}"
    scores = [(q.id, point.enps.get(q.id)) for q in asked]
    shown = ", ".join(("" if len(trend.enps) == 1 else f"{qid} ") +
                      (enps_text(score) if score is not None else NOT_ASKED)
                      for qid, score in scores)
    return f"{pulse_label(point.poll)}: {shown} (n={point.responses})"


def trend_picture(trend: Trend) -> Picture:
    first, last = trend.points[0].poll, trend.points[-1].poll
    lines = ("Favourable (4-5) % per statement and participation" if trend.questions
             else "Participation")  # eNPS only: no statement to be favourable about
    return Picture(
        trend_title(trend),
        f"{lines}, {closed_pulses(len(trend.points))}"
        f" from {pulse_label(first)} to {pulse_label(last)}"
        + (f"; pulses where {trend.group} was {UNDER} have no point"
           if not all(p.shown for p in trend.points) else "")
        + ("; eNPS below (-100 to 100)" if trend.enps else ""),
        trend,
        f"Line chart of {trend.group}'s "
        + (f"favourable % for {len(trend.questions)} statements and " if trend.questions else "")
        + f"participation across {len(trend.points)} pulses"
        + (", with eNPS in a second panel" if trend.enps else "") + ".")


def trend_reply(trend: Trend) -> Reply:
    """The trend as a table, lines and a picture; a sentence when no pulse has closed."""
    if not trend.points:
        return Reply((Text(no_trend(trend.group)),))
    shown = recent(trend)
    blocks: list[Block] = [
        Header(trend_title(trend)),
        Caption(closed_pulses(len(trend.points))
                + (f"; the latest {MAX_SHOWN} here (the CLI's --csv has them all)"
                   if len(trend.points) > MAX_SHOWN else "") + "."),
        *((Text("**Favourable (4-5) %** by pulse"),
           Table(("Statement", *(pulse_label(p.poll) for p in shown.points)),
                 tuple((q.text, *(_cell(p, q.id) for p in shown.points))
                       for q in shown.questions))) if shown.questions else ()),
        Text("**Participation**"),
        Bullets(tuple(participation_line(p) for p in shown.points))]
    enps = [line for p in shown.points if (line := _enps_line(shown, p)) is not None]
    if enps:
        about = (f" ({shown.enps[0].text})" if len(shown.enps) == 1 else "")
        blocks += [Text(f"**eNPS**{about}: % promoters (9-10) minus % detractors (0-6), "
                        "-100 to 100"), Bullets(tuple(enps))]
    if any(p.shown for p in shown.points):  # else the picture would hold no number either
        blocks.append(trend_picture(shown))
    blocks.append(Caption(how_to_read(trend)))
    return Reply(tuple(blocks))


def csv_rows(trend: Trend) -> list[tuple[str | int, ...]]:
    """One row per pulse and statement or eNPS question (CSV_HEADER); a pulse where the group
    was under the threshold is one row saying so, with no number."""
    rows: list[tuple[str | int, ...]] = []
    for p in trend.points:
        head = (str(p.poll.id), f"{p.poll.opens_at:%Y-%m-%d}", f"{p.poll.closes_at:%Y-%m-%d}",
                trend.group)
        if not p.shown:
            rows.append((*head, "", "", "", "", "", UNDER, "", ""))
            continue
        part = f"{p.participation:.1f}" if p.participation is not None else ""
        tail = (str(p.responses), str(p.invited), part)
        for q in p.poll.questions:
            if q.id in p.favourable:
                rows.append((*head, q.id, q.text, q.kind.value, f"{p.favourable[q.id]:.1f}", "",
                             *tail))
            elif q.id in p.enps:
                # a number, not text: csv_row would quote a text "-18" as a formula
                rows.append((*head, q.id, q.text, q.kind.value, "", p.enps[q.id], *tail))
    return rows
