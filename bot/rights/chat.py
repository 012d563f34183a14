"""Data rights have no chat commands: export and forget are HR's terminal commands
(`careerbot people export|forget`), since a person's whole record belongs in a file, not a
channel. The core's part is refusing deactivated people (bot/rights/messages.py)."""

from __future__ import annotations

from bot.commands import Command

COMMANDS: list[Command] = []
