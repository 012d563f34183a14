"""HR's question bank in chat and the CLI: `pulse questions` (our bank by theme and HR's saved
questions), `pulse questions save ID [--enps|--choice] TEXT`, `pulse questions remove ID`, and
the question `pulse question PULSE QUESTION-ID [...]` puts into a pulse. Raises PulseError (a
sentence for the person) for anything it cannot do; every change is audited."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from bot.context import Context
from bot.ports import UnitOfWork
from bot.pulses.bank import BANK_IDS, bank_question, themes
from bot.pulses.rules import PulseError, Question
from bot.pulses.rules_questions import checked_id, described, question_line, typed_question
from bot.pulses.saved_questions import SavedQuestion
from bot.reply import Block, Bullets, Caption, Fields, Header, Reply, Text
from bot.rights.service import audit
from bot.text import clean

USAGE = ("Question bank: **pulse questions**, **pulse questions save ID TEXT** (or **--enps "
         "TEXT**, or **--choice TEXT | CHOICE | CHOICE ...**), **pulse questions remove ID**; "
         "add one to a scheduled pulse with **pulse question PULSE-ID QUESTION-ID**.")
SAVED_SHOWN = 50  # in chat; the CLI's --csv lists every one
TRAILING = "?!."  # what chat's command matcher strips off the end of a line


@dataclass(frozen=True)
class Listed:
    """One question of the catalogue: `source` is "default", "bank" or "saved"."""

    source: str
    theme: str
    question: Question
    saved: SavedQuestion | None = None


async def catalogue(uow: UnitOfWork) -> list[Listed]:
    """Every question HR can add by id: the default statements, the bank by theme, then HR's
    saved questions by id."""
    ours = [Listed("default" if n == 0 else "bank", theme.name, q)
            for n, theme in enumerate(themes()) for q in theme.questions]
    saved = [Listed("saved", "Saved by HR", s.question, s)
             for s in await uow.questions.saved_questions()]
    return ours + saved


async def command(ctx: Context, words: list[str]) -> Reply:
    """`pulse questions [save ...|remove ...]` (what follows `pulse questions`)."""
    sub = words[0].casefold() if words else "list"
    if sub == "list" and len(words) <= 1:
        return await listing(ctx)
    if sub in ("save", "add"):
        return await save(ctx, words[1:])
    if sub in ("remove", "delete"):
        return await remove(ctx, words[1:])
    raise PulseError(USAGE)


async def listing(ctx: Context) -> Reply:
    listed = await catalogue(ctx.uow)
    blocks: list[Block] = [Header("Pulse questions"), Caption(
        "Add one to a scheduled pulse by its id: \"pulse question PULSE-ID QUESTION-ID\".")]
    for theme in themes():
        blocks += [Text(f"**{theme.name}**"),
                   Bullets(tuple(question_line(q) for q in theme.questions))]
    saved = [item.question for item in listed if item.source == "saved"]
    blocks.append(Text(f"**Saved by HR** ({len(saved)})"))
    if saved:
        blocks.append(Bullets(tuple(question_line(q) for q in saved[:SAVED_SHOWN])))
    if len(saved) > SAVED_SHOWN:
        blocks.append(Caption(f"And {len(saved) - SAVED_SHOWN} more: \"careerbot pulse "
                              "questions --csv FILE\" lists every one."))
    blocks.append(Caption(USAGE))
    return Reply(tuple(blocks))


async def save(ctx: Context, words: list[str]) -> Reply:
    if not words:
        raise PulseError("Which id and text? e.g. \"pulse questions save team-lunch I know "
                         "who to ask about my track.\"")
    qid = checked_id(words[0])
    if bank_question(qid) is not None:
        raise PulseError(f"\"{qid}\" is one of our own questions, which can't be changed; "
                         "save yours under another id.")
    question = typed_question(qid, typed_words(ctx, words[1:]))
    new = await ctx.uow.questions.save_question(question, ctx.person.id or None,
                                                ctx.services.clock.now())
    await audit(ctx, "pulse.questions.save", f"{qid} ({question.kind.value})")
    done = "Saved" if new else "Updated"
    return Reply((Text(f"{done} question {qid}."), Fields(((qid, described(question)),)),
                  Caption(f"Add it to a scheduled pulse: \"pulse question PULSE-ID {qid}\". "
                          "Pulses that already have it keep the wording they were given.")))


async def remove(ctx: Context, words: list[str]) -> Reply:
    if len(words) != 1:
        raise PulseError("Which one? e.g. \"pulse questions remove team-lunch\".")
    qid = words[0].casefold()
    if bank_question(qid) is not None:
        raise PulseError(f"\"{qid}\" is one of our own questions, which can't be removed; "
                         "only questions HR saved can.")
    if not await ctx.uow.questions.remove_question(qid):
        raise PulseError(f"There is no saved question \"{qid[:40]}\"; \"pulse questions\" "
                         "lists them.")
    await audit(ctx, "pulse.questions.remove", qid)
    return Reply((Text(f"Removed saved question {qid}. Pulses that already have it keep it."),))


async def pulse_question(ctx: Context, pulse_id: int, qid: str,
                         words: Sequence[str]) -> Question:
    """The question `pulse question PULSE qid [WORDS]` puts into a pulse: with no words, ours
    (bank or default) or HR's saved question with that id; with words, the question typed
    (`--enps`, `--choice` as for save). Our bank's ids take no new wording: trends compare a
    question across pulses by its id."""
    if not words:
        found = bank_question(qid) or getattr(
            await ctx.uow.questions.saved_question(qid), "question", None)
        if found is None:
            raise PulseError(f"\"{qid[:40]}\" is not in the question bank nor saved by HR "
                             f"(see \"pulse questions\"); to write a new one: \"pulse question "
                             f"{pulse_id} {qid[:40]} TEXT\".")
        return found
    if qid in BANK_IDS:
        raise PulseError(f"\"{qid}\" is one of our bank's questions and goes in as written: "
                         f"\"pulse question {pulse_id} {qid}\". For your own wording, pick "
                         "another id.")
    return typed_question(qid, typed_words(ctx, words))


def typed_words(ctx: Context, words: Sequence[str]) -> list[str]:
    """The words cleaned of control characters, with the ?, ! or . that chat's command matcher
    took off the end of the line put back ("...to a friend?" is how the question reads)."""
    out = [clean(w) for w in words]
    line = " ".join(str(getattr(ctx.event, "text", "")).split())
    text = " ".join(out)
    at = line.rfind(text) if text else -1
    tail = line[at + len(text):] if at >= 0 else ""
    if out and tail and not tail.strip(TRAILING):
        out[-1] += tail
    return out
