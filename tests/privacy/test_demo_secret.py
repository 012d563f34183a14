"""`careerbot demo` from a fresh clone: without CAREERBOT_SECRET_KEY anywhere it writes a random
one into ./.env (owner-only), once, keeping what the file held, and careerbot then reads it."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
from pathlib import Path


def run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items()
           if k not in ("CAREERBOT_SECRET_KEY", "DATABASE_URL")}
    return subprocess.run([sys.executable, *args], cwd=cwd, env=env, capture_output=True,
                          text=True, timeout=120, check=False)


def test_the_demo_writes_a_secret_into_dotenv_once(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("LOG_LEVEL=INFO", encoding="utf-8")  # no final newline
    first = run(tmp_path, "-m", "careerbot", "demo", "--list")
    assert first.returncode == 0, first.stderr
    assert "Wrote a random CAREERBOT_SECRET_KEY to .env" in first.stdout
    dotenv = tmp_path / ".env"
    lines = dotenv.read_text(encoding="utf-8").splitlines()
    assert lines[0] == "LOG_LEVEL=INFO"
    assert len(lines) == 2 and re.fullmatch(r"CAREERBOT_SECRET_KEY=[0-9a-f]{64}", lines[1])
    again = run(tmp_path, "-m", "careerbot", "demo", "--list")
    assert again.returncode == 0 and "Wrote" not in again.stdout
    assert dotenv.read_text(encoding="utf-8").splitlines() == lines
    read = run(tmp_path, "-c", "from careerbot.settings import Settings; "
                                "print(Settings().secret_key)")
    assert read.stdout.strip() == lines[1].split("=", 1)[1]


def test_a_new_dotenv_is_readable_by_its_owner_only(tmp_path: Path) -> None:
    done = run(tmp_path, "-m", "careerbot", "demo", "--list")
    assert done.returncode == 0, done.stderr
    mode = stat.S_IMODE((tmp_path / ".env").stat().st_mode)
    assert mode == 0o600
