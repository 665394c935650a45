"""The C ABI as seen from ctypes: one table of every ``vf_`` function, status codes, flags.

This module is the only place that knows the C signatures (``capi/include/vocfab/vocfab.h``).
Every function is declared with ``argtypes`` and ``restype`` in :data:`FUNCTIONS`; a test parses
the header and checks that the table names every ``vf_`` function with matching parameter
counts and types. Nothing here is public API: use :class:`vocfab.Dataset`.
"""

from __future__ import annotations

import ctypes
import enum
import json
import threading
from ctypes import POINTER, c_char_p, c_int, c_int64, c_size_t, c_uint32, c_void_p
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple, Type

from . import _loader
from ._version import ABI_VERSION
from .errors import (
    InternalError, InvalidArgumentError, InvalidDataError, Issue, LibraryError, NotFoundError,
    ParseError, RegistryCorruptError, RegistryLockedError, RuleViolationError, InfeasibleError, SchemaVersionError,
    VersionMismatchError, VocfabError, VocfabIOError, VocfabMemoryError, issues_from_json,
)


class Status(enum.IntEnum):
    """``vf_status``: the outcome of a C call. Values are fixed forever (header convention 4)."""

    OK = 0
    ERROR_INVALID_ARGUMENT = 1
    ERROR_PARSE = 2
    ERROR_SCHEMA_VERSION = 3
    ERROR_INVALID_DATA = 4
    ERROR_NOT_FOUND = 5
    ERROR_IO = 6
    ERROR_OUT_OF_MEMORY = 7
    ERROR_INTERNAL = 8
    ERROR_RULE_VIOLATION = 9
    ERROR_INFEASIBLE = 10
    ERROR_LOCKED = 11
    ERROR_CORRUPT = 12


#: ``VF_FLAGS_NONE``: the defaults (national ids masked).
FLAGS_NONE = 0
#: ``VF_REVEAL_NATIONAL_IDS``: national ids with all 11 digits.
REVEAL_NATIONAL_IDS = 1 << 0
#: ``VF_CHECK_ONLY``: check a batch of operations and report what it would do; change nothing.
CHECK_ONLY = 1 << 1
#: ``VF_RECEIVER_OPTIMAL``: ``vf_stable_match_lists`` gives the receiver-optimal matching.
RECEIVER_OPTIMAL = 1 << 2
#: ``VF_REGISTRY_READ_ONLY``: ``vf_registry_open`` for reading only (no writer lock).
REGISTRY_READ_ONLY = 1 << 3
#: ``VF_REGISTRY_CREATE``: ``vf_registry_open`` makes a registry where there is none.
REGISTRY_CREATE = 1 << 4
#: ``VF_NAME_SEPARATOR``: what separates the names of a compact matching request.
NAME_SEPARATOR = "\x1f"
#: ``VF_UNMATCHED``: the partner ``vf_stable_match_lists`` gives an unmatched proposer.
UNMATCHED = 0xFFFFFFFF
#: ``VF_NUL_TERMINATED``: length argument meaning "measure up to the first NUL".
NUL_TERMINATED = ctypes.c_size_t(-1).value

# C type aliases, named as in the header.
vf_status = c_int
vf_flags = c_uint32
vf_dataset_p = c_void_p  # opaque `vf_dataset *`
out_string = POINTER(c_void_p)  # `char **out_json`: read with string_at, free with vf_string_free
out_dataset = POINTER(c_void_p)  # `vf_dataset **`
vf_keyring_p = c_void_p  # opaque `vf_keyring *`
out_keyring = POINTER(c_void_p)  # `vf_keyring **`
vf_registry_p = c_void_p  # opaque `vf_registry *`
out_registry = POINTER(c_void_p)  # `vf_registry **`
c_int_p = POINTER(c_int)
c_uint32_p = POINTER(c_uint32)  # `const uint32_t *` and `uint32_t *`: arrays of the caller's
c_int64_p = POINTER(c_int64)  # `const int64_t *`
c_size_p = POINTER(c_size_t)  # `size_t *`

