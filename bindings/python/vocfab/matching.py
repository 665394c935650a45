"""Matching solvers a caller can use on their own instances (SPEC section 5.0).

:func:`stable_match` is many-to-one deferred acceptance (Gale–Shapley / Roth–Peranson),
:func:`blocking_pairs` checks any matching against an instance, :func:`assign` solves dense and
sparse assignment problems exactly on integers. They take plain dicts and lists and keep no
state: safe from many threads at once. :func:`assign` crosses the C ABI in the JSON shape of
``docs/matching.md`` (``vf_assign``). :func:`stable_match` and :func:`instability` send their
instance in compact form (``vf_stable_match_lists``, ``vf_blocking_pairs_lists``: the names
joined into one buffer, the lists' lengths and the capacities as arrays, the matching back as
indices), which costs a fraction of writing and parsing JSON; an instance that form cannot carry
(a name that is not a ``str`` or holds ``"\x1f"``, a capacity that is not an ``int``, an unknown
``optimal``), and any instance the library refuses, is sent again as JSON (``vf_stable_match``,
``vf_blocking_pairs``), so that results and errors are exactly those of the JSON path.

Example::

    from vocfab import matching

    result = matching.stable_match(
        {"ada": ["city", "mercy"], "sam": ["city"]},
        {"city": ["sam", "ada"], "mercy": ["ada"]},
    )
    result.matching   # {"ada": "mercy", "sam": "city"}
"""

from __future__ import annotations

import ctypes
import json
import operator
from array import array
from dataclasses import dataclass, field
from itertools import repeat
from typing import Any, Dict, List, Mapping, Optional, Sequence, Tuple, Type, TypeVar, Union, overload

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


class _Lists:
    """An instance in the compact form of ``vf_stable_match_lists``: the names joined by
    ``_capi.NAME_SEPARATOR`` (the proposers', the receivers', the capacities', a matching's
    proposers'; then the proposers' lists' entries, the receivers' lists' entries, the matching's
    receivers), each list's length, the capacities. Built with C-level joins and maps only: a
    Python loop over the entries would cost more than the solver."""

    __slots__ = ("names", "lengths", "capacities", "proposers", "receivers", "matched")

    def __init__(self, proposers: Mapping[str, Sequence[str]], receivers: Mapping[str, Sequence[str]],
                 capacities: Mapping[str, int], matching: Optional[Mapping[str, Optional[str]]] = None) -> None:
        # Raises TypeError, ValueError or OverflowError for what only JSON can say, having
        # consumed nothing: the arguments are mappings, and a list without a length (a
        # generator) fails at len() before any list is iterated.
        given = dict(capacities)
        if not set(map(type, given.values())) <= {int}:
            raise TypeError("a capacity that is not an int")  # JSON reports it (a bool, a float, ...)
        lengths = array("I", map(len, proposers.values()))
        proposer_entries = sum(lengths)
        lengths.extend(map(len, receivers.values()))
        receiver_entries = sum(lengths) - proposer_entries
        join = _capi.NAME_SEPARATOR.join
        # The names first, then the entries, list by list (a join over a list is a memcpy loop;
        # over a chain of the entries it is twice as slow), empty lists and sections left out:
        # n names, n - 1 separators.
        sections = [join(names) for names in (proposers, receivers, given) if names]
        self.matched = 0
        matched: List[str] = []
        if matching is not None:
            pairs = dict(matching)
            lengths.extend(map(operator.is_not, pairs.values(), repeat(None)))
            matched = [r for r in pairs.values() if r is not None]
            if pairs:
                sections.append(join(pairs))
            self.matched = len(pairs)
        if proposer_entries:
            sections.append(join(map(join, filter(None, proposers.values()))))
        if receiver_entries:
            sections.append(join(map(join, filter(None, receivers.values()))))
        if matched:
            sections.append(join(matched))
        self.names = join(sections).encode("utf-8")
        self.lengths = lengths
        self.capacities = array("q", given.values())
        self.proposers = list(proposers)
        self.receivers = list(receivers)

    def arguments(self) -> Tuple[Any, ...]:
        """The request's arguments of ``vf_stable_match_lists`` and ``vf_blocking_pairs_lists``."""
        return (self.names, len(self.names), _buffer(ctypes.c_uint32, self.lengths), len(self.proposers),
                len(self.receivers), _buffer(ctypes.c_int64, self.capacities), len(self.capacities))


