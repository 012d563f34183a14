"""What a deactivated person is told when they write to the bot."""

from __future__ import annotations

from bot.reply import Reply, Text


def no_access_reply() -> Reply:
    """Polite, and says who can help; nothing about why or since when."""
    return Reply((Text("Sorry, you no longer have access to careerbot. If you think this is "
                       "a mistake, please ask your HR team."),))
