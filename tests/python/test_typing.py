"""The type hints hold: ``mypy --strict`` passes on the package, the example and typed usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vocfab import _capi
from conftest import PACKAGE_ROOT, REPO

USAGE = '''
import json
from typing import List, Optional
import vocfab
from vocfab.records import AuditEntry, Document, Enrollment, Policy, Trainee

def names(ds: vocfab.Dataset, key: str) -> str:
    trainee: Trainee = ds.get("trainees", key)
    first: str = ds.list("branches")[0]["code"]
    policy: Policy = ds.policy
    generic = ds.get("centres" if key else "courses", key)   # a plain str: a dict
    return trainee["given_name"] + first + str(policy.get("min_group")) + str(generic)

def new_fields(ds: vocfab.Dataset, key: str) -> str:
    trainee = ds.get("trainees", key)
    erased: Optional[str] = trainee.get("erased")
    year: Optional[int] = trainee.get("birth_year")
    enrollments: List[Enrollment] = ds.list("enrollments")
    ended: Optional[str] = enrollments[0].get("ended")
    enrolled: Optional[str] = enrollments[0].get("enrolled")
    document: Document = json.loads(ds.to_json())
    trail: List[AuditEntry] = document.get("audit", [])
    return f"{erased}{year}{ended}{enrolled}{document.get('as_of')}{trail[0]['seq'] + 1}"

def bad(ds: vocfab.Dataset, key: str) -> int:
    return ds.get("trainees", key)["given_name"]   # a str, not an int

def bad_name(ds: vocfab.Dataset, key: str) -> object:
    return ds.get("trainees", key)["given_nam"]   # no such field

def bad_type(ds: vocfab.Dataset) -> str:
    return ds.list("enrollments")[0]["absent_hours"]   # an int, not a str

def bad_enum(ds: vocfab.Dataset) -> None:
    referral = ds.list("referrals")[0]
    referral["status"] = "hird"   # not a referral status
'''


CACHE: list = []


@pytest.fixture(scope="module", autouse=True)
def mypy_cache(tmp_path_factory: pytest.TempPathFactory) -> None:
    CACHE.append(str(tmp_path_factory.mktemp("mypy-cache")))  # shared: typeshed parsed once


def mypy(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mypy", "--strict", "--cache-dir", CACHE[-1],
                           "--no-error-summary", *args],
                          capture_output=True, text=True, timeout=600,
                          env={"MYPYPATH": str(PACKAGE_ROOT), "PATH": "/usr/bin:/bin"})


@pytest.fixture(scope="module", autouse=True)
def needs_mypy() -> None:
    try:
        import mypy  # noqa: F401
    except ImportError:
        pytest.skip("mypy is not installed (Debian package python3-mypy)")


def test_package_is_strictly_typed() -> None:
    result = mypy(str(PACKAGE_ROOT / "vocfab"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_example_type_checks() -> None:
    result = mypy(str(REPO / "docs" / "examples" / "python_example.py"))
    assert result.returncode == 0, result.stdout + result.stderr


def test_records_are_typed_for_callers(tmp_path: Path) -> None:
    (tmp_path / "usage.py").write_text(USAGE, encoding="utf-8")
    result = mypy(str(tmp_path / "usage.py"))
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # Exactly the deliberate mistakes: a str returned as an int, a misspelt field, an int
    # returned as a str, a value outside an enumeration. The new fields type-check.
    lines = [USAGE.splitlines().index(marker) + 1 for marker in (
        '    return ds.get("trainees", key)["given_name"]   # a str, not an int',
        '    return ds.get("trainees", key)["given_nam"]   # no such field',
        '    return ds.list("enrollments")[0]["absent_hours"]   # an int, not a str',
        '    referral["status"] = "hird"   # not a referral status')]
    assert [int(line.split(":")[1]) for line in errors] == lines, result.stdout
    assert '"given_nam"' in errors[1], errors[1]


def test_library_annotations_match_the_table() -> None:
    annotated = {name for name in _capi.Library.__annotations__ if name.startswith("vf_")}
    assert annotated == set(_capi.FUNCTIONS)


SAVING = '''
import vocfab

def good(ds: vocfab.Dataset) -> str:
    ds.save("registry.json")
    ds.export("export.json")
    return ds.to_json(reveal_national_ids=False)

def bad(ds: vocfab.Dataset) -> None:
    ds.save("registry.json", reveal_national_ids=False)
    ds.list("trainees", reveal_national_ids="false")
'''


def test_saving_and_flags_are_typed_for_callers(tmp_path: Path) -> None:
    (tmp_path / "saving.py").write_text(SAVING, encoding="utf-8")
    result = mypy(str(tmp_path / "saving.py"))
    errors = [line for line in result.stdout.splitlines() if ": error:" in line]
    # The two deliberate mistakes: save has no masking switch, and a flag is a bool.
    assert [line.split(":")[1] for line in errors] == ["10", "11"], result.stdout