def _buffer(item: Any, values: "array[int]") -> Any:
    """@p values as the C array ``vf_*_lists`` reads or writes (NULL when empty), sharing memory."""
    return (item * len(values)).from_buffer(values) if values else None


def _compact(proposers: Lists, receivers: Lists, capacities: Optional[Mapping[str, int]],
             matching: Optional[Mapping[str, Optional[str]]] = None) -> Optional[_Lists]:
    """The compact form of an instance, or None when only JSON can say what it means. Whatever
    it reads can be read again by the JSON path: capacities and a matching that are not mappings
    (an iterator of pairs is read once) go there directly."""
    if not isinstance(proposers, Mapping) or not isinstance(receivers, Mapping):
        raise InvalidArgumentError("proposers and receivers are mappings of a name to its ranked list")
    if not isinstance(capacities, (Mapping, type(None))) or not isinstance(matching, (Mapping, type(None))):
        return None
    try:
        return _Lists(proposers, receivers, {} if capacities is None else capacities, matching)
    except (TypeError, ValueError, OverflowError):
        return None


def _solve_lists(lists: _Lists, flags: int) -> Optional[StableMatch]:
    """``vf_stable_match_lists`` on @p lists; None when the library refuses it (the JSON path
    then says why, in its own words)."""
    lib = _capi.library()
    proposers, receivers = lists.proposers, lists.receivers
    partner = array("I", [0]) * len(proposers)
    held = array("I", [0]) * len(proposers)
    counts = array("I", [0]) * len(receivers)
    ignored, ignored_length = ctypes.c_void_p(), ctypes.c_size_t()
    status = lib.vf_stable_match_lists(*lists.arguments(), flags, _buffer(ctypes.c_uint32, partner),
                                       _buffer(ctypes.c_uint32, held), _buffer(ctypes.c_uint32, counts),
                                       ctypes.byref(ignored), ctypes.byref(ignored_length))
    if status != _capi.Status.OK:
        return None
    try:
        text = ctypes.string_at(ignored.value or 0, ignored_length.value).decode("utf-8")
    finally:
        lib.vf_string_free(ignored)
    receiver_of: Dict[int, Optional[str]] = dict(enumerate(receivers))
    receiver_of[_capi.UNMATCHED] = None
    names = _pick(proposers, held[:sum(counts)])
    assigned: Dict[str, List[str]] = {}
    at = 0
    for name, count in zip(receivers, counts):
        assigned[name] = list(names[at:at + count])
        at += count
    pairs = text.split(_capi.NAME_SEPARATOR) if text else []
    return StableMatch(
        matching=dict(zip(proposers, _pick(receiver_of, partner))),
        assigned=assigned,
        ignored=list(zip(pairs[0::2], pairs[1::2])),
    )


def _pick(table: Any, indices: Sequence[int]) -> Tuple[Any, ...]:
    """``tuple(table[i] for i in indices)``, in one C call (``operator.itemgetter``)."""
    if len(indices) > 1:
        picked: Tuple[Any, ...] = operator.itemgetter(*indices)(table)
        return picked
    return (table[indices[0]],) if indices else ()


