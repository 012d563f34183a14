"""`rollout` (HR) and `assess`: the HR self-check as a short guided conversation. The answers so
far travel in the buttons' value (a few digits, nothing personal), so nothing is stored."""

from __future__ import annotations

from bot.authz import hr_only, is_hr, problem
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.readiness.service import start_self_assessment
from bot.reply import (
    AGREEMENT_LABELS,
    Block,
    Bullets,
    Button,
    Buttons,
    Caption,
    Header,
    Reply,
    Scale,
    Text,
)
from bot.rollouts import admin
from bot.rollouts.rules import RolloutError
from bot.rollouts.rules_selfcheck import evaluate, steps

IMPORTANCE_LABELS = ("Not important", "Minor", "Useful", "Important", "Essential")


async def start(ctx: Context, argument: str = "") -> Reply:
    """HR gets the self-check; anyone else saying "assess" means rating their readiness."""
    if not is_hr(ctx):
        return await start_self_assessment(ctx, argument)
    return _ask([], intro=True)


def _ask(answers: list[int], *, intro: bool = False) -> Reply:
    all_steps = steps()
    if len(answers) >= len(all_steps):
        return _result(answers)
    kind, _, question = all_steps[len(answers)]
    value = {"a": ",".join(map(str, answers))}
    blocks: list[Block] = []
    if intro:
        blocks += [Header("Where is your organisation with career tracks?"),
                   Text(f"{len(all_steps)} quick questions, then I'll suggest the rollout "
                        "stage you are in and the weakest areas.")]
    blocks.append(Caption(f"Question {len(answers) + 1} of {len(all_steps)}"))
    if kind == "yesno":
        blocks += [Text(f"**{question}**"), Buttons((
            Button("Yes", "selfcheck.answer", value | {"score": "1"}),
            Button("No", "selfcheck.answer", value | {"score": "0"})))]
    elif kind == "rating":
        blocks += [Text(f"**{question}** How true is this today?"),
                   Scale("selfcheck.answer", value, AGREEMENT_LABELS)]
    else:
        blocks += [Text(f"How important is this benefit to you: **{question}**?"),
                   Scale("selfcheck.answer", value, IMPORTANCE_LABELS)]
    return Reply(tuple(blocks), replace=not intro)


def _result(answers: list[int]) -> Reply:
    by_id = {step_id: score for (_, step_id, _), score in zip(steps(), answers, strict=False)}
    result = evaluate(by_id)
    blocks: list[Block] = [Header(f"Suggested stage: {result.stage.value.title()}"),
                           Text(result.reason)]
    if result.weakest:
        blocks += [Text("**Weakest areas**"), Bullets(result.weakest)]
    if result.priorities:
        blocks += [Text("**What matters most to you**"), Bullets(result.priorities)]
    blocks.append(Caption(f"Record it with \"rollout stage TEAM {result.stage.value} note ...\" "
                          "and see the checklist with \"rollout status TEAM\"."))
    return Reply(tuple(blocks), replace=True)


async def answer(ctx: Context, action: Action) -> Reply:
    if not is_hr(ctx):
        return problem("Sorry, the organisation self-check is for the HR team.")
    raw = action.value.get("a", "")
    parts = raw.split(",") if raw else []
    score = action.value.get("score", "")
    if not all(p.isdigit() for p in parts) or score not in {"0", "1", "2", "3", "4", "5"} \
            or len(parts) >= len(steps()):
        return problem("That answer didn't come through. Say \"assess\" to start again.")
    return _ask([int(p) for p in parts] + [int(score)])


async def command(ctx: Context, argument: str) -> Reply:
    if not is_hr(ctx):
        return hr_only()
    try:
        return await admin.execute(ctx, argument)
    except RolloutError as error:
        return problem(str(error))


COMMANDS: tuple[Command, ...] = (
    Command(name="assess", words=("assess", "selfcheck"), phrases=("self check",),
            help=(Help("**assess**: the organisation's self-check, ending in the suggested "
                       "stage", Audience.HR, rank=30),),
            handler=start),
    Command(name="rollout", words=("rollout", "rollouts"),
            help=(Help("**rollout** TEAM YYYY-MM-DD, **rollout status** [TEAM], "
                       "**rollout stage** ...: rollouts", Audience.HR, rank=10),),
            handler=command),
)
ACTIONS: dict[str, ActionHandler] = {"selfcheck.answer": answer}
