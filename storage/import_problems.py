"""Every problem of an import in one run (up to LIMIT), instead of one per run: readers and
checks add what they find to a Problems collector and carry on; `check()` raises them all."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from storage.records import ImportFailed

LIMIT = 50


class ImportProblems(ImportFailed):
    """Several problems of one import, each naming its file and line, row or column."""

    def __init__(self, problems: list[ImportFailed], more: int = 0) -> None:
        self.problems, self.more = problems, more
        super().__init__(problems[0].source, problems[0].problem, problems[0].line)
        count = len(problems) + more
        lines = [f"{count} problems, nothing was imported:"]
        lines += [f"  {problem}" for problem in problems]
        if more:
            lines.append(f"  ... and {more} more (the first {len(problems)} are shown)")
        self.args = ("\n".join(lines),)

    def __str__(self) -> str:
        return str(self.args[0])


class Problems:
    """Collects ImportFailed problems, the first LIMIT kept and the rest counted."""

    def __init__(self) -> None:
        self.found: list[ImportFailed] = []
        self.more = 0

    def add(self, problem: ImportFailed) -> None:
        if isinstance(problem, ImportProblems):
            for each in problem.problems:
                self.add(each)
            self.more += problem.more
        elif len(self.found) < LIMIT:
            self.found.append(problem)
        else:
            self.more += 1

    @contextmanager
    def collecting(self) -> Iterator[None]:
        """Runs the block; an ImportFailed it raises is kept and the caller goes on."""
        try:
            yield
        except ImportFailed as problem:
            self.add(problem)

    def __bool__(self) -> bool:
        return bool(self.found)

    def check(self) -> None:
        """Raises what was found: the problem itself when there is one, else all of them."""
        if len(self.found) == 1 and not self.more:
            raise self.found[0]
        if self.found:
            raise ImportProblems(self.found, self.more)