def stable_match(proposers: Lists, receivers: Lists, capacities: Optional[Mapping[str, int]] = None,
                 optimal: str = "proposer") -> StableMatch:
    """A stable matching, optimal for the side named by @p optimal (``"proposer"`` or
    ``"receiver"``). Lists are strict rankings, most preferred first; capacities default to 1.
    A pair is acceptable only when each side lists the other.

    Raises:
        InvalidArgumentError: the instance is malformed (``.issues`` says where).
    """
    flags = {None: 0, "proposer": 0, "receiver": _capi.RECEIVER_OPTIMAL}.get(optimal) if (
        optimal is None or isinstance(optimal, str)) else None
    if flags is not None:
        lists = _compact(proposers, receivers, capacities)
        found = _solve_lists(lists, flags) if lists is not None else None
        if found is not None:
            return found
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
    result = None
    lists = _compact(proposers, receivers, capacities, matching)
    if lists is not None:
        lib = _capi.library()
        out = ctypes.c_void_p()
        status = lib.vf_blocking_pairs_lists(*lists.arguments(), lists.matched, ctypes.byref(out))
        if status == _capi.Status.OK:
            result = json.loads(lib.take_string(out))
    if result is None:
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


_Frozen = TypeVar("_Frozen")


def _frozen(cls: Type[_Frozen], **fields: Any) -> _Frozen:
    """An instance of the frozen dataclass ``cls`` with ``fields``, made without its ``__init__``:
    a ranking's result is hundreds of these (seven terms a candidate), and the generated
    ``__init__`` of a frozen dataclass sets each field through ``object.__setattr__``, which was a
    third of a ``Dataset.rank`` call. Only for values the library's own JSON gives, already of the
    fields' types (none of these classes has a ``__post_init__``)."""
    made = object.__new__(cls)
    made.__dict__.update(fields)
    return made


@dataclass(frozen=True)
class ScoreTerm:
    """One term of a candidate's score (SPEC 5.1).

    Attributes:
        term: ``certificate``, ``training``, ``location``, ``waiting``, ``declines``,
            ``early_leaves`` or ``preferences``.
        points: its points (negative for declines and early leaves).
        why: the facts the points come from, for a person.
    """

    term: str
    points: int
    why: str


@dataclass(frozen=True)
class Candidate:
    """A person one may refer to a vacancy, with the terms of the score (SPEC 5.1).

    Attributes:
        trainee: the person's id.
        score: the sum of the terms' points.
        terms: all seven terms, in the order of SPEC 5.1's table.
        registered: the person's registration day (``YYYY-MM-DD``), the first tie-break.
    """

    trainee: str
    score: int
    terms: Tuple[ScoreTerm, ...]
    registered: str

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Candidate":
        """Builds a candidate from its JSON object ``{"trainee", "score", "terms", "registered"}``
        (the trainee may also be given by the caller, as in an explanation)."""
        return _frozen(cls, trainee=str(data["trainee"]), score=int(data["score"]),
                       terms=tuple(_frozen(ScoreTerm, term=t["term"], points=t["points"], why=t["why"]) for t in data["terms"]),
                       registered=str(data["registered"]))


@dataclass(frozen=True)
class Ranking(Sequence[Candidate]):
    """The candidates for a vacancy, best first (SPEC 5.1), from :meth:`vocfab.Dataset.rank`.

    A sequence of :class:`Candidate` (index it, iterate it, take its ``len``), ordered by higher
    score, then earlier ``registered``, then trainee id.

    Attributes:
        vacancy: the vacancy's id.
        as_of: the day it was judged on (``YYYY-MM-DD``).
        candidates: the first ``top`` candidates (how many pass the filters in all is not
            counted: the ranking does not score everyone, see docs/matching.md).
    """

    vacancy: str
    as_of: str
    candidates: Tuple[Candidate, ...]

    @overload
    def __getitem__(self, index: int) -> Candidate: ...

    @overload
    def __getitem__(self, index: slice) -> Tuple[Candidate, ...]: ...

    def __getitem__(self, index: Union[int, slice]) -> Union[Candidate, Tuple[Candidate, ...]]:
        return self.candidates[index]

    def __len__(self) -> int:
        return len(self.candidates)

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Ranking":
        """Builds a ranking from the result JSON of ``vf_dataset_rank``."""
        return _frozen(cls, vacancy=str(data["vacancy"]), as_of=str(data["as_of"]),
                       candidates=tuple(Candidate.from_json(c) for c in data["candidates"]))


