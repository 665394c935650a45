"""``pip install bindings/python`` works, and the installed package finds the library.

Each test makes a ``--system-site-packages`` venv with Debian's interpreter and installs with
``--no-build-isolation --no-index`` (setuptools and wheel come from Debian; nothing is
downloaded). The sources are copied first, because pip builds in the source tree.

One test installs the way a user does, with nothing set: the package's build compiles
``libvocfab.so.0`` with CMake from the source tree (a copy of the checkout) and ships it. That is
the one from-scratch library build of the suite and takes a minute or more on two cores; the
others take a few seconds each (they ship the library built by ctest, or none). Skip them all with
``-m "not slow"``.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path
from typing import Dict

import pytest

from conftest import HEADER, PACKAGE_ROOT, REPO

pytestmark = pytest.mark.slow

PROBE = """
import json, vocfab
info = vocfab.library_info()
with vocfab.Dataset() as ds:
    ok = ds.validate().valid
print(json.dumps({"file": vocfab.__file__, "path": info["path"], "version": info["version"], "ok": ok}))
"""


# Variables that steer where the package's library comes from (setup.py, the loader).
STEERING = ("VOCFAB_LIBRARY", "VOCFAB_BUNDLE_LIBRARY", "VOCFAB_USE_SYSTEM_LIBRARY", "VOCFAB_SOURCE_DIR",
            "PYTHONPATH", "PYTHONHOME")


def clean_env(**extra: str) -> Dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in STEERING}
    env["PIP_NO_INDEX"] = "1"
    env["PIP_DISABLE_PIP_VERSION_CHECK"] = "1"
    env.update(extra)
    return env


BUILD_OUTPUTS = shutil.ignore_patterns("__pycache__", "build", "dist", "*.egg-info", "libvocfab.so*")


@pytest.fixture(scope="module")
def source_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The Python package alone, outside any vocfab source tree."""
    target = tmp_path_factory.mktemp("src") / "python"
    shutil.copytree(PACKAGE_ROOT, target, ignore=BUILD_OUTPUTS)
    return target


def checkout_copy(target: Path) -> Path:
    """A copy of the checkout's sources (no build trees, no VCS data); returns its package folder."""
    def ignore(folder: str, names: list) -> set:
        skipped = set(BUILD_OUTPUTS(folder, names))
        if Path(folder).resolve() == REPO:
            skipped |= {n for n in names if n.startswith(("build", ".git", ".venv")) or n == "out"}
        return skipped

    shutil.copytree(REPO, target, ignore=ignore)
    return target / "bindings" / "python"


def header_version() -> str:
    """The version the checkout's C header declares (CMake checks it is the project's)."""
    text = HEADER.read_text(encoding="utf-8")
    return ".".join(re.search(rf"^#define VF_VERSION_{part} (\d+)", text, re.M).group(1)
                    for part in ("MAJOR", "MINOR", "PATCH"))


def make_venv(where: Path) -> Path:
    # --without-pip: Debian's pip is visible through the system site-packages (and much faster
    # than ensurepip).
    subprocess.run(["/usr/bin/python3", "-m", "venv", "--system-site-packages", "--without-pip",
                    str(where)], check=True, capture_output=True, timeout=300)
    return where / "bin" / "python"


def pip_install(python: Path, source: Path, **env: str) -> None:
    result = subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation",
                             "--no-index", "--quiet", str(source)],
                            capture_output=True, text=True, env=clean_env(**env), timeout=600)
    assert result.returncode == 0, result.stdout + result.stderr


def probe(python: Path, cwd: Path, **env: str) -> subprocess.CompletedProcess:
    return subprocess.run([str(python), "-c", PROBE], capture_output=True, text=True,
                          env=clean_env(**env), cwd=cwd, timeout=120)


@pytest.fixture(scope="module")
def plain_venv(tmp_path_factory: pytest.TempPathFactory, source_copy: Path) -> Path:
    if not Path("/usr/bin/python3").exists():
        pytest.skip("needs Debian's /usr/bin/python3")
    python = make_venv(tmp_path_factory.mktemp("venv-plain") / "venv")
    pip_install(python, source_copy, VOCFAB_USE_SYSTEM_LIBRARY="1")
    return python


