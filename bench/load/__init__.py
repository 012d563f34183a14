"""Load benchmarks of `careerbot serve` (issue 10): simulated Slack users against a real server
process and a fake Slack Web API, with figures judged against the issue's targets.

For bench/__main__.py (each starts and stops everything it needs, and returns a dataclass with
`ok`, `checks`/`line()` and `summary()`):

- `reply_ratio(concurrency)`: signed `/career next` p99 until the answer is visible, careerbot
  over a bare Bolt app answering a static reply (target <= x2, at concurrency 1 and 50).
- `mixed(db, clients=200, seconds=60)`: people waiting for their answers, thinking 0.2-1 s.
- `burst(db, clients=200, seconds=60)`: clients sending as fast as acknowledgements return.
- `rss(db, requests=20_000)`: RSS after 10,000 and 20,000 mixed requests (target <= x1.1).

`db` is "sqlite", "postgresql" (a throwaway cluster) or a database URL. Tests use
`run_load(LoadConfig(...))` directly. `python -m bench.load --help` runs one case."""

from bench.load.report import Check, LoadResult, Percentiles, RatioResult
from bench.load.run import (
    LoadConfig,
    burst,
    mixed,
    reply_ratio,
    reply_ratio_async,
    rss,
    run_load,
)

__all__ = ["Check", "LoadConfig", "LoadResult", "Percentiles", "RatioResult", "burst", "mixed",
           "reply_ratio", "reply_ratio_async", "rss", "run_load"]
