"""vocfab: Python bindings (ctypes) for the vocational-training and employment registry library.

Quick start::

    import vocfab

    with vocfab.Dataset.load("data/sample.json") as ds:
        print(ds.counts())
        report = ds.validate()
        for issue in report.issues:
            print(issue.path, issue.code, issue.message)
        trainee = ds.list("trainees")[0]          # national ids masked by default
        ds.save("copy.json")                      # the registry in full: it loads again
        ds.export("masked.json")                  # a masked copy; never replaces a file

    with vocfab.Registry.open("registry.json", create_from="data/sample.json") as registry:
        registry.apply(ops, actor="desk-3")       # durable (journaled, fsynced) when it returns
        print(registry.count("trainees"))         # every read method of Dataset, on a view

The shared library ``libvocfab.so.0`` is loaded on first use (see :mod:`vocfab._loader` for the
search order and ``VOCFAB_LIBRARY``); :func:`library_info` reports which one was loaded.
"""

from __future__ import annotations

from typing import Dict, List

from . import matching, records, reports
from ._version import ABI_VERSION, __version__
from .certificates import (
    CertificateFacts, CertificateStatus, CertificateVerification, Keyring, Revocation, TokenStatus,
    TokenVerification, verify_token,
)
from .dataset import COLLECTIONS, Dataset, DatasetReader, ValidationReport, validate_file, validate_json
from .operations import BatchResult, Effect, OperationResult, Touched
from .registry import DroppedTail, RecoveryReport, Registry, RegistryStatus
from .errors import (
    ClosedError, InfeasibleError, InternalError, InvalidArgumentError, InvalidDataError, Issue, LibraryError,
    NotFoundError, ParseError, RegistryCorruptError, RegistryLockedError, RuleViolationError, SchemaVersionError,
    VersionMismatchError, VocfabError, VocfabIOError, VocfabMemoryError,
)


def library_info() -> Dict[str, object]:
    """Which shared library is in use: ``{"path": …, "version": "0.7.0", "abi": (0, 7)}``.

    Loads the library if it is not loaded yet.

    Raises:
        LibraryError: the library cannot be found or loaded.
        VersionMismatchError: its version does not match this package.
    """
    from . import _capi

    lib = _capi.library()
    version = lib.vf_version_string() or b""
    return {"path": lib.path, "version": version.decode("ascii"), "abi": ABI_VERSION}


def runtime_version() -> str:
    """The loaded library's version text (``vf_version_string``), e.g. ``"0.7.0"``."""
    return str(library_info()["version"])


def issue_codes() -> List[str]:
    """Every stable issue code the library knows (SPEC section 8), in numeric order."""
    from . import _capi

    return _capi.library().issue_codes()


__all__ = [
    "BatchResult", "Effect", "OperationResult", "Touched",
    "__version__", "ABI_VERSION", "matching", "records", "COLLECTIONS", "Dataset", "DatasetReader", "ValidationReport",
    "validate_json", "Registry", "RegistryStatus", "RecoveryReport", "DroppedTail",
    "validate_file", "library_info", "runtime_version", "issue_codes",
    "Keyring", "CertificateStatus", "CertificateVerification", "CertificateFacts", "Revocation",
    "TokenStatus", "TokenVerification", "verify_token",
    "Issue", "VocfabError", "LibraryError", "VersionMismatchError", "ClosedError",
    "InvalidArgumentError", "ParseError", "SchemaVersionError", "InvalidDataError",
    "RuleViolationError", "InfeasibleError", "NotFoundError", "VocfabIOError", "RegistryLockedError",
    "RegistryCorruptError", "VocfabMemoryError", "InternalError",
]
