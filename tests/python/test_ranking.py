"""Candidate ranking, explain and batch referral matching on a dataset (SPEC 5.1 and 5.3), through
the C ABI: on the sample data, and on generated datasets where ``max_score`` is checked against
SciPy's optimum and ``stable`` against its blocking pairs."""

from __future__ import annotations

import datetime
import os
import subprocess
from pathlib import Path
from typing import Dict, Iterator, List, Tuple

import pytest

import vocfab
from vocfab import matching
from vocfab.matching import Candidate, Explanation, Ranking, ReferralMatch

from conftest import DATA, REPO

SAMPLE = DATA / "sample.json"
DAY = "2026-11-20"
COOKING = "2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48"    # open from 2026-07-01 to 2026-12-31, 3 positions
CLOSED = "eba19730-f8f5-48f5-af58-0c46ce677cd5"     # closed
REFERRED = "daf3e146-9c5a-4fa6-a1e9-b7cec8655047"   # referred to COOKING already
UNKNOWN = "c0000000-0000-4000-8000-00000000ffff"
HIRES = {"hired", "left_early", "retained"}
GENERATED_DAY = "2026-03-02"  # the generator's "today"


@pytest.fixture
def sample(library: dict) -> Iterator[vocfab.Dataset]:
    with vocfab.Dataset.load(SAMPLE) as ds:
        yield ds


def order_key(candidate: Candidate) -> Tuple[int, str, str]:
    return (-candidate.score, candidate.registered, candidate.trainee)


def check_ranking(ranking: Ranking, top: int) -> None:
    assert len(ranking) <= top
    assert list(ranking) == sorted(ranking, key=order_key)
    assert len({c.trainee for c in ranking}) == len(ranking)
    for candidate in ranking:
        assert [t.term for t in candidate.terms] == ["certificate", "training", "location", "waiting", "declines",
                                                     "early_leaves", "preferences"]
        assert sum(t.points for t in candidate.terms) == candidate.score
        assert all(t.why for t in candidate.terms)


# --- the sample ---------------------------------------------------------------------------------


def test_rank_lists_candidates_best_first(sample: vocfab.Dataset) -> None:
    before = sample.to_json(reveal_national_ids=True)
    ranking = sample.rank(COOKING, as_of=DAY)
    assert isinstance(ranking, Ranking)
    assert ranking.vacancy == COOKING and ranking.as_of == DAY
    assert len(ranking) > 3
    check_ranking(ranking, 50)
    assert REFERRED not in {c.trainee for c in ranking}
    # A sequence of candidates: indexing, slicing, iteration, len.
    assert ranking[0] == ranking.candidates[0] and ranking[-1] == list(ranking)[-1]
    assert ranking[:2] == ranking.candidates[:2]
    # top keeps the first of the same order; a date object is the same day.
    three = sample.rank(COOKING, top=3, as_of=datetime.date(2026, 11, 20))
    assert list(three) == list(ranking)[:3]
    check_ranking(three, 3)
    assert sample.rank(COOKING, top=1, as_of=DAY)[0] == ranking[0]
    assert sample.to_json(reveal_national_ids=True) == before  # nothing changed


def test_explain_gives_the_entry_or_the_reasons(sample: vocfab.Dataset) -> None:
    ranking = sample.rank(COOKING, as_of=DAY)
    best = sample.explain(COOKING, ranking[0].trainee, as_of=DAY)
    assert isinstance(best, Explanation)
    assert best.eligible and best.candidate == ranking[0] and best.reasons == () and best.codes == []
    assert (best.vacancy, best.trainee, best.as_of) == (COOKING, ranking[0].trainee, DAY)

    excluded = sample.explain(COOKING, REFERRED, as_of=DAY)
    assert not excluded.eligible and excluded.candidate is None
    assert "duplicate_referral" in excluded.codes
    assert all(r.message and r.argument in ("trainee", "vacancy") for r in excluded.reasons)
    # Everyone is either ranked or has reasons, never both.
    ranked = {c.trainee for c in sample.rank(COOKING, top=10_000, as_of=DAY)}
    for trainee in sample.list("trainees")[:40]:
        explanation = sample.explain(COOKING, trainee["id"], as_of=DAY)
        assert explanation.eligible == (trainee["id"] in ranked) == (not explanation.reasons)


