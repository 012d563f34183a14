"""The dependency rule and the feature-slice layout, enforced (imports read with `ast`:
absolute, `from x import`, relative, nested). Rules: bot/ imports no platform SDK, ORM,
scheduler, web library or outer package; botbuilder stays in adapters/teams/; storage, adapters
and scheduler meet only through bot/. Every bot/<feature>/ package has a chat.py; rules*.py
import only the standard library, other rules and bot.model; chat code is imported only by
bot/conversation.py (or the command registry), never by services, the scheduler or another
feature's chat code; platform adapters never import a sibling platform."""

from __future__ import annotations

import ast
import sys
from collections.abc import Callable, Iterator
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


def _say(imp: Import, root: Path, rule: str) -> str:
    return f"{imp.path.relative_to(root)}:{imp.line}: imports {imp.module}: {rule}"


def violations(root: Path) -> list[str]:
    """Every broken dependency rule under `root`, as `path:line: rule` lines."""
    found: list[str] = []

    def report(imp: Import, rule: str) -> None:
        found.append(_say(imp, root, rule))

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


# Feature slices: bot/<feature>/ = rules (pure), service, messages, chat (see ARCHITECTURE.md).
FEATURES = ("tracks", "readiness", "plans", "checkins", "rollouts", "pulses", "stats", "help")
CHAT_ROUTERS = frozenset({"bot.conversation", "bot.commands", "bot.registry"})
# Plain domain modules that rules may import too.
RULES_SHARED = frozenset({"bot.model", "bot.hours", "bot.names"})


def is_module(root: Path, dotted: str) -> bool:
    path = root.joinpath(*dotted.split("."))
    return path.with_name(path.name + ".py").is_file() or (path / "__init__.py").is_file()


