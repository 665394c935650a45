"""The type hints hold: ``mypy --strict`` passes on the package, the example and typed usage."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from vocfab import _capi
from conftest import PACKAGE_ROOT, REPO

USAGE = '''
import vocfab
from vocfab.records import Trainee, Policy

def names(ds: vocfab.Dataset, key: str) -> str:
    trainee: Trainee = ds.get("trainees", key)
    first: str = ds.list("branches")[0]["code"]
    policy: Policy = ds.policy
    generic = ds.get("centres" if key else "courses", key)   # a plain str: a dict
    return trainee["given_name"] + first + str(policy.get("min_group")) + str(generic)

def bad(ds: vocfab.Dataset, key: str) -> int:
    return ds.get("trainees", key)["given_name"]   # a str, not an int
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
    assert len(errors) == 1, result.stdout  # exactly the deliberate mistake in bad()
    assert "usage.py:13:" in errors[0] and "str" in errors[0]


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
