"""The ctypes table matches the C header: every ``vf_`` function declared, with the right types.

These tests read ``capi/include/vocfab/vocfab.h`` directly, so a function added to the header
without a binding (or a changed signature) fails here before it can crash at run time.
"""

from __future__ import annotations

import ctypes
import re
from typing import Dict, List, Tuple

import pytest

import vocfab
from vocfab import _capi
from conftest import HEADER

SPEC_ISSUE_CODES = [
    "parse_error", "schema_version_unsupported", "missing_field", "invalid_value", "duplicate_id",
    "unknown_reference", "invalid_national_id", "duplicate_national_id", "invalid_tax_number",
    "invalid_phone", "invalid_date", "invalid_date_range", "capacity_exceeded",
    "not_eligible_residency", "not_eligible_age", "guardian_consent_required", "consent_required",
    "schedule_conflict", "max_enrollments_exceeded", "branch_already_completed",
    "absence_limit_exceeded", "certificate_not_allowed", "invalid_transition", "vacancy_not_open",
    "duplicate_referral", "referral_paused", "max_referrals_exceeded",
    "protected_attribute_criterion", "io_error", "duplicate_enrollment", "course_not_open",
    "not_job_seeking", "certificate_required", "record_erased", "unknown_operation",
    "idempotency_conflict", "infeasible",
]


def _header_code() -> str:
    text = HEADER.read_text(encoding="utf-8")
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)  # block comments
    return re.sub(r"//[^\n]*", " ", text)


def header_functions() -> Dict[str, Tuple[str, List[str]]]:
    """name → (return type, [parameter types]) for every VF_API function of the header."""
    functions = {}
    for match in re.finditer(r"VF_API\s+([^;(]*?)\b(vf_\w+)\s*\(([^)]*)\)\s*;", _header_code()):
        ret, name, params = match.groups()
        types = []
        for param in params.split(","):
            param = " ".join(param.split())
            if not param or param == "void":
                continue
            # drop the parameter name: the last identifier not part of the type
            m = re.match(r"^(.*?[\s*])(\w+)$", param)
            types.append(" ".join(m.group(1).replace("*", " * ").split()) if m else param)
        functions[name] = (" ".join(ret.replace("*", " * ").split()), types)
    return functions


def header_enum(name: str) -> Dict[str, int]:
    body = re.search(r"typedef enum " + name + r"\s*\{(.*?)\}", _header_code(), re.S)
    assert body, f"enum {name} not found in the header"
    return {m.group(1): int(m.group(2))
            for m in re.finditer(r"(VF_\w+)\s*=\s*(\d+)", body.group(1))}


def header_define(name: str) -> str:
    match = re.search(r"#define " + name + r"\s+(.+)", _header_code())
    assert match, f"{name} not defined in the header"
    return match.group(1).strip()


C_TO_CTYPES = {
    "void": None,
    "int": ctypes.c_int,
    "int *": ctypes.POINTER(ctypes.c_int),
    "size_t": ctypes.c_size_t,
    "size_t *": ctypes.POINTER(ctypes.c_size_t),
    "const uint32_t *": ctypes.POINTER(ctypes.c_uint32),  # arrays of the caller's
    "uint32_t *": ctypes.POINTER(ctypes.c_uint32),
    "const int64_t *": ctypes.POINTER(ctypes.c_int64),
    "vf_flags": ctypes.c_uint32,
    "vf_status": ctypes.c_int,
    "const char *": ctypes.c_char_p,
    "char *": ctypes.c_void_p,  # a string handed back to be freed
    "char * *": ctypes.POINTER(ctypes.c_void_p),
    "vf_dataset *": ctypes.c_void_p,
    "const vf_dataset *": ctypes.c_void_p,
    "vf_dataset * *": ctypes.POINTER(ctypes.c_void_p),
    "vf_keyring *": ctypes.c_void_p,
    "const vf_keyring *": ctypes.c_void_p,
    "vf_keyring * *": ctypes.POINTER(ctypes.c_void_p),
    "vf_registry *": ctypes.c_void_p,
    "const vf_registry *": ctypes.c_void_p,
    "vf_registry * *": ctypes.POINTER(ctypes.c_void_p),
    "const vf_dataset * *": ctypes.POINTER(ctypes.c_void_p),  # a registry's read view
}

FUNCTIONS = header_functions()


def test_header_parsed() -> None:
    assert len(FUNCTIONS) >= 20, FUNCTIONS.keys()
    assert "vf_dataset_new" in FUNCTIONS and "vf_version" in FUNCTIONS


def test_every_header_function_is_declared() -> None:
    missing = sorted(set(FUNCTIONS) - set(_capi.FUNCTIONS))
    assert not missing, f"vf_ functions of the header without a ctypes declaration: {missing}"


def test_no_declaration_without_a_header_function() -> None:
    extra = sorted(set(_capi.FUNCTIONS) - set(FUNCTIONS))
    assert not extra, f"ctypes declarations of functions the header does not have: {extra}"


@pytest.mark.parametrize("name", sorted(FUNCTIONS))
def test_signature_matches_header(name: str) -> None:
    c_ret, c_params = FUNCTIONS[name]
    restype, argtypes = _capi.FUNCTIONS[name]
    for c_type in [c_ret, *c_params]:
        assert c_type in C_TO_CTYPES, f"{name}: no ctypes mapping for C type {c_type!r}"
    assert restype is C_TO_CTYPES[c_ret], f"{name}: restype {restype} for C {c_ret!r}"
    assert len(argtypes) == len(c_params), f"{name}: {len(argtypes)} argtypes, C has {c_params}"
    for i, (declared, c_type) in enumerate(zip(argtypes, c_params)):
        assert declared is C_TO_CTYPES[c_type], f"{name} parameter {i}: {declared} for {c_type!r}"


