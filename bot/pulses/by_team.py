"""`pulse results [ID] --by team` in chat: the statements x teams heatmap as a table, under the
same anonymity rule and audit as `pulse results`."""

from __future__ import annotations

from bot.context import Context
from bot.names import whole_number
from bot.pulses.messages import team_reply
from bot.pulses.rules import PulseError, PulseStatus
from bot.pulses.service import results_of
from bot.reply import Reply
from bot.rights.service import audit

USAGE = 'Results can be broken down by team only, e.g. "pulse results 3 --by team".'
DASHES = "-\u2013\u2014"  # Slack may turn a typed -- into an en or em dash


def by_team(words: list[str]) -> tuple[list[str], bool]:
    """The words without `--by team` (also `--by=team`, `by team`), and whether it was there.
    Raises PulseError for a breakdown other than by team."""
    flat = [part for w in words for part in w.split("=", 1)]
    for index, word in enumerate(flat):
        if word.lstrip(DASHES).casefold() == "by":
            value = flat[index + 1].casefold() if index + 1 < len(flat) else ""
            if value not in ("team", "teams"):
                raise PulseError(USAGE)
            return flat[:index] + flat[index + 2:], True
    return words, False


async def results_by_team(ctx: Context, words: list[str]) -> Reply:
    """`words`: what follows `results`, without the option (a pulse number, or none: the
    latest pulse that has opened)."""
    number = whole_number(words[0].lstrip("#")) if words else None
    if len(words) > 1 or (words and number is None):
        raise PulseError(USAGE)
    if number is not None:
        poll = await ctx.uow.pulses.pulse(number)
        if poll is None:
            raise PulseError(f"There is no pulse #{words[0].lstrip('#')}.")
    else:
        opened = [p for p in await ctx.uow.pulses.pulses()
                  if p.status in (PulseStatus.OPEN, PulseStatus.CLOSED)]
        if not opened:
            raise PulseError("No pulse has opened yet, so there are no results.")
        poll = opened[0]
    reply = team_reply(poll, await results_of(ctx.uow, poll))
    await audit(ctx, "pulse.results", " ".join([*words, "--by", "team"]))
    return reply
