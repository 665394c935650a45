#!/usr/bin/env python3
"""vocfab.matching.stable_match end to end from Python dicts (marshalling included), on the
allocation-shaped markets of issue 9: 400 applicants x 20 courses and 2,000 x 100, capacity 20,
complete random lists (fixed seed). Prints the median of several runs, in milliseconds.

Usage: VOCFAB_LIBRARY=build/release/capi/libvocfab.so PYTHONPATH=bindings/python \\
       /usr/bin/python3 bench/matching_python_bench.py [--repeats N]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--repeats", type=int, default=15)
    args = parser.parse_args()
    for applicants, courses in ((400, 20), (2000, 100)):
        proposers, receivers, capacities = market(applicants, courses, 20261201)
        times = []
        for _ in range(args.repeats):
            start = time.perf_counter()
            result = matching.stable_match(proposers, receivers, capacities)
            times.append(time.perf_counter() - start)
        assert sum(1 for r in result.matching.values() if r is not None) == min(applicants, 20 * courses)
        print(f"stable_match {applicants} x {courses}: median {1000 * statistics.median(times):.2f} ms "
              f"(min {1000 * min(times):.2f} ms) over {args.repeats} runs")


if __name__ == "__main__":
    main()
