"""Every feature's commands and actions, gathered once: the one list of features."""

from __future__ import annotations

from types import ModuleType

from bot.checkins import chat as checkins
from bot.commands import ActionHandler, Command
from bot.help import chat as help_chat
from bot.plans import chat as plans
from bot.pulses import chat as pulses
from bot.readiness import chat as readiness
from bot.rollouts import chat as rollouts
from bot.stats import chat as stats
from bot.tracks import chat as tracks

FEATURES: tuple[ModuleType, ...] = (
    tracks, readiness, plans, checkins, rollouts, pulses, stats, help_chat,
)


def _commands() -> tuple[Command, ...]:
    found: tuple[Command, ...] = tuple(c for f in FEATURES for c in f.COMMANDS)
    names = [c.name for c in found]
    duplicated = {n for n in names if names.count(n) > 1}
    if duplicated:
        raise ValueError(f"commands registered twice: {sorted(duplicated)}")
    return found


def _actions() -> dict[str, ActionHandler]:
    found: dict[str, ActionHandler] = {}
    for feature in FEATURES:
        actions: dict[str, ActionHandler] = feature.ACTIONS
        twice = set(found) & set(actions)
        if twice:
            raise ValueError(f"actions registered twice: {sorted(twice)}")
        found.update(actions)
    return found


COMMANDS: tuple[Command, ...] = _commands()
ACTIONS: dict[str, ActionHandler] = _actions()
