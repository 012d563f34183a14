"""The sideloadable Teams app package: manifest.json (app id filled in) and both icons, at the
root of a zip, as Teams' "Upload a custom app" expects."""

from __future__ import annotations

import json
import uuid
import zipfile
from pathlib import Path

from adapters.manifest_files import manifest_dir

MANIFEST_DIR = manifest_dir() / "teams"
PLACEHOLDER_ID = "00000000-0000-0000-0000-000000000000"
ICONS = ("color.png", "outline.png")


class PackageError(ValueError):
    """The package cannot be built; the message says what to fix."""


def checked_app_id(app_id: str) -> str:
    """The Microsoft App ID (the Azure Bot's app registration), as Teams wants it."""
    try:
        parsed = uuid.UUID(app_id.strip())
    except ValueError:
        raise PackageError(
            f"--app-id must be the bot's Microsoft App ID, a GUID such as "
            f"1a2b3c4d-0000-4000-8000-000000000000; got {app_id!r}.") from None
    if str(parsed) == PLACEHOLDER_ID:
        raise PackageError("--app-id is the all-zero placeholder; use your bot's Microsoft App ID.")
    return str(parsed)


def manifest_for(app_id: str, source: Path = MANIFEST_DIR) -> dict[str, object]:
    """The manifest with the app id in `id` and in every bot's `botId`."""
    path = source / "manifest.json"
    if not path.is_file():
        raise PackageError(f"{path} not found: the Teams manifest template is missing; "
                           "reinstall careerbot.")
    manifest: dict[str, object] = json.loads(path.read_text(encoding="utf-8"))
    app_id = checked_app_id(app_id)
    manifest["id"] = app_id
    bots = manifest.get("bots")
    for bot in bots if isinstance(bots, list) else []:
        bot["botId"] = app_id
    return manifest


def build_package(app_id: str, out: Path, source: Path = MANIFEST_DIR) -> Path:
    """Write the zip to `out` (nothing is written when the app id or the sources are wrong)."""
    manifest = manifest_for(app_id, source)
    missing = [name for name in ICONS if not (source / name).is_file()]
    if missing:
        raise PackageError(f"missing icon(s) in {source}: {', '.join(missing)}")
    out.parent.mkdir(parents=True, exist_ok=True)
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("manifest.json", json.dumps(manifest, indent=2) + "\n")
        for name in ICONS:
            archive.write(source / name, arcname=name)
    return out
