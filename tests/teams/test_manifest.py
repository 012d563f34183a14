"""The Teams app package: schema-valid manifest, correct icons, commands the core understands."""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import jsonschema  # type: ignore[import-untyped]
import pytest
from PIL import Image
from typer.testing import CliRunner

from adapters.teams.package import (
    MANIFEST_DIR,
    PLACEHOLDER_ID,
    PackageError,
    build_package,
    manifest_for,
)
from bot.conversation import known_intents
from bot.intents import match
from careerbot import cli
from tests.teams.conftest import SCHEMAS
from tests.teams.make_icons import color_icon, outline_icon

APP_ID = "1a2b3c4d-5e6f-4789-a0b1-c2d3e4f5a6b7"


def manifest_errors(manifest: object) -> list[str]:
    # Draft 7 on purpose: the schema declares draft-04 but relies on `const`, which draft-04
    # silently ignores (see shared/validators/README.md).
    schema = json.loads((SCHEMAS / "teams-manifest-1.29.schema.json").read_text())
    validator = jsonschema.Draft7Validator(schema)
    return [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(manifest)]


def test_committed_manifest_is_valid_with_its_placeholder_id() -> None:
    manifest = json.loads((MANIFEST_DIR / "manifest.json").read_text())
    assert manifest_errors(manifest) == []
    assert manifest["id"] == PLACEHOLDER_ID
    assert manifest["bots"][0]["botId"] == PLACEHOLDER_ID


def test_the_validator_would_catch_a_wrong_manifest() -> None:
    manifest = manifest_for(APP_ID)
    manifest["manifestVersion"] = "1.16"
    manifest["bots"][0]["scopes"] = ["everywhere"]  # type: ignore[index]
    assert len(manifest_errors(manifest)) >= 2


def test_every_command_is_an_intent_the_core_knows() -> None:
    manifest = json.loads((MANIFEST_DIR / "manifest.json").read_text())
    commands = [c["title"] for lst in manifest["bots"][0]["commandLists"] for c in lst["commands"]]
    assert commands
    for title in commands:
        assert title in known_intents(), title
        # What Teams sends when the command is picked reaches that very intent.
        assert match(title).name == title


def test_icons_have_the_sizes_and_transparency_teams_requires() -> None:
    color = Image.open(MANIFEST_DIR / "color.png")
    assert color.size == (192, 192) and color.format == "PNG"
    outline = Image.open(MANIFEST_DIR / "outline.png").convert("RGBA")
    assert outline.size == (32, 32)
    raw = outline.tobytes()
    pixels = [tuple(raw[i:i + 4]) for i in range(0, len(raw), 4)]
    visible = [p for p in pixels if p[3] > 0]
    assert visible and len(visible) < len(pixels), "an outline is white on transparent"
    assert all(p[:3] == (255, 255, 255) for p in visible), "outline pixels must be white"


def test_committed_icons_are_what_the_script_draws() -> None:
    for name, draw in (("color.png", color_icon), ("outline.png", outline_icon)):
        committed = Image.open(MANIFEST_DIR / name).convert("RGBA")
        assert committed.tobytes() == draw().tobytes(), name


def test_package_zip_has_manifest_and_icons_at_the_root(tmp_path: Path) -> None:
    out = build_package(APP_ID, tmp_path / "careerbot-teams.zip")
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        manifest = json.loads(archive.read("manifest.json"))
        assert Image.open(io.BytesIO(archive.read("outline.png"))).size == (32, 32)
    assert manifest["id"] == APP_ID
    assert manifest["bots"][0]["botId"] == APP_ID
    assert manifest_errors(manifest) == []


@pytest.mark.parametrize(("app_id", "problem"), [
    ("not-a-guid", "must be the bot's Microsoft App ID"),
    (PLACEHOLDER_ID, "placeholder"),
    ("", "must be the bot's Microsoft App ID"),
])
def test_bad_app_id_writes_nothing(tmp_path: Path, app_id: str, problem: str) -> None:
    out = tmp_path / "careerbot-teams.zip"
    with pytest.raises(PackageError, match=problem):
        build_package(app_id, out)
    assert not out.exists()


def test_missing_sources_are_named(tmp_path: Path) -> None:
    with pytest.raises(PackageError, match="manifest.json not found"):
        build_package(APP_ID, tmp_path / "x.zip", source=tmp_path)


def test_cli_builds_the_package(tmp_path: Path) -> None:
    out = tmp_path / "careerbot-teams.zip"
    result = CliRunner().invoke(cli.app, ["manifest", "teams", "--app-id", APP_ID,
                                          "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert f"Wrote {out}" in result.output
    with zipfile.ZipFile(out) as archive:
        assert json.loads(archive.read("manifest.json"))["id"] == APP_ID


def test_cli_explains_a_bad_app_id_in_one_line(tmp_path: Path) -> None:
    out = tmp_path / "careerbot-teams.zip"
    result = CliRunner().invoke(cli.app, ["manifest", "teams", "--app-id", "my-bot",
                                          "--out", str(out)])
    assert result.exit_code == 1
    assert "Error: --app-id must be the bot's Microsoft App ID" in result.output
    assert "Traceback" not in result.output
    assert not out.exists()
