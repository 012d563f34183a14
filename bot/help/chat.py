"""Help, greetings, and the answers for people or text the bot does not know."""

from __future__ import annotations

from bot.commands import ActionHandler, Audience, Command, Help
from bot.context import Context
from bot.events import Action
from bot.help.rules import Talk, small_talk
from bot.model import Person, Role
from bot.reply import Block, Bullets, Button, Buttons, Caption, Header, Reply, Text

SECTIONS: tuple[tuple[Audience, str | None], ...] = (
    (Audience.EVERYONE, None),
    (Audience.MANAGERS, "**For managers**"),
    (Audience.HR, "**For HR**"),
)
SEES: dict[Role, frozenset[Audience]] = {
    Role.EMPLOYEE: frozenset({Audience.EVERYONE}),
    Role.MANAGER: frozenset({Audience.EVERYONE, Audience.MANAGERS}),
    Role.HR: frozenset(Audience),
}


def help_lines(audience: Audience) -> tuple[str, ...]:
    """The registry's help lines for one audience, in rank order."""
    from bot.registry import COMMANDS  # imported when called: the registry imports this module

    lines = [h for c in COMMANDS for h in c.help if h.audience is audience]
    return tuple(h.line for h in sorted(lines, key=lambda h: h.rank))


def help_sections(person: Person) -> list[Block]:
    """The commands this person can use, grouped by role: help never offers a command that
    would refuse."""
    blocks: list[Block] = []
    for audience, title in SECTIONS:
        if audience in SEES.get(person.role, frozenset({Audience.EVERYONE})):
            blocks += [Text(title)] if title else []
            blocks.append(Bullets(help_lines(audience)))
    return blocks


def main_buttons() -> Buttons:
    return Buttons(
        (
            Button("What's next for me?", "tracks.next", style="primary"),
            Button("Rate my readiness", "readiness.start"),
            Button("My track", "tracks.show"),
        )
    )


async def show_help(ctx: Context, argument: str = "") -> Reply:
    return Reply(
        (
            Header(f"Hi {ctx.person.first_name}, here is what I can do"),
            *help_sections(ctx.person),
            Caption("Type any of these, or just ask in your own words, e.g. "
                    "\"what's next for me?\""),
            main_buttons(),
        )
    )


TALK_ANSWERS: dict[Talk, str] = {
    Talk.GREETING: "Hi {name}! Ask me \"what's next\", or say \"help\" to see what I can do.",
    Talk.THANKS: "You're welcome!",
    Talk.BYE: "Bye for now, {name}. I'm here whenever you want to talk growth.",
    Talk.OKAY: "Glad to help. Say \"help\" whenever you need me.",
}


async def not_understood(ctx: Context, text: str) -> Reply:
    """Small talk gets a short answer; anything else says what was not understood and offers
    the three closest commands the person may use (never the whole list)."""
    from bot.intents import closest  # imported when called: the registry imports this module

    talk = small_talk(text)
    if talk is not None:
        return Reply((Text(TALK_ANSWERS[talk].format(name=ctx.person.first_name)),))
    sees = SEES.get(ctx.person.role, frozenset({Audience.EVERYONE}))
    offered = closest(text, lambda h: h.audience in sees)
    return Reply((
        Text(f"Sorry, I didn't catch \"{text[:80]}\". The closest things I can do:"),
        Bullets(tuple(h.line for h in offered)),
        Caption("Say \"help\" to see everything I can do."),
        main_buttons(),
    ))


async def who_is_my_manager(ctx: Context, argument: str = "") -> Reply:
    """The person's manager from the people file (and who that manager reports to)."""
    manager_id = ctx.person.manager_id
    manager = await ctx.uow.people.person(manager_id) if manager_id is not None else None
    if manager is None:
        return Reply((Text("You have no manager on record. If that's wrong, your HR team can "
                           "set it in the people file (manager_email)."),))
    lines = [f"Your manager is {manager.name} ({manager.email})."]
    above = (await ctx.uow.people.person(manager.manager_id)
             if manager.manager_id is not None else None)
    if above is not None:
        lines.append(f"{manager.first_name}'s manager is {above.name}.")
    return Reply((Text(" ".join(lines)),))


async def expired_action(ctx: Context, action: Action) -> Reply:
    return Reply(
        (
            Text("That button no longer does anything here. Here is what I can do now:"),
            main_buttons(),
        )
    )


def not_known_reply() -> Reply:
    """For someone HR has not loaded yet: say so plainly, and who can fix it."""
    return Reply(
        (
            Header("I don't know you yet"),
            Text(
                "careerbot only knows people HR has added. Please ask your HR team to add you "
                "(with your work email) and then say hello again."
            ),
        )
    )


def sorry_reply() -> Reply:
    """Something broke on our side: never show a stack trace, never lose the person."""
    return Reply(
        (
            Text(
                "Sorry, something went wrong on my side and nothing was changed. "
                "Please try again in a moment; if it keeps happening, tell your HR team."
            ),
        )
    )


async def thanks(ctx: Context, argument: str = "") -> Reply:
    return Reply((Text("You're welcome!"),))


COMMANDS: tuple[Command, ...] = (
    Command(name="help", words=("help", "commands"),
            phrases=("what can you do", "start"),
            help=(Help("**help**: this list", rank=80),),
            handler=show_help),
    Command(name="unknown", handler=not_understood, advertised=False),
    # Small talk: answered, but not a command to list in help or in the platforms' manifests.
    Command(name="thanks", words=("thanks", "thank"), handler=thanks, advertised=False),
    # A question about the person's own data, not a command to list in the manifests.
    Command(name="manager", phrases=("who is my manager", "my manager", "my managers",
                                     "my boss", "who do i report to", "i report to",
                                     "my line manager"),
            help=(Help("**who is my manager**: your manager, from the people file", rank=75),),
            handler=who_is_my_manager, advertised=False),
)
ACTIONS: dict[str, ActionHandler] = {}
