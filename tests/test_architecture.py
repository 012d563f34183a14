"""The dependency rule, enforced: bot/ imports no platform SDK, ORM, scheduler, web library or
outer package; botbuilder stays in adapters/teams/; storage, adapters and scheduler meet only
through bot/. Imports are read with `ast` (absolute, `from x import`, relative, nested)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("bot", "adapters", "storage", "scheduler", "careerbot")

BOT_FORBIDDEN = frozenset({
    "slack_bolt", "slack_sdk", "botbuilder", "botframework", "sqlmodel", "sqlalchemy",
    "apscheduler", "aiohttp", "adapters", "storage", "scheduler", "careerbot",
})
TEAMS_SDK = frozenset({"botbuilder", "botframework"})
# Outer packages meet only through bot/; the composition root (careerbot/) wires them together.
SIBLINGS_FORBIDDEN = {
    "storage": frozenset({"adapters", "scheduler"}),
    "adapters": frozenset({"storage", "scheduler"}),
    "scheduler": frozenset({"storage", "adapters"}),
}


@dataclass(frozen=True)
class Import:
    path: Path
    line: int
    module: str  # absolute dotted name

    @property
    def top(self) -> str:
        return self.module.split(".")[0]


def module_name(path: Path, root: Path) -> str:
    parts = list(path.relative_to(root).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _resolve(node: ast.ImportFrom, path: Path, root: Path) -> str:
    """`from ..x import y` inside a.b.c -> a.x (relative imports made absolute)."""
    if node.level == 0:
        return node.module or ""
    package = module_name(path, root).split(".")
    if path.name != "__init__.py":
        package = package[:-1]
    base = package[: len(package) - (node.level - 1)] if node.level > 1 else package
    return ".".join([*base, node.module] if node.module else base)


def imports_of(path: Path, root: Path) -> Iterator[Import]:
    """Every module a file imports, anywhere in it (inside functions and TYPE_CHECKING too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield Import(path, node.lineno, alias.name)
        elif isinstance(node, ast.ImportFrom):
            module = _resolve(node, path, root)
            yield Import(path, node.lineno, module)
            if not node.module:  # `from . import x` / `from .. import storage`
                for alias in node.names:
                    yield Import(path, node.lineno, f"{module}.{alias.name}".lstrip("."))


def python_files(root: Path, package: str) -> list[Path]:
    return sorted((root / package).rglob("*.py")) if (root / package).is_dir() else []


def violations(root: Path) -> list[str]:
    """Every broken dependency rule under `root`, as `path:line: rule` lines."""
    found: list[str] = []

    def report(imp: Import, rule: str) -> None:
        found.append(f"{imp.path.relative_to(root)}:{imp.line}: imports {imp.module}: {rule}")

    for package in PACKAGES:
        for path in python_files(root, package):
            inside_teams = path.is_relative_to(root / "adapters" / "teams")
            for imp in imports_of(path, root):
                if package == "bot" and imp.top in BOT_FORBIDDEN:
                    report(imp, "bot/ must stay free of platform, storage and outer packages")
                if imp.top in TEAMS_SDK and not inside_teams:
                    report(imp, "the Teams SDK is imported only under adapters/teams/")
                if imp.top in SIBLINGS_FORBIDDEN.get(package, frozenset()):
                    report(imp, f"{package}/ reaches other packages only through bot/")
    return found


def test_the_codebase_follows_the_dependency_rule() -> None:
    assert violations(ROOT) == []


def test_the_core_is_actually_checked() -> None:
    # Guards against a silently empty scan (a moved folder would make the rule vacuous).
    assert len(python_files(ROOT, "bot")) >= 5
    assert any(imp.top == "bot" for p in python_files(ROOT, "bot") for imp in imports_of(p, ROOT))


def _write(root: Path, relative: str, source: str) -> None:
    path = root / relative
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(source, encoding="utf-8")


@pytest.mark.parametrize(("relative", "source", "expected"), [
    ("bot/flows/bad.py", "import sqlalchemy.orm\n", "bot/flows/bad.py:1: imports sqlalchemy.orm"),
    ("bot/bad.py", "from slack_sdk import WebClient\n", "imports slack_sdk"),
    ("bot/flows/bad.py", "from ...storage.repository import X\n", "imports storage.repository"),
    ("bot/flows/bad.py", "from ... import adapters\n", "imports adapters"),
    ("bot/bad.py", "def f():\n    import aiohttp\n", "bot/bad.py:2: imports aiohttp"),
    ("bot/bad.py", "from careerbot.settings import Settings\n", "imports careerbot.settings"),
    ("adapters/slack/bad.py", "import botbuilder.core\n", "only under adapters/teams/"),
    ("careerbot/bad.py", "from botframework.connector import X\n", "only under adapters/teams/"),
    ("adapters/console/bad.py", "from storage.database import Database\n", "through bot/"),
    ("storage/bad.py", "from ..adapters.console import render\n", "imports adapters.console"),
    ("scheduler/bad.py", "import storage\n", "scheduler/ reaches other packages only"),
])
def test_the_checker_catches_a_violation(tmp_path: Path, relative: str, source: str,
                                         expected: str) -> None:
    _write(tmp_path, "bot/__init__.py", "")
    _write(tmp_path, "bot/flows/__init__.py", "")
    _write(tmp_path, relative, source)
    found = violations(tmp_path)
    assert len(found) == 1 and expected in found[0], found


def test_the_checker_allows_what_the_rule_allows(tmp_path: Path) -> None:
    _write(tmp_path, "bot/flows/ok.py", "from ..reply import Reply\nfrom bot.model import Track\n")
    _write(tmp_path, "adapters/teams/ok.py", "from botbuilder.core import TurnContext\n")
    _write(tmp_path, "adapters/console/ok.py", "from bot.conversation import handle\n")
    _write(tmp_path, "storage/ok.py", "import sqlalchemy\nfrom bot.ports import Repository\n")
    _write(tmp_path, "careerbot/ok.py", "import storage\nimport adapters.slack\nimport scheduler\n")
    assert violations(tmp_path) == []
