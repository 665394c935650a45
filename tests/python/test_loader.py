"""Finding the shared library: the search order, clear errors, and the version check."""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

import pytest

import vocfab
from vocfab import _capi, _loader
from conftest import PACKAGE_ROOT, REPO


@pytest.fixture
def no_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("VOCFAB_LIBRARY", raising=False)


@pytest.fixture
def nowhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path, no_env: None) -> Path:
    """A loader that finds nothing: empty package dir, no checkout, nothing on the system."""
    package = tmp_path / "pkg"
    package.mkdir()
    monkeypatch.setattr(_loader, "_PACKAGE_DIR", package)
    monkeypatch.setattr(_loader, "repository_root", lambda: None)
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    monkeypatch.setattr(_loader, "SYSTEM_NAME", "libvocfab-not-installed-anywhere.so.0")
    return package


def run_python(code: str, **env: str) -> subprocess.CompletedProcess:
    """Runs @p code in a fresh interpreter (the library cache is per process)."""
    environment = {k: v for k, v in os.environ.items() if k != "VOCFAB_LIBRARY"}
    environment["PYTHONPATH"] = str(PACKAGE_ROOT)
    environment.update(env)
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          env=environment, timeout=120)


def test_env_path_that_does_not_exist(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    missing = tmp_path / "libvocfab.so.0"
    monkeypatch.setenv("VOCFAB_LIBRARY", str(missing))
    with pytest.raises(vocfab.LibraryError, match="does not exist") as info:
        _loader.load_library()
    assert str(missing) in str(info.value)


def test_env_path_that_is_not_a_library(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    bogus = tmp_path / "libvocfab.so.0"
    bogus.write_text("not an ELF file")
    monkeypatch.setenv("VOCFAB_LIBRARY", str(bogus))
    with pytest.raises(vocfab.LibraryError, match="could not be loaded"):
        _loader.load_library()


def test_env_wins_over_every_other_place(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("VOCFAB_LIBRARY", "/some/where/libvocfab.so.0")
    assert _loader.candidates() == [("VOCFAB_LIBRARY", "/some/where/libvocfab.so.0")]


def test_nothing_found_lists_every_place(nowhere: Path) -> None:
    with pytest.raises(vocfab.LibraryError) as info:
        _loader.load_library()
    message = str(info.value)
    for place in ("VOCFAB_LIBRARY", "package directory", str(nowhere), "build tree",
                  "find_library", "dynamic loader"):
        assert place in message
    assert "vocfab_c" in message  # tells how to get one


def test_package_directory_is_searched_first(nowhere: Path, library: dict) -> None:
    shutil.copyfile(library["path"], nowhere / "libvocfab.so.0")
    (nowhere / "libvocfab.so").write_bytes(b"")  # the SONAME is preferred over other names
    found = _loader.candidates()
    assert found[0] == ("package directory", str(nowhere / "libvocfab.so.0"))
    cdll, path, _log = _loader.load_library()
    assert path == str(nowhere / "libvocfab.so.0")
    assert _capi.Library(cdll, path).version[:2] == vocfab.ABI_VERSION


def test_build_tree_newest_first(nowhere: Path, monkeypatch: pytest.MonkeyPatch,
                                 tmp_path: Path, library: dict) -> None:
    root = tmp_path / "checkout"
    old = root / "build" / "old" / "capi"
    new = root / "build" / "new" / "capi"
    for directory in (old, new):
        directory.mkdir(parents=True)
        shutil.copyfile(library["path"], directory / "libvocfab.so.0")
    past = time.time() - 3600
    os.utime(old / "libvocfab.so.0", (past, past))
    monkeypatch.setattr(_loader, "repository_root", lambda: root)
    found = _loader.candidates()
    assert found[:2] == [("build tree", str(new / "libvocfab.so.0")),
                         ("build tree", str(old / "libvocfab.so.0"))]
    assert found[-1][0] == "system (dynamic loader)"


def test_repository_root_is_this_checkout() -> None:
    assert _loader.repository_root() == REPO


def test_a_library_that_is_not_vocfab_is_refused(library: dict) -> None:
    libc = ctypes.util.find_library("c")
    assert libc
    with pytest.raises(vocfab.LibraryError, match="not a vocfab library"):
        _capi.Library(ctypes.CDLL(libc), libc)


def test_version_mismatch_is_refused(monkeypatch: pytest.MonkeyPatch, library: dict) -> None:
    monkeypatch.setattr(_capi, "ABI_VERSION", (vocfab.ABI_VERSION[0] + 1, 0))
    with pytest.raises(vocfab.VersionMismatchError) as info:
        _capi.Library(ctypes.CDLL(library["path"]), library["path"])
    error = info.value
    assert isinstance(error, vocfab.LibraryError)
    assert error.found == library["version"]
    assert error.expected_major == vocfab.ABI_VERSION[0] + 1
    assert library["version"] in str(error) and library["path"] in str(error)


def test_missing_function_is_reported(monkeypatch: pytest.MonkeyPatch, library: dict) -> None:
    table = dict(_capi.FUNCTIONS)
    table["vf_function_from_the_future"] = (None, [])
    monkeypatch.setattr(_capi, "FUNCTIONS", table)
    with pytest.raises(vocfab.LibraryError, match="vf_function_from_the_future"):
        _capi.Library(ctypes.CDLL(library["path"]), library["path"])


def test_import_does_not_need_the_library() -> None:
    result = run_python("import vocfab; print(vocfab.__version__)",
                        VOCFAB_LIBRARY="/nonexistent/libvocfab.so.0")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == vocfab.__version__


def test_first_use_without_library_fails_clearly() -> None:
    result = run_python("import vocfab; vocfab.Dataset()",
                        VOCFAB_LIBRARY="/nonexistent/libvocfab.so.0")
    assert result.returncode != 0
    assert "vocfab.errors.LibraryError" in result.stderr
    assert "/nonexistent/libvocfab.so.0" in result.stderr


def test_checkout_finds_the_build_tree_without_env(library: dict) -> None:
    path = Path(library["path"]).resolve()
    if not path.is_relative_to((REPO / "build").resolve()):
        pytest.skip("the library under test is not in this checkout's build tree")
    result = run_python("import vocfab; print(vocfab.library_info()['path'])")
    assert result.returncode == 0, result.stderr
    assert Path(result.stdout.strip()).resolve().parent.name == "capi"
    assert Path(result.stdout.strip()).resolve().is_relative_to((REPO / "build").resolve())


def test_dynamic_strings_of_the_library(library: dict) -> None:
    strings = _loader._dynamic_strings(library["path"])
    assert b"libc.so.6" in strings and b"vf_dataset_new" in strings
    assert _loader._dynamic_strings(__file__) == b""  # not an ELF file
    assert _loader.sanitizer_problem(library["path"]) is None or "libasan" in _loader._loaded_objects()


def test_sanitizer_build_is_refused_instead_of_aborting(monkeypatch: pytest.MonkeyPatch,
                                                        library: dict) -> None:
    """An ASan library would make the dynamic loader kill the process: refuse it with advice."""
    monkeypatch.setattr(_loader, "_dynamic_strings", lambda path: b"\0libasan.so.8\0libc.so.6\0")
    monkeypatch.setattr(_loader, "_loaded_objects", lambda: "")
    problem = _loader.sanitizer_problem(library["path"])
    assert problem and "LD_PRELOAD" in problem
    monkeypatch.setenv("VOCFAB_LIBRARY", library["path"])
    with pytest.raises(vocfab.LibraryError, match="sanitizer"):
        _loader.load_library()
    monkeypatch.setattr(_loader, "_loaded_objects", lambda: "/usr/lib/libasan.so.8")
    assert _loader.sanitizer_problem(library["path"]) is None  # runtime preloaded: fine