#: Every function of the C ABI: name → (restype, argtypes). Keep in header order.
FUNCTIONS: Dict[str, Tuple[Any, Sequence[Any]]] = {
    # Versions, errors and strings
    "vf_version": (None, [c_int_p, c_int_p, c_int_p]),
    "vf_version_string": (c_char_p, []),
    "vf_last_error_message": (c_char_p, []),
    "vf_last_issues_json": (c_char_p, []),
    "vf_last_status": (vf_status, []),
    "vf_string_free": (None, [c_void_p]),
    "vf_status_name": (c_char_p, [vf_status]),
    "vf_issue_code_name": (c_char_p, [c_int]),
    "vf_collection_name": (c_char_p, [c_size_t]),
    # Validation without a handle
    "vf_validate_json": (vf_status, [c_char_p, c_size_t, c_int_p, out_string]),
    "vf_validate_file": (vf_status, [c_char_p, c_int_p, out_string]),
    # Dataset handles
    "vf_dataset_new": (vf_status, [out_dataset]),
    "vf_dataset_free": (None, [vf_dataset_p]),
    "vf_dataset_load_json": (vf_status, [c_char_p, c_size_t, vf_flags, out_dataset]),
    "vf_dataset_load_file": (vf_status, [c_char_p, vf_flags, out_dataset]),
    "vf_dataset_save_json": (vf_status, [vf_dataset_p, vf_flags, out_string]),
    "vf_dataset_save_file": (vf_status, [vf_dataset_p, c_char_p, vf_flags]),
    "vf_dataset_validate": (vf_status, [vf_dataset_p, c_int_p, out_string]),
    "vf_dataset_count": (vf_status, [vf_dataset_p, c_char_p, POINTER(c_size_t)]),
    "vf_dataset_get": (vf_status, [vf_dataset_p, c_char_p, c_char_p, vf_flags, out_string]),
    "vf_dataset_list": (vf_status, [vf_dataset_p, c_char_p, vf_flags, out_string]),
    "vf_dataset_add": (vf_status, [vf_dataset_p, c_char_p, c_char_p, c_size_t]),
    "vf_dataset_policy": (vf_status, [vf_dataset_p, out_string]),
    "vf_dataset_set_policy": (vf_status, [vf_dataset_p, c_char_p, c_size_t]),
    "vf_dataset_summary": (vf_status, [vf_dataset_p, out_string]),
    # Lifecycle operations
    "vf_dataset_apply": (vf_status, [vf_dataset_p, c_char_p, c_size_t, vf_flags, out_string]),
    "vf_dataset_audit": (vf_status, [vf_dataset_p, c_size_t, c_size_t, out_string]),
    # Certificates
    "vf_keyring_from_text": (vf_status, [c_char_p, c_size_t, out_keyring]),
    "vf_keyring_from_file": (vf_status, [c_char_p, out_keyring]),
    "vf_keyring_free": (None, [vf_keyring_p]),
    "vf_keyring_public_key": (vf_status, [vf_keyring_p, out_string]),
    "vf_dataset_set_keyring": (vf_status, [vf_dataset_p, vf_keyring_p]),
    "vf_certificate_verify": (vf_status, [vf_dataset_p, vf_keyring_p, c_char_p, c_char_p, out_string]),
    "vf_certificate_token": (vf_status, [vf_dataset_p, vf_keyring_p, c_char_p, out_string]),
    "vf_token_verify": (vf_status, [c_char_p, c_char_p, out_string]),
    # Matching solvers
    "vf_stable_match": (vf_status, [c_char_p, c_size_t, out_string]),
    "vf_blocking_pairs": (vf_status, [c_char_p, c_size_t, out_string]),
    "vf_stable_match_lists": (vf_status, [c_char_p, c_size_t, c_uint32_p, c_size_t, c_size_t, c_int64_p, c_size_t,
                                          vf_flags, c_uint32_p, c_uint32_p, c_uint32_p, out_string, c_size_p]),
    "vf_blocking_pairs_lists": (vf_status, [c_char_p, c_size_t, c_uint32_p, c_size_t, c_size_t, c_int64_p, c_size_t,
                                            c_size_t, out_string]),
    "vf_assign": (vf_status, [c_char_p, c_size_t, out_string]),
    # Course allocation
    "vf_dataset_allocate": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_string]),
    # Candidate ranking and batch referral matching (since 0.5)
    "vf_dataset_rank": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_string]),
    "vf_dataset_explain": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_string]),
    "vf_dataset_match": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_string]),
    "vf_dataset_report": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_string]),
    "vf_dataset_plan": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_string]),
    "vf_dataset_export_anonymised": (vf_status, [vf_dataset_p, c_char_p, c_size_t, out_dataset]),
    # Registries on disk (since 0.7)
    "vf_registry_open": (vf_status, [c_char_p, vf_flags, out_registry]),
    "vf_registry_create": (vf_status, [c_char_p, vf_dataset_p, vf_flags, out_registry]),
    "vf_registry_close": (None, [vf_registry_p]),
    "vf_registry_apply": (vf_status, [vf_registry_p, c_char_p, c_size_t, vf_flags, out_string]),
    "vf_registry_set_keyring": (vf_status, [vf_registry_p, vf_keyring_p]),
    "vf_registry_checkpoint": (vf_status, [vf_registry_p]),
    "vf_registry_status": (vf_status, [vf_registry_p, out_string]),
    "vf_registry_read": (vf_status, [vf_registry_p, out_dataset]),  # `const vf_dataset **out_view`
    "vf_registry_release": (None, [vf_registry_p, vf_dataset_p]),
}

