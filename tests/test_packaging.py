"""`pip install .` (not editable) must give a working `careerbot`: the app manifests, the Teams
icons and the sample tracks travel inside the wheel. The wheel is built from this checkout,
installed into a fresh virtual environment (its dependencies come from the test environment
through a path entry, so nothing is downloaded), and run from a folder outside the checkout."""

from __future__ import annotations

import json
import os
import shutil
import site
import subprocess
import sys
import sysconfig
import zipfile
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SOURCES = ("pyproject.toml", "setup.py", "MANIFEST.in", "README.md", "manifest", "bot",
           "adapters", "storage", "scheduler", "careerbot")
APP_ID = "1a2b3c4d-0000-4000-8000-000000000001"


def _run(args: list[str], cwd: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=180,
                          check=False)


def _installed_from_wheel(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """(the fresh venv's bin folder, the environment to run it with)."""
    env = {key: value for key, value in os.environ.items()
           if key not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME")}
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    # Built from a copy: building in place would leave build/ in the shared checkout.
    source = tmp_path / "source"
    source.mkdir()
    for name in SOURCES:
        if (ROOT / name).is_dir():
            shutil.copytree(ROOT / name, source / name,
                            ignore=shutil.ignore_patterns("__pycache__", "*.egg-info"))
        elif (ROOT / name).exists():
            shutil.copy2(ROOT / name, source / name)
    wheels = tmp_path / "wheels"
    built = _run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet",
                  "--wheel-dir", str(wheels), str(source)], tmp_path, env)
    assert built.returncode == 0, built.stderr
    (wheel,) = wheels.glob("careerbot-*.whl")
    venv = tmp_path / "venv"
    made = _run([sys.executable, "-m", "venv", "--without-pip", str(venv)], tmp_path, env)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    installed = _run([sys.executable, "-m", "pip", "--python", str(python), "install",
                      "--no-deps", "--no-index", "--quiet", str(wheel)], tmp_path, env)
    assert installed.returncode == 0, installed.stderr
    # The dependencies: the test environment's site-packages as a plain path entry (its .pth
    # files, among them the editable install's finder for this checkout, are not run).
    purelib = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()"
                         "['purelib'])"], tmp_path, env).stdout.strip())
    (purelib / "test_dependencies.pth").write_text(
        "\n".join([sysconfig.get_paths()["purelib"], *site.getsitepackages()]) + "\n")
    return venv / "bin", env


def test_the_commands_work_from_a_wheel_installed_outside_the_checkout(tmp_path: Path) -> None:
    bin_dir, env = _installed_from_wheel(tmp_path)
    work = tmp_path / "elsewhere"
    work.mkdir()

    where = _run([str(bin_dir / "python"), "-c",
                  "import careerbot, adapters; print(careerbot.__file__, adapters.__file__)"],
                 work, env)
    assert where.returncode == 0, where.stderr
    assert str(ROOT) not in where.stdout and str(tmp_path / "venv") in where.stdout

    careerbot = str(bin_dir / "careerbot")
    slack = _run([careerbot, "manifest", "slack", "--url", "https://x.example"], work, env)
    assert slack.returncode == 0, slack.stderr
    manifest = yaml.safe_load(slack.stdout)
    assert manifest["settings"]["event_subscriptions"]["request_url"] == (
        "https://x.example/slack/events")

    out = work / "teams.zip"
    teams = _run([careerbot, "manifest", "teams", "--app-id", APP_ID, "--out", str(out)],
                 work, env)
    assert teams.returncode == 0, teams.stderr
    with zipfile.ZipFile(out) as archive:
        assert sorted(archive.namelist()) == ["color.png", "manifest.json", "outline.png"]
        assert json.loads(archive.read("manifest.json"))["id"] == APP_ID

    listed = _run([careerbot, "templates", "list"], work, env)
    assert listed.returncode == 0, listed.stderr
    assert "people" in listed.stdout and "(cannot be read" not in listed.stdout
    copied = _run([careerbot, "templates", "copy", "people", "mine.csv"], work, env)
    assert copied.returncode == 0, copied.stderr
    assert (work / "mine.csv").read_bytes() == (ROOT / "careerbot/samples/people.csv").read_bytes()

    # The demo: the sample tracks and people through the migrations, all from the wheel.
    demo = _run([careerbot, "demo", "--list"], work, env)
    assert demo.returncode == 0, demo.stderr
    assert "amara.okafor@example.com" in demo.stdout and (work / "careerbot-demo.db").is_file()
