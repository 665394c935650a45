"""vocfab.matching: the solvers through the C ABI, checked by brute force and against SciPy."""

from __future__ import annotations

import ctypes
import itertools
import random
from typing import Dict, List, Optional, Tuple

import pytest

import vocfab
from vocfab import _capi, matching

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


# --- the compact path (vf_stable_match_lists) against the JSON path ---------------------------

def _json_stable_match(proposers, receivers, capacities=None, optimal="proposer") -> matching.StableMatch:
    """stable_match through vf_stable_match alone: the reference the compact path must equal."""
    result = matching._call("vf_stable_match", matching._instance(proposers, receivers, capacities, optimal))
    return matching.StableMatch(matching=dict(result["matching"]),
                                assigned={name: list(held) for name, held in result["assigned"].items()},
                                ignored=[(pair[0], pair[1]) for pair in result["ignored"]])


def _json_instability(proposers, receivers, assignment, capacities=None) -> matching.Instability:
    request = matching._instance(proposers, receivers, capacities)
    request["matching"] = dict(assignment)
    result = matching._call("vf_blocking_pairs", request)
    return matching.Instability(stable=result["stable"],
                                blocking_pairs=[(pair[0], pair[1]) for pair in result["blocking_pairs"]],
                                capacity_violations=list(result["capacity_violations"]),
                                unacceptable=[(pair[0], pair[1]) for pair in result["unacceptable"]])


def _outcome(call):
    """A call's result, or its error as (class, message, issues): what must be equal."""
    try:
        return ("result", call())
    except Exception as error:  # noqa: BLE001 - every error must be the same
        return ("error", type(error), str(error), [(i.code, i.path, i.message) for i in getattr(error, "issues", [])])


def _lists_call(proposers, receivers, capacities, optimal):
    """vf_stable_match_lists itself: its status, and its message (less the function's name) and
    issues when it fails; None when the compact form cannot carry the instance."""
    lists = matching._compact(proposers, receivers, capacities)
    if lists is None:
        return None
    lib = _capi.library()
    flags = _capi.RECEIVER_OPTIMAL if optimal == "receiver" else 0
    if matching._solve_lists(lists, flags) is not None:
        return ("ok",)
    message, issues = lib.last_error()
    return (lib.vf_last_status(), message.split(": ", 1)[1], [(i.code, i.path, i.message) for i in issues])


def _json_call(proposers, receivers, capacities, optimal):
    try:
        _json_stable_match(proposers, receivers, capacities, optimal)
        return ("ok",)
    except vocfab.VocfabError as error:
        return (error.status, str(error).split(": ", 1)[1], [(i.code, i.path, i.message) for i in error.issues])


# Names that reach every check: short and long (the library keeps names of up to 7 bytes in a
# machine word), empty, too long, a national id, UTF-8, a NUL, names no side defines, repeats.
NAME_POOL = ["a", "b", "x", "y", "abcdefg", "abcdefgh", "long name number one", "ü", "日本", "", "n" * 257, NID,
             "q\x00r", "ghost", "p0", "r0"]


def random_instance(rng: random.Random):
    p_names = [rng.choice(NAME_POOL) if rng.random() < 0.1 else f"p{i}" for i in range(rng.randint(0, 6))]
    r_names = [rng.choice(NAME_POOL) if rng.random() < 0.1 else f"r{i}" for i in range(rng.randint(0, 5))]

    def ranked(targets):
        picks = [rng.choice(NAME_POOL) if not targets or rng.random() < 0.08 else rng.choice(targets)
                 for _ in range(rng.randint(0, len(targets) + 2))]
        return list(dict.fromkeys(picks)) if rng.random() < 0.93 else picks  # mostly strict

    p_lists = {p: ranked(r_names) for p in p_names}
    r_lists = {r: ranked(p_names) for r in r_names}
    capacities = None
    if rng.random() < 0.6:
        capacities = {r: rng.choice([1, 2, 3, 10 ** 6] if rng.random() < 0.9 else [0, -1, 10 ** 6 + 1])
                      for r in r_lists if rng.random() < 0.6}
        if rng.random() < 0.2:
            capacities["ghost"] = 1
    return p_lists, r_lists, capacities


@pytest.mark.parametrize("seed", range(80))
def test_compact_path_agrees_with_json_on_random_instances(seed: int):
    rng = random.Random(5000 + seed)
    for _ in range(10):
        p_lists, r_lists, capacities = random_instance(rng)
        optimal = rng.choice(["proposer", "receiver"])
        # The library's two entry points: the same status, message and issues.
        assert _lists_call(p_lists, r_lists, capacities, optimal) == _json_call(p_lists, r_lists, capacities, optimal)
        # And the binding: the same result, or the same exception.
        assert (_outcome(lambda: matching.stable_match(p_lists, r_lists, capacities, optimal))
                == _outcome(lambda: _json_stable_match(p_lists, r_lists, capacities, optimal)))


@pytest.mark.parametrize("seed", range(40))
def test_instability_compact_path_agrees_with_json(seed: int):
    rng = random.Random(7000 + seed)
    for _ in range(10):
        p_lists, r_lists, capacities = random_instance(rng)
        receivers = list(r_lists) + ["ghost"]
        assignment = {p: (rng.choice(receivers) if rng.random() < 0.7 else None) for p in p_lists if rng.random() < 0.9}
        if rng.random() < 0.1:
            assignment["ghost"] = None
        assert (_outcome(lambda: matching.instability(p_lists, r_lists, assignment, capacities))
                == _outcome(lambda: _json_instability(p_lists, r_lists, assignment, capacities)))


