"""`pulse trend [TEAM]` in chat (HR only, through admin.SUBCOMMANDS, which audits it like
`pulse results`): the trend of everyone, or of one team matched as `pulse schedule` matches."""

from __future__ import annotations

from bot.context import Context
from bot.pulses.trend import group_trend, trend_team
from bot.pulses.trend_messages import trend_reply
from bot.reply import Reply


async def trend_command(ctx: Context, words: list[str]) -> Reply:
    """Raises PulseError for a team nobody is in (with the closest name)."""
    team = await trend_team(ctx.uow, " ".join(words))
    return trend_reply(await group_trend(ctx.uow, team))
