"""What Slack sends careerbot, built for the load: signed `/career` slash commands, `message.im`
events with unique event ids, and `block_actions` presses of buttons taken from real replies.
Shapes follow Slack's recorded payloads (tests/slack/payloads.py); ids are fake."""

from __future__ import annotations

import hashlib
import hmac
import json
import time
from typing import Any
from urllib.parse import quote, urlencode

TEAM = "T111"
APP = "A111"
BOT = "UBOT"
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def signed_headers(secret: str, body: str, content_type: str) -> dict[str, str]:
    """Slack's v0 signature: HMAC-SHA256 of `v0:{timestamp}:{body}` with the signing secret."""
    timestamp = str(int(time.time()))
    digest = hmac.new(secret.encode(), f"v0:{timestamp}:{body}".encode(), hashlib.sha256)
    return {"Content-Type": content_type, "X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": f"v0={digest.hexdigest()}"}


def slash_command(user_id: str, text: str, response_url: str, serial: int) -> str:
    return urlencode({
        "token": "verification_token", "team_id": TEAM, "team_domain": "load",
        "channel_id": "C111", "channel_name": "random", "user_id": user_id,
        "user_name": user_id.lower(), "command": "/career", "text": text, "api_app_id": APP,
        "response_url": response_url, "trigger_id": f"{serial}.111.trigger"})


def dm_event(user_id: str, text: str, channel: str, serial: int) -> str:
    """A `message.im` event callback; `channel` is where careerbot posts its answer."""
    now = time.time()
    event = {"type": "message", "channel_type": "im", "channel": channel, "user": user_id,
             "text": text, "ts": f"{int(now)}.{serial:06d}", "event_ts": f"{now:.6f}"}
    return json.dumps({
        "token": "verification_token", "team_id": TEAM, "api_app_id": APP, "event": event,
        "type": "event_callback", "event_id": f"EvLOAD{serial:09d}", "event_time": int(now),
        "authorizations": [{"enterprise_id": None, "team_id": TEAM, "user_id": BOT,
                            "is_bot": True, "is_enterprise_install": False}],
        "is_ext_shared_channel": False})


def block_action(user_id: str, element: dict[str, Any], response_url: str, serial: int) -> str:
    """A press of `element` (a button as careerbot rendered it) on its ephemeral answer."""
    action: dict[str, Any] = {
        "action_id": element["action_id"], "block_id": "b1", "text": element.get("text"),
        "type": "button", "action_ts": f"{time.time():.6f}"}
    if "value" in element:
        action["value"] = element["value"]
    body = {
        "type": "block_actions", "api_app_id": APP, "token": "verification_token",
        "user": {"id": user_id, "username": user_id.lower(), "name": user_id.lower(),
                 "team_id": TEAM},
        "team": {"id": TEAM, "domain": "load"},
        "container": {"type": "message", "message_ts": "111.222", "channel_id": "C111",
                      "is_ephemeral": True},
        "channel": {"id": "C111", "name": "random"},
        "trigger_id": f"{serial}.222.trigger", "response_url": response_url,
        "actions": [action]}
    return f"payload={quote(json.dumps(body))}"


def buttons(blocks: list[dict[str, Any]], prefix: str) -> list[dict[str, Any]]:
    """The rendered buttons whose action_id starts with `prefix` (e.g. "readiness.score")."""
    return [e for b in blocks if b.get("type") == "actions" for e in b.get("elements") or []
            if str(e.get("action_id", "")).startswith(prefix)]
