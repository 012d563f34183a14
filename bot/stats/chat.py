"""`stats` (HR): adoption figures from the product's own data, and pulses over time: favourable
score and participation of closed pulses, participation only of open ones."""

from __future__ import annotations

from bot.authz import hr_only, is_hr
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.pulses.messages import AT_CLOSE
from bot.pulses.rules import DEFAULT_THRESHOLD, PulseStatus
from bot.pulses.service import results_of
from bot.reply import Bar, BarChart, Block, Bullets, Caption, Fields, Header, Reply, Text
from bot.stats.rules import Adoption, HiddenTeam, adoption, hidden_teams


def _line(a: Adoption) -> tuple[str, str]:
    return (f"{a.group} ({a.people})", f"viewed track {a.viewed:.0f}%, rated readiness "
            f"{a.rated:.0f}%, development plan {a.planned:.0f}%")


def _why(hidden: HiddenTeam) -> str:
    if hidden.small:
        return (f"{hidden.team}: fewer than {DEFAULT_THRESHOLD} people, too few to show without "
                "pointing at individuals")
    return (f"{hidden.team} ({hidden.people} people): hidden too, so that "
            f"{_names(hidden.cover_for)} cannot be worked out by taking the teams shown from "
            "the total")


def _names(teams: tuple[str, ...]) -> str:
    return teams[0] if len(teams) == 1 else f"{', '.join(teams[:-1])} and {teams[-1]}"


async def show(ctx: Context, argument: str = "") -> Reply:
    if not is_hr(ctx):
        return hr_only()
    blocks: list[Block] = [Header("Adoption of career tracks")]
    rows = await ctx.uow.adoption.activity()
    overall, teams = adoption(rows, DEFAULT_THRESHOLD)
    if overall is None:
        blocks.append(Text(f"Fewer than {DEFAULT_THRESHOLD} people are loaded, so there "
                           "are no figures to show yet."))
    else:
        blocks.append(Fields((_line(overall), *(_line(t) for t in teams))))
        hidden = hidden_teams(rows, DEFAULT_THRESHOLD)
        if hidden:
            blocks += [Text("**Not shown on their own** (counted in Everyone):"),
                       Bullets(tuple(_why(h) for h in hidden))]
    bars, open_now = [], []
    for poll in sorted(await ctx.uow.pulses.pulses(), key=lambda p: p.opens_at):
        if poll.status not in (PulseStatus.OPEN, PulseStatus.CLOSED):
            continue
        group = (await results_of(ctx.uow, poll)).overall
        label = f"#{poll.id} {poll.audience_label} {poll.opens_at:%d %b}"
        if poll.status == PulseStatus.OPEN and group.participation is not None:
            open_now.append((label, f"open, participation {group.participation:.0f}% so "
                                    f"far ({group.responses} of {group.recipients})"))
        elif group.favourable is not None and group.participation is not None:
            bars.append(Bar(label, round(group.favourable, 1),
                            f"favourable {group.favourable:.0f}%, participation "
                            f"{group.participation:.0f}%"))
    if bars:
        blocks.append(BarChart("Pulses over time (favourable %)", tuple(bars)))
    if open_now:
        blocks.append(Fields(tuple(open_now)))
        blocks.append(Caption(AT_CLOSE))
    if not bars and not open_now:
        blocks.append(Caption("No pulse has enough responses to show yet."))
    return Reply(tuple(blocks))


COMMANDS: tuple[Command, ...] = (
    Command(name="stats", words=("stats", "adoption"),
            help=(Help("**stats**: adoption of career tracks across the company", Audience.HR,
                       rank=40),),
            handler=show),
)
ACTIONS: dict[str, ActionHandler] = {}
