#!/usr/bin/python3
"""SciPy's peer of vocfab's max_score referral matching (SPEC 5.3), and the ranking benchmark's summary.

  ranking_match_peer.py scipy SHORTLISTS OUT.json [--repetitions N]
      times scipy.sparse.csgraph.min_weight_full_bipartite_matching on the shortlist graph that
      bench/ranking_bench.cc wrote (VOCFAB_RANKING_SHORTLISTS_OUT) and writes its optimum total
  ranking_match_peer.py summary BENCH.json SCIPY.json
      prints vocfab beside SQLite and SciPy as a Markdown table; fails when SciPy's total is not
      vocfab's max_score total

The graph: "V S A", then the V vacancies' open positions, then A arcs "vacancy seeker score".
max_score picks any arcs, each seeker at most once and vacancy v at most positions[v] times, with
the largest total score. As a full matching for SciPy: each vacancy becomes one column per open
position (an arc to the vacancy becomes an arc to each of them), and each seeker gets a column of
its own ("unmatched", score 0), so that every seeker can be matched; the cost of an arc is
BIG - score (BIG above every score, so every cost is positive: SciPy's sparse matrix needs no
explicit zeros), and since a full matching matches every seeker exactly once its cost is
S * BIG - (the total score), so the cheapest full matching is the largest total score.
"""
import json
import sys
import time
from pathlib import Path

import numpy as np


def load(path):
    data = np.fromfile(path, dtype=np.int64, sep=" ")
    vacancies, seekers, arcs = (int(x) for x in data[:3])
    positions = data[3:3 + vacancies]
    arc = data[3 + vacancies:].reshape(arcs, 3)
    return vacancies, seekers, positions, arc


def expand(seekers, positions, arc):
    """The full-matching instance: (rows, cols, cost, score, columns)."""
    first_column = np.concatenate([[0], np.cumsum(positions)[:-1]]).astype(np.int64)
    slots = int(positions.sum())
    v, s, w = arc[:, 0], arc[:, 1], arc[:, 2]
    repeat = positions[v]
    rows = np.repeat(s, repeat)
    within = np.arange(int(repeat.sum()), dtype=np.int64) - np.repeat(np.cumsum(repeat) - repeat, repeat)
    cols = np.repeat(first_column[v], repeat) + within
    score = np.repeat(w, repeat)
    big = int(max(0, w.max(initial=0))) + 1
    rows = np.concatenate([rows, np.arange(seekers, dtype=np.int64)])
    cols = np.concatenate([cols, slots + np.arange(seekers, dtype=np.int64)])
    score = np.concatenate([score, np.zeros(seekers, dtype=np.int64)])
    return rows, cols, big - score, score, slots + seekers


def scipy_match(shortlists, out, repetitions):
    import scipy
    from scipy.sparse import csr_matrix
    from scipy.sparse.csgraph import min_weight_full_bipartite_matching

    vacancies, seekers, positions, arc = load(shortlists)
    start = time.perf_counter()
    rows, cols, cost, score, columns = expand(seekers, positions, arc)
    matrix = csr_matrix((cost.astype(np.float64), (rows, cols)), shape=(seekers, columns))
    build_seconds = time.perf_counter() - start
    # The score of each (row, col): the arcs are distinct, so a lookup table by position in CSR order.
    score_matrix = csr_matrix((score.astype(np.float64), (rows, cols)), shape=(seekers, columns))
    best = None
    for _ in range(repetitions):
        start = time.perf_counter()
        r, c = min_weight_full_bipartite_matching(matrix)
        seconds = time.perf_counter() - start
        best = seconds if best is None else min(best, seconds)
    chosen = np.asarray(score_matrix[r, c]).ravel().astype(np.int64)
    matched = int(np.count_nonzero(c < columns - seekers))
    figures = {"scipy": scipy.__version__, "numpy": np.__version__, "vacancies": vacancies, "seekers": seekers,
               "arcs": int(len(arc)), "expanded_arcs": int(len(rows)), "positions": int(positions.sum()),
               "seconds": best, "build_seconds": build_seconds, "total": int(chosen.sum()), "pairs": matched}
    Path(out).write_text(json.dumps(figures, indent=1) + "\n")
    print(f"SciPy {scipy.__version__}: {seekers} seekers x {vacancies} vacancies ({int(positions.sum())} positions), "
          f"{len(arc)} arcs ({len(rows)} expanded): total {figures['total']}, {matched} pairs, "
          f"{best:.3f} s (best of {repetitions}; building the matrix {build_seconds:.3f} s)")


