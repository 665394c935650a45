"""The :class:`Registry` class: a registry on disk — a snapshot and its journal — shared by the
threads of a process (``vf_registry_*`` of the C ABI, since 0.7).

A registry is a dataset file (the snapshot) and its journal, ``<snapshot>.journal``. Every batch
:meth:`Registry.apply` applies is appended to the journal and fsynced before the call returns,
so a batch the caller was told is applied survives a crash or a power cut; opening replays the
journal. Batches that threads apply at the same moment share one write and one fsync (group
commit). :meth:`Registry.checkpoint` writes the state as a new snapshot and starts an empty
journal. One process at a time may open a registry for writing (an advisory lock on
``<snapshot>.lock``); read-only opens take no lock.

Every read method of :class:`~vocfab.Dataset` (``get``, ``list``, ``count``, ``rank``,
``report``, ``verify_certificate``, …) is a method of the registry too: each call reads through a
view of the registry — whole batches only — that is released before the call returns, and what it
returns is a copy. ``with registry.view() as ds:`` holds one view for several reads that must
agree.
"""

from __future__ import annotations

import ctypes
import datetime
import json
import os
import threading
from contextlib import contextmanager
from ctypes import c_void_p
from dataclasses import dataclass
from typing import Any, Callable, Iterable, Iterator, Optional, Union

from . import _capi
from ._handle import Handle
from .certificates import Keyring, keyring_handle
from .dataset import Dataset, DatasetReader, PathLike, _path
from .errors import ClosedError, InvalidArgumentError, NotFoundError
from .operations import BatchResult, OperationLike, apply_batch


@dataclass(frozen=True)
class DroppedTail:
    """A torn tail of the journal dropped when the registry was opened: a crash during an append,
    never acknowledged, so no batch a caller was told is applied was lost."""

    offset: int  #: where the first unsound record starts, in bytes
    bytes: int   #: how many bytes followed from there
    record: int  #: its number, from 1 (the records before it were sound and replayed)
    reason: str  #: what was wrong with it


@dataclass(frozen=True)
class RecoveryReport:
    """What opening the registry found and did."""

    snapshot_seq: int          #: the last audit ``seq`` in the snapshot (0: none)
    records_replayed: int      #: journal records applied on top of the snapshot
    records_in_snapshot: int   #: records the snapshot already held (skipped, never applied twice)
    dropped_tail: Optional[DroppedTail]  #: a torn tail dropped, or ``None``
    tail_truncated: bool       #: the dropped tail was also cut off the file (read-write opens)
    journal_restarted: bool    #: a journal the snapshot fully held was replaced by an empty one


@dataclass(frozen=True)
class RegistryStatus:
    """A registry's counters since it was opened (``vf_registry_status``)."""

    path: str                #: the snapshot's path (national ids masked)
    read_only: bool          #: opened read-only
    journal_bytes: int       #: the journal's size now
    journal_records: int     #: records in the journal now
    last_seq: int            #: the audit ``seq`` of the last committed operation
    batches_committed: int   #: batches made durable since the open
    commits: int             #: the fsyncs that made them durable (fewer: batches committed together)
    checkpoints: int         #: checkpoints written since the open
    checkpoint_error: Optional[str]  #: why the last automatic checkpoint failed, or ``None``
    recovery: RecoveryReport  #: what opening found

    @classmethod
    def from_json(cls, text: str) -> "RegistryStatus":
        """Builds the status from the C library's JSON."""
        data = json.loads(text)
        found = data["recovery"]
        tail = found.get("dropped_tail")
        recovery = RecoveryReport(
            snapshot_seq=int(found["snapshot_seq"]), records_replayed=int(found["records_replayed"]),
            records_in_snapshot=int(found["records_in_snapshot"]),
            dropped_tail=None if tail is None else DroppedTail(int(tail["offset"]), int(tail["bytes"]),
                                                               int(tail["record"]), str(tail["reason"])),
            tail_truncated=bool(found["tail_truncated"]), journal_restarted=bool(found["journal_restarted"]))
        return cls(path=str(data["path"]), read_only=bool(data["read_only"]),
                   journal_bytes=int(data["journal_bytes"]), journal_records=int(data["journal_records"]),
                   last_seq=int(data["last_seq"]), batches_committed=int(data["batches_committed"]),
                   commits=int(data["commits"]), checkpoints=int(data["checkpoints"]),
                   checkpoint_error=data.get("checkpoint_error"), recovery=recovery)


