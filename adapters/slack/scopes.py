"""What the Slack app asks for: the slash command, the events it subscribes to, and the bot scope
each Web API method and event needs. The manifest and its test are checked against this table."""

from __future__ import annotations

COMMAND = "/career"

# Manifest event subscription -> bot scopes it needs.
BOT_EVENTS: dict[str, tuple[str, ...]] = {
    "app_home_opened": (),
    "message.im": ("im:history",),
    "app_mention": ("app_mentions:read",),
}

# Every Web API method the adapter calls -> the bot scopes Slack requires for it.
METHOD_SCOPES: dict[str, tuple[str, ...]] = {
    "chat.postMessage": ("chat:write",),
    "chat.postEphemeral": ("chat:write",),
    "users.info": ("users:read", "users:read.email"),
    "users.lookupByEmail": ("users:read.email",),
    # A chart's PNG: files_upload_v2 calls these two (the bytes go to the URL Slack hands out).
    "files.getUploadURLExternal": ("files:write",),
    "files.completeUploadExternal": ("files:write",),
    # Uploads need the DM's conversation id, not the user id chat.postMessage accepts.
    "conversations.open": ("im:write",),
    # A proactive message sent again after a crash is first looked for in the DM.
    "conversations.history": ("im:history",),
    "views.publish": (),
    "views.open": (),
    # Socket Mode opens its connection with the app-level token (connections:write), not a bot
    # scope.
    "apps.connections.open": (),
}

SLASH_COMMAND_SCOPES: tuple[str, ...] = ("commands",)


def bot_scopes() -> set[str]:
    """Exactly the bot scopes the adapter needs: no more, no less."""
    needed = set(SLASH_COMMAND_SCOPES)
    for scopes in (*BOT_EVENTS.values(), *METHOD_SCOPES.values()):
        needed.update(scopes)
    return needed
