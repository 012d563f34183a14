"""The HR-only gate for rollouts, pulse administration, the self-check and stats."""

from __future__ import annotations

from bot.context import Context
from bot.model import Role
from bot.reply import Reply, Text


def is_hr(ctx: Context) -> bool:
    return ctx.person.role == Role.HR


def hr_only() -> Reply:
    return Reply((Text("Sorry, that is for the HR team: rollouts, pulse polls and adoption "
                       "figures are managed by people with the HR role. If you think you "
                       "should have it, ask your HR team."),))


def problem(message: str) -> Reply:
    return Reply((Text(message),))
