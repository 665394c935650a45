"""vocfab.matching: the solvers through the C ABI, checked by brute force and against SciPy."""

from __future__ import annotations

import itertools
import random
from typing import Dict, List, Optional, Tuple

import pytest

import vocfab
from vocfab import matching

NID = "10000000146"  # checksum-valid, fictional


def random_market(rng: random.Random, proposers: int, receivers: int):
    p_names = [f"p{i}" for i in range(proposers)]
    r_names = [f"r{j}" for j in range(receivers)]
    p_lists = {p: rng.sample(r_names, rng.randint(0, receivers)) for p in p_names}
    r_lists = {r: rng.sample(p_names, rng.randint(0, proposers)) for r in r_names}
    capacities = {r: rng.randint(1, 2) for r in r_names}
    return p_lists, r_lists, capacities


def acceptable(p_lists, r_lists, p: str, r: str) -> bool:
    return r in p_lists[p] and p in r_lists[r]


def brute_force_blocking(p_lists, r_lists, capacities, assignment: Dict[str, Optional[str]]) -> List[Tuple[str, str]]:
    held: Dict[str, List[str]] = {r: [] for r in r_lists}
    for p, r in assignment.items():
        if r is not None:
            held[r].append(p)
    pairs = []
    for p in p_lists:
        for r in r_lists:
            if not acceptable(p_lists, r_lists, p, r) or assignment[p] == r:
                continue
            current = assignment[p]
            p_prefers = current is None or p_lists[p].index(r) < p_lists[p].index(current)
            room = len(held[r]) < capacities.get(r, 1)
            r_prefers = room or any(r_lists[r].index(p) < r_lists[r].index(q) for q in held[r])
            if p_prefers and r_prefers:
                pairs.append((p, r))
    return pairs


def all_stable(p_lists, r_lists, capacities):
    proposers = list(p_lists)
    options = [[None] + [r for r in p_lists[p] if acceptable(p_lists, r_lists, p, r)] for p in proposers]
    for choice in itertools.product(*options):
        assignment = dict(zip(proposers, choice))
        load: Dict[str, int] = {}
        for r in choice:
            if r is not None:
                load[r] = load.get(r, 0) + 1
        if any(load[r] > capacities.get(r, 1) for r in load):
            continue
        if not brute_force_blocking(p_lists, r_lists, capacities, assignment):
            yield assignment


def test_the_example_of_the_docs():
    result = matching.stable_match({"ada": ["city", "mercy"], "sam": ["city"]},
                                   {"city": ["sam", "ada"], "mercy": ["ada"]})
    assert result.matching == {"ada": "mercy", "sam": "city"}
    assert result.assigned == {"city": ["sam"], "mercy": ["ada"]}
    assert result.ignored == []


def test_gale_shapley_three_by_three_both_optimal_sides():
    # Gale & Shapley (1962), three men and three women with a cycle of preferences: men
    # proposing gives every man his first choice, women proposing every woman hers.
    men = {"a": ["A", "B", "C"], "b": ["B", "C", "A"], "c": ["C", "A", "B"]}
    women = {"A": ["b", "c", "a"], "B": ["c", "a", "b"], "C": ["a", "b", "c"]}
    assert matching.stable_match(men, women).matching == {"a": "A", "b": "B", "c": "C"}
    assert matching.stable_match(men, women, optimal="receiver").matching == {"a": "C", "b": "A", "c": "B"}


def test_one_sided_entries_are_ignored_and_listed():
    result = matching.stable_match({"a": ["x", "z"]}, {"x": [], "z": ["a"]})
    assert result.matching == {"a": "z"}
    assert result.ignored == [("a", "x")]


@pytest.mark.parametrize("seed", range(150))
def test_stable_and_proposer_optimal_against_brute_force(seed: int):
    rng = random.Random(seed)
    p_lists, r_lists, capacities = random_market(rng, rng.randint(1, 4), rng.randint(1, 3))
    result = matching.stable_match(p_lists, r_lists, capacities)
    assert brute_force_blocking(p_lists, r_lists, capacities, result.matching) == []
    assert matching.blocking_pairs(p_lists, r_lists, result.matching, capacities) == []
    for other in all_stable(p_lists, r_lists, capacities):
        for p, r in result.matching.items():
            mine = p_lists[p].index(r) if r is not None else len(p_lists[p])
            theirs = p_lists[p].index(other[p]) if other[p] is not None else len(p_lists[p])
            assert mine <= theirs, (p, result.matching, other)


