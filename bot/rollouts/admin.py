"""HR's rollout commands, shared by chat and the CLI: `rollout TEAM DATE`, `rollout status
[TEAM]`, `rollout stage TEAM STAGE owner|start|finish|note|done|undo VALUE` (RolloutError)."""

from __future__ import annotations

import difflib

from bot.authz import problem
from bot.context import Context
from bot.pulses.overlap import overlap_blocks
from bot.pulses.rules import PulseError
from bot.pulses.rules_schedule import local_time
from bot.pulses.service import known_teams, plan_first_pulse
from bot.reply import Block, Bullets, Caption, Divider, Fields, Header, Reply, Text
from bot.rights.service import audit
from bot.rollouts.rules import (
    ORGANISATION,
    STAGE_FIELDS,
    STAGE_ORDER,
    Rollout,
    RolloutError,
    StageState,
    change_stage,
    parse_date,
    parse_stage,
)

# Plain words, no markup: this sentence also ends a terminal's error line.
USAGE = ("Try: \"rollout TEAM YYYY-MM-DD\" (record a rollout), \"rollout status [TEAM]\", or "
         "\"rollout stage TEAM STAGE owner|start|finish|note|done|undo VALUE\".")


async def execute(ctx: Context, argument: str) -> Reply:
    """The command for someone already known to be HR. Raises RolloutError (a sentence for
    the person) for anything it cannot do, so the CLI can exit non-zero."""
    words = argument.split()
    if not words:
        return await status(ctx, "")
    if words[0].casefold() == "status":
        return await status(ctx, " ".join(words[1:]))
    if words[0].casefold() == "stage":
        reply = await stage(ctx, words[1:])
        team, stage_name, field, _value = _split_stage_args(words[1:])  # a note stays out
        await audit(ctx, "rollout.stage", f"{team} {stage_name} {field}")
        return reply
    if len(words) >= 2:
        reply = await record(ctx, " ".join(words[:-1]), words[-1])
        await audit(ctx, "rollout.record", " ".join(words))
        return reply
    raise RolloutError(USAGE)


async def record(ctx: Context, team: str, day_text: str) -> Reply:
    day = parse_date(day_text)
    team = team.strip(" \"'")
    if team.casefold() != ORGANISATION:
        try:
            (team,) = await known_teams(ctx.uow, (team,))
        except PulseError as error:
            raise RolloutError(str(error)) from None
    rollout = await ctx.uow.rollouts.save_rollout(team, day, ctx.services.clock.now())
    blocks: list[Block] = [Text(f"Recorded the rollout of career tracks for **{rollout.team}** "
                                f"on {day.isoformat()}.")]
    poll = await plan_first_pulse(ctx.uow, ctx.now(), rollout, ctx.person.timezone,
                                  ctx.changed_pulses)
    if poll is None:
        blocks.append(Text("Its automatic first pulse (14 days after the rollout, open for 5 "
                           "days) would already be over, so none was scheduled. Send one "
                           f"with \"pulse schedule {rollout.team}\"."))
    else:
        tz = ctx.person.timezone
        blocks.append(Text(f"Its first pulse (#{poll.id}) opens {local_time(poll.opens_at, tz)} "
                           f"and closes {local_time(poll.closes_at, tz)}."))
        blocks.append(Caption(f"Move it with \"pulse move {poll.id} YYYY-MM-DD\", cancel it "
                              f"with \"pulse cancel {poll.id}\"."))
        blocks += await overlap_blocks(ctx, poll)
    return Reply(tuple(blocks))


def stage_lines(state: StageState) -> tuple[str, ...]:
    return tuple(f"[{'x' if i in state.done else ' '}] {i + 1}. {item}"
                 for i, item in enumerate(state.checklist))


def _stage_summary(state: StageState) -> str:
    dates = " to ".join(d.isoformat() for d in (state.start, state.finish) if d)
    bits = [f"{len(state.done)}/{len(state.checklist)} done"]
    bits += [f"owner {state.owner}"] if state.owner else []
    bits += [dates] if dates else []
    return ", ".join(bits)


