#!/usr/bin/python3
"""The instances of bench/assignment_bench.cc and SciPy's times on them (Debian's python3-scipy).

  assignment_peer.py write DIR [--national]   writes the instances (fixed seed) as .npy files
  assignment_peer.py scipy DIR OUT.json       times SciPy on them (best of --repetitions)
  assignment_peer.py compare SCIPY.json BENCH.json   prints vocfab beside SciPy and LEMON

Instances (seed 20261201): dense_<n> (n x n, integers in [0, 10^6)); full_50k (50,000 x 50,000,
1,000,000 arcs with a hidden perfect matching, weights in [1, 10^6]); maxw_100k (100,000 rows x
10,000 cols, 20 arcs a row, weights in [1, 200], capacities in [1, 19]); with --national also
maxw_national (1,000,000 x 100,000, 20 arcs a row, about 20M arcs, same weights and capacities).
"""
import json
import sys
import time
from pathlib import Path

import numpy as np

SEED = 20261201


def write_arcs(directory, name, rows, cols, r, c, w, capacities=None):
    np.save(directory / f"{name}.npy", np.ascontiguousarray(np.stack([r, c, w], axis=1).astype(np.int64)))
    (directory / f"{name}.shape").write_text(f"{rows} {cols}\n")
    if capacities is not None:
        np.save(directory / f"{name}_cap.npy", capacities.astype(np.int64))


def distinct(rows, cols, r, c):
    key = np.unique(r.astype(np.int64) * cols + c)
    return key // cols, key % cols


def per_row_arcs(rng, rows, cols, per_row):
    r = np.repeat(np.arange(rows, dtype=np.int64), per_row)
    c = rng.integers(0, cols, size=rows * per_row)
    return distinct(rows, cols, r, c)


def write(directory, national):
    directory.mkdir(parents=True, exist_ok=True)
    rng = np.random.default_rng(SEED)
    for n in (2000, 4000):
        np.save(directory / f"dense_{n}.npy", rng.integers(0, 1_000_000, size=(n, n), dtype=np.int64))
    n, arcs = 50_000, 1_000_000
    perm = rng.permutation(n)
    r = np.concatenate([np.arange(n), rng.integers(0, n, size=arcs - n)])
    c = np.concatenate([perm, rng.integers(0, n, size=arcs - n)])
    r, c = distinct(n, n, r, c)
    while len(r) < arcs:  # top up to exactly 1,000,000 distinct arcs
        more = arcs - len(r)
        r, c = distinct(n, n, np.concatenate([r, rng.integers(0, n, size=more)]),
                        np.concatenate([c, rng.integers(0, n, size=more)]))
    r, c = r[:arcs], c[:arcs]
    # keep the hidden matching whatever was cut
    r, c = distinct(n, n, np.concatenate([r, np.arange(n)]), np.concatenate([c, perm]))
    write_arcs(directory, "full_50k", n, n, r, c, rng.integers(1, 1_000_001, size=len(r)))
    sizes = [("maxw_100k", 100_000, 10_000)]
    if national:
        sizes.append(("maxw_national", 1_000_000, 100_000))
    for name, rows, cols in sizes:
        r, c = per_row_arcs(rng, rows, cols, 20)
        write_arcs(directory, name, rows, cols, r, c, rng.integers(1, 201, size=len(r)),
                   rng.integers(1, 20, size=cols))


def best_of(repetitions, run):
    best, result = None, None
    for _ in range(repetitions):
        start = time.perf_counter()
        result = run()
        elapsed = time.perf_counter() - start
        best = elapsed if best is None else min(best, elapsed)
    return best, result


def scipy_times(directory, out, repetitions):
    import scipy
    from scipy.optimize import linear_sum_assignment
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching
    figures = {"scipy": scipy.__version__, "numpy": np.__version__, "results": {}}
    for path in sorted(directory.glob("dense_*.npy")):
        cost = np.load(path)
        seconds, (rows, cols) = best_of(repetitions, lambda: linear_sum_assignment(cost))
        figures["results"][f"dense/{path.stem[6:]}"] = {"seconds": seconds, "total": int(cost[rows, cols].sum())}
    for path in sorted(directory.glob("full_*.npy")):
        arcs = np.load(path)
        rows, cols = map(int, path.with_suffix(".shape").read_text().split())
        matrix = csr_matrix((arcs[:, 2].astype(np.float64), (arcs[:, 0], arcs[:, 1])), shape=(rows, cols))
        seconds, (r, c) = best_of(repetitions, lambda: min_weight_full_bipartite_matching(matrix))
        figures["results"][f"min_cost_full/{path.stem[5:]}"] = {"seconds": seconds, "total": int(matrix[r, c].sum())}
    Path(out).write_text(json.dumps(figures, indent=1) + "\n")


def compare(scipy_file, bench_file):
    scipy_figures = json.loads(Path(scipy_file).read_text())
    bench = json.loads(Path(bench_file).read_text())
    ours = {}
    for b in bench["benchmarks"]:
        if b.get("run_type") == "aggregate" and b.get("aggregate_name") != "median":
            continue
        kind, solver, name = b["run_name"].split("/")[:3]
        ours[(kind, name, solver)] = (b["real_time"] / 1000.0, b.get("total"), b.get("error_message"))
    print(f"SciPy {scipy_figures['scipy']}, NumPy {scipy_figures['numpy']}")
    print(f"{'instance':32} {'solver':10} {'seconds':>10} {'vs SciPy':>9}  total")
    for (kind, name, solver), (seconds, total, error) in sorted(ours.items()):
        peer = scipy_figures["results"].get(f"{kind}/{name}")
        ratio = f"{peer['seconds'] / seconds:8.2f}x" if peer else "        -"
        same = ""
        if peer and total is not None:
            same = "same as SciPy" if int(total) == peer["total"] else f"DIFFERS from SciPy's {peer['total']}"
        print(f"{kind + '/' + name:32} {solver:10} {seconds:10.3f} {ratio}  {'' if total is None else int(total)} {same} {error or ''}")
        if peer and solver == "vocfab":
            print(f"{kind + '/' + name:32} {'scipy':10} {peer['seconds']:10.3f} {'1.00x':>9}  {peer['total']}")


def main(argv):
    if len(argv) >= 2 and argv[0] == "write":
        write(Path(argv[1]), "--national" in argv)
    elif len(argv) >= 3 and argv[0] == "scipy":
        repetitions = int(argv[argv.index("--repetitions") + 1]) if "--repetitions" in argv else 3
        scipy_times(Path(argv[1]), argv[2], repetitions)
    elif len(argv) == 3 and argv[0] == "compare":
        compare(argv[1], argv[2])
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
