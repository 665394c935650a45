"""The :class:`Dataset` class: a registry's state held by the C library, and validation helpers."""

from __future__ import annotations

import ctypes
import json
import os
from ctypes import c_int, c_size_t, c_void_p
from dataclasses import dataclass, field
import datetime
from contextlib import contextmanager
from typing import (
    Any, Callable, ContextManager, Dict, Iterable, Iterator, List, Literal, Mapping, Optional, Union, overload,
)

from . import _capi, records
from ._handle import Handle
from .certificates import CertificateVerification, Keyring, _c_text, keyring_handle
from .errors import InvalidArgumentError, InvalidDataError, Issue, ParseError
from .matching import Allocation, Explanation, Ranking, ReferralMatch
from .operations import BatchResult, OperationLike, _day, apply_batch
from .reports import Plan, Report

#: A record or policy: a JSON object as a dict (SPEC section 3), or its JSON text.
JsonObject = Dict[str, Any]
RecordLike = Union[Mapping[str, Any], str, bytes]
PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]

#: The collections of a dataset in document order (``vf_collection_name``), as in SPEC section 3.
COLLECTIONS = ("centres", "branches", "courses", "trainees", "applications", "enrollments",
               "certificates", "employers", "vacancies", "referrals")


@dataclass(frozen=True)
class ValidationReport:
    """The outcome of validating a dataset: ``valid`` and every :class:`Issue` found.

    The same content as ``vocfab validate --json``. ``bool(report)`` is deliberately not defined:
    test ``report.valid``.
    """

    valid: bool
    issues: List[Issue] = field(default_factory=list)

    @classmethod
    def from_json(cls, text: str) -> "ValidationReport":
        """Parses ``{"valid": bool, "issues": [...]}``."""
        data = json.loads(text)
        return cls(bool(data.get("valid", False)),
                   [Issue.from_dict(item) for item in data.get("issues", [])])

    @property
    def codes(self) -> List[str]:
        """The issue codes, in order."""
        return [issue.code for issue in self.issues]

    def raise_if_invalid(self) -> None:
        """Raises :class:`InvalidDataError` carrying the issues when the dataset is not valid."""
        if not self.valid:
            raise InvalidDataError(f"the dataset has {len(self.issues)} issue(s)",
                                   issues=self.issues)

    def to_dict(self) -> JsonObject:
        """The report as ``{"valid": bool, "issues": [{"code", "path", "message"}, …]}``."""
        return {"valid": self.valid,
                "issues": [{"code": i.code, "path": i.path, "message": i.message}
                           for i in self.issues]}


def _text(value: RecordLike) -> bytes:
    """A JSON object argument as UTF-8 bytes: dicts are serialised, text is passed as is.

    Raises:
        ParseError: a dict nested too deeply for :func:`json.dumps` (its ``RecursionError``);
            the library reads at most 32 levels anyway, so such a value could never be valid.
    """
    if isinstance(value, bytes):
        return value
    if isinstance(value, str):
        return value.encode("utf-8")
    if isinstance(value, Mapping):
        try:
            return json.dumps(dict(value), ensure_ascii=False).encode("utf-8")
        except RecursionError:
            raise ParseError("the value is nested too deeply to be written as JSON (the library reads "
                             "at most 32 levels)") from None
    raise TypeError(f"expected a dict or JSON text, not {type(value).__name__}")


def _c_string(value: bytes, what: str) -> bytes:
    """@p value for a NUL-terminated C parameter: an embedded NUL would silently cut it short."""
    if b"\0" in value:
        raise InvalidArgumentError(f"{what} contains a NUL character")
    return value


def _path(path: PathLike) -> bytes:
    return _c_string(os.fsencode(path), "the path")


def _name(collection: str) -> bytes:
    if not isinstance(collection, str):
        raise TypeError(f"collection must be a str, not {type(collection).__name__}")
    return _c_string(collection.encode("utf-8"), "the collection name")