class _Gate:
    """Which calls run on a registry handle: any number at once (shared), or one that needs the
    handle to itself (exclusive: ``close``, ``set_keyring``), which waits for the running ones
    and holds new ones back. A thread already inside a call (a view) enters again without waiting.
    """

    __slots__ = ("_condition", "_running", "_exclusive", "closed", "_depth")

    def __init__(self) -> None:
        self._condition = threading.Condition(threading.Lock())
        self._running = 0
        self._exclusive = False
        self.closed = False
        self._depth = threading.local()

    def _mine(self) -> int:
        depth: int = getattr(self._depth, "calls", 0)
        return depth

    @contextmanager
    def shared(self) -> Iterator[None]:
        mine = self._mine()
        with self._condition:
            while self._exclusive and mine == 0:
                self._condition.wait()
            if self.closed:
                raise ClosedError("the registry is closed")
            self._running += 1
        self._depth.calls = mine + 1
        try:
            yield
        finally:
            self._depth.calls = mine
            with self._condition:
                self._running -= 1
                if self._running == 0:
                    self._condition.notify_all()

    @contextmanager
    def exclusive(self, what: str) -> Iterator[None]:
        if self._mine():
            raise InvalidArgumentError(f"cannot {what} while this thread uses it (inside registry.view()); "
                                       "leave the with block first")
        with self._condition:
            while self._exclusive:
                self._condition.wait()
            self._exclusive = True
            while self._running:
                self._condition.wait()
        try:
            yield
        finally:
            with self._condition:
                self._exclusive = False
                self._condition.notify_all()


def _close_handle(lib: "_capi.Library", handle: int) -> None:
    lib.vf_registry_close(handle)


def _same_file(a: PathLike, b: PathLike) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:  # one of them does not exist (yet)
        return os.path.abspath(os.fsdecode(a)) == os.path.abspath(os.fsdecode(b))


class _View(Dataset):
    """A registry's read view lent to a ``with registry.view()`` block: a :class:`Dataset` whose
    every read method works and whose changes are refused (``InvalidArgumentError``); closed —
    :class:`~vocfab.ClosedError` on any use — when the block ends and the view is released."""

    __slots__ = ()
    _what = "registry view"

    @classmethod
    def _lend(cls, lib: "_capi.Library", handle: int) -> "_View":
        self = cls.__new__(cls)
        self._lib = lib
        self._handle = handle
        self._lock = threading.RLock()
        return self

    def close(self) -> None:
        """Ends the loan (the registry releases the view itself)."""
        with self._lock:
            self._handle = None

    def __repr__(self) -> str:
        return "<vocfab.Registry view released>" if self._handle is None else "<vocfab.Registry view>"