_ERRORS: Dict[int, Type[VocfabError]] = {
    Status.ERROR_INVALID_ARGUMENT: InvalidArgumentError,
    Status.ERROR_PARSE: ParseError,
    Status.ERROR_SCHEMA_VERSION: SchemaVersionError,
    Status.ERROR_INVALID_DATA: InvalidDataError,
    Status.ERROR_NOT_FOUND: NotFoundError,
    Status.ERROR_IO: VocfabIOError,
    Status.ERROR_OUT_OF_MEMORY: VocfabMemoryError,
    Status.ERROR_INTERNAL: InternalError,
    Status.ERROR_RULE_VIOLATION: RuleViolationError,
    Status.ERROR_INFEASIBLE: InfeasibleError,
    Status.ERROR_LOCKED: RegistryLockedError,
    Status.ERROR_CORRUPT: RegistryCorruptError,
}


def exception_for(status: int, message: str, issues: List[Issue]) -> VocfabError:
    """The exception for a failed call: its class chosen by @p status (unknown → VocfabError)."""
    cls = _ERRORS.get(status, VocfabError)
    if not message:
        message = f"vocfab call failed with status {status}"
    return cls(message, status=status, issues=issues)


def version_compatible(found: Tuple[int, int, int], expected: Tuple[int, int]) -> bool:
    """Whether a library of version @p found can serve bindings written for @p expected.

    Header convention 6: the major versions must match; within a major version functions are
    only added, so the library's minor must be at least the bindings'. While the major version
    is 0 the promise holds only within one minor version, so the minors must then be equal.
    """
    major, minor, _patch = found
    exp_major, exp_minor = expected
    if major != exp_major:
        return False
    if major == 0:
        return minor == exp_minor
    return minor >= exp_minor


