#!/usr/bin/env python3
"""Python ``Dataset.rank`` latencies beside C++ (issue 10): top-50 rankings of the queries that
``bench/ranking_bench.cc`` draws, on the dataset it writes.

    VOCFAB_RANKING_SCALE=metropolitan VOCFAB_RANKING_DATASET_OUT=d.json VOCFAB_RANKING_QUERIES_OUT=q.txt \\
        build/dev/bench/vocfab_ranking_bench --benchmark_filter=rank/vocfab
    VOCFAB_LIBRARY=build/dev/capi/libvocfab.so.0.7.0 PYTHONPATH=bindings/python \\
        /usr/bin/python3 bench/ranking_python_bench.py d.json q.txt 2026-03-02

Prints p50 and p99 per repetition (3), to set beside the C++ run's counters of the same build.
"""
import sys
import time
import vocfab
ds = vocfab.Dataset.load(sys.argv[1])
queries = [l.strip() for l in open(sys.argv[2]) if l.strip()]
day = sys.argv[3]
for rep in range(3):
    lat = []
    for q in queries:
        t = time.perf_counter()
        r = ds.rank(q, top=50, as_of=day)
        lat.append((time.perf_counter() - t) * 1e6)
    lat.sort()
    print(f"python rank: p50 {lat[len(lat)//2]:.0f} us, p99 {lat[int(len(lat)*0.99)]:.0f} us, listed {len(r)}")
