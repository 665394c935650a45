"""Matching solvers a caller can use on their own instances (SPEC section 5.0).

:func:`stable_match` is many-to-one deferred acceptance (Gale–Shapley / Roth–Peranson),
:func:`blocking_pairs` checks any matching against an instance, :func:`assign` solves dense and
sparse assignment problems exactly on integers. They take plain dicts and lists, cross the C ABI
in the JSON shapes of ``docs/matching.md`` (``vf_stable_match``, ``vf_blocking_pairs``,
``vf_assign``) and keep no state: safe from many threads at once.

Example::

    from vocfab import matching

    result = matching.stable_match(
        {"ada": ["city", "mercy"], "sam": ["city"]},
        {"city": ["sam", "ada"], "mercy": ["ada"]},
    )
    result.matching   # {"ada": "mercy", "sam": "city"}
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple

from . import _capi
from .errors import InvalidArgumentError

Lists = Mapping[str, Sequence[str]]


@dataclass(frozen=True)
class StableMatch:
    """The result of :func:`stable_match`.

    Attributes:
        matching: every proposer (in the order given) → its receiver, or ``None``.
        assigned: every receiver (in the order given) → its proposers, in the receiver's order
            of preference.
        ignored: every entry only one side lists, as ``(proposer, receiver)``.
    """

    matching: Dict[str, Optional[str]]
    assigned: Dict[str, List[str]]
    ignored: List[Tuple[str, str]] = field(default_factory=list)


@dataclass(frozen=True)
class Instability:
    """What :func:`instability` finds in a matching (empty lists: the matching is stable)."""

    stable: bool
    blocking_pairs: List[Tuple[str, str]]
    #: receivers holding more than their capacity: ``{"receiver", "assigned", "capacity"}``
    capacity_violations: List[Dict[str, Any]]
    #: matched pairs that one side does not list
    unacceptable: List[Tuple[str, str]]


def _instance(proposers: Lists, receivers: Lists, capacities: Optional[Mapping[str, int]],
              optimal: Optional[str] = None) -> Dict[str, Any]:
    if not isinstance(proposers, Mapping) or not isinstance(receivers, Mapping):
        raise InvalidArgumentError("proposers and receivers are mappings of a name to its ranked list")
    request: Dict[str, Any] = {
        "proposers": {name: list(ranked) for name, ranked in proposers.items()},
        "receivers": {name: list(ranked) for name, ranked in receivers.items()},
    }
    if capacities is not None:
        request["capacities"] = dict(capacities)
    if optimal is not None:
        request["optimal"] = optimal
    return request


def _call(function_name: str, request: Any) -> Any:
    lib = _capi.library()
    try:
        text = json.dumps(request, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise InvalidArgumentError(f"the problem cannot be written as JSON: {error}") from None
    return lib.call_json(getattr(lib, function_name), text, len(text))


def stable_match(proposers: Lists, receivers: Lists, capacities: Optional[Mapping[str, int]] = None,
                 optimal: str = "proposer") -> StableMatch:
    """A stable matching, optimal for the side named by @p optimal (``"proposer"`` or
    ``"receiver"``). Lists are strict rankings, most preferred first; capacities default to 1.
    A pair is acceptable only when each side lists the other.

    Raises:
        InvalidArgumentError: the instance is malformed (``.issues`` says where).
    """
    result = _call("vf_stable_match", _instance(proposers, receivers, capacities, optimal))
    return StableMatch(
        matching=dict(result["matching"]),
        assigned={name: list(held) for name, held in result["assigned"].items()},
        ignored=[(pair[0], pair[1]) for pair in result["ignored"]],
    )


def instability(proposers: Lists, receivers: Lists, matching: Mapping[str, Optional[str]],
                capacities: Optional[Mapping[str, int]] = None) -> Instability:
    """Everything that keeps @p matching from being stable for the instance: blocking pairs,
    receivers over capacity, and matched pairs one side does not list."""
    request = _instance(proposers, receivers, capacities)
    request["matching"] = dict(matching)
    result = _call("vf_blocking_pairs", request)
    return Instability(
        stable=bool(result["stable"]),
        blocking_pairs=[(pair[0], pair[1]) for pair in result["blocking_pairs"]],
        capacity_violations=list(result["capacity_violations"]),
        unacceptable=[(pair[0], pair[1]) for pair in result["unacceptable"]],
    )


def blocking_pairs(proposers: Lists, receivers: Lists, matching: Mapping[str, Optional[str]],
                   capacities: Optional[Mapping[str, int]] = None) -> List[Tuple[str, str]]:
    """The blocking pairs of @p matching: ``(proposer, receiver)`` who both prefer each other to
    what the matching gives them (see :func:`instability` for capacity and acceptability)."""
    return instability(proposers, receivers, matching, capacities).blocking_pairs


@dataclass(frozen=True)
class Allocation:
    """A course allocation (SPEC 5.2), from :meth:`vocfab.Dataset.allocate`; nothing changed yet.

    Attributes:
        assignments: ``{"trainee", "course", "choice"}`` per person placed (``choice`` from 1).
        waitlists: course id → trainee ids, in the course's priority order.
        cancelled: ``{"course", "assigned", "held", "min_group", "reason"}`` per course dropped
            below its minimum group.
        unassigned: ``{"trainee", "reason"}`` per applicant placed nowhere.
        skipped: ``{"trainee", "course", "choice", "code", "reason"}`` per choice that was not
            acceptable (the rule it breaks).
        rounds: how many times deferred acceptance ran.
        seed: the lottery's seed.
        as_of: the day allocated for (``YYYY-MM-DD``).
        operations: the ``open_course``, ``enroll`` and ``cancel_course`` operations that carry it
            out: pass them to :meth:`vocfab.Dataset.apply`.
    """

    assignments: List[Dict[str, Any]]
    waitlists: Dict[str, List[str]]
    cancelled: List[Dict[str, Any]]
    unassigned: List[Dict[str, Any]]
    skipped: List[Dict[str, Any]]
    rounds: int
    seed: int
    as_of: str
    operations: List[Dict[str, Any]]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Allocation":
        """Builds an allocation from the result JSON of ``vf_dataset_allocate``."""
        return cls(
            assignments=list(data["assignments"]), waitlists={k: list(v) for k, v in data["waitlists"].items()},
            cancelled=list(data["cancelled"]), unassigned=list(data["unassigned"]),
            skipped=list(data.get("skipped", [])), rounds=int(data["rounds"]), seed=int(data["seed"]),
            as_of=str(data["as_of"]), operations=list(data["operations"]),
        )


def _dense_costs(costs: Any) -> Any:
    # A numpy array (when numpy is installed) becomes nested lists; NaN stays "not allowed".
    if hasattr(costs, "tolist") and hasattr(costs, "ndim"):
        import numpy

        array = numpy.asarray(costs)
        if array.ndim != 2:
            raise InvalidArgumentError("costs must be a two-dimensional array")
        if array.dtype.kind == "f":
            allowed = ~numpy.isnan(array)
            if not numpy.all(numpy.equal(numpy.mod(array[allowed], 1), 0)):
                raise InvalidArgumentError("costs must be whole numbers (the solver is exact on integers)")
            return [[int(value) if ok else None for value, ok in zip(row, mask)]
                    for row, mask in zip(array.tolist(), allowed.tolist())]
        if array.dtype.kind not in "iub":
            raise InvalidArgumentError(f"costs of dtype {array.dtype} are not integers")
        return array.astype(numpy.int64).tolist()
    return costs


def assign(problem: Mapping[str, Any]) -> Dict[str, Any]:
    """Solves an assignment problem exactly (SPEC 5.0) and returns the SPEC result.

    Dense: ``{"costs": [[4, 1, 3], [2, 0, 5]], "maximize": False}`` (``None`` = not allowed;
    a numpy array is accepted, NaN = not allowed) gives ``{"rows", "cols", "total", "duals"}``
    as SciPy's ``linear_sum_assignment``. Sparse: ``{"rows": n, "cols": m, "arcs": [[r, c, w],
    ...], "capacities": [...], "objective": "max_weight" | "min_cost_full"}`` gives ``{"pairs",
    "total", "duals"}``. The duals are an optimality certificate (``docs/matching.md``).

    Raises:
        InfeasibleError: no full assignment exists.
        InvalidArgumentError: the problem is malformed (``.issues`` says where).
    """
    if not isinstance(problem, Mapping):
        raise InvalidArgumentError("the problem is a mapping (see docs/matching.md)")
    request = dict(problem)
    if "costs" in request:
        request["costs"] = _dense_costs(request["costs"])
    return dict(_call("vf_assign", request))


__all__ = ["Allocation", "StableMatch", "Instability", "stable_match", "blocking_pairs", "instability", "assign"]