def test_a_large_market_agrees_with_json():
    rng = random.Random(20261201)
    applicants = [f"a{i}" if i % 9 else f"applicant number {i}" for i in range(400)]
    courses = [f"c{j}" for j in range(20)]
    p_lists = {a: rng.sample(courses, 20) for a in applicants}
    r_lists = {c: rng.sample(applicants, 400) for c in courses}
    capacities = {c: 20 for c in courses}
    for optimal in ("proposer", "receiver"):
        assert (matching.stable_match(p_lists, r_lists, capacities, optimal)
                == _json_stable_match(p_lists, r_lists, capacities, optimal))


def test_the_compact_path_is_the_one_taken(monkeypatch):
    men = {"a": ["A", "B", "C"], "b": ["B", "C", "A"], "c": ["C", "A", "B"]}
    women = {"A": ["b", "c", "a"], "B": ["c", "a", "b"], "C": ["a", "b", "c"]}
    some = {"a": "B", "b": None}
    expected = _json_instability(men, women, some)

    def no_json(*_args):
        raise AssertionError("sent as JSON")

    monkeypatch.setattr(matching, "_call", no_json)
    assert matching.stable_match(men, women, {"A": 1}, optimal="receiver").matching == {"a": "C", "b": "A", "c": "B"}
    assert matching.stable_match({"a": ["x", "z"]}, {"x": [], "z": ["a"]}).ignored == [("a", "x")]
    assert matching.instability(men, women, some) == expected


@pytest.mark.parametrize("case", [
    # What the compact form cannot carry, or means differently, goes through JSON: each case is
    # made anew for each path (a generator is read once).
    lambda: ({"a\x1fb": ["x"]}, {"x": ["a\x1fb"]}, None, "proposer"),   # the separator in a name
    lambda: ({"a": ["x\x1fy"]}, {"x": ["a"]}, None, "proposer"),
    lambda: ({1: ["x"]}, {"x": ["1"]}, None, "proposer"),                 # json.dumps writes the key "1"
    lambda: ({"a": [1, "x"]}, {"x": ["a"]}, None, "proposer"),            # not a name
    lambda: ({"a": [None]}, {"x": []}, None, "proposer"),
    lambda: ({"a": ["x"]}, {"x": ["a"]}, {"x": True}, "proposer"),        # a bool is no capacity
    lambda: ({"a": ["x"]}, {"x": ["a"]}, {"x": 2.0}, "proposer"),
    lambda: ({"a": ["x"]}, {"x": ["a"]}, {"x": 2 ** 70}, "proposer"),
    lambda: ({"a": ["x"]}, {"x": ["a"]}, {"x": -(2 ** 70)}, "proposer"),
    lambda: ({"a": ["x"]}, {"x": ["a"]}, [("x", 2)], "proposer"),         # pairs, as dict() takes them
    lambda: ({"a": ["x"]}, {"x": ["a"]}, None, "both"),
    lambda: ({"a": ["x"]}, {"x": ["a"]}, None, None),
    lambda: ({"a": (r for r in ["x"])}, {"x": ["a"]}, None, "proposer"),  # a generator has no length
    lambda: ({"a": "xy"}, {"x": ["a"], "y": []}, None, "proposer"),       # a string is a list of letters
    lambda: ({"a": ("x",)}, {"x": {"a": 1}}, None, "proposer"),           # a tuple, a dict's keys
    lambda: ({"a": ["x"]}, {"x": ["a"]}, {"x": 1, 1: 2}, "proposer"),
    lambda: ({"a": ["x"]}, {"x": None}, None, "proposer"),                # not iterable
    lambda: ({"\ud800": ["x"]}, {"x": []}, None, "proposer"),             # not encodable
    lambda: ([("a", ["x"])], {"x": ["a"]}, None, "proposer"),             # not a mapping
])
def test_what_the_compact_form_cannot_carry_is_sent_as_json(case):
    assert _outcome(lambda: matching.stable_match(*case())) == _outcome(lambda: _json_stable_match(*case()))


def test_the_compact_path_refuses_names_that_do_not_add_up():
    lib = _capi.library()
    lengths = (ctypes.c_uint32 * 2)(1, 1)
    partner, held, counts = (ctypes.c_uint32 * 1)(), (ctypes.c_uint32 * 1)(), (ctypes.c_uint32 * 1)()
    ignored, length = ctypes.c_void_p(), ctypes.c_size_t()
    text = "a\x1fx\x1fx\x1fy\x1fa".encode()  # one name more than the counts give
    status = lib.vf_stable_match_lists(text, len(text), lengths, 1, 1, None, 0, 0, partner, held, counts,
                                       ctypes.byref(ignored), ctypes.byref(length))
    assert status == _capi.Status.ERROR_INVALID_ARGUMENT
    message, issues = lib.last_error()
    assert "0x1F" in message and issues == []
    assert not ignored.value


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
        for threads in (1, 2, 256):  # the same on any number of threads
            assert ds.allocate(as_of="2026-11-20", max_threads=threads) == allocation
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
        for threads in (-1, 257):
            with pytest.raises(vocfab.InvalidArgumentError) as caught:
                ds.allocate(as_of="2026-11-20", max_threads=threads)
            assert [issue.path for issue in caught.value.issues] == ["max_threads"]