def targets(path: Path, root: Path) -> Iterator[Import]:
    """Like `imports_of`, but `from p import m` names the submodule p.m when m is one on disk."""
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            yield from (Import(path, node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = _resolve(node, path, root)
            names = [f"{base}.{alias.name}".lstrip(".") for alias in node.names]
            submodules = [name for name in names if is_module(root, name)]
            yield from (Import(path, node.lineno, name) for name in submodules)
            if len(submodules) < len(names):
                yield Import(path, node.lineno, base)


def packages_in(directory: Path) -> set[str]:
    """Sub-packages (directories with an __init__.py): bot/ features, adapters/ platforms."""
    found = directory.iterdir() if directory.is_dir() else iter(())
    return {d.name for d in found if (d / "__init__.py").is_file()}


def is_chat(module: str) -> bool:  # bot.<feature>.chat or bot.<feature>.chat_*
    parts = module.split(".")
    return len(parts) >= 3 and parts[0] == "bot" and parts[2].split("_")[0] == "chat"


def layout_problems(root: Path) -> list[str]:
    """Each expected or found feature has __init__.py and chat.py; no bot/<f>.py shadowed."""
    problems = []
    for name in sorted(set(FEATURES) | packages_in(root / "bot")):
        package = root / "bot" / name
        problems += [f"bot/{name}/{file} is missing" for file in ("__init__.py", "chat.py")
                     if not (package / file).is_file()]
        if package.is_dir() and package.with_suffix(".py").is_file():
            problems.append(f"bot/{name}.py is shadowed by the package bot/{name}/")
    return problems


def rules_may_import(module: str) -> bool:
    parts = module.split(".")
    return (parts[0] in sys.stdlib_module_names or ".".join(parts[:2]) in RULES_SHARED
            or (parts[0] == "bot" and parts[-1].startswith("rules")))


def impure_rules(root: Path) -> list[str]:
    """rules*.py under bot/ import only the standard library, other rules and bot.model."""
    return [_say(imp, root, "rules import only the standard library, other rules and bot.model")
            for path in python_files(root, "bot") if path.stem.startswith("rules")
            for imp in targets(path, root) if not rules_may_import(imp.module)]


def chat_crossings(root: Path) -> list[str]:
    """Chat modules are imported only by bot/conversation.py (or the command registry) and by
    their own feature's chat code. The scheduler has its own, stricter check."""
    found = []
    for path in (p for package in PACKAGES if package != "scheduler"
                 for p in python_files(root, package)):
        inside, importer = path.relative_to(root).parts, module_name(path, root)
        feature = inside[1] if len(inside) >= 3 and inside[0] == "bot" else None
        for imp in (i for i in targets(path, root) if is_chat(i.module)):
            if is_chat(importer) and imp.module.split(".")[1] != feature:
                found.append(_say(imp, root, "chat code calls other features' services only"))
            elif not is_chat(importer) and importer not in CHAT_ROUTERS:
                found.append(_say(imp, root, "services, messages and rules never import chat"
                                  if feature else "only bot/conversation.py routes to chat"))
    return found


def adapter_crossings(root: Path) -> list[str]:
    """adapters/<platform>/ imports itself and shared adapters/*.py, never a sibling platform."""
    platforms = packages_in(root / "adapters")
    return [_say(imp, root, f"adapters/{platform}/ never imports another platform")
            for platform in sorted(platforms)
            for path in python_files(root, f"adapters/{platform}") for imp in targets(path, root)
            if (parts := imp.module.split("."))[0] == "adapters" and len(parts) > 1
            and parts[1] in platforms - {platform}]


def scheduler_chat(root: Path) -> list[str]:
    """The scheduler calls services: no chat module, no bot.conversation."""
    return [_say(imp, root, "the scheduler calls services, never chat code")
            for path in python_files(root, "scheduler") for imp in targets(path, root)
            if is_chat(imp.module) or imp.module.split(".")[:2] == ["bot", "conversation"]]


IMPORT_RULES = (impure_rules, chat_crossings, adapter_crossings, scheduler_chat)


def test_every_feature_is_a_package_with_chat() -> None:
    assert layout_problems(ROOT) == []


@pytest.mark.parametrize("check", IMPORT_RULES, ids=lambda check: check.__name__)
def test_the_feature_slices_keep_their_boundaries(check: Callable[[Path], list[str]]) -> None:
    assert check(ROOT) == []


def _slices(root: Path) -> None:
    """A minimal tree that follows every rule: two features, a model, two platforms."""
    for relative in ("bot/__init__.py", "bot/model.py", "bot/conversation.py",
                     "adapters/__init__.py", "adapters/charts.py", "adapters/slack/__init__.py",
                     "adapters/teams/__init__.py", "scheduler/__init__.py"):
        _write(root, relative, "")
    for feature in ("tracks", "plans"):
        for module in ("__init__", "rules", "service", "messages", "chat", "chat_forms"):
            _write(root, f"bot/{feature}/{module}.py", "")


@pytest.mark.parametrize(("check", "relative", "source", "expected"), [
    (impure_rules, "bot/plans/rules.py", "import sqlalchemy\n", "rules import only"),
    (impure_rules, "bot/plans/rules_dates.py", "from bot.tracks import service\n", "service"),
    (impure_rules, "bot/plans/rules.py", "from ..conversation import X\n", "1: imports bot.conv"),
    (chat_crossings, "bot/plans/chat.py", "from ..tracks import chat\n", "services only"),
    (chat_crossings, "bot/plans/chat_forms.py", "import bot.tracks.chat_forms\n", "services"),
    (chat_crossings, "bot/plans/service.py", "from bot.plans.chat import X\n", "never import"),
    (chat_crossings, "bot/intents.py", "from bot.plans import chat\n", "only bot/conversation"),
    (chat_crossings, "careerbot/cli.py", "from bot.plans.chat import X\n", "routes to chat"),
    (adapter_crossings, "adapters/teams/bad.py", "from adapters.slack import X\n", "teams/ never"),
    (adapter_crossings, "adapters/slack/bad.py", "from .. import teams\n", "adapters.teams"),
    (scheduler_chat, "scheduler/jobs.py", "from bot.tracks.chat import X\n", "never chat"),
    (scheduler_chat, "scheduler/jobs.py", "from bot import conversation\n", "bot.conversation"),
])
def test_each_slice_rule_catches_a_violation(tmp_path: Path, check: Callable[[Path], list[str]],
                                            relative: str, source: str, expected: str) -> None:
    _slices(tmp_path)
    _write(tmp_path, relative, source)
    found = check(tmp_path)
    assert len(found) == 1 and expected in found[0], found


def test_the_slice_rules_allow_what_they_allow(tmp_path: Path) -> None:
    _slices(tmp_path)
    _write(tmp_path, "bot/plans/rules.py", "from __future__ import annotations\nimport re\n"
           "from bot.model import T\nfrom ..tracks import rules\nfrom bot.tracks.rules import f\n")
    _write(tmp_path, "bot/plans/chat.py", "from ..tracks import service, messages\n"
           "from . import chat_forms\nfrom bot.tracks.rules import f\n")
    _write(tmp_path, "bot/conversation.py", "from bot.plans import chat\nimport bot.tracks.chat\n")
    _write(tmp_path, "adapters/slack/app.py", "from adapters.charts import png\n"
           "from adapters.slack import render\nfrom bot.conversation import handle\n")
    _write(tmp_path, "scheduler/jobs.py", "from bot.plans import service\nimport bot.model\n")
    for check in IMPORT_RULES:
        assert check(tmp_path) == [], check.__name__


def test_the_layout_check_reports_missing_and_leftover_modules(tmp_path: Path) -> None:
    for feature in FEATURES:
        _write(tmp_path, f"bot/{feature}/__init__.py", "")
        _write(tmp_path, f"bot/{feature}/chat.py", "")
    assert layout_problems(tmp_path) == []
    (tmp_path / "bot/help/chat.py").unlink()
    (tmp_path / "bot/stats/__init__.py").unlink()
    _write(tmp_path, "bot/flows/__init__.py", "")
    _write(tmp_path, "bot/tracks.py", "")
    assert layout_problems(tmp_path) == [
        "bot/flows/chat.py is missing", "bot/help/chat.py is missing",
        "bot/stats/__init__.py is missing", "bot/tracks.py is shadowed by the package bot/tracks/"]
