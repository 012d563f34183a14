"""Issue 10's load case, CI-sized: 50 people for 10 s against a real `careerbot serve` process
(HTTP Slack mode, the fake Slack of bench/load), each waiting for their answer and thinking
0.2-1 s, on SQLite and on PostgreSQL. Correctness only (a 2-core CI box is too noisy for the
timing targets, which `make bench` checks): no 5xx, no "Sorry" or "busy", no silence, no lost
rating, every acknowledgement within Slack's 3 s."""

from __future__ import annotations

from pathlib import Path

from bench.load import LoadConfig, run_load


async def test_fifty_people_for_ten_seconds(db_url: str, tmp_path: Path) -> None:
    result = await run_load(LoadConfig(mode="mixed", clients=50, seconds=10.0, db=db_url,
                                       drain=10.0, folder=tmp_path))
    print(result.summary())
    # The load itself worked: people asked, rated and were answered.
    assert result.by_kind.get("press", 0) > 0 and result.by_kind.get("dm", 0) > 0, \
        result.summary()
    failed = result.failed("correctness")
    assert not failed, "\n".join(["missed:", *(c.line() for c in failed), result.summary()])
