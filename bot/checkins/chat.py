"""Growth check-ins: the prompt a manager gets about a report, its buttons (snooze a week, skip,
log notes), reading notes, and the `checkins` cadence command."""

from __future__ import annotations

from bot import authz
from bot.checkins import chat_team
from bot.checkins import rules as checkins
from bot.checkins.messages import day_label
from bot.checkins.service import effective_cadence, prompt_blocks
from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.hours import zone
from bot.model import Person, Role
from bot.names import normalize, whole_number
from bot.people import (
    find_person,
    may,
    refusal,
    relation,
)
from bot.reply import (
    Bullets,
    Caption,
    Form,
    FormField,
    Header,
    Reply,
    Text,
)

NOT_YOUR_PROMPT = Reply((Text("That check-in prompt isn't yours or no longer exists."),))


async def _own_prompt(ctx: Context, action: Action) -> checkins.Prompt | None:
    raw = action.value.get("c", "")
    number = whole_number(raw)
    found = await ctx.uow.checkins.prompt(number) if number is not None else None
    return found if found and found.manager_id == ctx.person.id else None


async def snooze_action(ctx: Context, action: Action) -> Reply:
    return await _snooze(ctx, await _own_prompt(ctx, action))


async def skip_action(ctx: Context, action: Action) -> Reply:
    return await _skip(ctx, await _own_prompt(ctx, action))


async def open_action(ctx: Context, action: Action) -> Reply:
    """`checkins.open` {"c": prompt id}: one report's full prompt, from a digest's button."""
    prompt = await _own_prompt(ctx, action)
    report = await ctx.uow.people.person(prompt.report_id) if prompt else None
    if prompt is None or report is None or not await may(ctx, report,
                                                         authz.Permission.WRITE_NOTES):
        return NOT_YOUR_PROMPT
    today = ctx.services.clock.now().astimezone(zone(ctx.person.timezone)).date()
    blocks = await prompt_blocks(ctx.uow, ctx.person, report, prompt.id, today)
    return Reply(tuple(blocks))


async def _snooze(ctx: Context, prompt: checkins.Prompt | None) -> Reply:
    if prompt is None:
        return NOT_YOUR_PROMPT
    now = ctx.services.clock.now()
    until = checkins.snooze_until(now, zone(ctx.person.timezone))
    if not await ctx.uow.checkins.move_prompt(prompt.id, ["sent"], "pending", now, send_at=until):
        return Reply((Text("That prompt was already snoozed, skipped or logged."),), replace=True)
    return Reply((Text(f"Snoozed. I'll prompt you again on {day_label(until, ctx.person.timezone)} "
                       f"at {until.astimezone(zone(ctx.person.timezone)):%H:%M}."),),
                 replace=True)


async def _skip(ctx: Context, prompt: checkins.Prompt | None) -> Reply:
    if prompt is None:
        return NOT_YOUR_PROMPT
    moved = await ctx.uow.checkins.move_prompt(prompt.id, ["sent", "pending"], "skipped",
                                       ctx.services.clock.now())
    text = ("Skipped this one. You'll get the next prompt on your usual cadence." if moved else
            "That prompt was already skipped or logged.")
    return Reply((Text(text),), replace=True)


async def _prompt_command(ctx: Context, verb: str, who: str) -> Reply:
    """`checkins snooze NAME` / `checkins skip NAME`: the prompt's buttons, typed (a terminal
    shows the prompt without buttons)."""
    report = await find_person(ctx, who) if who else None
    if report is None or report.manager_id != ctx.person.id:
        return Reply((Text(f"Whose check-in prompt? Say e.g. \"checkins {verb} NAME\" with the "
                           "name or email of someone who reports to you."),))
    prompt = await ctx.uow.checkins.latest_prompt(ctx.person.id, report.id)
    if prompt is None:
        return Reply((Text(f"You have had no check-in prompt about {report.first_name} yet."),))
    return await (_snooze(ctx, prompt) if verb == "snooze" else _skip(ctx, prompt))


async def _report_for(ctx: Context, action: Action,
                      permission: authz.Permission) -> Person | None:
    raw = action.value.get("p", "")
    number = whole_number(raw)
    report = await ctx.uow.people.person(number) if number is not None else None
    return report if report and await may(ctx, report, permission) else None


async def _prompt_about(ctx: Context, action: Action,
                        report: Person) -> tuple[bool, int | None]:
    """(valid, prompt id) for the prompt a notes button names: no prompt is valid; a prompt
    that is not the presser's own about this very report (a forged value) is not."""
    if "c" not in action.value:
        return True, None
    prompt = await _own_prompt(ctx, action)
    if prompt is None or prompt.report_id != report.id:
        return False, None
    return True, prompt.id


async def notes_action(ctx: Context, action: Action) -> Reply:
    """`checkins.notes`: the form for what was discussed and what was agreed."""
    report = await _report_for(ctx, action, authz.Permission.WRITE_NOTES)
    if report is None:
        return refusal()
    if not (await _prompt_about(ctx, action, report))[0]:
        return NOT_YOUR_PROMPT
    return Reply((
        Text(f"Check-in with {report.first_name}. Only you and {report.first_name} will see "
             "this; HR only sees that a check-in happened, and when."),
        Form("checkins.save_note", (
            FormField("note", "What did you talk about?", "multiline"),
            FormField("actions", "Agreed actions, one per line", "multiline", optional=True),
        ), submit_label="Save", value=dict(action.value)),
    ))