def base_name(run_name):
    """"rank/vocfab/50/iterations:1/repeats:3" -> "rank/vocfab": the name without its arguments."""
    parts = []
    for part in run_name.split("/"):
        if part[:1].isdigit() or ":" in part:
            break
        parts.append(part)
    return "/".join(parts)


def by_name(bench):
    """Each benchmark's figures: its median aggregate when repeated, else its one run."""
    found = {}
    for b in bench["benchmarks"]:
        name = base_name(b["run_name"])
        if b.get("run_type") == "aggregate":
            if b.get("aggregate_name") == "median":
                found[name] = b
        elif name not in found or found[name].get("run_type") != "aggregate":
            found.setdefault(name, b)
    return found


def ms(value):
    """Milliseconds with two significant digits at least."""
    return f"{value:.0f} ms" if value >= 10 else f"{value:.2g} ms"


def milliseconds(b):
    unit = {"ns": 1e-6, "us": 1e-3, "ms": 1.0, "s": 1e3}[b.get("time_unit", "ns")]
    return b["real_time"] * unit


def summary(bench_file, scipy_file):
    bench = by_name(json.loads(Path(bench_file).read_text()))
    peer = json.loads(Path(scipy_file).read_text())
    ours, sqlite = bench.get("rank/vocfab"), bench.get("rank/sqlite")
    index = bench.get("seeker_index/build")
    stable, max_score = bench.get("match/vocfab/stable"), bench.get("match/vocfab/max_score")
    seekers = ours["seekers"]
    print(f"| measure | vocfab | peer | ratio |")
    print(f"|---|---:|---:|---:|")
    print(f"| top-50 ranking p50 ({int(ours['queries'])} queries; SQLite {int(sqlite['queries'])} of them) | "
          f"{ours['p50_us']:.0f} µs | {sqlite['p50_us']:.0f} µs (SQLite) | {sqlite['p50_us'] / ours['p50_us']:.0f}× |")
    print(f"| top-50 ranking p99 | {ours['p99_us']:.0f} µs | {sqlite['p99_us']:.0f} µs (SQLite) | "
          f"{sqlite['p99_us'] / ours['p99_us']:.0f}× |")
    print(f"| index build ({seekers:,.0f} seekers) | {ms(milliseconds(index))} | "
          f"{sqlite['load_s']:.1f} s (SQLite: load, index, ANALYZE) | |")
    print(f"| bytes per seeker | {ours['index_bytes_per_seeker']:.1f} (seeker index) | "
          f"{sqlite['database_bytes'] / seekers:.0f} (whole SQLite database) | |")
    print(f"| match stable ({int(stable['vacancies'])} vacancies, {int(stable['pairs'])} pairs) | "
          f"{ms(milliseconds(stable))}, total {int(stable['total_score'])} | | |")
    same = int(max_score["total_score"]) == peer["total"]
    print(f"| match max_score ({int(max_score['pairs'])} pairs; SciPy {peer['pairs']}) | "
          f"{ms(milliseconds(max_score))}, total {int(max_score['total_score'])} | "
          f"{ms(peer['seconds'] * 1000)}, total {peer['total']} (SciPy {peer['scipy']} "
          f"min_weight_full_bipartite_matching on {peer['expanded_arcs']:,} arcs; "
          f"building its matrix {ms(peer['build_seconds'] * 1000)}) | — |")
    print()
    print(f"SQLite ranked the same lists as vocfab: {'yes' if 'error_message' not in sqlite else 'NO: ' + sqlite['error_message']}")
    print(f"max_score total equal to SciPy's optimum: {'yes' if same else 'NO'}")
    print("vocfab's match times are match_referrals end to end: the market built (one top-20 ranking per open "
          "vacancy with positions left) and solved; SciPy's is its solver alone on the graph vocfab wrote, so no "
          "ratio is given.")
    return 0 if same and "error_message" not in sqlite else 1


def main(argv):
    if len(argv) >= 3 and argv[0] == "scipy":
        repetitions = int(argv[argv.index("--repetitions") + 1]) if "--repetitions" in argv else 3
        scipy_match(argv[1], argv[2], repetitions)
        return 0
    if len(argv) == 3 and argv[0] == "summary":
        return summary(argv[1], argv[2])
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
