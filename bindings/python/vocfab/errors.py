"""The exceptions of the vocfab package and the validation :class:`Issue` type.

Every exception derives from :class:`VocfabError`. Errors reported by the C library carry its
status code (``.status``) and message; most also derive from the matching built-in exception
(``ValueError``, ``LookupError``, ``OSError``, ``MemoryError``) so that generic handlers work::

    VocfabError
    ├── LibraryError                 the shared library is missing or cannot be used
    │   └── VersionMismatchError     its major version is not the one this package binds
    ├── ClosedError                  a closed Dataset was used (also ValueError)
    ├── InvalidArgumentError         a bad argument, e.g. an unknown collection (also ValueError)
    ├── ParseError                   the document is not well-formed JSON (also ValueError)
    │   └── SchemaVersionError       its schema_version is not one the library reads
    ├── InvalidDataError             records break the format or the rules; see .issues (ValueError)
    │   └── RuleViolationError       an operation a rule forbids; see .index and .issues
    ├── InfeasibleError              a matching or assignment problem without a solution (ValueError)
    ├── NotFoundError                no record with that key (also LookupError)
    ├── VocfabIOError                a file could not be read or written (also OSError)
    │   ├── RegistryLockedError      another writer holds the registry; see .pid
    │   └── RegistryCorruptError     the registry's snapshot or journal cannot be trusted
    ├── VocfabMemoryError            the library ran out of memory (also MemoryError)
    └── InternalError                a bug in the library (an unexpected exception in C++)
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Dict, List, Optional, Sequence


@dataclass(frozen=True)
class Issue:
    """One problem found in a dataset or an operation (SPEC section 8).

    Attributes:
        code: A stable snake_case issue code, e.g. ``"invalid_national_id"``.
        path: Where, as a JSON path into the document, e.g. ``"trainees[3].national_id"``
            (may be empty).
        message: What, for a person; national ids appear masked.
    """

    code: str
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: " if self.path else ""
        return f"{where}{self.message} [{self.code}]"

    @classmethod
    def from_dict(cls, item: Dict[str, Any]) -> "Issue":
        """Builds an issue from its JSON object ``{"code", "path", "message"}``."""
        return cls(str(item.get("code", "")), str(item.get("path", "")), str(item.get("message", "")))


def issues_from_json(text: Optional[str]) -> List[Issue]:
    """Parses the C library's issue array ``[{"code", "path", "message"}, ...]``."""
    if not text:
        return []
    data = json.loads(text)
    if isinstance(data, dict):  # tolerate {"issues": [...]} or {"valid": ..., "issues": [...]}
        data = data.get("issues", [])
    return [Issue.from_dict(item) for item in data]


class VocfabError(Exception):
    """Base class of every vocfab exception.

    Attributes:
        message: The error message (from the C library's last-error text when it reported one);
            national ids in it are masked.
        status: The C status code (``vf_status``), or ``None`` for errors raised in Python.
        issues: The structured issues the library reported with the error (often empty).
    """

    def __init__(self, message: str, *, status: Optional[int] = None,
                 issues: Sequence[Issue] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.issues: List[Issue] = list(issues)

    def __str__(self) -> str:
        return self.message


class LibraryError(VocfabError):
    """The shared library could not be found, loaded or used."""


class VersionMismatchError(LibraryError):
    """The loaded library's major version differs from the one this package was written for."""

    def __init__(self, message: str, *, found: str, expected_major: int) -> None:
        super().__init__(message)
        self.found = found
        self.expected_major = expected_major


class ClosedError(VocfabError, ValueError):
    """A :class:`~vocfab.Dataset` (a keyring, a registry, a registry's view) was used after it was
    closed (released)."""


class InvalidArgumentError(VocfabError, ValueError):
    """An argument the library rejects (an unknown collection name, an empty key, …)."""


class ParseError(VocfabError, ValueError):
    """The document is not well-formed JSON (or not a JSON object where one is needed)."""


class SchemaVersionError(ParseError):
    """The document's ``schema_version`` is missing or not one this library reads."""


class InvalidDataError(VocfabError, ValueError):
    """Records break the format or the rules.

    Attributes:
        issues: Every problem found, as :class:`Issue` values (code, path, message).
    """

    def __str__(self) -> str:
        if not self.issues:
            return self.message
        shown = "\n".join(f"  {issue}" for issue in self.issues[:10])
        more = f"\n  … and {len(self.issues) - 10} more" if len(self.issues) > 10 else ""
        return f"{self.message}\n{shown}{more}"

    @property
    def codes(self) -> List[str]:
        """The issue codes, in order (handy in tests and logs)."""
        return [issue.code for issue in self.issues]


class RuleViolationError(InvalidDataError):
    """A batch of operations was refused: the operation at ``index`` breaks a rule (e.g.
    ``invalid_transition``, ``duplicate_referral``) or could not be read (``unknown_operation``);
    ``issues`` lists all of its issues (paths such as ``ops[3].trainee``). Nothing was applied.
    """

    @property
    def index(self) -> Optional[int]:
        """The position of the failing operation in the batch (from its issues' paths)."""
        for issue in self.issues:
            match = re.match(r"ops\[(\d+)\]", issue.path)
            if match:
                return int(match.group(1))
        return None


class InfeasibleError(VocfabError, ValueError):
    """A well-formed matching or assignment problem has no solution of the kind asked for (issue
    ``infeasible``: no full assignment exists)."""


class NotFoundError(VocfabError, LookupError):
    """No record with the requested key exists."""


class VocfabIOError(VocfabError, OSError):
    """A file could not be opened, read or written."""


class RegistryLockedError(VocfabIOError):
    """Another writer holds the registry (``VF_ERROR_LOCKED``): another process, or another
    read-write :class:`~vocfab.Registry` in this one. Open it read-only, or wait.

    Attributes:
        pid: The holder's process id, as the message names it (``None`` when it does not).
    """

    @property
    def pid(self) -> Optional[int]:
        """The holder's process id, from the message ("… by process 1234 …")."""
        match = re.search(r"\bprocess (\d+)\b", self.message)
        return int(match.group(1)) if match else None


class RegistryCorruptError(VocfabIOError):
    """The registry's snapshot or journal cannot be trusted (``VF_ERROR_CORRUPT``): a damaged
    journal record with sound records after it (acknowledged batches would be lost), a journal
    that does not follow its snapshot, a snapshot that does not read cleanly. Nothing was changed;
    restore the files from a backup."""


class VocfabMemoryError(VocfabError, MemoryError):
    """The library could not allocate memory."""


class InternalError(VocfabError):
    """An unexpected failure inside the library (please report it)."""


__all__ = [
    "Issue", "VocfabError", "LibraryError", "VersionMismatchError", "ClosedError",
    "InvalidArgumentError", "ParseError", "SchemaVersionError", "InvalidDataError",
    "RuleViolationError", "InfeasibleError", "NotFoundError", "VocfabIOError", "RegistryLockedError",
    "RegistryCorruptError", "VocfabMemoryError", "InternalError", "issues_from_json",
]
