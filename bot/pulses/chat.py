"""`pulse` in chat (HR's commands, or one's own open pulse) and answering a pulse: 1-5 presses
and an optional comment, changeable while open. Only one's own answers are ever read back."""

from __future__ import annotations

from bot.authz import hr_only, is_hr, problem
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.names import whole_number
from bot.pulses import admin
from bot.pulses.by_team import by_team, results_by_team
from bot.pulses.messages import invitation
from bot.pulses.rules import PulseError, PulsePoll, PulseStatus, Recipient
from bot.pulses.rules_types import check_score
from bot.reply import Reply, Text

NOT_YOURS = "That pulse is closed or was not sent to you, so there is nothing to answer."


async def _open_poll_for(ctx: Context, action: Action) -> tuple[PulsePoll, Recipient] | None:
    """The pulse a button names and the presser as its recipient, only when it is open and was
    sent to them."""
    raw = action.value.get("p", "")
    number = whole_number(raw)
    poll = await ctx.uow.pulses.pulse(number) if number is not None else None
    if poll is None or poll.status != PulseStatus.OPEN:
        return None
    recipient = await ctx.uow.pulses.recipient(poll.id, ctx.person.id)
    return (poll, recipient) if recipient is not None else None


async def answer(ctx: Context, action: Action) -> Reply:
    found = await _open_poll_for(ctx, action)
    if found is None:
        return problem(NOT_YOURS)
    poll, recipient = found
    qid, score = action.value.get("q", ""), action.value.get("score", "")
    ids = [q.id for q in poll.questions]
    question = next((q for q in poll.questions if q.id == qid), None)
    if question is None:
        return problem("That question is not in this pulse.")
    # a whole number the question takes (1-5, 0-10 for eNPS, 1..N choices), nothing else stored
    number = whole_number(score)
    wrong = check_score(question, -1 if number is None else number)
    if wrong:
        return problem(wrong)
    try:
        changed = await ctx.uow.pulses.record_answer(poll.id, ctx.person.id, qid, int(score),
                                                     ids)
    except PulseError as error:  # the server has no secret to key the answer with
        return problem(str(error))
    answers = await ctx.uow.pulses.answers_of(poll.id, ctx.person.id)
    if recipient.complete:
        note = ("You have already answered this pulse. " +
                ("Your change is saved." if changed else "Nothing changed."))
    elif set(ids) <= set(answers):
        note = "Thank you! All answered. You can still change any answer while it is open."
    else:
        note = f"Saved ({len(answers)} of {len(ids)} answered)."
    return invitation(poll, answers, note=note, replace=True)


async def comment(ctx: Context, action: Action) -> Reply:
    found = await _open_poll_for(ctx, action)
    if found is None:
        return problem(NOT_YOURS)
    poll, _ = found
    text = action.form.get("comment", "")
    try:
        await ctx.uow.pulses.record_comment(poll.id, ctx.person.id, text)
    except PulseError as error:
        return problem(str(error))
    done = "Comment saved, without your name." if text.strip() else "Comment removed."
    return Reply((Text(done + " HR sees comments only after the pulse closes, and only if "
                       "enough people answered."),))


async def my_pulse(ctx: Context) -> Reply:
    """`pulse` from an employee: their open pulse again; a second attempt says so."""
    for poll in await ctx.uow.pulses.pulses():
        if poll.status != PulseStatus.OPEN:
            continue
        mine = await ctx.uow.pulses.recipient(poll.id, ctx.person.id)
        if mine is not None:
            answers = await ctx.uow.pulses.answers_of(poll.id, ctx.person.id)
            note = ("You have already answered this pulse; you can change your answers while "
                    "it is open." if mine.complete else "")
            return invitation(poll, answers, note=note)
    return problem("There is no pulse for you to answer right now.")


async def command(ctx: Context, argument: str) -> Reply:
    words = argument.split()
    if not is_hr(ctx):
        if words and words[0].casefold() in admin.SUBCOMMANDS:
            return hr_only()
        return await my_pulse(ctx)
    try:
        if words and words[0].casefold() == "results":
            rest, team = by_team(words[1:])
            if team:
                return await results_by_team(ctx, rest)
        return await admin.execute(ctx, argument)
    except PulseError as error:
        return problem(str(error))


COMMANDS: tuple[Command, ...] = (
    Command(name="pulse", words=("pulse", "pulses", "poll", "survey"),
            help=(Help("**pulse**: answer an open pulse poll (anonymous)", rank=70),
                  Help("**pulse list**, **pulse schedule** TEAMS [DATE], **pulse results** "
                       "[ID] [--by team], **pulse trend** [TEAM]: pulse polls", Audience.HR,
                       rank=20),
                  Help("**pulse questions** [save ID [--enps|--choice] TEXT | remove ID], "
                       "**pulse question** ID QUESTION-ID [TEXT]: the question bank and HR's "
                       "saved questions", Audience.HR, rank=21),
                  Help("**pulse schedule** TEAMS DATE --every N weeks|months, **pulse stop** "
                       "SERIES: recurring pulses", Audience.HR, rank=22)),
            handler=command),
)
ACTIONS: dict[str, ActionHandler] = {"pulse.answer": answer, "pulse.comment": comment}