def test_refused_requests_raise_with_issues(sample: vocfab.Dataset) -> None:
    cases = [
        (lambda: sample.rank(COOKING), "missing_field", "as_of"),  # the sample has no as_of: no clock is read
        (lambda: sample.rank(UNKNOWN, as_of=DAY), "unknown_reference", "vacancy"),
        (lambda: sample.rank(CLOSED, as_of=DAY), "vacancy_not_open", "vacancy"),
        (lambda: sample.rank(COOKING, as_of="2026-06-30"), "vacancy_not_open", "vacancy"),  # not open yet
        (lambda: sample.rank(COOKING, top=0, as_of=DAY), "invalid_value", "top"),
        (lambda: sample.rank(COOKING, top=10_001, as_of=DAY), "invalid_value", "top"),
        (lambda: sample.rank(COOKING, top=True, as_of=DAY), "invalid_value", "top"),
        (lambda: sample.rank("not-a-uuid", as_of=DAY), "invalid_value", "vacancy"),
        (lambda: sample.rank(COOKING, as_of="2026-02-30"), "invalid_value", "as_of"),
        (lambda: sample.explain(COOKING, UNKNOWN, as_of=DAY), "unknown_reference", "trainee"),
        (lambda: sample.explain(CLOSED, REFERRED, as_of=DAY), "vacancy_not_open", "vacancy"),
        (lambda: sample.match(), "missing_field", "as_of"),
        (lambda: sample.match(mode="greedy", as_of=DAY), "invalid_value", "mode"),
        (lambda: sample.match(shortlist=0, as_of=DAY), "invalid_value", "shortlist"),
        (lambda: sample.match(shortlist=1001, as_of=DAY), "invalid_value", "shortlist"),
        (lambda: sample.match(max_threads=257, as_of=DAY), "invalid_value", "max_threads"),
    ]
    for call, code, path in cases:
        with pytest.raises(vocfab.InvalidArgumentError) as caught:
            call()
        assert (caught.value.issues[0].code, caught.value.issues[0].path) == (code, path), caught.value
        assert caught.value.status == vocfab._capi.Status.ERROR_INVALID_ARGUMENT
        assert "the request was rejected" in str(caught.value) and "(all in .issues)" in str(caught.value)
    with pytest.raises(vocfab.InvalidArgumentError):
        sample.rank(COOKING, as_of=DAY, top=object())  # type: ignore[arg-type]
    sample.close()
    with pytest.raises(vocfab.ClosedError):
        sample.rank(COOKING, as_of=DAY)


def test_a_national_id_never_shows_in_an_error(sample: vocfab.Dataset) -> None:
    nid = "10000000146"
    for call in (lambda: sample.rank(nid, as_of=DAY), lambda: sample.explain(COOKING, nid, as_of=DAY),
                 lambda: sample.match(mode=nid, as_of=DAY)):
        with pytest.raises(vocfab.InvalidArgumentError) as caught:
            call()
        assert nid not in str(caught.value) and all(nid not in issue.message for issue in caught.value.issues)


@pytest.mark.parametrize("mode", ["stable", "max_score"])
def test_match_the_sample_and_carry_it_out(sample: vocfab.Dataset, mode: str) -> None:
    before = sample.to_json(reveal_national_ids=True)
    result = sample.match(mode=mode, as_of=DAY)
    assert isinstance(result, ReferralMatch)
    assert (result.mode, result.as_of, result.shortlist) == (mode, DAY, 20)
    assert result.pairs and result.vacancies >= 1
    assert result.total_score == sum(p.score for p in result.pairs)
    assert result.open_positions_left == result.open_positions - len(result.pairs)
    assert len({p.trainee for p in result.pairs}) == len(result.pairs)  # a seeker at most once
    assert [(op["op"], op["trainee"], op["vacancy"]) for op in result.operations] == [
        ("refer", p.trainee, p.vacancy) for p in result.pairs]
    assert sample.match(mode=mode, as_of=DAY) == result  # deterministic
    assert sample.match(mode=mode, as_of=DAY, max_threads=1) == result  # on any number of threads
    assert sample.to_json(reveal_national_ids=True) == before  # nothing changed
    # Each pair's score is the person's score in the vacancy's ranking.
    for pair in result.pairs:
        explanation = sample.explain(pair.vacancy, pair.trainee, as_of=DAY)
        assert explanation.candidate is not None and explanation.candidate.score == pair.score

    outcome = sample.apply(result.operations, actor="match-desk", at=DAY + "T09:00:00Z", date=DAY)
    assert outcome.applied
    assert sample.validate().valid
    referred = {(r["trainee"], r["vacancy"]) for r in sample.list("referrals") if r["status"] == "referred"}
    assert all((p.trainee, p.vacancy) in referred for p in result.pairs)
    # Once referred, a person is no longer a candidate of that vacancy, and explain says why.
    for pair in result.pairs:
        assert pair.trainee not in {c.trainee for c in sample.rank(pair.vacancy, top=10_000, as_of=DAY)}
        assert "duplicate_referral" in sample.explain(pair.vacancy, pair.trainee, as_of=DAY).codes


