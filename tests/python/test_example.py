"""The example of docs/python.md runs and prints what the page says it prints."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

import builders
from conftest import PACKAGE_ROOT, REPO

EXAMPLE = REPO / "docs" / "examples" / "python_example.py"


def run_example(dataset: Path, library: dict) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), VOCFAB_LIBRARY=library["path"])
    return subprocess.run([sys.executable, str(EXAMPLE), str(dataset)], capture_output=True,
                          text=True, env=env, timeout=120)


def check_output(result: subprocess.CompletedProcess) -> None:
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "records:" in out and "valid:" in out
    assert "added branch: Drone piloting" in out
    assert "rejected: branches[" in out and "[duplicate_id]" in out
    assert "not found:" in out
    assert "reloaded:" in out
    assert "export refused:" in out and "a masked export never replaces a file" in out
    assert "closed: the handle was released" in out


def test_example_on_inline_data(library: dict, tmp_path: Path) -> None:
    path = tmp_path / "small.json"
    path.write_text(builders.dumps(builders.document()), encoding="utf-8")
    result = run_example(path, library)
    check_output(result)
    assert builders.masked(builders.NID) in result.stdout
    assert builders.NID not in result.stdout
    assert "reloaded: 2 branches" in result.stdout


def test_example_on_sample_data(library: dict, sample_path: Path) -> None:
    result = run_example(sample_path, library)
    check_output(result)
    assert "valid: True" in result.stdout
    import vocfab

    with vocfab.Dataset.load(sample_path) as ds:
        branches = ds.count("branches")
    assert f"reloaded: {branches + 1} branches" in result.stdout


def test_documentation_page_exists() -> None:
    page = REPO / "docs" / "python.md"
    if not page.is_file():
        pytest.fail("docs/python.md is missing")
    text = page.read_text(encoding="utf-8")
    assert "docs/examples/python_example.py" in text
    for name in ("VOCFAB_LIBRARY", "VOCFAB_BUNDLE_LIBRARY", "reveal_national_ids", "ClosedError",
                 "InvalidDataError", "weakref.finalize"):
        assert name in text, name
