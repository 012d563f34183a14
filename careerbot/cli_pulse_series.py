"""`careerbot pulse list`'s recurring pulses: one line per series (what `pulse list` shows in
chat). `careerbot pulse schedule ... --every N weeks|months` and `careerbot pulse stop SERIES`
pass through to the chat commands (careerbot/cli_hr.py)."""

from __future__ import annotations

from bot.pulses.series import series_fields
from careerbot.cli_support import load_settings, opened


async def series_lines(tz: str = "UTC") -> list[str]:
    """A heading and one line per series, newest first; nothing when there is none."""
    async with opened(load_settings()) as app, app.services.units() as uow:
        fields = await series_fields(uow, tz)
    if not fields:
        return []
    return [f"Recurring pulses ({len(fields)}):", *(f"{name}  {value}" for name, value in fields)]
