"""`make bench`: run every case against its baseline, print ratios, exit 1 if a target is missed.

Targets are ratios, not seconds, so they hold on any machine; they were set from runs on the
2-core CI machine with headroom for noise."""

from __future__ import annotations

import sys
import tempfile
from pathlib import Path

from bench import cases
from bench.measure import Result, best_time, peak_memory


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="careerbot-bench-") as tmp:
        folder = Path(tmp)
        db_path = cases.seeded_database(folder)
        csv_path = cases.people_file(folder)
        results = [
            Result(
                f"what's next x{cases.QUESTIONS} (SQLite)",
                best_time(lambda: cases.whats_next(db_path), 3),
                best_time(lambda: cases.whats_next_baseline(db_path), 3),
                peak_memory(lambda: cases.whats_next(db_path)),
                peak_memory(lambda: cases.whats_next_baseline(db_path)),
                time_target=TARGETS["whats_next_time"], memory_target=None,
            ),
            Result(
                f"import {cases.PEOPLE} people (SQLite)",
                best_time(cases.import_run(folder, csv_path), 2),
                best_time(cases.import_baseline(folder, csv_path), 2),
                peak_memory(cases.import_run(folder, csv_path)),
                peak_memory(cases.import_baseline(folder, csv_path)),
                time_target=TARGETS["import_time"], memory_target=TARGETS["import_memory"],
            ),
        ]
    for result in results:
        print(result.line())
    return 0 if all(r.ok for r in results) else 1


# Runs on the same 2-core VM measured x190-x345 (what's next) and x38-x70 (import): careerbot
# goes through the async driver's thread hops, which vary with the machine; the in-process
# sqlite3 baseline has none. The targets sit above that spread, so a miss is a regression.
TARGETS = {"whats_next_time": 600.0, "import_time": 120.0, "import_memory": 16.0}

if __name__ == "__main__":
    sys.exit(main())