@pytest.mark.parametrize("seed", range(100))
def test_blocking_pairs_agree_with_brute_force_on_any_matching(seed: int):
    rng = random.Random(1000 + seed)
    p_lists, r_lists, capacities = random_market(rng, rng.randint(1, 4), rng.randint(1, 3))
    # Any matching of acceptable pairs within capacity.
    load: Dict[str, int] = {}
    assignment: Dict[str, Optional[str]] = {}
    for p in p_lists:
        options = [r for r in p_lists[p] if acceptable(p_lists, r_lists, p, r) and load.get(r, 0) < capacities[r]]
        choice = rng.choice(options + [None])
        assignment[p] = choice
        if choice is not None:
            load[choice] = load.get(choice, 0) + 1
    found = matching.instability(p_lists, r_lists, assignment, capacities)
    assert sorted(found.blocking_pairs) == sorted(brute_force_blocking(p_lists, r_lists, capacities, assignment))
    assert found.stable == (not found.blocking_pairs)
    assert found.capacity_violations == [] and found.unacceptable == []


def test_capacity_and_acceptability_violations_are_reported():
    found = matching.instability({"a": ["x"], "b": ["x"], "c": []}, {"x": ["a", "b"]},
                                 {"a": "x", "b": "x", "c": "x"})
    assert not found.stable
    assert found.capacity_violations == [{"receiver": "x", "assigned": 3, "capacity": 1}]
    assert found.unacceptable == [("c", "x")]


def test_a_malformed_instance_names_the_place_and_masks_national_ids():
    with pytest.raises(vocfab.InvalidArgumentError) as caught:
        matching.stable_match({NID: ["x", "x"]}, {"x": []})
    assert caught.value.issues
    assert NID not in str(caught.value)
    assert all(NID not in issue.path + issue.message for issue in caught.value.issues)
    with pytest.raises(vocfab.InvalidArgumentError):
        matching.stable_match({"a": ["x"]}, {"x": ["a"]}, optimal="both")


# --- assignment ----------------------------------------------------------------------------

scipy_optimize = pytest.importorskip("scipy.optimize")
numpy = pytest.importorskip("numpy")


def brute_force_dense(costs: List[List[Optional[int]]], maximize: bool) -> Optional[int]:
    """The best total over every way to give each row of the smaller side a distinct partner."""
    if len(costs) > len(costs[0]):
        costs = [list(column) for column in zip(*costs)]  # the same problem, rows as the smaller side
    best: Optional[int] = None
    for chosen in itertools.permutations(range(len(costs[0])), len(costs)):
        values = [costs[r][c] for r, c in enumerate(chosen)]
        if None in values:
            continue
        total = sum(v for v in values if v is not None)
        if best is None or (total > best if maximize else total < best):
            best = total
    return best


@pytest.mark.parametrize("seed", range(120))
def test_dense_against_brute_force_and_scipy(seed: int):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 5)
    maximize = rng.random() < 0.5
    costs: List[List[Optional[int]]] = [[rng.randint(-20, 20) if rng.random() > 0.15 else None
                                         for _ in range(cols)] for _ in range(rows)]
    best = brute_force_dense(costs, maximize)
    if best is None:
        with pytest.raises(vocfab.InfeasibleError) as caught:
            matching.assign({"costs": costs, "maximize": maximize})
        assert [issue.code for issue in caught.value.issues] == ["infeasible"]
        return
    result = matching.assign({"costs": costs, "maximize": maximize})
    assert result["total"] == best
    assert sum(costs[r][c] for r, c in zip(result["rows"], result["cols"])) == best  # type: ignore[misc]
    assert result["rows"] == sorted(result["rows"])
    if all(v is not None for row in costs for v in row):
        r, c = scipy_optimize.linear_sum_assignment(numpy.array(costs), maximize=maximize)
        assert int(numpy.array(costs)[r, c].sum()) == best
    # The duals certify the optimum: reduced costs have the right sign, tight where assigned.
    u, v = result["duals"]["rows"], result["duals"]["cols"]
    for i in range(rows):
        for j in range(cols):
            if costs[i][j] is None:
                continue
            slack = costs[i][j] - u[i] - v[j]  # type: ignore[operator]
            assert (slack <= 0) if maximize else (slack >= 0)
    for i, j in zip(result["rows"], result["cols"]):
        assert costs[i][j] == u[i] + v[j]


def test_dense_accepts_numpy_arrays_with_nan_as_forbidden():
    costs = numpy.array([[4.0, numpy.nan, 3.0], [2.0, 0.0, 5.0]])
    result = matching.assign({"costs": costs})
    assert result["total"] == 3 and result["cols"] == [2, 1]
    assert matching.assign({"costs": numpy.array([[4, 1, 3], [2, 0, 5]])})["total"] == 3
    with pytest.raises(vocfab.InvalidArgumentError):
        matching.assign({"costs": numpy.array([[0.5]])})


