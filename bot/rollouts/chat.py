"""`rollout` (HR) and `assess`: the HR self-check as a short guided conversation. The answers so
far travel in the buttons' value (a few digits, nothing personal) and are kept per HR person, so
an answer typed in chat ("yes", "mostly") continues it and "assess" resumes it."""

from __future__ import annotations

from datetime import timedelta

from bot.authz import hr_only, is_hr, problem
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.names import whole_number
from bot.pulses import overlap
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
from bot.rollouts.rules_selfcheck import UNDERSTOOD, evaluate, steps, typed_score

IMPORTANCE_LABELS = ("Not important", "Minor", "Useful", "Important", "Essential")


async def start(ctx: Context, argument: str = "") -> Reply:
    """HR gets the self-check (resumed where they left it); anyone else saying "assess" means
    rating their readiness."""
    if not is_hr(ctx):
        return await start_self_assessment(ctx, argument)
    so_far = await ctx.uow.rollouts.selfcheck(ctx.person.id)
    if so_far:  # kept again now, so what is typed next answers it
        await ctx.uow.rollouts.save_selfcheck(ctx.person.id, so_far, ctx.services.clock.now())
        resumed = _ask(so_far, replace=False)
        return Reply((Caption(f"Picking up where you left off: {len(so_far)} of "
                              f"{len(steps())} answered."), *resumed.blocks,
                      Buttons((Button("Start over", "selfcheck.restart"),))))
    await ctx.uow.rollouts.save_selfcheck(ctx.person.id, [], ctx.services.clock.now())
    return _ask([], intro=True)


async def restart(ctx: Context, action: Action) -> Reply:
    if not is_hr(ctx):
        return problem("Sorry, the organisation self-check is for the HR team.")
    await ctx.uow.rollouts.save_selfcheck(ctx.person.id, [], ctx.services.clock.now())
    return _ask([], intro=True)


def _ask(answers: list[int], *, intro: bool = False, replace: bool = True) -> Reply:
    all_steps = steps()
    if len(answers) >= len(all_steps):
        return _result(answers, replace=replace)
    kind, _, question = all_steps[len(answers)]
    value = {"a": ",".join(map(str, answers))}
    blocks: list[Block] = []
    if intro:
        blocks += [Header("Where is your organisation with career tracks?"),
                   Text(f"{len(all_steps)} quick questions, then I'll suggest the rollout "
                        "stage you are in and the weakest areas. Press a button or type "
                        "your answer.")]
    blocks.append(Caption(f"Question {len(answers) + 1} of {len(all_steps)}"))
    if kind == "yesno":
        blocks += [Text(f"**{question}**"), Buttons((
            Button("Yes", "selfcheck.answer", value | {"score": "1"}),
            Button("No", "selfcheck.answer", value | {"score": "0"})))]
    elif kind == "rating":
        blocks += [Text(f"**{question}.** How true is this today?"),
                   Scale("selfcheck.answer", value, AGREEMENT_LABELS)]
    else:
        blocks += [Text(f"How important is this benefit to you: **{question}**?"),
                   Scale("selfcheck.answer", value, IMPORTANCE_LABELS)]
    return Reply(tuple(blocks), replace=replace and not intro)


async def typed_answer(ctx: Context, intent: str, text: str) -> Reply | None:
    """An answer typed during HR's self-check ("yes", "mostly", "4"): recorded as the button
    would; anything else that is not a command asks the same question again. None when no
    self-check is in progress or the text is a command (it runs as usual)."""
    if not is_hr(ctx) or intent not in _ANSWER_INTENTS:
        return None
    since = ctx.services.clock.now() - TYPED_FOR
    so_far = await ctx.uow.rollouts.selfcheck(ctx.person.id, since)
    if so_far is None or len(so_far) >= len(steps()):
        return None
    if intent == "pause":
        return Reply((Text("Saved. Say \"assess\" to carry on where you left off."),))
    kind = steps()[len(so_far)][0]
    score = typed_score(kind, text)
    if score is None:
        expected = "yes or no" if kind == "yesno" else UNDERSTOOD
        again = _ask(so_far, replace=False)
        return Reply((Text(f"Sorry, I didn't get \"{text.strip()}\" as an answer. Please "
                           f"answer with {expected}."), *again.blocks))
    return await _record(ctx, [*so_far, score], replace=False)


# A self-check left for longer than this no longer takes what is typed ("assess" resumes it).
TYPED_FOR = timedelta(hours=12)
# A typed answer is not a command (unknown), is a bare digit (the readiness "score"), or "stop".
_ANSWER_INTENTS = frozenset({"unknown", "score", "pause"})


async def _record(ctx: Context, answers: list[int], *, replace: bool = True) -> Reply:
    """Keep the answers so far (forgotten once the last is in) and ask the next question."""
    done = len(answers) >= len(steps())
    await ctx.uow.rollouts.save_selfcheck(ctx.person.id, None if done else answers,
                                          ctx.services.clock.now())
    return _ask(answers, replace=replace)


def _result(answers: list[int], *, replace: bool = True) -> Reply:
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
    return Reply(tuple(blocks), replace=replace)


async def answer(ctx: Context, action: Action) -> Reply:
    if not is_hr(ctx):
        return problem("Sorry, the organisation self-check is for the HR team.")
    raw = action.value.get("a", "")
    parts = raw.split(",") if raw else []
    score = action.value.get("score", "")
    if any(whole_number(p) is None for p in parts) or score not in {"0", "1", "2", "3", "4", "5"} \
            or len(parts) >= len(steps()):
        return problem("That answer didn't come through. Say \"assess\" to carry on.")
    return await _record(ctx, [int(p) for p in parts] + [int(score)])


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
ACTIONS: dict[str, ActionHandler] = {
    "selfcheck.answer": answer, "selfcheck.restart": restart,
    # The buttons of the overlapping-pulses warning a rollout (or `pulse schedule`) may give.
    "pulses.merge": overlap.merge_action, "pulses.skip": overlap.skip_action,
    "pulses.keep": overlap.keep_action,
}
