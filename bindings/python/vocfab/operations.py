"""Lifecycle operations (SPEC section 4): what :meth:`vocfab.Dataset.apply` returns.

An operation is a dict ``{"op": "enroll", "trainee": ..., "course": ...}`` exactly as in an
operations file (docs/operations.md); a batch is a list of them, applied all or nothing. The
result says, per operation, which records it created and every field it changed, derived effects
included (a waitlisted person promoted, a vacancy filled, referrals withdrawn, a pause started).
"""

from __future__ import annotations

import datetime as _dt
import json
from dataclasses import dataclass, field
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Union

from . import _capi

#: One value an effect changed: absent (``None``), text, a whole number or a flag.
EffectValue = Union[None, str, int, bool]
#: An operation as written in an operations file.
OperationLike = Mapping[str, Any]


@dataclass(frozen=True)
class Touched:
    """A record an operation created or changed."""

    collection: str
    id: str


@dataclass(frozen=True)
class Effect:
    """One field of one record that an operation changed.

    Attributes:
        collection: The record's collection (``None`` for the dataset itself, e.g. ``as_of``).
        id: Its key ("" for the dataset itself).
        field: The field (``status``, ``hired``, ``referrals_paused_until``, ...).
        before: The value before (``None`` when absent).
        after: The value after.
        reason: Why, for a derived effect (``vacancy_filled``, ``promoted_from_waitlist``, ...).
    """

    collection: Optional[str]
    id: str
    field: str
    before: EffectValue
    after: EffectValue
    reason: Optional[str] = None


@dataclass(frozen=True)
class OperationResult:
    """What one operation did."""

    op: str
    seq: int
    replayed: bool
    created: List[Touched] = field(default_factory=list)
    effects: List[Effect] = field(default_factory=list)


@dataclass(frozen=True)
class BatchResult:
    """What applying a batch did (or, when ``check_only``, would do)."""

    batch: str
    applied: bool
    check_only: bool
    results: List[OperationResult]

    @classmethod
    def from_json(cls, text: str) -> "BatchResult":
        """Builds the result from the C library's JSON."""
        data = json.loads(text)
        return cls(
            batch=str(data.get("batch") or ""),
            applied=bool(data.get("applied")),
            check_only=bool(data.get("check_only")),
            results=[
                OperationResult(
                    op=str(item["op"]),
                    seq=int(item.get("seq", 0)),
                    replayed=bool(item.get("replayed")),
                    created=[Touched(str(t["collection"]), str(t["id"])) for t in item.get("created", [])],
                    effects=[
                        Effect(e.get("collection"), str(e.get("id", "")), str(e["field"]), e.get("from"),
                               e.get("to"), e.get("reason"))
                        for e in item.get("effects", [])
                    ],
                )
                for item in data.get("results", [])
            ],
        )

    @property
    def created(self) -> List[Touched]:
        """Every record the batch created, in order."""
        return [touched for result in self.results for touched in result.created]

    @property
    def effects(self) -> List[Effect]:
        """Every effect of the batch, in order."""
        return [effect for result in self.results for effect in result.effects]


def _moment(at: Union[None, str, _dt.datetime]) -> Optional[str]:
    if at is None or isinstance(at, str):
        return at
    if at.tzinfo is None:
        raise ValueError("at must be timezone-aware (UTC), or a 'YYYY-MM-DDTHH:MM:SSZ' string")
    return at.astimezone(_dt.timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def _day(value: Union[None, str, _dt.date]) -> Optional[str]:
    if value is None or isinstance(value, str):
        return value
    return value.isoformat()


def apply_request(operations: Union[OperationLike, Iterable[OperationLike]], *, actor: str,
                  at: Union[None, str, _dt.datetime], date: Union[None, str, _dt.date],
                  check_only: bool, id_seed: Optional[int]) -> bytes:
    """The request ``vf_dataset_apply`` takes, as UTF-8 JSON."""
    ops: List[Any] = [dict(operations)] if isinstance(operations, Mapping) else [dict(op) for op in operations]
    request: Dict[str, Any] = {"actor": actor, "ops": ops}
    moment = _moment(at)
    if moment is not None:
        request["at"] = moment
    day = _day(date)
    if day is not None:
        request["date"] = day
    if check_only:
        request["check_only"] = True
    if id_seed is not None:
        request["id_seed"] = id_seed
    return json.dumps(request, ensure_ascii=False).encode("utf-8")


def apply_batch(call: Callable[[bytes, int], str], operations: Union[OperationLike, Iterable[OperationLike]], *,
                actor: str, at: Union[None, str, _dt.datetime], date: Union[None, str, _dt.date], check_only: bool,
                id_seed: Optional[int]) -> BatchResult:
    """Applies a batch through @p call — ``vf_dataset_apply`` or ``vf_registry_apply`` on a handle:
    the request and the flags in, the outcome's JSON out — and reads the outcome. One request and
    one result for :meth:`vocfab.Dataset.apply` and :meth:`vocfab.Registry.apply`."""
    request = apply_request(operations, actor=actor, at=at, date=date, check_only=check_only, id_seed=id_seed)
    return BatchResult.from_json(call(request, _capi.CHECK_ONLY if check_only else _capi.FLAGS_NONE))


__all__ = ["BatchResult", "Effect", "EffectValue", "OperationLike", "OperationResult", "Touched", "apply_batch",
           "apply_request"]