def test_plain_install_builds_and_ships_the_library(tmp_path: Path) -> None:
    """``pip install bindings/python`` with nothing set: a package that works on its own."""
    import json

    if not Path("/usr/bin/python3").exists():
        pytest.skip("needs Debian's /usr/bin/python3")
    if shutil.which("cmake") is None:
        pytest.skip("needs cmake to build the library")
    package = checkout_copy(tmp_path / "checkout")
    python = make_venv(tmp_path / "venv")
    # The library built here is a plain Release build: no sanitizer runtime preloaded (the asan
    # preset preloads one into this suite) for the compilers or for the probe.
    pip_install(python, package, CMAKE_BUILD_PARALLEL_LEVEL="2", LD_PRELOAD="")
    site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_path('platlib'))"],
                          capture_output=True, text=True, check=True, env=clean_env(),
                          timeout=120).stdout.strip()
    # No hint of where a library might be: it must be the one inside the installed package.
    result = probe(python, tmp_path, LD_LIBRARY_PATH="", LD_PRELOAD="")
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    installed = Path(site).resolve() / "vocfab"
    assert Path(out["file"]).resolve().parent == installed
    assert out["path"] == str(installed / "libvocfab.so.0")
    assert (installed / "libvocfab.so.0").is_file() and not (installed / "libvocfab.so.0").is_symlink()
    assert out["version"] == header_version() and out["ok"]
    # The library was built in a temporary folder: the checkout has no build tree afterwards.
    assert not (tmp_path / "checkout" / "build").exists()


def test_install_outside_a_source_tree_says_how_to_get_a_library(tmp_path: Path,
                                                                 source_copy: Path) -> None:
    if not Path("/usr/bin/python3").exists():
        pytest.skip("needs Debian's /usr/bin/python3")
    python = make_venv(tmp_path / "venv")
    result = subprocess.run([str(python), "-m", "pip", "install", "--no-build-isolation",
                             "--no-index", "--quiet", str(source_copy)], capture_output=True,
                            text=True, timeout=600, env=clean_env())
    assert result.returncode != 0
    message = result.stdout + result.stderr
    assert "no vocfab source tree" in message
    for variable in ("VOCFAB_SOURCE_DIR", "VOCFAB_BUNDLE_LIBRARY", "VOCFAB_USE_SYSTEM_LIBRARY"):
        assert variable in message


def test_installed_package_uses_vocfab_library(plain_venv: Path, library: dict,
                                               tmp_path: Path) -> None:
    import json

    result = probe(plain_venv, tmp_path, VOCFAB_LIBRARY=library["path"])
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["file"].startswith(str(plain_venv.parent.parent))  # the installed copy
    assert not out["file"].startswith(str(REPO))
    assert out["path"] == library["path"] and out["ok"]
    site = Path(out["file"]).parent
    assert (site / "py.typed").is_file()
    assert not list(site.glob("libvocfab.so*"))  # nothing bundled unless asked


def test_installed_package_without_library_says_where_it_looked(plain_venv: Path,
                                                                tmp_path: Path) -> None:
    result = probe(plain_venv, tmp_path, LD_LIBRARY_PATH="")
    if result.returncode == 0:
        pytest.skip("a vocfab library is installed on this system")
    assert "LibraryError" in result.stderr
    assert "package directory" in result.stderr and "not running from a source checkout" in result.stderr
    assert "VOCFAB_LIBRARY" in result.stderr


def test_bundled_library_is_found_in_the_package(tmp_path: Path, source_copy: Path,
                                                 library: dict) -> None:
    import json

    python = make_venv(tmp_path / "venv")
    pip_install(python, source_copy, VOCFAB_BUNDLE_LIBRARY=library["path"])
    result = probe(python, tmp_path)  # no VOCFAB_LIBRARY: must use the bundled copy
    assert result.returncode == 0, result.stderr
    out = json.loads(result.stdout)
    assert out["path"] == str(Path(out["file"]).parent / "libvocfab.so.0")
    assert out["version"] == library["version"] and out["ok"]


def test_bundling_a_missing_file_fails_the_build(plain_venv: Path, tmp_path: Path,
                                                 source_copy: Path) -> None:
    result = subprocess.run([str(plain_venv), "-m", "pip", "install", "--no-build-isolation",
                             "--no-index", "--quiet", str(source_copy)], capture_output=True,
                            text=True, timeout=600,
                            env=clean_env(VOCFAB_BUNDLE_LIBRARY=str(tmp_path / "nope.so")))
    assert result.returncode != 0
    assert "VOCFAB_BUNDLE_LIBRARY" in result.stdout + result.stderr