@dataclass(frozen=True)
class Reason:
    """A hard filter a person fails for a vacancy (SPEC 5.1).

    Attributes:
        code: the rule's issue code, e.g. ``"not_job_seeking"``, ``"duplicate_referral"``.
        argument: the ``refer`` argument it concerns: ``"trainee"`` or ``"vacancy"``.
        field: the record's field it concerns (may be empty).
        message: what, for a person; never a name or a national id.
    """

    code: str
    argument: str
    field: str
    message: str


@dataclass(frozen=True)
class Explanation:
    """Why a person is or is not a candidate for a vacancy, from :meth:`vocfab.Dataset.explain`.

    Attributes:
        vacancy: the vacancy's id.
        trainee: the person's id.
        as_of: the day it was judged on (``YYYY-MM-DD``).
        eligible: the person passes every hard filter.
        candidate: the person's entry of the ranking, when eligible (else ``None``).
        reasons: every hard filter the person fails, when not eligible (else empty).
    """

    vacancy: str
    trainee: str
    as_of: str
    eligible: bool
    candidate: Optional[Candidate]
    reasons: Tuple[Reason, ...]

    @property
    def codes(self) -> List[str]:
        """The codes of the reasons, in order (empty when eligible)."""
        return [reason.code for reason in self.reasons]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "Explanation":
        """Builds an explanation from the result JSON of ``vf_dataset_explain``."""
        eligible = bool(data["eligible"])
        return cls(vacancy=str(data["vacancy"]), trainee=str(data["trainee"]), as_of=str(data["as_of"]),
                   eligible=eligible, candidate=Candidate.from_json(data) if eligible else None,
                   reasons=tuple(Reason(str(r["code"]), str(r["argument"]), str(r["field"]), str(r["message"]))
                                 for r in data.get("reasons", [])))


@dataclass(frozen=True)
class ReferralPair:
    """One referral a match proposes: who, where, and the person's score for the vacancy."""

    trainee: str
    vacancy: str
    score: int


@dataclass(frozen=True)
class ReferralMatch:
    """A batch referral match (SPEC 5.3), from :meth:`vocfab.Dataset.match`; nothing changed yet.

    Attributes:
        mode: ``"stable"`` or ``"max_score"``.
        as_of: the day it was judged on (``YYYY-MM-DD``).
        shortlist: the candidates kept per vacancy.
        vacancies: how many vacancies took referrals that day with open positions.
        seekers: how many distinct people were on some shortlist.
        open_positions: the open positions (``positions`` − hires) of those vacancies, together.
        pairs: the referrals proposed, by vacancy id, then in the vacancy's ranking order.
        total_score: the sum of the pairs' scores.
        open_positions_left: the open positions no pair fills.
        operations: one ``refer`` operation per pair: pass them to :meth:`vocfab.Dataset.apply`.
    """

    mode: str
    as_of: str
    shortlist: int
    vacancies: int
    seekers: int
    open_positions: int
    pairs: Tuple[ReferralPair, ...]
    total_score: int
    open_positions_left: int
    operations: List[Dict[str, Any]]

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> "ReferralMatch":
        """Builds a match from the result JSON of ``vf_dataset_match``."""
        return cls(
            mode=str(data["mode"]), as_of=str(data["as_of"]), shortlist=int(data["shortlist"]),
            vacancies=int(data["vacancies"]), seekers=int(data["seekers"]),
            open_positions=int(data["open_positions"]),
            pairs=tuple(ReferralPair(str(p["trainee"]), str(p["vacancy"]), int(p["score"])) for p in data["pairs"]),
            total_score=int(data["total_score"]), open_positions_left=int(data["open_positions_left"]),
            operations=list(data["operations"]),
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


__all__ = ["Allocation", "Candidate", "Explanation", "Ranking", "Reason", "ReferralMatch", "ReferralPair",
           "ScoreTerm", "StableMatch", "Instability", "stable_match", "blocking_pairs", "instability", "assign"]
