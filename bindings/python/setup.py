"""Build hook: ship the vocfab shared library (``libvocfab.so.0``) inside the package.

``pip install bindings/python`` gives a package that works on its own: where the library comes
from is chosen at build time, in this order:

1. ``VOCFAB_BUNDLE_LIBRARY=<file>`` — copy that already-built library (symlinks resolved)::

       VOCFAB_BUNDLE_LIBRARY=build/dev/capi/libvocfab.so.0 \\
           pip install --no-build-isolation bindings/python

2. ``VOCFAB_USE_SYSTEM_LIBRARY=1`` — ship no library: the package stays pure Python and finds
   one at run time (``VOCFAB_LIBRARY``, the system's dynamic loader).
3. A ``libvocfab.so*`` placed in ``bindings/python/vocfab/`` before installing: it is package
   data and is shipped as it is.
4. Otherwise the library is **built** with CMake from the vocfab source tree — found through
   ``VOCFAB_SOURCE_DIR`` or by walking up from this file to the folder holding
   ``capi/CMakeLists.txt`` — in a temporary build folder (Release, only the ``vocfab_c`` target,
   tests, benchmarks, docs, CLI and tools off; ``CMAKE_BUILD_PARALLEL_LEVEL`` jobs, default 2).
   This needs CMake, a C++20 compiler, Boost (headers, Date_Time) and nlohmann/json.

The library lands in the package as ``vocfab/libvocfab.so.0``, where the loader looks before the
build tree and the system, and the wheel is then tagged as platform-specific (which it is: the
library is built for this machine).
"""

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

BUNDLE_VAR = "VOCFAB_BUNDLE_LIBRARY"
SYSTEM_VAR = "VOCFAB_USE_SYSTEM_LIBRARY"
SOURCE_VAR = "VOCFAB_SOURCE_DIR"
SONAME = "libvocfab.so.0"
HERE = Path(__file__).resolve().parent

CMAKE_OPTIONS = [
    "-DCMAKE_BUILD_TYPE=Release",
    "-DVOCFAB_BUILD_TESTS=OFF",
    "-DVOCFAB_BUILD_BENCH=OFF",
    "-DVOCFAB_BUILD_DOCS=OFF",
    "-DVOCFAB_BUILD_CLI=OFF",
    "-DVOCFAB_BUILD_TOOLS=OFF",
    "-DVOCFAB_INSTALL=OFF",
]


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "no", "off", "false")


def _library_in_source_package() -> bool:
    return any(p.is_file() for p in (HERE / "vocfab").glob("libvocfab.so*"))


def ships_library() -> bool:
    """Whether the built package carries a shared library (rules 1, 3 and 4 of the docstring)."""
    return bool(os.environ.get(BUNDLE_VAR)) or not _flag(SYSTEM_VAR) or _library_in_source_package()


def _is_source_tree(path: Path) -> bool:
    return (path / "CMakeLists.txt").is_file() and (path / "capi" / "CMakeLists.txt").is_file()


def source_tree() -> Path:
    """The vocfab source tree to build the library from; exits with a clear message if none."""
    named = os.environ.get(SOURCE_VAR)
    if named:
        path = Path(named).resolve()
        if not _is_source_tree(path):
            raise SystemExit(f"{SOURCE_VAR}={named!r} is not a vocfab source tree "
                             "(no CMakeLists.txt and capi/CMakeLists.txt there)")
        return path
    for path in HERE.parents:
        if _is_source_tree(path):
            return path
    raise SystemExit(
        f"vocfab: cannot build libvocfab.so.0: no vocfab source tree above {HERE} (pip may have "
        f"copied the package elsewhere). Set {SOURCE_VAR}=<vocfab checkout> to build it, "
        f"{BUNDLE_VAR}=<built libvocfab.so.0> to ship a built one, or {SYSTEM_VAR}=1 to ship none.")


def build_library(work: Path, log) -> Path:
    """Builds the ``vocfab_c`` target under @p work; returns the built ``libvocfab.so.0``."""
    cmake = os.environ.get("CMAKE") or shutil.which("cmake")
    if not cmake:
        raise SystemExit(f"vocfab: building libvocfab.so.0 needs cmake on PATH (or set {BUNDLE_VAR} "
                         f"or {SYSTEM_VAR}=1)")
    source = source_tree()
    jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or "2"
    commands = [
        [cmake, "-S", str(source), "-B", str(work), *CMAKE_OPTIONS],
        [cmake, "--build", str(work), "--target", "vocfab_c", "--parallel", jobs],
    ]
    for command in commands:
        log(" ".join(command))
        if subprocess.call(command) != 0:
            raise SystemExit(f"vocfab: building libvocfab.so.0 failed: {' '.join(command)}")
    built = work / "capi" / SONAME
    if not built.is_file():
        raise SystemExit(f"vocfab: the build did not produce {built}")
    return built


class build_py_with_library(build_py):
    """``build_py`` that also puts ``libvocfab.so.0`` into the package (see the module docstring)."""

    def run(self) -> None:
        package_dir = Path(self.build_lib) / "vocfab"
        # build/lib survives between builds: never ship a library bundled by an earlier one.
        # (A libvocfab.so* placed in the source package directory is package data and is
        # copied by build_py itself.)
        for stale in package_dir.glob("libvocfab.so*"):
            stale.unlink()
        super().run()
        source = os.environ.get(BUNDLE_VAR)
        if source:
            path = Path(source).resolve()
            if not path.is_file():
                raise SystemExit(f"{BUNDLE_VAR}={source!r}: no such file")
            self._ship(path, package_dir)
        elif _flag(SYSTEM_VAR):
            self.announce(f"{SYSTEM_VAR} is set: no library shipped", level=2)
        elif _library_in_source_package():
            self.announce("shipping the libvocfab.so* found in the source package", level=2)
        else:
            with tempfile.TemporaryDirectory(prefix="vocfab-build-") as work:
                self._ship(build_library(Path(work), lambda text: self.announce(text, level=2)),
                           package_dir)

    def _ship(self, library: Path, package_dir: Path) -> None:
        target = package_dir / SONAME
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(library, target)
        os.chmod(target, 0o755)
        self.announce(f"bundled {library} as {target}", level=2)


class BinaryDistribution(Distribution):
    """Marks the wheel as platform-specific when it carries a shared library."""

    def has_ext_modules(self) -> bool:  # noqa: D401 - setuptools hook
        return ships_library()


setup(cmdclass={"build_py": build_py_with_library}, distclass=BinaryDistribution)
