"""The Slack app manifest (manifest/slack.yaml) with a deployment's request URLs filled in, or
switched to Socket Mode."""

from __future__ import annotations

import copy
import re
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import yaml

from adapters.manifest_files import manifest_dir

MANIFEST_PATH = manifest_dir() / "slack.yaml"
EVENTS_PATH = "/slack/events"
REDIRECT_PATH = "/slack/oauth_redirect"  # Slack OAuth v2 (adapters/slack/oauth.py)


class ManifestError(ValueError):
    """A bad --url or a missing manifest file, said in one sentence."""


def load(path: Path = MANIFEST_PATH) -> dict[str, Any]:
    try:
        loaded = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ManifestError(f"the Slack manifest template {path} is missing.") from None
    if not isinstance(loaded, dict):
        raise ManifestError(f"{path} is not a Slack app manifest.")
    return loaded


def events_url(base_url: str) -> str:
    """`https://host[/prefix]` -> `https://host[/prefix]/slack/events` (Slack only calls HTTPS)."""
    parts = urlsplit(base_url.strip())
    if parts.scheme != "https" or not parts.netloc:
        raise ManifestError(
            f"--url must be the public HTTPS address of careerbot serve, e.g. "
            f"https://careerbot.example.com (got {base_url!r}); Slack only sends to HTTPS.")
    path = parts.path.rstrip("/")
    if not path.endswith(EVENTS_PATH):
        path += EVENTS_PATH
    return f"https://{parts.netloc}{path}"


def redirect_url(base_url: str) -> str:
    """Where Slack sends an installer back to (OAuth v2), next to the events URL."""
    return events_url(base_url).removesuffix(EVENTS_PATH) + REDIRECT_PATH


def for_deployment(manifest: dict[str, Any], *, url: str | None = None,
                   socket_mode: bool = False, oauth: bool = False) -> dict[str, Any]:
    """A copy of `manifest` with every request URL pointing at `url`, or with Socket Mode on and
    no request URLs at all. `oauth` (installed in many workspaces): the OAuth redirect URL too,
    and distribution on."""
    if socket_mode == (url is not None):
        raise ManifestError("give either --url https://HOST (the public address of careerbot "
                            "serve) or --socket-mode.")
    result = copy.deepcopy(manifest)
    features = result.setdefault("features", {})
    settings = result.setdefault("settings", {})
    targets = [*features.get("slash_commands", []), settings.setdefault("event_subscriptions", {}),
               settings.setdefault("interactivity", {"is_enabled": True})]
    endpoint = events_url(url) if url is not None else None
    for target in targets:
        key = "url" if "command" in target else "request_url"
        if endpoint is None:
            target.pop(key, None)
        else:
            target[key] = endpoint
    settings["socket_mode_enabled"] = socket_mode
    if oauth and url is not None:
        result.setdefault("oauth_config", {})["redirect_urls"] = [redirect_url(url)]
    return result


def declared_subcommands(manifest: dict[str, Any], command: str) -> set[str]:
    """The words of the slash command's usage hint (what users are told they can type)."""
    for entry in manifest.get("features", {}).get("slash_commands", []):
        if entry.get("command") == command:
            return set(re.findall(r"[a-z]+", str(entry.get("usage_hint", ""))))
    return set()