def _flags(reveal_national_ids: bool) -> int:
    """The C flags for @p reveal_national_ids, which must be a real ``bool``.

    Truthiness is not enough for a switch that decides whether personal data leaves the library:
    ``reveal_national_ids="false"`` would reveal every id. Anything but ``True`` or ``False``
    (``"false"``, ``0``, ``1``, ``None``, a NumPy bool) raises :class:`TypeError`.
    """
    if not isinstance(reveal_national_ids, bool):  # bool cannot be subclassed: True or False
        raise TypeError("reveal_national_ids must be a bool (True or False), not "
                        f"{type(reveal_national_ids).__name__}")
    return _capi.REVEAL_NATIONAL_IDS if reveal_national_ids else _capi.FLAGS_NONE


def validate_json(text: Union[str, bytes]) -> ValidationReport:
    """Reads and validates a dataset document held in memory, without keeping it.

    Never raises for a bad document: an unreadable or invalid one gives a report whose issues say
    why (``parse_error``, ``schema_version_unsupported``, ``invalid_national_id``, …).
    """
    lib = _capi.library()
    data = _text(text)
    valid = c_int(0)
    report = lib.call_string(lib.vf_validate_json, data, len(data), ctypes.byref(valid))
    return ValidationReport.from_json(report)


def validate_file(path: PathLike) -> ValidationReport:
    """Reads and validates a dataset file, without keeping it (like ``vocfab validate --json``).

    Raises:
        VocfabIOError: the file cannot be opened.
    """
    lib = _capi.library()
    valid = c_int(0)
    report = lib.call_string(lib.vf_validate_file, _path(path), ctypes.byref(valid))
    return ValidationReport.from_json(report)


