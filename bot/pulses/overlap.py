"""Two pulses to the same people close together (`rollout Sales`, then `rollout everyone` a day
later): the warning HR gets when scheduling the second, and merging the two or skipping one."""

from __future__ import annotations

from dataclasses import replace

from bot.authz import hr_only, is_hr, problem
from bot.context import Context
from bot.events import Action
from bot.names import whole_number
from bot.pulses.rules import PulseError, PulsePoll, PulseStatus
from bot.pulses.rules_schedule import (
    close_in_time,
    default_close,
    local_time,
    merged_audience,
    shares_people,
    whole_minute,
)
from bot.pulses.series import after_cancel
from bot.reply import Block, Button, Buttons, Caption, Reply, Text

_LIVE = (PulseStatus.SCHEDULED, PulseStatus.OPEN)


async def overlapping(ctx: Context, poll: PulsePoll) -> list[PulsePoll]:
    """Other scheduled or open pulses reaching some of the same people close in time."""
    return [p for p in await ctx.uow.pulses.pulses()
            if p.id != poll.id and p.status in _LIVE
            and shares_people(p.audience, poll.audience)
            and close_in_time((p.opens_at, p.closes_at), (poll.opens_at, poll.closes_at))]


async def overlap_blocks(ctx: Context, poll: PulsePoll) -> list[Block]:
    """The warning, with Merge (when both are still scheduled), Skip and Keep both, or none."""
    blocks: list[Block] = []
    tz = ctx.person.timezone
    for other in await overlapping(ctx, poll):
        pair = {"keep": str(min(other.id, poll.id)), "drop": str(max(other.id, poll.id))}
        blocks.append(Text(
            f"Careful: pulse #{other.id} ({other.audience_label}, opens "
            f"{local_time(other.opens_at, tz)}) reaches some of the same people as pulse "
            f"#{poll.id} ({poll.audience_label}, opens {local_time(poll.opens_at, tz)}): "
            "they would be asked the same questions twice within days."))
        buttons = [Button(f"Skip #{poll.id}", "pulses.skip", {"p": str(poll.id)}),
                   Button("Keep both", "pulses.keep", {"p": str(poll.id)})]
        typed = f"\"pulse cancel {poll.id}\""
        if other.status == PulseStatus.SCHEDULED:
            buttons.insert(0, Button(f"Merge into #{pair['keep']}", "pulses.merge", pair))
            typed = f"\"pulse merge {pair['keep']} {pair['drop']}\" or {typed}"
        blocks += [Buttons(tuple(buttons)), Caption(f"Or type {typed}.")]
    return blocks


async def merge(ctx: Context, keep_id: int, drop_id: int) -> Reply:
    """One pulse instead of two: `keep` goes to both audiences, opening at the earlier time
    (not before now); `drop` is cancelled (a run of a series: the series' next run is created,
    see series.after_cancel). Only scheduled pulses (an open one has its people already).
    Raises PulseError."""
    keep, drop = (await ctx.uow.pulses.pulse(keep_id), await ctx.uow.pulses.pulse(drop_id))
    if keep is None or drop is None or keep_id == drop_id:
        raise PulseError("Name two different pulses, e.g. \"pulse merge 1 2\".")
    for poll in (keep, drop):
        if poll.status != PulseStatus.SCHEDULED:
            raise PulseError(f"Pulse #{poll.id} is {poll.status.value}; only scheduled pulses "
                             f"can be merged. Skip the other with \"pulse cancel ...\".")
    opens = max(min(keep.opens_at, drop.opens_at), whole_minute(ctx.services.clock.now()))
    kept = replace(keep, audience=merged_audience(keep.audience, drop.audience),
                   opens_at=opens, closes_at=default_close(opens))
    await ctx.uow.pulses.update_pulse(kept)
    await ctx.uow.pulses.update_pulse(replace(drop, status=PulseStatus.CANCELLED))
    ctx.changed_pulses.update({keep.id, drop.id})
    return Reply((Text(f"Merged: pulse #{kept.id} goes to {kept.audience_label}, opening "
                       f"{local_time(kept.opens_at, ctx.person.timezone)}; pulse #{drop.id} is "
                       "cancelled."), *await after_cancel(ctx, drop)), replace=True)


async def merge_action(ctx: Context, action: Action) -> Reply:
    keep, drop = action.value.get("keep", ""), action.value.get("drop", "")
    if not is_hr(ctx):
        return hr_only()
    kept, dropped = whole_number(keep), whole_number(drop)
    if kept is None or dropped is None:
        return problem("That button didn't come through. Say \"pulse list\".")
    try:
        return await merge(ctx, kept, dropped)
    except PulseError as error:
        return problem(str(error))


async def skip_action(ctx: Context, action: Action) -> Reply:
    raw = action.value.get("p", "")
    if not is_hr(ctx):
        return hr_only()
    number = whole_number(raw)
    poll = await ctx.uow.pulses.pulse(number) if number is not None else None
    if poll is None or poll.status != PulseStatus.SCHEDULED:
        return problem("That pulse is no longer scheduled. Say \"pulse list\".")
    await ctx.uow.pulses.update_pulse(replace(poll, status=PulseStatus.CANCELLED))
    ctx.changed_pulses.add(poll.id)
    return Reply((Text(f"Skipped: pulse #{poll.id} is cancelled; nobody will receive it."),
                  *await after_cancel(ctx, poll)), replace=True)


async def keep_action(ctx: Context, action: Action) -> Reply:
    if not is_hr(ctx):
        return hr_only()
    return Reply((Text("Kept both pulses."),), replace=True)