async def save_note_action(ctx: Context, action: Action) -> Reply:
    report = await _report_for(ctx, action, authz.Permission.WRITE_NOTES)
    if report is None:
        return refusal()
    valid, prompt_id = await _prompt_about(ctx, action, report)
    if not valid:
        return NOT_YOUR_PROMPT
    note = " ".join(action.form.get("note", "").split())
    agreed = [" ".join(line.split()) for line in action.form.get("actions", "").splitlines()]
    agreed = [a for a in agreed if a]
    if not note and not agreed:
        return Reply((Text("Nothing to save: write a few words about the check-in."),))
    now = ctx.services.clock.now()
    if note:
        await ctx.uow.checkins.add_note(report.id, ctx.person.id, note[:2000], "note", now,
                                        prompt_id)
    for item in agreed[:10]:
        await ctx.uow.checkins.add_note(report.id, ctx.person.id, item[:300], "action", now,
                                        prompt_id)
    if prompt_id is not None:
        await ctx.uow.checkins.move_prompt(prompt_id, ["pending", "sending", "sent", "skipped"],
                                           "held",
                                   now)
    return Reply((Text(f"Saved. {report.first_name} can see these notes with \"notes\"."),),
                 replace=True)


async def show_notes(ctx: Context, argument: str = "") -> Reply:
    """`notes [EMAIL]`: check-in notes about yourself, or a report; HR sees only the dates."""
    subject = await find_person(ctx, argument) if argument else ctx.person
    if subject is None:
        return Reply((Text(f"I couldn't find \"{argument}\"."),))
    rel = await relation(ctx, subject)
    if not authz.allowed(rel, authz.Permission.VIEW_CHECKIN_DATES):
        return refusal()
    who = "you" if subject.id == ctx.person.id else subject.first_name
    if not authz.allowed(rel, authz.Permission.VIEW_NOTES):
        notes = list(await ctx.uow.checkins.notes(subject.id, limit=20))
        dates = sorted({day_label(n.created_at, ctx.person.timezone) for n in notes}, reverse=True)
        return Reply((Header(f"Check-ins with {who}"),
                      Text(f"Check-ins logged: {', '.join(dates) if dates else 'none yet'}."),
                      Caption("Only the dates are shown: the notes are private.")))
    # The person reads every note about them; a manager only their own (not a predecessor's).
    author = None if rel is authz.Relation.SELF else ctx.person.id
    notes = list(await ctx.uow.checkins.notes(subject.id, limit=20, author_id=author))
    if not notes:
        return Reply((Text(f"No check-in notes about {who} yet."),))
    items = tuple(f"{day_label(n.created_at, ctx.person.timezone)}: "
                  f"{'Agreed: ' if n.kind == 'action' else ''}{n.text}" for n in notes)
    return Reply((Header(f"Check-in notes about {who}"), Bullets(items),
                  Caption("Private to the person and their manager.")))


async def cadence_command(ctx: Context, argument: str = "") -> Reply:
    """`checkins [weekly|biweekly|monthly|off] [day] [time] [digest]`, `checkins snooze|skip
    NAME`; HR: `checkins default ...`."""
    words = argument.split()
    org = bool(words) and normalize(words[0]) == "default"
    if org and ctx.person.role is not Role.HR:
        return Reply((Text("Only HR can change the default check-in cadence."),))
    if not org and not await ctx.uow.people.reports_of(ctx.person.id):
        return Reply((Text("Check-in prompts are for managers: nobody reports to you in "
                           "careerbot's records."),))
    current = (await ctx.uow.checkins.cadence(None) or checkins.Cadence() if org
               else await effective_cadence(ctx.uow, ctx.person.id))
    if not org and words and normalize(words[0]) in ("snooze", "skip"):
        return await _prompt_command(ctx, normalize(words[0]), " ".join(words[1:]))
    rest = " ".join(words[1:] if org else words)
    whose = "The default check-in cadence" if org else "Your check-in prompts"
    if not rest:
        return Reply((Text(f"{whose}: {current.describe()}."),
                      Caption("Change it with e.g. \"checkins weekly tuesday 10:00\", \"checkins "
                              "monthly\" or \"checkins off\"; \"checkins digest\" for one "
                              "message listing your reports, \"checkins each\" for one per "
                              "report. Put off the "
                              "latest prompt about someone with \"checkins snooze NAME\" (a week) "
                              "or \"checkins skip NAME\".")))
    try:
        cadence = checkins.parse_cadence(rest, current)
    except ValueError as problem:
        return Reply((Text(str(problem)),))
    now = ctx.services.clock.now()
    await ctx.uow.checkins.set_cadence(None if org else ctx.person.id, cadence, now)
    if not org:
        tz = zone(ctx.person.timezone)
        await ctx.uow.checkins.set_next_slot(ctx.person.id, checkins.first_slot(cadence, tz, now))
    return Reply((Text(f"{whose}: {cadence.describe()}."),))


COMMANDS: tuple[Command, ...] = (
    *chat_team.COMMANDS,
    Command(name="checkins", words=("checkins", "checkin", "cadence"),
            help=(Help("**checkins** [weekly|biweekly|monthly|off] [day] [time]: when you get "
                       "check-in prompts", Audience.MANAGERS, rank=30),
                  Help("**checkins digest**: one message listing your reports, each opened with "
                       "its button (the default); **checkins each**: one message per report",
                       Audience.MANAGERS, rank=31),
                  Help("**checkins default** ...: the check-in cadence new managers start with",
                       Audience.HR, rank=50)),
            handler=cadence_command),
    Command(name="notes", words=("notes",),
            help=(Help("**notes** email: the notes of your check-ins with a report",
                       Audience.MANAGERS, rank=40),),
            handler=show_notes),
)
ACTIONS: dict[str, ActionHandler] = {
    **chat_team.ACTIONS,
    "checkins.notes": notes_action,
    "checkins.save_note": save_note_action,
    "checkins.snooze": snooze_action,
    "checkins.open": open_action,
    "checkins.skip": skip_action,
}
