"""`make bench`: run every case against its baseline, print ratios, write bench/RESULTS.md, exit 1
if a target is missed. `python -m bench NAME...` runs only the cases named (see CASES).

Targets are ratios, not seconds, so they hold on any machine; each case's module says what its
baseline does. The load cases start `careerbot serve` and take minutes."""

from __future__ import annotations

import os
import platform
import sys
import tempfile
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Protocol

from bench import case_fanout, case_import, case_pulse_results, cases, load
from bench.measure import Result, best_time, peak_memory


class Outcome(Protocol):
    @property
    def ok(self) -> bool: ...

    def line(self) -> str: ...


Case = Callable[[Path], list[Outcome]]

# Runs on the same 2-core VM measured x165-x576 for "what's next" before issue 9 (7836e75) and
# x98-x218 after its unit of work; with the hot path's statements prebuilt, QUICK (no thread
# trip on SQLite) and read as plain rows, x12-x50 (the spread being the machine's load, which
# inflates the in-process baseline most). The target is a third of the old spread's low end:
# at least 3x cheaper than before. `python -m bench.before CHECKOUT` compares the two trees
# directly, in one run.
WHATS_NEXT_TARGET = 60.0


def whats_next(folder: Path) -> list[Outcome]:
    db_path = cases.seeded_database(folder)
    return [Result(
        f"what's next x{cases.QUESTIONS} (SQLite)",
        best_time(lambda: cases.whats_next(db_path), 5),
        # The baseline takes milliseconds, so a stray scheduler hiccup would move the ratio a
        # lot: it gets more tries.
        best_time(lambda: cases.whats_next_baseline(db_path), 15),
        peak_memory(lambda: cases.whats_next(db_path)),
        peak_memory(lambda: cases.whats_next_baseline(db_path)),
        time_target=WHATS_NEXT_TARGET, memory_target=None)]


def imports(folder: Path) -> list[Outcome]:
    return [case_import.import_case(folder, 3_000), case_import.import_case(folder, 50_000)]


def pulses(folder: Path) -> list[Outcome]:
    return [case_pulse_results.results_case(folder), case_pulse_results.answering_case(folder),
            case_pulse_results.closing_case(folder)]


def fanout(folder: Path) -> list[Outcome]:
    return [case_fanout.slack_fanout(folder), case_fanout.teams_fanout(folder)]


def serve_latency(folder: Path) -> list[Outcome]:
    return [load.reply_ratio(1), load.reply_ratio(50)]


def serve_load(folder: Path) -> list[Outcome]:
    return [load.mixed("sqlite"), load.mixed("postgresql"), load.burst("sqlite")]


def serve_memory(folder: Path) -> list[Outcome]:
    return [load.rss("sqlite")]


CASES: dict[str, Case] = {
    "whats-next": whats_next, "imports": imports, "pulses": pulses, "fanout": fanout,
    "serve-latency": serve_latency, "serve-load": serve_load, "serve-memory": serve_memory,
}


def main(names: list[str]) -> int:
    unknown = [n for n in names if n not in CASES]
    if unknown:
        print(f"unknown case(s) {', '.join(unknown)}; cases: {', '.join(CASES)}")
        return 2
    outcomes: list[Outcome] = []
    for name in names or list(CASES):
        with tempfile.TemporaryDirectory(prefix=f"careerbot-bench-{name}-") as tmp:
            for outcome in CASES[name](Path(tmp)):
                print(outcome.line(), flush=True)
                outcomes.append(outcome)
    RESULTS.write_text(results_markdown(outcomes), encoding="utf-8")
    print(f"wrote {RESULTS}")
    return 0 if all(o.ok for o in outcomes) else 1


RESULTS = Path(__file__).resolve().parent / "RESULTS.md"


def results_markdown(outcomes: list[Outcome]) -> str:
    """The latest run, one line per case (ratio first, then the absolute figures), with the
    machine it ran on."""
    machine = (f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
               f"Python {platform.python_version()}")
    rows = [f"| {'ok' if o.ok else 'MISSED'} | `{' '.join(o.line().split())}` |"
            for o in outcomes]
    return "\n".join([
        "# Benchmark results (latest `make bench`)", "",
        f"Run {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine}. Ratios are against a "
        "baseline measured in the same run (each case's module in bench/ says what its "
        "baseline does).", "",
        "| | Case: ratio (target), then absolute figures |", "| --- | --- |", *rows, ""])


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
