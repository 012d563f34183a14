"""Help, greetings, and the answers for people or text the bot does not know."""

from __future__ import annotations

from bot.context import Context
from bot.events import Action
from bot.model import Person, Role
from bot.reply import Block, Bullets, Button, Buttons, Header, Reply, Text
from bot.reply import Context as Note

HELP_LINES: tuple[str, ...] = (
    "**next**: your next level and what changes, competency by competency",
    "**rate**: rate your readiness for the next level, one competency at a time",
    "**track** [name]: your career track as a matrix, or any track by name",
    "**tracks**: every career track in the company",
    "**competency** name: one competency across all levels",
    "**plan**: your development plan (focus competencies and goals)",
    "**pulse**: answer an open pulse poll (anonymous)",
    "**help**: this list",
)

# Shown only to the people who can use them: help never offers a command that would refuse.
MANAGER_LINES: tuple[str, ...] = (
    "**team** [all]: your reports at a glance (all: indirect reports too)",
    "**what's next for** name: a report's level, ratings and plan, with a button to rate them",
    "**checkins** [weekly|biweekly|monthly|off] [day] [time] [digest]: your check-in prompts",
    "**notes** email: the notes of your check-ins with a report",
)
HR_LINES: tuple[str, ...] = (
    "**rollout** TEAM YYYY-MM-DD, **rollout status** [TEAM], **rollout stage** ...: rollouts",
    "**pulse list**, **pulse schedule** TEAMS [DATE], **pulse results** [ID]: pulse polls",
    "**assess**: the organisation's self-check, ending in the suggested stage",
    "**stats**: adoption of career tracks across the company",
    "**checkins default** ...: the check-in cadence new managers start with",
)


def help_sections(person: Person) -> list[Block]:
    """The commands this person can use, grouped by role."""
    blocks: list[Block] = [Bullets(HELP_LINES)]
    if person.role in (Role.MANAGER, Role.HR):
        blocks += [Text("**For managers**"), Bullets(MANAGER_LINES)]
    if person.role == Role.HR:
        blocks += [Text("**For HR**"), Bullets(HR_LINES)]
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
            Note("Type any of these, or just ask in your own words, e.g. \"what's next for me?\""),
            main_buttons(),
        )
    )


async def not_understood(ctx: Context, text: str) -> Reply:
    return Reply(
        (
            Text(f"Sorry, I didn't catch \"{text[:80]}\". Here is what I can help with:"),
            *help_sections(ctx.person),
            main_buttons(),
        )
    )


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