def test_refer_removes_the_candidate(sample: vocfab.Dataset) -> None:
    first = sample.rank(COOKING, as_of=DAY)[0]
    sample.apply([{"op": "refer", "trainee": first.trainee, "vacancy": COOKING, "on": DAY}], actor="desk",
                 at=DAY + "T09:00:00Z")
    after = sample.rank(COOKING, as_of=DAY)
    assert first.trainee not in {c.trainee for c in after}
    assert "duplicate_referral" in sample.explain(COOKING, first.trainee, as_of=DAY).codes


# --- generated datasets: max_score against SciPy, stable against its blocking pairs -------------


def generator() -> Path:
    given = os.environ.get("VOCFAB_GENERATOR")
    if given:
        return Path(given)
    found = sorted(REPO.glob("build/*/tools/generate/vocfab-generate"), key=lambda p: p.stat().st_mtime)
    if not found:
        pytest.skip("vocfab-generate is not built (VOCFAB_GENERATOR names it under ctest)")
    return found[-1]


def generated(tmp_path_factory: pytest.TempPathFactory, seed: int, trainees: int) -> vocfab.Dataset:
    path = tmp_path_factory.mktemp("generated") / f"municipal-{seed}-{trainees}.json"
    subprocess.run([str(generator()), "--scale", "municipal", "--seed", str(seed), "--trainees", str(trainees),
                    "--out", str(path)], check=True, capture_output=True)
    return vocfab.Dataset.load(path)


def open_vacancies(ds: vocfab.Dataset, day: str) -> Dict[str, int]:
    """Every vacancy taking referrals on @p day with open positions → how many, found without the
    matcher: the vacancies ``rank`` accepts, less their hires."""
    hires: Dict[str, int] = {}
    for referral in ds.list("referrals"):
        if referral["status"] in HIRES:
            hires[referral["vacancy"]] = hires.get(referral["vacancy"], 0) + 1
    found = {}
    for vacancy in ds.list("vacancies"):
        try:
            ds.rank(vacancy["id"], top=1, as_of=day)
        except vocfab.InvalidArgumentError as error:
            assert [issue.code for issue in error.issues] == ["vacancy_not_open"]
            continue
        left = vacancy["positions"] - hires.get(vacancy["id"], 0)
        if left > 0:
            found[vacancy["id"]] = left
    return found


def shortlists(ds: vocfab.Dataset, day: str, shortlist: int) -> Dict[str, Ranking]:
    return {v: ds.rank(v, top=shortlist, as_of=day) for v in sorted(open_vacancies(ds, day))}


def scipy_optimum(lists: Dict[str, Ranking], positions: Dict[str, int]) -> int:
    """The largest total score with each seeker at most once and each vacancy at most its open
    positions: SciPy's ``linear_sum_assignment`` on the shortlists, columns repeated per open
    position, forbidden pairs very negative, and one zero-weight column per seeker (unassigned)."""
    numpy = pytest.importorskip("numpy")
    optimize = pytest.importorskip("scipy.optimize")
    seekers = sorted({c.trainee for ranking in lists.values() for c in ranking})
    row = {trainee: i for i, trainee in enumerate(seekers)}
    columns = [v for v in sorted(lists) for _ in range(positions[v])]
    forbidden = -(10 ** 9)
    weights = numpy.full((len(seekers), len(columns) + len(seekers)), forbidden, dtype=numpy.int64)
    for c, vacancy in enumerate(columns):
        for candidate in lists[vacancy]:
            weights[row[candidate.trainee], c] = candidate.score
    weights[numpy.arange(len(seekers)), len(columns) + numpy.arange(len(seekers))] = 0
    rows, cols = optimize.linear_sum_assignment(weights, maximize=True)
    chosen = weights[rows, cols]
    assert (chosen > forbidden).all()
    return int(chosen.sum())