class Library:
    """A loaded ``libvocfab`` with every function declared, and the error-checking helpers.

    Each ``vf_`` function of :data:`FUNCTIONS` becomes an attribute of the same name (a ctypes
    function with its ``argtypes`` and ``restype``); the annotations below name them for type
    checkers (a test checks that they match the table).
    """

    vf_version: Callable[..., None]
    vf_version_string: Callable[[], Optional[bytes]]
    vf_last_error_message: Callable[[], Optional[bytes]]
    vf_last_issues_json: Callable[[], Optional[bytes]]
    vf_last_status: Callable[[], int]
    vf_string_free: Callable[..., None]
    vf_status_name: Callable[[int], Optional[bytes]]
    vf_issue_code_name: Callable[[int], Optional[bytes]]
    vf_collection_name: Callable[[int], Optional[bytes]]
    vf_validate_json: Callable[..., int]
    vf_validate_file: Callable[..., int]
    vf_dataset_new: Callable[..., int]
    vf_dataset_free: Callable[..., None]
    vf_dataset_load_json: Callable[..., int]
    vf_dataset_load_file: Callable[..., int]
    vf_dataset_save_json: Callable[..., int]
    vf_dataset_save_file: Callable[..., int]
    vf_dataset_validate: Callable[..., int]
    vf_dataset_count: Callable[..., int]
    vf_dataset_get: Callable[..., int]
    vf_dataset_list: Callable[..., int]
    vf_dataset_add: Callable[..., int]
    vf_dataset_policy: Callable[..., int]
    vf_dataset_set_policy: Callable[..., int]
    vf_dataset_summary: Callable[..., int]
    vf_dataset_apply: Callable[..., int]
    vf_dataset_audit: Callable[..., int]
    vf_keyring_from_text: Callable[..., int]
    vf_keyring_from_file: Callable[..., int]
    vf_keyring_free: Callable[..., None]
    vf_keyring_public_key: Callable[..., int]
    vf_dataset_set_keyring: Callable[..., int]
    vf_certificate_verify: Callable[..., int]
    vf_certificate_token: Callable[..., int]
    vf_token_verify: Callable[..., int]
    vf_stable_match: Callable[..., int]
    vf_blocking_pairs: Callable[..., int]
    vf_stable_match_lists: Callable[..., int]
    vf_blocking_pairs_lists: Callable[..., int]
    vf_assign: Callable[..., int]
    vf_dataset_allocate: Callable[..., int]
    vf_dataset_rank: Callable[..., int]
    vf_dataset_explain: Callable[..., int]
    vf_dataset_match: Callable[..., int]
    vf_dataset_report: Callable[..., int]
    vf_dataset_plan: Callable[..., int]
    vf_dataset_export_anonymised: Callable[..., int]
    vf_registry_open: Callable[..., int]
    vf_registry_create: Callable[..., int]
    vf_registry_close: Callable[..., None]
    vf_registry_apply: Callable[..., int]
    vf_registry_set_keyring: Callable[..., int]
    vf_registry_checkpoint: Callable[..., int]
    vf_registry_status: Callable[..., int]
    vf_registry_read: Callable[..., int]
    vf_registry_release: Callable[..., None]

    def __init__(self, cdll: ctypes.CDLL, path: str) -> None:
        self.cdll = cdll
        self.path = path
        missing = []
        for name, (restype, argtypes) in FUNCTIONS.items():
            try:
                function = getattr(cdll, name)
            except AttributeError:
                missing.append(name)
                continue
            function.restype = restype
            function.argtypes = list(argtypes)
            setattr(self, name, function)
        self._check_version(missing)

    def _check_version(self, missing: List[str]) -> None:
        if "vf_version" in missing:
            raise LibraryError(f"{self.path} is not a vocfab library (no vf_version symbol)")
        major, minor, patch = c_int(-1), c_int(-1), c_int(-1)
        self.vf_version(ctypes.byref(major), ctypes.byref(minor), ctypes.byref(patch))
        self.version = (major.value, minor.value, patch.value)
        found = ".".join(str(v) for v in self.version)
        if not version_compatible(self.version, ABI_VERSION):
            wanted = f"{ABI_VERSION[0]}.{ABI_VERSION[1]}.x"
            raise VersionMismatchError(
                f"{self.path} is vocfab {found}, but this Python package binds the C ABI "
                f"{wanted}; install matching versions (or point VOCFAB_LIBRARY at a matching "
                f"build)", found=found, expected_major=ABI_VERSION[0])
        if missing:
            raise LibraryError(
                f"{self.path} (vocfab {found}) lacks the functions {', '.join(missing)}")

    # -- helpers ---------------------------------------------------------------------------

    def last_error(self) -> Tuple[str, List[Issue]]:
        """The calling thread's last error message and issues."""
        raw_message = self.vf_last_error_message()
        message = raw_message.decode("utf-8", "replace") if raw_message else ""
        message = message.replace("(all in vf_last_issues_json)", "(all in .issues)")
        raw_issues = self.vf_last_issues_json()
        try:
            issues = issues_from_json(raw_issues.decode("utf-8", "replace") if raw_issues else "")
        except (ValueError, TypeError):
            issues = []
        return message, issues

    def check(self, status: int) -> None:
        """Raises the exception matching @p status (from the same thread's error state)."""
        if status == Status.OK:
            return
        message, issues = self.last_error()
        raise exception_for(status, message, issues)

    def take_string(self, pointer: c_void_p) -> str:
        """Reads and frees a ``char *`` the library returned through an ``out_*`` parameter."""
        if not pointer.value:
            return ""
        try:
            text: bytes = ctypes.string_at(pointer.value)
            return text.decode("utf-8")
        finally:
            self.vf_string_free(pointer)

    def call_string(self, function: Callable[..., int], *args: Any) -> str:
        """Calls a function whose last parameter is ``char **out_json``; returns the text."""
        out = c_void_p()
        status = function(*args, ctypes.byref(out))
        if status != Status.OK:
            self.check(status)
        return self.take_string(out)

    def call_json(self, function: Callable[..., int], *args: Any) -> Any:
        """Like :meth:`call_string`, then parses the JSON."""
        return json.loads(self.call_string(function, *args))

    def status_name(self, status: int) -> str:
        """The C name of a status (``"VF_ERROR_PARSE"``)."""
        name = self.vf_status_name(status)
        return name.decode("ascii") if name else f"status {status}"

    def issue_codes(self) -> List[str]:
        """Every issue code name the library knows, in numeric order (from 1)."""
        codes: List[str] = []
        code = 1
        while True:
            name = self.vf_issue_code_name(code)
            if name is None:
                return codes
            codes.append(name.decode("ascii"))
            code += 1

    def collections(self) -> List[str]:
        """The collection names in document order."""
        names: List[str] = []
        index = 0
        while True:
            name = self.vf_collection_name(index)
            if name is None:
                return names
            names.append(name.decode("ascii"))
            index += 1


_lock = threading.Lock()
_library: Optional[Library] = None


def library() -> Library:
    """The process-wide library, loaded (and version-checked) on first use."""
    global _library
    lib = _library
    if lib is not None:
        return lib
    with _lock:
        if _library is None:
            cdll, path, _log = _loader.load_library()
            _library = Library(cdll, path)
        return _library
