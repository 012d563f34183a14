"""`pulse trend [TEAM]` in chat (HR only, through admin.SUBCOMMANDS, which audits it like
`pulse results`): the trend of everyone, or of one team matched as `pulse schedule` matches."""

from __future__ import annotations

from bot.context import Context
from bot.pulses.by_team import DASHES
from bot.pulses.trend import group_trend, trend_team
from bot.pulses.trend_messages import trend_reply
from bot.reply import Reply


async def trend_command(ctx: Context, words: list[str]) -> Reply:
    """`pulse trend [TEAM]`, also as the CLI spells it (`pulse trend --team TEAM`). Raises
    PulseError for a team nobody is in (with the closest name)."""
    # only with its dashes: a team may be called "Team Rocket"
    if len(words) > 1 and words[0][:1] in DASHES and words[0].lstrip(DASHES).casefold() == "team":
        words = words[1:]
    team = await trend_team(ctx.uow, " ".join(words))
    return trend_reply(await group_trend(ctx.uow, team))
