"""Career tracks from YAML: one track per file, or several under a top-level `tracks:` list.

Works on yaml's node tree rather than plain dicts so every problem names its line."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import NoReturn

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from bot.model import Competency, Level, Track
from bot.text import clean
from bot.tracks.rules import find_level, slugify, validate
from storage.import_problems import Problems
from storage.records import ImportFailed
from storage.trackfiles.bullets import split_bullets

_TRACK_KEYS = ("track", "id", "description", "levels", "competencies")
_LEVEL_KEYS = ("id", "title", "after")
_COMPETENCY_KEYS = ("id", "name", "description", "expectations")
_TAG = "tag:yaml.org,2002:"

Fields = dict[str, tuple[Node, Node]]


def parse_tracks(text: str, source: str) -> list[Track]:
    """Every track in `text`, checked; ImportFailed(source, problem, line) on the first problem.

    Levels are listed lowest first; each follows the one listed before it unless `after:`
    names another (left empty, `after:` starts a separate path). Ids default to the slug of
    the name. Expectations map a level id (or title) to text or a list of bullets."""
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        problem = exc.problem or exc.context or "unreadable"
        raise ImportFailed(source, f"not valid YAML: {problem}",
                           mark.line + 1 if mark else None) from None
    except yaml.YAMLError as exc:
        raise ImportFailed(source, f"not valid YAML: {exc}") from None
    except RecursionError:  # yaml's composer recurses once per nesting level
        raise ImportFailed(source, "the YAML is nested far too deeply to be a track") from None
    if root is None:
        raise ImportFailed(source, "the file is empty; expected `track:` and `levels:`")
    _clean_scalars(root)
    reader = _Reader(source)
    tracks = reader.tracks(root)
    reader.problems.check()  # every track's and competency's problems at once (up to 50)
    return tracks


def _clean_scalars(root: Node) -> None:
    """Control characters out of every value, those written as YAML escapes ("\\e") too."""
    seen: set[int] = set()
    pending = [root]
    while pending:
        node = pending.pop()
        if id(node) in seen:  # an alias points at a node already cleaned
            continue
        seen.add(id(node))
        if isinstance(node, ScalarNode):
            node.value = clean(node.value)
        elif isinstance(node, SequenceNode):
            pending.extend(node.value)
        elif isinstance(node, MappingNode):
            pending.extend(part for pair in node.value for part in pair)


def _line(node: Node) -> int:
    return int(node.start_mark.line) + 1


def _kind(node: Node) -> str:
    if isinstance(node, MappingNode):
        return "a set of `key: value` lines"
    if isinstance(node, SequenceNode):
        return "a list"
    names = {"null": "nothing", "bool": "true/false", "int": "a number", "float": "a number",
             "timestamp": "a date", "str": "text"}
    return names.get(str(node.tag).removeprefix(_TAG), f"a value tagged {node.tag}")


def _is(node: Node, *tags: str) -> bool:
    return isinstance(node, ScalarNode) and node.tag in {_TAG + t for t in tags}


class _SkipTrack(Exception):
    """A track whose competencies had problems (already collected): read the next one."""


@dataclass(frozen=True)
class _Reader:
    source: str
    problems: Problems = field(default_factory=Problems)

    def fail(self, node: Node, message: str) -> NoReturn:
        raise ImportFailed(self.source, message, _line(node))

    def tracks(self, root: Node) -> list[Track]:
        if isinstance(root, MappingNode) and any(k.value == "tracks" for k, _ in root.value):
            items = self.mapping(root, "the file", ("tracks",))["tracks"][1]
            if not isinstance(items, SequenceNode) or not items.value:
                self.fail(items, "`tracks` should be a list of tracks, each with `track:`")
            nodes = list(items.value)
        elif isinstance(root, MappingNode):
            nodes = [root]
        else:
            self.fail(root, "the file should start with `track:` (one track) or `tracks:` "
                            f"(a list of tracks), not {_kind(root)}")
        result: list[Track] = []
        first_line: dict[str, int] = {}
        for node in nodes:
            try:
                with self.problems.collecting():
                    track = self.track(node)
                    if track.id in first_line:
                        self.fail(node, f"track id '{track.id}' is used twice "
                                        f"(first on line {first_line[track.id]})")
                    first_line[track.id] = _line(node)
                    result.append(track)
            except _SkipTrack:
                continue
        return result

    def track(self, node: Node) -> Track:
        fields = self.mapping(node, "a track", _TRACK_KEYS)
        if "track" not in fields:
            self.fail(node, "missing `track:` (the track's display name)")
        name = self.text(fields["track"][1], "`track`", required=True)
        if "levels" not in fields:
            self.fail(node, f"track '{name}' has no `levels:` (list them lowest first)")
        levels, level_lines = self.levels(fields["levels"][1])
        track = Track(self.ident(fields, name, "track"), name,
                      self.optional_text(fields, "description"), levels)
        if "competencies" in fields:
            comps = self.competencies(fields["competencies"][1], track)
            track = Track(track.id, track.name, track.description, levels, comps)
        problems = validate(track)
        if problems:
            # A safety net (cycles, mostly): point at the first level the problem names.
            named = [lid for lid in level_lines if re.search(rf"(?<![\w-]){re.escape(lid)}"
                                                            rf"(?![\w-])", problems[0])]
            line = level_lines[named[0]] if named else _line(fields["levels"][0])
            raise ImportFailed(self.source, f"track '{name}': {problems[0]}", line)
        return track

    def levels(self, node: Node) -> tuple[tuple[Level, ...], dict[str, int]]:
        if not isinstance(node, SequenceNode):
            self.fail(node, f"`levels` should be a list (lowest first), not {_kind(node)}")
        if not node.value:
            self.fail(node, "`levels` is empty; list at least one level")
        levels: list[Level] = []
        lines: dict[str, int] = {}
        after_nodes: dict[str, Node] = {}
        for item in node.value:
            fields = self.mapping(item, "a level", _LEVEL_KEYS)
            if "id" not in fields:
                self.fail(item, "this level has no `id`")
            level_id = self.ident_value(fields["id"][1], "a level `id`")
            if "title" not in fields:
                self.fail(item, f"level '{level_id}' has no `title`")
            title = self.text(fields["title"][1], f"the title of level '{level_id}'", True)
            if level_id in lines:
                self.fail(fields["id"][1], f"level id '{level_id}' is used twice "
                                           f"(first on line {lines[level_id]})")
            after = levels[-1].id if levels else None
            if "after" in fields:
                after_nodes[level_id] = fields["after"][1]
                after = None if _is(fields["after"][1], "null") else \
                    self.ident_value(fields["after"][1], "`after`")
            lines[level_id] = _line(item)
            levels.append(Level(level_id, title, after))
        for level in levels:
            if level.after is not None and level.after not in lines:
                self.fail(after_nodes[level.id],
                          f"level '{level.id}' comes after '{level.after}', which is not a "
                          f"level of this track (levels: {', '.join(lines)})")
        return tuple(levels), lines

    def competencies(self, node: Node, track: Track) -> tuple[Competency, ...]:
        if _is(node, "null"):
            return ()
        if not isinstance(node, SequenceNode):
            self.fail(node, f"`competencies` should be a list, not {_kind(node)}")
        result: list[Competency] = []
        lines: dict[str, int] = {}
        for item in node.value:
            with self.problems.collecting():
                result.append(self.competency(item, track, lines))
        if len(result) < len(node.value):  # its problems are collected; skip this track
            raise _SkipTrack
        return tuple(result)

    def competency(self, item: Node, track: Track, lines: dict[str, int]) -> Competency:
        fields = self.mapping(item, "a competency", _COMPETENCY_KEYS)
        if "name" not in fields:
            self.fail(item, "this competency has no `name`")
        name = self.text(fields["name"][1], "a competency `name`", required=True)
        comp_id = self.ident(fields, name, "competency")
        if comp_id in lines:
            self.fail(item, f"competency id '{comp_id}' ('{name}') is used twice (first on "
                            f"line {lines[comp_id]}); give one of them its own `id:`")
        lines[comp_id] = _line(item)
        expectations = self.expectations(fields["expectations"][1], track, name) \
            if "expectations" in fields else {}
        return Competency(comp_id, name, self.optional_text(fields, "description"),
                          expectations)

    def expectations(self, node: Node, track: Track, comp: str) -> dict[str, tuple[str, ...]]:
        if _is(node, "null"):
            return {}
        result: dict[str, tuple[str, ...]] = {}
        for key, value in self.mapping(node, f"the expectations of '{comp}'", None).values():
            wanted = self.ident_value(key, "a level id")
            level = track.level(wanted) or find_level(track, wanted)  # ids win over titles
            if level is None:
                self.fail(key, f"'{comp}' has an expectation for unknown level '{wanted}' "
                               f"(levels: {', '.join(lv.id for lv in track.levels)})")
            if level.id in result:
                self.fail(key, f"'{comp}' has two expectations for level '{level.id}'")
            bullets = self.bullets(value, f"the expectation of '{comp}' at '{level.id}'")
            if bullets:  # an empty cell means "no new expectation at this level"
                result[level.id] = bullets
        return result

    def bullets(self, node: Node, what: str) -> tuple[str, ...]:
        if isinstance(node, SequenceNode):
            items = (self.text(item, f"a bullet of {what}") for item in node.value)
            return tuple(item for item in items if item)
        return split_bullets(self.text(node, what))

    def mapping(self, node: Node, what: str, allowed: tuple[str, ...] | None) -> Fields:
        if not isinstance(node, MappingNode):
            self.fail(node, f"{what} should be a set of `key: value` lines, not {_kind(node)}")
        fields: Fields = {}
        for key, value in node.value:
            if not isinstance(key, ScalarNode):
                self.fail(key, f"a key in {what} should be a plain word, not {_kind(key)}")
            name = str(key.value)
            if name in fields:
                self.fail(key, f"`{name}` appears twice in {what}")
            if allowed is not None and name not in allowed:
                self.fail(key, f"unknown key `{name}` in {what} "
                               f"(expected: {', '.join(allowed)})")
            fields[name] = (key, value)
        return fields

    def text(self, node: Node, what: str, required: bool = False) -> str:
        if _is(node, "null"):
            value = ""
        elif _is(node, "str"):
            value = str(node.value).strip()
        else:
            self.fail(node, f"{what} should be text, not {_kind(node)}; put it in quotes "
                            "if you mean it as text")
        if required and not value:
            self.fail(node, f"{what} is empty")
        return value

    def optional_text(self, fields: Fields, key: str) -> str:
        return self.text(fields[key][1], f"`{key}`") if key in fields else ""

    def ident_value(self, node: Node, what: str) -> str:
        # Ids are names, not quantities, so `id: 3` is read as the text "3".
        if _is(node, "str") and not str(node.value).strip():
            self.fail(node, f"{what} is empty")
        if not _is(node, "str", "int"):
            self.fail(node, f"{what} should be a short word such as `senior`, not {_kind(node)}")
        return str(node.value).strip()

    def ident(self, fields: Fields, name: str, what: str) -> str:
        if "id" in fields:
            return self.ident_value(fields["id"][1], f"the {what} `id`")
        slug = slugify(name)
        if not slug:
            self.fail(fields["name" if what == "competency" else "track"][1],
                      f"the {what} name '{name}' gives an empty id; add an `id:`")
        return slug
