#!/usr/bin/env python3
"""vocfab.matching.stable_match end to end from Python dicts (marshalling included), on the
allocation-shaped markets of issue 9: 400 applicants x 20 courses and 2,000 x 100, capacity 20,
complete random lists (fixed seed). Prints the median of several runs, in milliseconds.

stable_match sends the instance in the C ABI's compact form (vf_stable_match_lists); --json also
times the same call through SPEC 5.0's JSON (json.dumps, vf_stable_match, json.loads: what
stable_match did before the compact form), in the same run, and checks that both agree.

Usage: VOCFAB_LIBRARY=build/release/capi/libvocfab.so PYTHONPATH=bindings/python \\
       /usr/bin/python3 bench/matching_python_bench.py [--repeats N] [--json]
"""
from __future__ import annotations

import argparse
import random
import statistics
import time

from vocfab import matching


def market(applicants: int, courses: int, seed: int):
    rng = random.Random(seed)
    a_names = [f"a{i}" for i in range(applicants)]
    c_names = [f"c{j}" for j in range(courses)]
    proposers = {a: rng.sample(c_names, courses) for a in a_names}
    receivers = {c: rng.sample(a_names, applicants) for c in c_names}
    return proposers, receivers, {c: 20 for c in c_names}


def through_json(proposers, receivers, capacities) -> matching.StableMatch:
    """stable_match as it was before the compact form: the instance as JSON through vf_stable_match."""
    result = matching._call("vf_stable_match", matching._instance(proposers, receivers, capacities, "proposer"))
    return matching.StableMatch(matching=dict(result["matching"]),
                                assigned={name: list(held) for name, held in result["assigned"].items()},
                                ignored=[(pair[0], pair[1]) for pair in result["ignored"]])


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    parser.add_argument("--json", action="store_true", help="also time the JSON path")
    args = parser.parse_args()
    ways = [("stable_match", matching.stable_match)] + ([("through JSON", through_json)] if args.json else [])
    for applicants, courses in ((400, 20), (2000, 100)):
        proposers, receivers, capacities = market(applicants, courses, 20261201)
        results = []
        for label, solve in ways:
            times = []
            for _ in range(args.repeats):
                start = time.perf_counter()
                result = solve(proposers, receivers, capacities)
                times.append(time.perf_counter() - start)
            assert sum(1 for r in result.matching.values() if r is not None) == min(applicants, 20 * courses)
            results.append(result)
            print(f"{label} {applicants} x {courses}: median {1000 * statistics.median(times):.2f} ms "
                  f"(min {1000 * min(times):.2f} ms) over {args.repeats} runs")
        assert all(result == results[0] for result in results)


if __name__ == "__main__":
    main()