def _request_bytes(request: Mapping[str, Any]) -> bytes:
    """A request of the dataset's JSON entry points as UTF-8 JSON, fields that are ``None`` left out."""
    shown = {name: value for name, value in request.items() if value is not None}
    try:
        return json.dumps(shown, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except (TypeError, ValueError) as error:
        raise InvalidArgumentError(f"the request cannot be written as JSON: {error}") from None


def _free_handle(lib: "_capi.Library", handle: int) -> None:
    lib.vf_dataset_free(handle)


class DatasetReader:
    """The calls that only read a dataset, shared by :class:`Dataset` and
    :class:`vocfab.Registry` (whose every call reads through a view of the registry, released
    before the call returns). Everything they return is a copy: it stays valid, and unchanged,
    after the dataset changes or the view is released.
    """

    __slots__ = ()
    _lib: "_capi.Library"

    def _reading(self) -> ContextManager[int]:
        """The C handle to read through (a ``const vf_dataset *``), for the ``with`` block."""
        raise NotImplementedError

    # -- documents ------------------------------------------------------------------------

    def to_json(self, *, reveal_national_ids: bool = False) -> str:
        """The complete document (deterministic: the same dataset always gives the same text).

        Args:
            reveal_national_ids: write national ids in full. Without it the document is a masked
                export that cannot be loaded back (KVKK, SPEC section 4).
        """
        with self._reading() as handle:
            return self._lib.call_string(self._lib.vf_dataset_save_json, handle,
                                         _flags(reveal_national_ids))

    def save(self, path: PathLike) -> None:
        """Writes the registry to @p path in full — every national id — so it loads again.

        ``Dataset.load(p)`` then ``save(p)`` gives back the same registry. The write is atomic
        and durable: a temporary file with a unique name beside the target is written, fsynced
        and renamed over it, and the directory fsynced, so a crash leaves the old file or the new
        one, never a torn one; on failure the old file is left as it was. An existing file keeps
        its permissions (and, as far as the process may, its owner and group); a new file is
        created with mode 0600, since a registry holds personal data (KVKK). When @p path is a
        symlink, the file it points to is replaced and the link kept.

        For a masked copy to hand out, use :meth:`export`.

        Raises:
            VocfabIOError: the file cannot be written (the message gives the reason).
        """
        with self._reading() as handle:
            self._lib.check(self._lib.vf_dataset_save_file(handle, _path(path),
                                                           _capi.REVEAL_NATIONAL_IDS))

    def export(self, path: PathLike) -> None:
        """Writes a masked copy (national ids as ``100******46``) to the new file @p path.

        The copy is an export to hand out (KVKK, SPEC section 4), not a registry: it cannot be
        loaded back. It is only ever created — written atomically like :meth:`save`, mode 0600 —
        and **never replaces an existing file** (which could be the registry itself): when
        anything exists at @p path (a file, a directory, a symlink) nothing is written and the
        existing file is left byte for byte as it was.

        Raises:
            VocfabIOError: @p path already exists (the message says so: "… exists; a masked
                export never replaces a file …"), or the file cannot be written. It is an
                ``OSError``, with ``.status`` ``VF_ERROR_IO``.
        """
        with self._reading() as handle:
            self._lib.check(self._lib.vf_dataset_save_file(handle, _path(path),
                                                           _capi.FLAGS_NONE))

    def validate(self) -> ValidationReport:
        """Checks the dataset against its own policy and returns every issue found.

        Does not raise for an invalid dataset; call :meth:`ValidationReport.raise_if_invalid`
        for that.
        """
        with self._reading() as handle:
            valid = c_int(0)
            report = self._lib.call_string(self._lib.vf_dataset_validate, handle,
                                           ctypes.byref(valid))
        return ValidationReport.from_json(report)

    # -- records --------------------------------------------------------------------------

    def count(self, collection: str) -> int:
        """Number of records in @p collection (e.g. ``"trainees"``).

        Raises:
            InvalidArgumentError: unknown collection.
        """
        with self._reading() as handle:
            out = c_size_t(0)
            self._lib.check(self._lib.vf_dataset_count(handle, _name(collection),
                                                       ctypes.byref(out)))
            return out.value

    def counts(self) -> Dict[str, int]:
        """Records per collection, in document order (read together: one consistent state)."""
        with self._reading():
            return {name: self.count(name) for name in COLLECTIONS}

    def __len__(self) -> int:
        """Total number of records of every kind (the policy not counted)."""
        return sum(self.counts().values())

    # BEGIN GENERATED get overloads (scripts/make_python_types.py; do not edit)
    @overload
    def get(self, collection: Literal["centres"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Centre: ...
    @overload
    def get(self, collection: Literal["branches"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Branch: ...
    @overload
    def get(self, collection: Literal["courses"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Course: ...
    @overload
    def get(self, collection: Literal["trainees"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Trainee: ...
    @overload
    def get(self, collection: Literal["applications"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Application: ...
    @overload
    def get(self, collection: Literal["enrollments"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Enrollment: ...
    @overload
    def get(self, collection: Literal["certificates"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Certificate: ...
    @overload
    def get(self, collection: Literal["employers"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Employer: ...
    @overload
    def get(self, collection: Literal["vacancies"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Vacancy: ...
    @overload
    def get(self, collection: Literal["referrals"], key: str, *,  # type: ignore[misc]
            reveal_national_ids: bool = ...) -> records.Referral: ...
    @overload
    def get(self, collection: str, key: str, *, reveal_national_ids: bool = ...) -> JsonObject: ...
    # END GENERATED get overloads

    def get(self, collection: str, key: str, *, reveal_national_ids: bool = False) -> Any:
        """One record as a dict.

        Args:
            collection: a collection name (``"trainees"``).
            key: the record's ``id`` (UUID, any case), or its ``code`` for ``"branches"``.
            reveal_national_ids: return national ids in full instead of masked.

        Raises:
            NotFoundError: no record has that key.
            InvalidArgumentError: unknown collection, or @p key is not a UUID / branch code.
        """
        if not isinstance(key, str):
            raise TypeError(f"key must be a str, not {type(key).__name__}")
        with self._reading() as handle:
            return self._lib.call_json(self._lib.vf_dataset_get, handle, _name(collection),
                                       _c_string(key.encode("utf-8"), "the key"),
                                       _flags(reveal_national_ids))

    # BEGIN GENERATED list overloads (scripts/make_python_types.py; do not edit)
    @overload
    def list(self, collection: Literal["centres"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Centre]: ...
    @overload
    def list(self, collection: Literal["branches"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Branch]: ...
    @overload
    def list(self, collection: Literal["courses"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Course]: ...
    @overload
    def list(self, collection: Literal["trainees"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Trainee]: ...
    @overload
    def list(self, collection: Literal["applications"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Application]: ...
    @overload
    def list(self, collection: Literal["enrollments"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Enrollment]: ...
    @overload
    def list(self, collection: Literal["certificates"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Certificate]: ...
    @overload
    def list(self, collection: Literal["employers"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Employer]: ...
    @overload
    def list(self, collection: Literal["vacancies"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Vacancy]: ...
    @overload
    def list(self, collection: Literal["referrals"], *,  # type: ignore[misc]
             reveal_national_ids: bool = ...) -> List[records.Referral]: ...
    @overload
    def list(self, collection: str, *, reveal_national_ids: bool = ...) -> List[JsonObject]: ...
    # END GENERATED list overloads

    def list(self, collection: str, *, reveal_national_ids: bool = False) -> Any:
        """Every record of @p collection as dicts, in insertion order.

        Raises:
            InvalidArgumentError: unknown collection.
        """
        with self._reading() as handle:
            return self._lib.call_json(self._lib.vf_dataset_list, handle, _name(collection),
                                       _flags(reveal_national_ids))

    # -- policy and summary ---------------------------------------------------------------

    def get_policy(self) -> records.Policy:
        """The programme policy (SPEC section 4) as a dict."""
        with self._reading() as handle:
            policy: records.Policy = self._lib.call_json(self._lib.vf_dataset_policy, handle)
            return policy

    @property
    def policy(self) -> records.Policy:
        """The policy as a dict (a copy)."""
        return self.get_policy()

    def summary(self) -> JsonObject:
        """Records per collection and courses, enrollments and certificates per centre and
        branch (the same as ``vocfab summary --json``)."""
        with self._reading() as handle:
            summary: JsonObject = self._lib.call_json(self._lib.vf_dataset_summary, handle)
            return summary

    # -- the audit trail ------------------------------------------------------------------

    def audit(self, *, from_seq: int = 1, limit: Optional[int] = None) -> List[JsonObject]:
        """The audit trail from entry ``from_seq`` on (at most ``limit`` entries), oldest first.

        Entries never hold a national id, a name or free text.
        """
        if from_seq < 0 or (limit is not None and limit < 0):
            raise InvalidArgumentError("from_seq and limit must not be negative")
        most = ctypes.c_size_t(-1).value if limit is None else limit
        with self._reading() as handle:
            trail: List[JsonObject] = self._lib.call_json(self._lib.vf_dataset_audit, handle, from_seq, most)
            return trail

    # -- matching -------------------------------------------------------------------------

    def allocate(self, seed: Optional[int] = None,
                 as_of: Union[None, str, "datetime.date"] = None, max_threads: int = 0) -> Allocation:
        """Allocates course places to the applicants (SPEC 5.2) without changing anything.

        ``seed`` is the lottery's (default ``policy.allocation.seed``); ``as_of`` the day
        (default the dataset's ``as_of``). Apply ``result.operations`` to carry it out.
        ``max_threads`` bounds the threads checking the applicants' choices (0: one per core;
        up to 256); the result is the same for any number.

        Raises:
            InvalidArgumentError: a seed outside 0..2**64-1, ``max_threads`` out of range, a
                malformed day, or no ``as_of`` given when the dataset has none.
        """
        if seed is not None:
            if isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 64:
                raise InvalidArgumentError("seed must be a whole number from 0 to 2**64 - 1")
        return Allocation.from_json(self._query(self._lib.vf_dataset_allocate, seed=seed, as_of=as_of,
                                                max_threads=max_threads or None))

    def rank(self, vacancy: str, top: int = 50, as_of: Union[None, str, "datetime.date"] = None) -> Ranking:
        """The candidates one may refer to ``vacancy`` on the day, best first (SPEC 5.1).

        Everyone passing the hard filters of ``refer``, ordered by higher score, then earlier
        ``registered``, then id; the first ``top`` (1 to 10000) are listed, each with the seven
        terms of the score. ``as_of`` is the day (default the dataset's ``as_of``). The result is
        a sequence of :class:`~vocfab.matching.Candidate` with ``.vacancy`` and ``.as_of``.
        Changes nothing.

        Raises:
            InvalidArgumentError: ``.issues`` says why: ``unknown_reference`` (no such vacancy),
                ``vacancy_not_open`` (not taking referrals that day), ``invalid_value`` (``top``
                out of range, a malformed id or day), ``missing_field`` (no ``as_of`` given when
                the dataset has none).
        """
        return Ranking.from_json(self._query(self._lib.vf_dataset_rank, vacancy=vacancy, top=top, as_of=as_of))

    def explain(self, vacancy: str, trainee: str, as_of: Union[None, str, "datetime.date"] = None) -> Explanation:
        """Why ``trainee`` is or is not a candidate for ``vacancy`` on the day (SPEC 5.1).

        An eligible person's explanation carries their :class:`~vocfab.matching.Candidate` entry
        (score and terms); anyone else's lists every hard filter they fail
        (:class:`~vocfab.matching.Reason`: code and message).

        Raises:
            InvalidArgumentError: as :meth:`rank`, and ``unknown_reference`` for an unknown person.
        """
        return Explanation.from_json(
            self._query(self._lib.vf_dataset_explain, vacancy=vacancy, trainee=trainee, as_of=as_of))

    def match(self, mode: str = "stable", shortlist: int = 20,
              as_of: Union[None, str, "datetime.date"] = None, max_threads: int = 0) -> ReferralMatch:
        """Matches seekers to every open vacancy at once (SPEC 5.3) without changing anything.

        Each vacancy taking referrals on the day with open positions (``positions`` − hires)
        shortlists its first ``shortlist`` (1 to 1000) candidates of :meth:`rank`; ``mode``
        ``"stable"`` (seeker-proposing deferred acceptance) or ``"max_score"`` (the largest total
        score, exact) decides the pairs. Apply ``result.operations`` to carry it out.
        ``max_threads`` bounds the threads ranking the shortlists (0: one per core; up to 256);
        the result is the same for any number.

        Raises:
            InvalidArgumentError: an unknown mode, ``shortlist`` or ``max_threads`` out of range, a
                malformed day, or no ``as_of`` given when the dataset has none (``.issues`` says
                which).
        """
        return ReferralMatch.from_json(
            self._query(self._lib.vf_dataset_match, mode=mode, shortlist=shortlist, as_of=as_of,
                        max_threads=max_threads or None))

    # -- reports ------------------------------------------------------------------------------

    def report(self, as_of: Union[None, str, "datetime.date"] = None, from_: Union[None, str, "datetime.date"] = None,
               to: Union[None, str, "datetime.date"] = None, by: Union[None, str, Iterable[str]] = None,
               min_group_size: int = 0, max_threads: int = 0) -> Report:
        """The programme's figures (SPEC section 6) as of a day; changes nothing.

        ``from_`` and ``to`` bound the days facts are dated by (referrals by ``referred``,
        enrollments by their course's ``start``, inclusive); ``by`` asks for breakdowns
        (``"centre"``, ``"branch"``, ``"district"``, ``"gender"``, ``"age_band"``, ``"month"``,
        ``"all"``, or a list of them); ``min_group_size`` suppresses counts from 1 to K-1
        (``None`` in the result, never 0); ``max_threads`` bounds the threads the count uses (0:
        one per hardware thread; the figures are the same for any number). Every figure's
        definition is in docs/reports.md.
        :meth:`Report.to_dataframe` gives the figures as a pandas DataFrame.

        Raises:
            InvalidArgumentError: an unknown dimension, a malformed day, ``from_`` after ``to``
                (``invalid_date_range``), no ``as_of`` given when the dataset has none.
        """
        return Report.from_json(json.loads(self.report_text("json", as_of=as_of, from_=from_, to=to, by=by,
                                                            min_group_size=min_group_size, max_threads=max_threads)))

    def report_text(self, format: Literal["json", "csv", "table", "html"], *,
                    as_of: Union[None, str, "datetime.date"] = None, from_: Union[None, str, "datetime.date"] = None,
                    to: Union[None, str, "datetime.date"] = None, by: Union[None, str, Iterable[str]] = None,
                    min_group_size: int = 0, max_threads: int = 0) -> str:
        """The report of :meth:`report` written by the library: ``"json"``, ``"csv"`` (the long
        format of SPEC 6), ``"table"`` (readable text) or ``"html"`` (a self-contained page)."""
        dimensions = [by] if isinstance(by, str) else (list(by) if by is not None else None)
        for name, value in (("min_group_size", min_group_size), ("max_threads", max_threads)):
            if isinstance(value, bool) or not isinstance(value, int):
                raise InvalidArgumentError(f"{name} must be a whole number")
        request = {"as_of": _day(as_of), "from": _day(from_), "to": _day(to), "by": dimensions,
                   "min_group_size": min_group_size or None, "max_threads": max_threads or None, "format": format}
        return self._query_text(self._lib.vf_dataset_report, request)

    def plan(self, as_of: Union[None, str, "datetime.date"] = None) -> Plan:
        """Course planning (SPEC 5.4): demand, supply and gap per branch, the courses worth
        opening where, and the branches where none is; changes nothing.

        Raises:
            InvalidArgumentError: a malformed day, or no ``as_of`` given when the dataset has none.
        """
        return Plan.from_json(self._query(self._lib.vf_dataset_plan, as_of=as_of))

    def anonymised(self, erased_on: Union[None, str, "datetime.date"] = None, *, seed: Optional[int] = None) -> "Dataset":
        """The anonymised release (SPEC section 4): a new dataset in which everyone is erased,
        every id is fresh (references kept), employers' tax numbers and contacts, certificates'
        codes and every free-text reason are removed; its reports give this dataset's figures.

        ``erased_on`` is the erasure day recorded (default the dataset's ``as_of``); ``seed``
        makes the fresh ids reproducible (for tests only).

        Raises:
            InvalidArgumentError: a malformed day or seed, or no ``erased_on`` given when the
                dataset has no ``as_of`` (``missing_field``).
        """
        if seed is not None and (isinstance(seed, bool) or not isinstance(seed, int) or not 0 <= seed < 2 ** 64):
            raise InvalidArgumentError("seed must be a whole number from 0 to 2**64 - 1")
        text = _request_bytes({"erased_on": _day(erased_on), "seed": seed})
        out = c_void_p()
        with self._reading() as handle:
            self._lib.check(self._lib.vf_dataset_export_anonymised(handle, text, len(text), ctypes.byref(out)))
        return Dataset._from_out(self._lib, out)

    def _query_text(self, function: Callable[..., int], request: Mapping[str, Any]) -> str:
        """Calls a dataset entry point whose answer is text (a report in any format)."""
        text = _request_bytes(request)
        with self._reading() as handle:
            return self._lib.call_string(function, handle, text, len(text))

    def _query(self, function: Callable[..., int], **fields: Any) -> Any:
        """Calls one of the dataset's JSON entry points (``vf_dataset_allocate``, ``vf_dataset_rank``,
        ...) with the request of @p fields (``None`` left out, a day as ``YYYY-MM-DD``); the result
        parsed. The library checks every value and says what is wrong with it."""
        request = {name: _day(value) if name == "as_of" else value for name, value in fields.items()}
        return json.loads(self._query_text(function, request))

    # -- certificates ---------------------------------------------------------------------

    def verify_certificate(self, code: str, *, keyring: Optional[Keyring] = None,
                           name: Optional[str] = None) -> CertificateVerification:
        """Verifies a certificate's verification code, as typed, against this dataset.

        Args:
            code: the code (case, hyphens and spaces do not matter; ``I``/``L`` read as 1, ``O``
                as 0).
            keyring: the keys to verify with; by default the dataset's (:meth:`set_keyring`).
            name: the holder's full name as the caller was shown it; the answer's
                ``name_matches`` then says whether it is the holder's (case and Turkish
                diacritics ignored), without disclosing the name.

        Returns:
            The status (valid, revoked, unknown, malformed or forged) and, for a valid or revoked
            certificate, the facts printed on it with the holder's name masked. A verdict is
            never an exception.

        Raises:
            InvalidArgumentError: no keyring given and none set.
        """
        name_data = None if name is None else _c_text(name, "the name")
        with self._reading() as handle:
            return CertificateVerification.from_json(
                self._with_keyring(handle, keyring, self._lib.vf_certificate_verify, _c_text(code, "the code"),
                                   name_data))

    def certificate_token(self, certificate_id: str, *, keyring: Optional[Keyring] = None) -> str:
        """A signed token of a certificate for an offline check (``VF1.…``; e.g. for a QR code).

        A snapshot: revoking the certificate later does not change a token already handed out.
        Check it with :func:`vocfab.verify_token` and ``keyring.public_key``.

        Raises:
            NotFoundError: no certificate has that id.
            InvalidDataError: the certificate is revoked, or its code does not vouch for its facts.
            InvalidArgumentError: no keyring given and none set, or the id is not a UUID.
        """
        with self._reading() as handle:
            return self._with_keyring(handle, keyring, self._lib.vf_certificate_token,
                                      _c_text(certificate_id, "the certificate id"))

    def _with_keyring(self, handle: int, keyring: Optional[Keyring], function: Any, *args: Any) -> str:
        """Calls ``function(handle, keyring, *args, &out)`` with @p keyring's handle (or NULL)."""
        with keyring_handle(keyring) as keys:
            return self._lib.call_string(function, handle, keys, *args)

    # -- copies ---------------------------------------------------------------------------

    def copy(self) -> "Dataset":
        """An independent copy (its own C handle), made through the full document in memory."""
        with self._reading() as handle:
            text = self._lib.call_string(self._lib.vf_dataset_save_json, handle,
                                         _capi.REVEAL_NATIONAL_IDS)
        return Dataset.from_json(text)

class Dataset(DatasetReader, Handle):
    """A registry's complete state — one policy and every entity — held by the C library.

    Create one empty (``Dataset()``), from a file (:meth:`load`) or from JSON text
    (:meth:`from_json`). Records go in and out as dicts in the interchange format of SPEC
    section 3. National ids are masked (``100******46``) in everything read back unless a call
    is given ``reveal_national_ids=True`` (a real ``bool``; anything else is a ``TypeError``);
    that includes :meth:`to_json`, whose masked output is an export that cannot be loaded back.
    Files: :meth:`save` writes the registry in full, to be loaded again; :meth:`export` writes a
    masked copy and never replaces an existing file.

    A dataset owns a C handle. Release it with :meth:`close` or a ``with`` block; otherwise it is
    released when the object is garbage-collected (``weakref.finalize``). Closing twice is fine;
    any other use after closing raises :class:`~vocfab.ClosedError`. Calls on one dataset are
    serialised by a lock, so sharing it between threads is safe (if not parallel).
    """

    __slots__ = ()
    _what = "dataset"

    def __init__(self) -> None:
        """Creates an empty dataset with the default policy."""
        lib = _capi.library()
        out = c_void_p()
        lib.check(lib.vf_dataset_new(ctypes.byref(out)))
        self._adopt(lib, out)

    def _release_function(self) -> Callable[["_capi.Library", int], None]:
        return _free_handle

    @contextmanager
    def _reading(self) -> Iterator[int]:
        with self._lock:
            yield self._live()

    # -- creating -------------------------------------------------------------------------

    @classmethod
    def load(cls, path: PathLike) -> "Dataset":
        """Loads a dataset file (streaming).

        Strict: when the document cannot be read or any record cannot be built, nothing is
        loaded and the error carries the issues (paths such as ``trainees[3].national_id``).
        Rules that involve several records are reported by :meth:`validate` instead.

        Raises:
            VocfabIOError: the file cannot be opened or read.
            ParseError: the file is not well-formed JSON.
            SchemaVersionError: ``schema_version`` is missing or unsupported.
            InvalidDataError: a record could not be built (``.issues`` says which and why).
        """
        lib = _capi.library()
        out = c_void_p()
        lib.check(lib.vf_dataset_load_file(_path(path), _capi.FLAGS_NONE, ctypes.byref(out)))
        return cls._from_out(lib, out)

    @classmethod
    def from_json(cls, text: Union[str, bytes]) -> "Dataset":
        """Loads a dataset document held in memory; strict, like :meth:`load`.

        Raises:
            ParseError, SchemaVersionError, InvalidDataError: as :meth:`load`.
        """
        lib = _capi.library()
        data = _text(text)
        out = c_void_p()
        lib.check(lib.vf_dataset_load_json(data, len(data), _capi.FLAGS_NONE, ctypes.byref(out)))
        return cls._from_out(lib, out)

    def __copy__(self) -> "Dataset":
        return self.copy()

    def __deepcopy__(self, memo: Dict[int, Any]) -> "Dataset":
        return self.copy()

    def __reduce_ex__(self, protocol: Any) -> Any:
        # Pickling would write every national id in full into a byte stream the library does not
        # control (KVKK); make that an explicit choice instead.
        raise TypeError("a vocfab.Dataset cannot be pickled; pass "
                        "ds.to_json(reveal_national_ids=True) and Dataset.from_json instead")

    def __repr__(self) -> str:
        if self._handle is None:
            return "<vocfab.Dataset closed>"
        try:
            counts = self.counts()
        except Exception:  # repr must not raise
            return "<vocfab.Dataset>"
        shown = ", ".join(f"{name}={count}" for name, count in counts.items() if count)
        return f"<vocfab.Dataset {shown or 'empty'}>"

    def add(self, collection: str, record: RecordLike) -> None:
        """Appends one record (a dict, or its JSON text) to @p collection.

        A malformed record, or one whose key is already taken, is rejected and the dataset stays
        exactly as it was. Rules involving other records (references, capacities) are checked by
        :meth:`validate`, not here.

        Raises:
            InvalidDataError: the record is malformed or its key is taken (``.issues``: e.g.
                ``missing_field``, ``invalid_national_id``, ``duplicate_id``).
            ParseError: JSON text that is not well formed, or a value (text or dict) nested
                deeper than the library reads (32 levels).
            InvalidArgumentError: unknown collection.
        """
        data = _text(record)
        with self._lock:
            self._lib.check(self._lib.vf_dataset_add(self._live(), _name(collection), data,
                                                     len(data)))

    # -- policy ---------------------------------------------------------------------------

    def set_policy(self, policy: RecordLike) -> None:
        """Replaces the policy (a dict or JSON text; absent fields take the defaults).

        On failure the policy is unchanged.

        Raises:
            InvalidDataError: a field has a bad value. ParseError: malformed JSON text, or a
                value nested deeper than the library reads (32 levels).
        """
        data = _text(policy)
        with self._lock:
            self._lib.check(self._lib.vf_dataset_set_policy(self._live(), data, len(data)))

    @property
    def policy(self) -> records.Policy:
        """The policy as a dict (a copy: assign to :attr:`policy` or call :meth:`set_policy`)."""
        return self.get_policy()

    @policy.setter
    def policy(self, policy: RecordLike) -> None:
        self.set_policy(policy)

    # -- operations -----------------------------------------------------------------------

    def apply(self, operations: Union[OperationLike, Iterable[OperationLike]], *, actor: str,
              at: Union[None, str, "datetime.datetime"] = None, date: Union[None, str, "datetime.date"] = None,
              check_only: bool = False, id_seed: Optional[int] = None) -> BatchResult:
        """Applies a batch of operations (dicts as in an operations file), all or nothing.

        ``actor`` names who applies it; ``at`` is the moment (a timezone-aware datetime or
        ``YYYY-MM-DDTHH:MM:SSZ``; default now, UTC); ``date`` the business day of operations
        without ``on`` (default: ``at``'s day). With ``check_only`` nothing changes and the
        result says what applying would do. A refused batch raises :class:`RuleViolationError`
        (``.index``, ``.issues``) and leaves the dataset exactly as it was.
        """
        def call(request: bytes, flags: int) -> str:
            with self._lock:
                return self._lib.call_string(self._lib.vf_dataset_apply, self._live(), request, len(request), flags)

        return apply_batch(call, operations, actor=actor, at=at, date=date, check_only=check_only, id_seed=id_seed)

    # -- certificates ---------------------------------------------------------------------

    def set_keyring(self, keyring: Optional[Keyring]) -> None:
        """Gives the dataset its own copy of @p keyring (``None`` clears it).

        It is used to issue certificates and as the default of :meth:`verify_certificate` and
        :meth:`certificate_token`; it is never saved with the dataset, and closing @p keyring
        afterwards does not take it away.
        """
        with self._lock, keyring_handle(keyring) as keys:
            self._lib.check(self._lib.vf_dataset_set_keyring(self._live(), keys))
