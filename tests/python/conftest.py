"""Shared fixtures of the Python suite.

Run with Debian's interpreter: ``/usr/bin/python3 -m pytest tests/python``. ctest runs it with
``VOCFAB_LIBRARY`` naming the freshly built ``libvocfab.so`` and ``PYTHONPATH`` at
``bindings/python``; run by hand from a checkout, the package is imported from the source tree
and the library found in ``build/*/capi/``.

When ``VOCFAB_LIBRARY`` is set, a library that fails to load fails the tests. Otherwise tests that
need the library are skipped when none can be found (so the pure-Python tests still run).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path
from typing import Iterator

import pytest
from hypothesis import settings
from hypothesis.configuration import set_hypothesis_home_dir

# Nothing of hypothesis's in the source tree (runs must leave the checkout clean): no example
# database, and its caches (e.g. unicode data) under the temporary directory.
settings.register_profile("vocfab", database=None, derandomize=True)  # the same examples on every run
settings.load_profile("vocfab")
if not os.environ.get("HYPOTHESIS_STORAGE_DIRECTORY"):
    set_hypothesis_home_dir(os.path.join(tempfile.gettempdir(), f"vocfab-hypothesis-{os.getuid()}"))

REPO = Path(__file__).resolve().parents[2]
PACKAGE_ROOT = REPO / "bindings" / "python"
HEADER = REPO / "capi" / "include" / "vocfab" / "vocfab.h"
DATA = REPO / "data"

if str(PACKAGE_ROOT) not in sys.path:
    sys.path.insert(0, str(PACKAGE_ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))  # builders

import vocfab  # noqa: E402
import builders  # noqa: E402


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "slow: takes seconds (venv + pip install); -m 'not slow' skips")


def _library_problem() -> str:
    try:
        vocfab.library_info()
    except vocfab.LibraryError as exc:
        return str(exc)
    return ""


@pytest.fixture(scope="session")
def library() -> dict:
    """Information on the loaded library; skips (or fails under ctest) when there is none."""
    problem = _library_problem()
    if problem:
        if os.environ.get("VOCFAB_LIBRARY"):
            pytest.fail(f"VOCFAB_LIBRARY is set but the library cannot be used: {problem}")
        pytest.skip(f"no vocfab library available: {problem.splitlines()[0]}")
    return vocfab.library_info()


@pytest.fixture
def doc(library: dict) -> dict:
    """A fresh valid document (one record of every kind) as a dict."""
    return builders.document()


@pytest.fixture
def ds(library: dict) -> Iterator[vocfab.Dataset]:
    """A dataset loaded from :func:`builders.document`, closed afterwards."""
    dataset = vocfab.Dataset.from_json(builders.dumps(builders.document()))
    yield dataset
    dataset.close()


@pytest.fixture
def empty(library: dict) -> Iterator[vocfab.Dataset]:
    """An empty dataset, closed afterwards."""
    dataset = vocfab.Dataset()
    yield dataset
    dataset.close()


@pytest.fixture(scope="session")
def sample_path() -> Path:
    """``data/sample.json``; skips when the sample data is not there."""
    path = DATA / "sample.json"
    if not path.is_file():
        pytest.skip("data/sample.json is not there")
    return path