def test_loaded_functions_have_types(library: dict) -> None:
    lib = _capi.library()
    for name, (restype, argtypes) in _capi.FUNCTIONS.items():
        function = getattr(lib, name)
        assert function.restype is restype
        assert list(function.argtypes) == list(argtypes)


def test_status_enum_matches_header() -> None:
    header = header_enum("vf_status")
    python = {f"VF_{s.name}": int(s) for s in _capi.Status}
    assert python == header


def test_registry_statuses_have_their_exceptions() -> None:
    locked = _capi.exception_for(11, "vf_registry_open: the registry r.json is open for writing by process 4242 "
                                     "(its lock r.json.lock is held); open it read-only, or wait", [])
    assert type(locked) is vocfab.RegistryLockedError and locked.pid == 4242
    assert isinstance(locked, vocfab.VocfabIOError) and isinstance(locked, OSError)
    assert _capi.exception_for(11, "held by another process", []).pid is None
    corrupt = _capi.exception_for(12, "the journal is damaged", [])
    assert type(corrupt) is vocfab.RegistryCorruptError and isinstance(corrupt, vocfab.VocfabIOError)


def test_exception_for_every_error_status() -> None:
    for status in _capi.Status:
        if status is _capi.Status.OK:
            continue
        error = _capi.exception_for(int(status), "boom", [])
        assert type(error) is not vocfab.VocfabError, f"{status.name} has no specific exception"
        assert error.status == status and str(error) == "boom"
    unknown = _capi.exception_for(99, "", [])
    assert type(unknown) is vocfab.VocfabError and "99" in str(unknown)


def test_status_names_match_library(library: dict) -> None:
    lib = _capi.library()
    for status in _capi.Status:
        assert lib.status_name(int(status)) == f"VF_{status.name}"
    assert lib.status_name(12345) == "VF_UNKNOWN_STATUS"


def test_flags_and_constants_match_header() -> None:
    assert header_define("VF_FLAGS_NONE") == "((vf_flags)0u)" and _capi.FLAGS_NONE == 0
    assert header_define("VF_REVEAL_NATIONAL_IDS") == "((vf_flags)1u << 0)"
    assert _capi.REVEAL_NATIONAL_IDS == 1
    assert header_define("VF_RECEIVER_OPTIMAL") == "((vf_flags)1u << 2)"
    assert _capi.RECEIVER_OPTIMAL == 4
    assert header_define("VF_REGISTRY_READ_ONLY") == "((vf_flags)1u << 3)" and _capi.REGISTRY_READ_ONLY == 8
    assert header_define("VF_REGISTRY_CREATE") == "((vf_flags)1u << 4)" and _capi.REGISTRY_CREATE == 16
    assert header_define("VF_NAME_SEPARATOR") == "'\\x1f'" and _capi.NAME_SEPARATOR == "\x1f"
    assert header_define("VF_UNMATCHED") == "((uint32_t)0xFFFFFFFFu)" and _capi.UNMATCHED == 2 ** 32 - 1
    assert header_define("VF_NUL_TERMINATED") == "((size_t)-1)"
    assert _capi.NUL_TERMINATED == 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)) - 1


def test_package_version_matches_header() -> None:
    major = int(header_define("VF_VERSION_MAJOR"))
    minor = int(header_define("VF_VERSION_MINOR"))
    patch = int(header_define("VF_VERSION_PATCH"))
    assert vocfab.ABI_VERSION == (major, minor)
    assert vocfab.__version__ == f"{major}.{minor}.{patch}"


def test_runtime_version_is_checked_and_reported(library: dict) -> None:
    assert library["version"] == vocfab.runtime_version()
    major, minor, _ = (int(x) for x in library["version"].split("."))
    assert (major, minor) == vocfab.ABI_VERSION
    assert _capi.library().version[:2] == vocfab.ABI_VERSION


def test_issue_codes_match_spec_and_header(library: dict) -> None:
    assert vocfab.issue_codes() == SPEC_ISSUE_CODES
    header = header_enum("vf_issue_code")
    assert [header[f"VF_ISSUE_{code.upper()}"] for code in SPEC_ISSUE_CODES] == list(
        range(1, len(SPEC_ISSUE_CODES) + 1))


def test_collections_match_library(library: dict) -> None:
    assert tuple(_capi.library().collections()) == vocfab.COLLECTIONS


def test_version_compatibility_rule() -> None:
    ok = _capi.version_compatible
    assert ok((0, 1, 0), (0, 1)) and ok((0, 1, 7), (0, 1))
    assert not ok((0, 2, 0), (0, 1))  # 0.x: compatible only within one minor version
    assert not ok((1, 1, 0), (0, 1))
    assert ok((1, 3, 0), (1, 2)) and not ok((1, 1, 0), (1, 2)) and not ok((2, 2, 0), (1, 2))


def test_pyproject_version_matches_package() -> None:
    import tomllib

    from conftest import PACKAGE_ROOT

    project = tomllib.loads((PACKAGE_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert project["project"]["version"] == vocfab.__version__
    assert project["project"]["name"] == "vocfab"