def check_match(ds: vocfab.Dataset, day: str, shortlist: int) -> Tuple[ReferralMatch, ReferralMatch]:
    positions = open_vacancies(ds, day)
    lists = shortlists(ds, day, shortlist)
    best = ds.match(mode="max_score", shortlist=shortlist, as_of=day)
    stable = ds.match(mode="stable", shortlist=shortlist, as_of=day)
    for result in (best, stable):
        assert result.vacancies == len(positions) and result.open_positions == sum(positions.values())
        assert result.seekers == len({c.trainee for ranking in lists.values() for c in ranking})
        assert len({p.trainee for p in result.pairs}) == len(result.pairs)
        score = {(c.trainee, v): c.score for v, ranking in lists.items() for c in ranking}
        assert all(score[(p.trainee, p.vacancy)] == p.score for p in result.pairs)  # on the shortlists only
        held: Dict[str, int] = {}
        for pair in result.pairs:
            held[pair.vacancy] = held.get(pair.vacancy, 0) + 1
        assert all(count <= positions[v] for v, count in held.items())
        assert result.total_score == sum(p.score for p in result.pairs)
    assert best.total_score == scipy_optimum(lists, positions)
    assert best.total_score >= stable.total_score
    assert all(p.score >= 0 for p in best.pairs)  # a negative pair would lower the total
    check_stable(lists, positions, stable)
    return best, stable


def check_stable(lists: Dict[str, Ranking], positions: Dict[str, int], result: ReferralMatch) -> None:
    """No blocking pair: vacancies rank their shortlists in ranking order; seekers rank the
    vacancies that shortlisted them by location + preferences, then score, then vacancy id."""
    wishes: Dict[str, List[Tuple[int, int, str]]] = {}
    for vacancy, ranking in lists.items():
        for c in ranking:
            side = sum(t.points for t in c.terms if t.term in ("location", "preferences"))
            wishes.setdefault(c.trainee, []).append((-side, -c.score, vacancy))
    proposers = {s: [v for _, _, v in sorted(w)] for s, w in wishes.items()}
    receivers = {v: [c.trainee for c in ranking] for v, ranking in lists.items()}
    assigned = {p.trainee: p.vacancy for p in result.pairs}
    found = matching.instability(proposers, receivers, {s: assigned.get(s) for s in proposers}, positions)
    assert found.stable and not found.capacity_violations and not found.unacceptable
    # The library's own stable matching of that instance is the one it proposed.
    assert matching.stable_match(proposers, receivers, positions).matching == {s: assigned.get(s) for s in proposers}


def test_max_score_is_scipy_optimum_on_a_generated_dataset(tmp_path_factory: pytest.TempPathFactory,
                                                           library: dict) -> None:
    pytest.importorskip("scipy")
    with generated(tmp_path_factory, seed=11, trainees=5000) as ds:
        for shortlist in (4, 20):
            best, stable = check_match(ds, GENERATED_DAY, shortlist)
        # Big enough to matter: seekers compete for the positions, and the two modes differ.
        assert best.vacancies >= 10 and best.seekers >= 100 and len(best.pairs) >= 20
        assert best.total_score > stable.total_score
        # The batch applies, and its people leave the vacancies' rankings.
        ds.apply(best.operations, actor="match-desk", at=GENERATED_DAY + "T09:00:00Z", date=GENERATED_DAY)
        for pair in best.pairs[:25]:
            assert pair.trainee not in {c.trainee for c in ds.rank(pair.vacancy, top=10_000, as_of=GENERATED_DAY)}
        assert ds.validate().valid


@pytest.mark.parametrize("seed", [1, 2, 3, 4, 5, 6])
def test_small_generated_datasets(tmp_path_factory: pytest.TempPathFactory, library: dict, seed: int) -> None:
    pytest.importorskip("scipy")
    with generated(tmp_path_factory, seed=seed, trainees=500 + 250 * seed) as ds:
        for shortlist in (1, 3, 8):
            best, stable = check_match(ds, GENERATED_DAY, shortlist)
            assert best.pairs and stable.pairs
            for ranking in shortlists(ds, GENERATED_DAY, shortlist).values():
                check_ranking(ranking, shortlist)
        applied = ds.apply(stable.operations, actor="desk", at=GENERATED_DAY + "T09:00:00Z", date=GENERATED_DAY,
                           check_only=True)
        assert applied.check_only and not applied.applied
