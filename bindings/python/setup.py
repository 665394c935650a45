"""Build hook: optionally bundle the vocfab shared library into the package.

``pip install bindings/python`` installs the pure-Python package, which then finds the library
through ``VOCFAB_LIBRARY``, the build tree or the system. To ship the library *inside* the
package instead, name the built file at build time::

    VOCFAB_BUNDLE_LIBRARY=build/dev/capi/libvocfab.so.0 \\
        pip install --no-build-isolation bindings/python

The file is copied into the built package as ``vocfab/libvocfab.so.0`` (symlinks resolved), where
the loader looks before the build tree and the system. (Copying ``libvocfab.so.0`` into
``bindings/python/vocfab/`` before installing has the same effect: it is package data.) Nothing else is compiled: the package stays
pure Python, and a bundled library is only as portable as the machine it was built on.
"""

import os
import shutil
from pathlib import Path

from setuptools import Distribution, setup
from setuptools.command.build_py import build_py

BUNDLE_VAR = "VOCFAB_BUNDLE_LIBRARY"
SONAME = "libvocfab.so.0"


class build_py_with_library(build_py):
    """``build_py`` that also copies ``$VOCFAB_BUNDLE_LIBRARY`` into the package."""

    def run(self) -> None:
        package_dir = Path(self.build_lib) / "vocfab"
        # build/lib survives between builds: never ship a library bundled by an earlier one.
        # (A libvocfab.so* placed in the source package directory is package data and is
        # copied by build_py itself.)
        for stale in package_dir.glob("libvocfab.so*"):
            stale.unlink()
        super().run()
        source = os.environ.get(BUNDLE_VAR)
        if not source:
            return
        path = Path(source).resolve()
        if not path.is_file():
            raise SystemExit(f"{BUNDLE_VAR}={source!r}: no such file")
        target = package_dir / SONAME
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
        os.chmod(target, 0o755)
        self.announce(f"bundled {path} as {target}", level=2)


class BinaryDistribution(Distribution):
    """Marks the wheel as platform-specific when it carries a bundled shared library."""

    def has_ext_modules(self) -> bool:  # noqa: D401 - setuptools hook
        return bool(os.environ.get(BUNDLE_VAR))


setup(cmdclass={"build_py": build_py_with_library}, distclass=BinaryDistribution)
