#!/usr/bin/python3
"""The assignment solvers against SciPy (Debian's python3-scipy) on random instances, fixed seed.

Usage: assignment_scipy_check.py SOLVE_HELPER
Dense requests (minimise and maximise, rectangular both ways, forbidden entries) are compared with
scipy.optimize.linear_sum_assignment, sparse min_cost_full requests with
scipy.sparse.csgraph.min_weight_full_bipartite_matching: the same feasibility, the same total, and
an assignment whose own total is the one reported.
"""
import json
import subprocess
import sys

import numpy as np
from scipy.optimize import linear_sum_assignment
from scipy.sparse import csr_matrix
from scipy.sparse.csgraph import min_weight_full_bipartite_matching

SEED = 20261201


def solve(helper, request):
    run = subprocess.run([helper], input=json.dumps(request), capture_output=True, text=True, check=False)
    if run.returncode not in (0, 3):
        raise AssertionError(f"helper failed ({run.returncode}): {run.stderr}")
    return json.loads(run.stdout)


def infeasible(answer):
    return "issues" in answer and [i["code"] for i in answer["issues"]] == ["infeasible"]


def dense_case(helper, rng, failures):
    rows, cols = int(rng.integers(1, 13)), int(rng.integers(1, 13))
    costs = rng.integers(-50, 51, size=(rows, cols))
    maximize = bool(rng.integers(0, 2))
    forbidden = rng.random((rows, cols)) < rng.choice([0.0, 0.3, 0.7])
    request = {"costs": [[None if forbidden[r, c] else int(costs[r, c]) for c in range(cols)] for r in range(rows)],
               "maximize": maximize}
    answer = solve(helper, request)
    matrix = costs.astype(np.float64)
    matrix[forbidden] = -np.inf if maximize else np.inf
    try:
        r, c = linear_sum_assignment(matrix, maximize=maximize)
        expected = int(costs[r, c].sum())
    except ValueError:
        expected = None
    if expected is None:
        if not infeasible(answer):
            failures.append(("dense, SciPy infeasible", request, answer))
        return
    if "total" not in answer or answer["total"] != expected:
        failures.append((f"dense, SciPy total {expected}", request, answer))
        return
    own = sum(costs[i, j] for i, j in zip(answer["rows"], answer["cols"]))
    if own != expected or answer["rows"] != sorted(answer["rows"]) or len(answer["rows"]) != min(rows, cols):
        failures.append(("dense, assignment", request, answer))


def sparse_case(helper, rng, failures):
    rows, cols = int(rng.integers(1, 40)), int(rng.integers(1, 40))
    density = rng.choice([0.05, 0.15, 0.5])
    mask = rng.random((rows, cols)) < density
    r, c = np.nonzero(mask)
    w = rng.integers(1, 1000, size=len(r))  # SciPy's sparse matrices cannot tell an explicit 0 apart
    request = {"rows": rows, "cols": cols, "arcs": [[int(a), int(b), int(x)] for a, b, x in zip(r, c, w)],
               "objective": "min_cost_full"}
    answer = solve(helper, request)
    try:
        matrix = csr_matrix((w.astype(np.float64), (r, c)), shape=(rows, cols))
        mr, mc = min_weight_full_bipartite_matching(matrix)
        expected = int(matrix[mr, mc].sum())
    except ValueError:
        expected = None
    if expected is None:
        if not infeasible(answer):
            failures.append(("sparse, SciPy infeasible", request, answer))
        return
    weight = {(int(a), int(b)): int(x) for a, b, x in zip(r, c, w)}
    if "total" not in answer or answer["total"] != expected:
        failures.append((f"sparse, SciPy total {expected}", request, answer))
        return
    if sum(weight[tuple(p)] for p in answer["pairs"]) != expected or len(answer["pairs"]) != min(rows, cols):
        failures.append(("sparse, pairs", request, answer))


def main(argv):
    helper = argv[1]
    rng = np.random.default_rng(SEED)
    failures = []
    counts = {"dense": 400, "sparse": 300}
    for _ in range(counts["dense"]):
        dense_case(helper, rng, failures)
    for _ in range(counts["sparse"]):
        sparse_case(helper, rng, failures)
    for what, request, answer in failures[:5]:
        print(f"FAIL {what}\n  request {json.dumps(request)[:2000]}\n  answer {json.dumps(answer)[:2000]}")
    print(f"{counts['dense']} dense and {counts['sparse']} sparse instances, {len(failures)} failures")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