class Registry(DatasetReader, Handle):
    """A registry on disk — a snapshot and its journal — for the threads of a service.

    Open (or make) one with :meth:`open`. Apply batches with :meth:`apply`: durable before it
    returns. Read with the read methods of :class:`Dataset`, which it has too (each call takes a
    view of the registry and releases it before returning), or with ``with registry.view() as
    ds:`` for several reads under one consistent view. :meth:`checkpoint` writes a new snapshot;
    :meth:`status` gives the counters.

    Threads: every method may be called from any number of threads at once — applies (which
    commit together), reads, checkpoints, status — except :meth:`close` and :meth:`set_keyring`,
    which wait until the calls running on the registry end (and hold new ones back). ctypes
    releases the GIL in the C calls, so reads run in parallel with each other and with applies.
    A thread inside ``registry.view()`` may read (through the view or the registry: the same
    state) but may not apply, checkpoint, set the keyring or close the registry until it leaves
    the block (``InvalidArgumentError``: it would wait for itself).

    The handle is released by :meth:`close` (closing twice is fine) or a ``with`` block;
    otherwise when the object is garbage-collected. Nothing needs saving: every batch is durable
    already. Any use after closing raises :class:`~vocfab.ClosedError`.
    """

    __slots__ = ("_gate", "_local", "_path")
    _what = "registry"

    def __init__(self) -> None:
        raise TypeError("open a registry with vocfab.Registry.open(path, ...)")

    def _release_function(self) -> Callable[["_capi.Library", int], None]:
        return _close_handle

    def _adopt(self, lib: "_capi.Library", out: c_void_p) -> None:
        super()._adopt(lib, out)
        self._gate = _Gate()
        self._local = threading.local()  # the view this thread reads through, if any
        self._path = ""

    # -- opening ----------------------------------------------------------------------------

    @staticmethod
    def exists(path: PathLike) -> bool:
        """Whether @p path is a registry (its journal, ``<path>.journal``, exists)."""
        return os.path.isfile(os.fsencode(path) + b".journal")

    @classmethod
    def open(cls, path: PathLike, *, create_from: Union[None, Dataset, PathLike] = None, read_only: bool = False,
             keyring: Optional[Keyring] = None) -> "Registry":
        """Opens the registry at @p path, replaying its journal; or makes one from ``create_from``.

        - **@p path is a registry** (``<path>.journal`` exists): it is opened — read-write, or
          with ``read_only=True`` for reading only (no lock; the registry as it was when it was
          opened). ``create_from`` is then ignored.
        - **It is not, and create_from is given**: a new registry is made at @p path. A
          :class:`Dataset` (``Dataset()`` for an empty registry) is copied into a new snapshot;
          so is the dataset file at a path (loaded like :meth:`Dataset.load`), which is left as it
          was. A ``create_from`` that names @p path itself turns the plain dataset file there into
          a registry in place (what ``vocfab registry init`` does): its journal is started and its
          content is unchanged; the file must read without a format issue. Nothing else may be at
          @p path when a copy is made. A registry is never created read-only.
        - **It is not, and nothing says how to make one**: :class:`NotFoundError`.

        ``keyring`` is given to :meth:`set_keyring` (certificates need it).

        Raises:
            NotFoundError: @p path is not a registry and no ``create_from`` was given.
            RegistryLockedError: another writer holds it (``.pid``); open it read-only, or wait.
            RegistryCorruptError: its snapshot or journal cannot be trusted (nothing was changed),
                or the file to start a registry from does not read cleanly.
            VocfabIOError: a file cannot be read or written, or a file is already where a copy
                would be made.
            InvalidArgumentError: ``read_only=True`` with a ``create_from`` that would be used.
        """
        if not isinstance(read_only, bool):
            raise TypeError(f"read_only must be a bool (True or False), not {type(read_only).__name__}")
        if keyring is not None and not isinstance(keyring, Keyring):
            raise TypeError(f"keyring must be a vocfab.Keyring or None, not {type(keyring).__name__}")
        lib = _capi.library()
        target = _path(path)
        out = c_void_p()
        status = lib.vf_registry_open(target, _capi.REGISTRY_READ_ONLY if read_only else _capi.FLAGS_NONE,
                                      ctypes.byref(out))
        if status == _capi.Status.ERROR_NOT_FOUND:
            message, issues = lib.last_error()
            if create_from is None:
                raise NotFoundError(message.replace("open it with VF_REGISTRY_CREATE",
                                                    "pass create_from to vocfab.Registry.open"),
                                    status=status, issues=issues)
            if read_only:
                raise InvalidArgumentError(f"{message}; a registry is not created read-only: open it without "
                                           "read_only=True to make it from create_from")
            out = cls._make(lib, path, target, create_from)
        else:
            lib.check(status)
        registry = cls._from_out(lib, out)
        registry._path = os.fsdecode(path)
        if keyring is not None:
            try:
                registry.set_keyring(keyring)
            except BaseException:
                registry.close()
                raise
        return registry

    @staticmethod
    def _make(lib: "_capi.Library", path: PathLike, target: bytes, source: Union[Dataset, PathLike]) -> c_void_p:
        """A new registry at @p path from @p source (see :meth:`open`); its handle."""
        out = c_void_p()
        if isinstance(source, Dataset):
            with source._reading() as handle:
                lib.check(lib.vf_registry_create(target, handle, _capi.FLAGS_NONE, ctypes.byref(out)))
            return out
        if not isinstance(source, (str, bytes, os.PathLike)):
            raise TypeError(f"create_from must be a vocfab.Dataset or a path, not {type(source).__name__}")
        if _same_file(path, source):
            if not os.path.lexists(path):
                Dataset.load(source).close()  # no file: the library's VocfabIOError ("cannot read …")
            lib.check(lib.vf_registry_open(target, _capi.REGISTRY_CREATE, ctypes.byref(out)))
            return out
        with Dataset.load(source) as dataset:
            return Registry._make(lib, path, target, dataset)

    def close(self) -> None:
        """Closes the registry (its journal and its writer lock); nothing needs writing.

        Waits for the calls running on it; closing a closed registry does nothing.

        Raises:
            InvalidArgumentError: called inside ``registry.view()`` on the same thread.
        """
        with self._gate.exclusive("close the registry"):
            if self._handle is None:
                return
            self._handle = None
            self._gate.closed = True
            self._finalizer()

    # -- reading ----------------------------------------------------------------------------

    @contextmanager
    def _reading(self) -> Iterator[int]:
        held: Optional[int] = getattr(self._local, "view", None)
        if held is not None:  # this thread reads through a view already: the same state
            yield held
            return
        with self._gate.shared():
            handle = self._live()
            out = c_void_p()
            self._lib.check(self._lib.vf_registry_read(handle, ctypes.byref(out)))
            view = out.value
            if not view:  # defensive: VF_OK always sets the view
                raise InvalidArgumentError("the library returned no registry view")
            self._local.view = view
            try:
                yield view
            finally:
                self._local.view = None
                self._lib.vf_registry_release(handle, view)

    @contextmanager
    def view(self) -> Iterator[Dataset]:
        """A consistent read view for the ``with`` block: a read-only :class:`Dataset`.

        Every read on it — and every read method of the registry called by this thread meanwhile
        — sees the same state, with every batch committed before the view was taken and no part
        of any other. Batches wait until it is released (at the end of the block), so keep the
        block short. Its methods that change a dataset raise :class:`InvalidArgumentError`;
        after the block it is closed (:class:`~vocfab.ClosedError`). What it returns are copies.
        """
        with self._reading() as handle:
            lent = _View._lend(self._lib, handle)
            try:
                yield lent
            finally:
                lent.close()

    # -- changing ---------------------------------------------------------------------------

    def apply(self, operations: Union[OperationLike, Iterable[OperationLike]], *, actor: str,
              at: Union[None, str, "datetime.datetime"] = None, date: Union[None, str, "datetime.date"] = None,
              check_only: bool = False, id_seed: Optional[int] = None) -> BatchResult:
        """Applies a batch of operations, all or nothing, exactly as :meth:`Dataset.apply` does —
        the same arguments, result and exceptions — and makes it durable (appended to the journal
        and fsynced) before returning. A refused or check-only batch writes nothing.

        Raises:
            RuleViolationError: the batch was refused; nothing was applied.
            VocfabIOError: the batch could not be made durable (a full disk): it was undone, and
                the registry is as it was.
            InvalidArgumentError: the registry is read-only, the request is malformed, or this
                thread is inside ``registry.view()``.
        """
        def call(request: bytes, flags: int) -> str:
            self._not_in_a_view("applies a batch")
            with self._gate.shared():
                return self._lib.call_string(self._lib.vf_registry_apply, self._live(), request, len(request), flags)

        return apply_batch(call, operations, actor=actor, at=at, date=date, check_only=check_only, id_seed=id_seed)

    def checkpoint(self) -> None:
        """Writes the state as a new snapshot and starts an empty journal (atomically; a crash at
        any point leaves a registry that opens to the same state). Batches wait meanwhile.

        Raises:
            VocfabIOError: a file could not be written; the registry is unchanged.
            InvalidArgumentError: the registry is read-only, or this thread is inside
                ``registry.view()``.
        """
        self._not_in_a_view("checkpoints")
        with self._gate.shared():
            self._lib.check(self._lib.vf_registry_checkpoint(self._live()))

    def set_keyring(self, keyring: Optional[Keyring]) -> None:
        """Gives the registry its own copy of @p keyring (``None`` clears it): used to issue
        certificates, and the default of :meth:`verify_certificate` and :meth:`certificate_token`;
        never saved. Waits for the calls running on the registry (set it right after opening).

        Raises:
            InvalidArgumentError: called inside ``registry.view()`` on the same thread.
        """
        with self._gate.exclusive("set the keyring of the registry"), keyring_handle(keyring) as keys:
            self._lib.check(self._lib.vf_registry_set_keyring(self._live(), keys))

    def _not_in_a_view(self, what: str) -> None:
        if getattr(self._local, "view", None) is not None:
            raise InvalidArgumentError(f"this thread is inside registry.view(): leave the with block before it {what} "
                                       "(it would wait for itself)")

    # -- state ------------------------------------------------------------------------------

    def status(self) -> RegistryStatus:
        """The counters since the open, and what opening found (:class:`RegistryStatus`)."""
        with self._gate.shared():
            return RegistryStatus.from_json(self._lib.call_string(self._lib.vf_registry_status, self._live()))

    @property
    def path(self) -> str:
        """The snapshot's path, as given to :meth:`open`."""
        return self._path

    @property
    def read_only(self) -> bool:
        """Whether the registry was opened read-only."""
        return self.status().read_only

    def __repr__(self) -> str:
        if self._handle is None:
            return "<vocfab.Registry closed>"
        try:
            mode = "read-only" if self.read_only else "read-write"
        except Exception:  # repr must not raise
            return "<vocfab.Registry>"
        return f"<vocfab.Registry {self._path!r} {mode}>"

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("a vocfab.Registry cannot be pickled; open it by its path in the other process")


__all__ = ["DroppedTail", "RecoveryReport", "Registry", "RegistryStatus"]
