"""`python -m bench.load --mode mixed --clients 200 --seconds 60 --db sqlite`: one load case
against a fresh `careerbot serve`, printed as one screen (verdicts and ratios first, absolute
figures after). Exits 1 when a target is missed."""

from __future__ import annotations

import argparse
import asyncio
import sys

from bench.load.run import LoadConfig, reply_ratio_async, run_load


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.load", description=__doc__)
    parser.add_argument("--mode", choices=("mixed", "burst", "rss", "ratio"), default="mixed",
                        help="mixed: people waiting for answers and thinking 0.2-1 s; burst: "
                             "sending as fast as acks return; rss: RSS after --requests/2 and "
                             "--requests; ratio: /career next p99 against bare Bolt")
    parser.add_argument("--clients", type=int, default=None,
                        help="simulated people (default 200; rss 50)")
    parser.add_argument("--seconds", type=float, default=None,
                        help="how long they send (default 60; rss: the most it may take, 1800)")
    parser.add_argument("--db", default="sqlite",
                        help="sqlite, postgresql (a throwaway cluster) or a database URL")
    parser.add_argument("--requests", type=int, default=None,
                        help="rss: requests in all (default 20000); ratio: per concurrency")
    parser.add_argument("--concurrency", default="1,50",
                        help="ratio: comma-separated concurrencies (default 1,50)")
    parser.add_argument("--bare-in-ack", action="store_true",
                        help="ratio: the bare Bolt baseline answers in its ack (as careerbot "
                             "does when the reply is ready in time) instead of through the "
                             "response_url (the issue's baseline)")
    parser.add_argument("--drain", type=float, default=None,
                        help="seconds to wait for answers after sending stops (default 15; "
                             "burst 30)")
    args = parser.parse_args(argv)
    if args.mode == "ratio":
        ratios = [asyncio.run(reply_ratio_async(int(c), args.requests, args.db,
                                                bare_in_ack=args.bare_in_ack))
                  for c in args.concurrency.split(",")]
        for ratio in ratios:
            print(ratio.line())
        for ratio in ratios:
            print(ratio.summary())
        return 0 if all(r.ok for r in ratios) else 1
    rss = args.mode == "rss"
    requests = args.requests or 20_000
    config = LoadConfig(
        mode=args.mode, clients=args.clients or (50 if rss else 200),
        seconds=args.seconds or (1800.0 if rss else 60.0), db=args.db,
        requests=requests if rss else None, rss_marks=(requests // 2, requests),
        drain=args.drain if args.drain is not None else (30.0 if args.mode == "burst" else 15.0))
    result = asyncio.run(run_load(config))
    print(result.summary())
    return 0 if result.ok else 1


if __name__ == "__main__":
    sys.exit(main())