@pytest.mark.parametrize("seed", range(60))
def test_sparse_max_weight_against_brute_force(seed: int):
    rng = random.Random(seed)
    rows, cols = rng.randint(1, 5), rng.randint(1, 3)
    capacities = [rng.randint(1, 2) for _ in range(cols)]
    arcs = sorted({(rng.randrange(rows), rng.randrange(cols)): rng.randint(-5, 30)
                   for _ in range(rng.randint(0, 10))}.items())
    arc_list = [[r, c, w] for (r, c), w in arcs]
    result = matching.assign({"rows": rows, "cols": cols, "arcs": arc_list, "capacities": capacities,
                              "objective": "max_weight"})
    best = 0
    for chosen in itertools.product(*[[None] + [(c, w) for (r2, c), w in arcs if r2 == r] for r in range(rows)]):
        load = [0] * cols
        total = 0
        for pick in chosen:
            if pick is not None:
                load[pick[0]] += 1
                total += pick[1]
        if all(load[c] <= capacities[c] for c in range(cols)):
            best = max(best, total)
    assert result["total"] == best
    weights = {(r, c): w for (r, c), w in arcs}
    assert sum(weights[(r, c)] for r, c in result["pairs"]) == best


def test_sparse_min_cost_full_against_scipy():
    sparse = pytest.importorskip("scipy.sparse")
    csgraph = pytest.importorskip("scipy.sparse.csgraph")
    rng = random.Random(7)
    for _ in range(20):
        rows, cols = rng.randint(2, 30), rng.randint(2, 30)
        arcs = {(r, rng.randrange(cols)): rng.randint(1, 100) for r in range(rows) for _ in range(3)}
        arcs.update({(rng.randrange(rows), c): rng.randint(1, 100) for c in range(cols) for _ in range(3)})
        request = {"rows": rows, "cols": cols, "arcs": [[r, c, w] for (r, c), w in sorted(arcs.items())],
                   "objective": "min_cost_full"}
        matrix = sparse.csr_matrix(([w for w in arcs.values()], ([r for r, _ in arcs], [c for _, c in arcs])),
                                   shape=(rows, cols))
        try:
            r, c = csgraph.min_weight_full_bipartite_matching(matrix)
        except ValueError:
            with pytest.raises(vocfab.InfeasibleError):
                matching.assign(request)
            continue
        assert matching.assign(request)["total"] == int(matrix[r, c].sum())


def test_malformed_assignment_requests_are_invalid_arguments():
    for problem in ({"costs": [[1, 2], [3]]}, {"costs": [[1.5]]}, {"rows": 1, "cols": 1, "arcs": [[0, 5, 1]],
                                                                   "objective": "max_weight"}, {"what": 1}):
        with pytest.raises(vocfab.InvalidArgumentError) as caught:
            matching.assign(problem)
        assert caught.value.issues


# --- course allocation on a dataset -------------------------------------------------------------

SAMPLE = __import__("pathlib").Path(__file__).resolve().parents[2] / "data" / "sample.json"


def test_allocate_the_sample_and_carry_it_out():
    with vocfab.Dataset.load(SAMPLE) as ds:
        before = ds.to_json(reveal_national_ids=True)
        allocation = ds.allocate(as_of="2026-11-20")
        assert allocation.seed == 35 and allocation.as_of == "2026-11-20"
        assert allocation.assignments and allocation.rounds >= 1
        assert ds.to_json(reveal_national_ids=True) == before  # nothing changed
        assert ds.allocate(as_of="2026-11-20") == allocation     # one seed, one result
        assert ds.allocate(seed=7, as_of="2026-11-20").seed == 7
        courses = {c["id"]: c for c in ds.list("courses")}
        for placed in allocation.assignments:
            assert courses[placed["course"]]["status"] in ("planned", "open")
        for cancelled in allocation.cancelled:
            assert cancelled["assigned"] + cancelled["held"] < cancelled["min_group"]
        for unplaced in allocation.unassigned:
            assert unplaced["reason"]
        ds.apply(allocation.operations, actor="allocation-desk", at="2026-11-20T09:00:00Z", date="2026-11-20")
        assert ds.validate().valid
        enrolled = {(e["trainee"], e["course"]) for e in ds.list("enrollments") if e["status"] == "enrolled"}
        assert all((a["trainee"], a["course"]) in enrolled for a in allocation.assignments)


def test_allocate_refuses_bad_arguments():
    with vocfab.Dataset.load(SAMPLE) as ds:
        with pytest.raises(vocfab.InvalidArgumentError) as caught:
            ds.allocate()  # the sample has no as_of, and the library reads no clock
        assert [issue.code for issue in caught.value.issues] == ["missing_field"]
        for seed in (-1, 2 ** 64, True):
            with pytest.raises(vocfab.InvalidArgumentError):
                ds.allocate(seed=seed, as_of="2026-11-20")  # type: ignore[arg-type]
        with pytest.raises(vocfab.InvalidArgumentError):
            ds.allocate(as_of="2026-02-30")