def rollout_reply(rollout: Rollout) -> Reply:
    current = rollout.stage(rollout.current)
    blocks: list[Block] = [
        Header(f"Rollout: {rollout.team} ({rollout.rollout_date.isoformat()})"),
        Fields(tuple((f"{n}. {s.stage.value.title()}", _stage_summary(s))
                     for n, s in enumerate(rollout.stages, start=1))),
        Divider(), Text(f"**Now: {current.stage.value.title()}**. Next actions:"),
        Bullets(stage_lines(current))]
    notes = notes_lines(rollout.stages)
    if notes:
        blocks += [Text("**Notes**"), Bullets(notes)]
    return Reply(tuple(blocks))


def notes_lines(stages: tuple[StageState, ...]) -> tuple[str, ...]:
    """Every stage's notes, oldest first, each line with its stage's name."""
    return tuple(f"{s.stage.value.title()}: {line}" for s in stages
                 for line in s.notes.splitlines() if line.strip())


async def status(ctx: Context, team: str) -> Reply:
    if team.strip():
        found = await ctx.uow.rollouts.rollout_by_team(team)
        if found is None:
            raise RolloutError(f"There is no rollout for \"{team}\" yet. {USAGE}")
        return rollout_reply(found)
    rollouts = await ctx.uow.rollouts.rollouts()
    if not rollouts:
        return problem(f"No rollouts recorded yet. {USAGE}")
    return Reply((Header("Rollouts"), Fields(tuple(
        (r.team, f"{r.rollout_date.isoformat()}, stage {r.current.value}") for r in rollouts)),
        Caption("Say \"rollout status TEAM\" for one team's stages and checklist.")))


def _split_stage_args(words: list[str]) -> tuple[str, str, str, str]:
    """TEAM may have several words: the stage is the first word that names one exactly and is
    followed by what to change (so a "1" after "done" is an item, not stage 1)."""
    names = {s.value for s in STAGE_ORDER} | {str(n) for n in range(1, len(STAGE_ORDER) + 1)}
    at = next((i for i, w in enumerate(words[:-1]) if i > 0 and w.casefold() in names
               and words[i + 1].casefold() in STAGE_FIELDS), None)
    if at is None:
        _suggest_stage(words)
        at = next((i for i, w in enumerate(words) if i > 0 and w.casefold() in names), None)
    if at is None or at + 1 >= len(words):
        raise RolloutError(USAGE)
    field = words[at + 1].casefold()
    if field not in STAGE_FIELDS:
        raise RolloutError(f"I can change {', '.join(STAGE_FIELDS)} of a stage.")
    return " ".join(words[:at]), words[at], field, " ".join(words[at + 2:])


def _suggest_stage(words: list[str]) -> None:
    """A misspelt stage ("rollout stage Sales plannig note ..."): the word before the field,
    answered with the closest stage. Returns when no word stands where a stage should."""
    at = next((i for i, w in enumerate(words) if i > 1 and w.casefold() in STAGE_FIELDS), None)
    if at is None:
        return
    typed = words[at - 1]
    closest = difflib.get_close_matches(typed.casefold(), [s.value for s in STAGE_ORDER], n=1,
                                        cutoff=0.0)[0]
    example = " ".join(["rollout stage", *words[:at - 1], closest, *words[at:]])
    raise RolloutError(f"There is no stage \"{typed}\". Did you mean \"{closest}\"? Say: "
                       f"\"{example}\". The stages are: "
                       f"{', '.join(s.value for s in STAGE_ORDER)}.")


async def stage(ctx: Context, words: list[str]) -> Reply:
    team, stage_name, field, value = _split_stage_args(words)
    rollout = await ctx.uow.rollouts.rollout_by_team(team)
    if rollout is None:
        raise RolloutError(f"There is no rollout for \"{team}\" yet. Record one first with "
                           f"\"rollout {team} YYYY-MM-DD\".")
    changed = change_stage(rollout.stage(parse_stage(stage_name)), field, value)
    await ctx.uow.rollouts.save_stage(rollout.id, changed)
    blocks: list[Block] = [Text(f"Saved. **{rollout.team}**, {changed.stage.value}: "
                                f"{_stage_summary(changed)}."), Bullets(stage_lines(changed))]
    if field == "note":
        blocks += [Text("**Notes**"), Bullets(notes_lines((changed,))),
                   Caption(f"Notes show in \"rollout status {rollout.team}\".")]
    return Reply(tuple(blocks))
