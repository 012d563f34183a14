"""`python -m bench.before CHECKOUT [ROUNDS]`: "what's next" of an older commit against this tree,
in the same run, so the machine's load weighs on both alike (issue 9: at least 3x cheaper than
before the unit of work).

CHECKOUT is a work tree of the older commit (`git worktree add /tmp/before 7836e75`; nothing is
committed there). Each round runs bench/cases.py's what's next case (200 answers from a seeded
SQLite file, best of 5) once in a subprocess importing the old tree, once importing this one,
alternating; the ratio is the old time over the new, per round and over the best times."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parents[1]
TARGET = 3.0

# Run inside each tree: seed a database with that tree's own schema and importer, time it.
PROBE = """
import tempfile
from pathlib import Path
from bench import cases
from bench.measure import best_time
path = cases.seeded_database(Path(tempfile.mkdtemp()))
print("MS", best_time(lambda: cases.whats_next(path), 5) * 1000)
"""


def time_in(tree: Path) -> float:
    """Milliseconds for 200 answers (best of 5) by the code in `tree`."""
    env = {**os.environ, "PYTHONPATH": str(tree), "PYTHONWARNINGS": "ignore"}
    done = subprocess.run([sys.executable, "-c", PROBE], cwd=tree, env=env, text=True,
                          capture_output=True, timeout=900, check=False)
    found = re.search(r"^MS ([0-9.]+)$", done.stdout, re.M)
    if done.returncode != 0 or found is None:
        raise SystemExit(f"{tree}: the case failed: {done.stderr.strip()[-500:]}")
    return float(found.group(1))


def main(argv: list[str]) -> int:
    if not argv or not Path(argv[0]).is_dir():
        print(__doc__)
        return 2
    old = Path(argv[0]).resolve()
    rounds = int(argv[1]) if len(argv) > 1 else 3
    olds: list[float] = []
    news: list[float] = []
    for n in range(1, rounds + 1):
        olds.append(time_in(old))
        news.append(time_in(HERE))
        print(f"round {n}: before {olds[-1]:8.1f} ms  now {news[-1]:8.1f} ms  "
              f"x{olds[-1] / news[-1]:.1f} cheaper", flush=True)
    ratios = [o / n for o, n in zip(olds, news, strict=True)]
    best = min(olds) / min(news)
    verdict = "ok" if min(ratios) >= TARGET else "UNDER TARGET"
    print(f"what's next x200: before {min(olds):.1f}-{max(olds):.1f} ms, now "
          f"{min(news):.1f}-{max(news):.1f} ms; x{min(ratios):.1f}-x{max(ratios):.1f} cheaper "
          f"per round, x{best:.1f} best against best (target >= {TARGET}) {verdict}")
    return 0 if verdict == "ok" else 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
