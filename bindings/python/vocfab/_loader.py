"""Finding and loading the vocfab shared library (``libvocfab.so.0``).

The library is looked for, in this order:

1. the path in the environment variable ``VOCFAB_LIBRARY`` (when set, it must exist: a wrong
   path is an error, never silently skipped);
2. the package directory: a ``libvocfab.so*`` shipped inside the installed package (see
   ``docs/python.md``, "Bundling the library");
3. the build tree, when the package runs from a source checkout: ``<repo>/build/*/capi/``
   (the most recently built one wins);
4. the system: ``ctypes.util.find_library("vocfab")``, then ``libvocfab.so.0`` through the
   dynamic loader's usual search (``LD_LIBRARY_PATH``, ``ld.so.cache``).

When none works, :class:`vocfab.LibraryError` lists every place that was tried.
"""

from __future__ import annotations

import ctypes
import ctypes.util
import os
import struct
from dataclasses import dataclass, field
from pathlib import Path
from typing import List, Optional, Tuple

from .errors import LibraryError

#: Environment variable naming the shared library to load.
ENV_VAR = "VOCFAB_LIBRARY"
#: File name of the library with its ABI major version (the SONAME).
SONAME = "libvocfab.so.0"
#: The name handed to the dynamic loader for the system search (the SONAME).
SYSTEM_NAME = SONAME

_PACKAGE_DIR = Path(__file__).resolve().parent


@dataclass
class Candidate:
    """One place the loader tried, and what happened there."""

    where: str  #: Which rule produced it (``VOCFAB_LIBRARY``, ``package``, ``build tree``, ``system``).
    path: str  #: The path or name handed to the dynamic loader.
    error: Optional[str] = None  #: Why it failed; ``None`` when it loaded.


@dataclass
class SearchLog:
    """Every candidate tried, for the error message when nothing loads."""

    tried: List[Candidate] = field(default_factory=list)

    def describe(self) -> str:
        """The places tried, one per line."""
        if not self.tried:
            return "  (no candidate found)"
        return "\n".join(
            f"  - {c.where}: {c.path}" + (f" ({c.error})" if c.error else "") for c in self.tried
        )


def _library_files(directory: Path) -> List[Path]:
    """``libvocfab.so*`` files in @p directory, the SONAME first, then by name."""
    if not directory.is_dir():
        return []
    files = [p for p in directory.glob("libvocfab.so*") if p.is_file()]
    return sorted(files, key=lambda p: (p.name != SONAME, p.name))


_SANITIZER_RUNTIMES = (b"libasan.so", b"libtsan.so", b"libmsan.so", b"libhwasan.so")


def _dynamic_strings(path: str) -> bytes:
    """The ``.dynstr`` section of an ELF file (its needed libraries among them); b"" if none."""
    try:
        with open(path, "rb") as elf:
            header = elf.read(64)
            if header[:4] != b"\x7fELF":
                return b""
            wide = header[4] == 2
            order = "<" if header[5] == 1 else ">"
            if wide:
                shoff, = struct.unpack_from(order + "Q", header, 0x28)
                shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", header, 0x3A)
                layout = order + "IIQQQQ"  # name, type, flags, addr, offset, size
            else:
                shoff, = struct.unpack_from(order + "I", header, 0x20)
                shentsize, shnum, shstrndx = struct.unpack_from(order + "HHH", header, 0x2E)
                layout = order + "IIIIII"
            sections = []
            for index in range(shnum):
                elf.seek(shoff + index * shentsize)
                name, kind, _flags, _addr, offset, size = struct.unpack(
                    layout, elf.read(struct.calcsize(layout)))
                sections.append((name, kind, offset, size))
            if not 0 <= shstrndx < len(sections):
                return b""
            elf.seek(sections[shstrndx][2])
            names = elf.read(sections[shstrndx][3])
            for name, _kind, offset, size in sections:
                if names[name:names.find(b"\0", name)] == b".dynstr":
                    elf.seek(offset)
                    return elf.read(size)
    except (OSError, struct.error, ValueError, IndexError):
        pass
    return b""


def _loaded_objects() -> str:
    try:
        with open("/proc/self/maps", encoding="utf-8", errors="replace") as maps:
            return maps.read()
    except OSError:
        return ""


def sanitizer_problem(path: str) -> Optional[str]:
    """Why loading @p path would abort this process, or ``None``.

    A library built with AddressSanitizer (the ``asan`` preset) can only be loaded by a process
    that has the sanitizer runtime loaded first; otherwise the runtime *terminates the process*
    instead of failing the ``dlopen``. Such a library is refused here, with the fix in the message.
    """
    if not os.path.isfile(path):
        return None
    strings = _dynamic_strings(path)
    for runtime in _SANITIZER_RUNTIMES:
        if runtime in strings:
            name = runtime.decode()
            if name in _loaded_objects():
                return None
            return (f"built with a sanitizer ({name}); run with LD_PRELOAD=$(gcc "
                    f"-print-file-name={name}) to use it")
    return None


def repository_root() -> Optional[Path]:
    """The source checkout the package is running from, or ``None`` when installed elsewhere.

    The package lives at ``<repo>/bindings/python/vocfab``; the checkout is recognised by the C
    ABI folder beside it.
    """
    root = _PACKAGE_DIR.parent.parent.parent
    if (root / "bindings" / "python" / "vocfab").resolve() == _PACKAGE_DIR and (root / "capi").is_dir():
        return root
    return None


def candidates(log: Optional[SearchLog] = None) -> List[Tuple[str, str]]:
    """The (rule, path) pairs to try, in order, without loading anything.

    Places that hold no candidate at all are noted in @p log, so the error message when nothing
    loads names every place looked at.
    """
    found: List[Tuple[str, str]] = []
    env = os.environ.get(ENV_VAR)
    if env:
        found.append((ENV_VAR, env))
        return found  # an explicit choice is never overridden by a guess
    if log is not None:
        log.tried.append(Candidate(ENV_VAR, "(not set)", "skipped"))
    package_files = _library_files(_PACKAGE_DIR)
    found.extend(("package directory", str(path)) for path in package_files)
    if not package_files and log is not None:
        log.tried.append(Candidate("package directory", str(_PACKAGE_DIR / "libvocfab.so*"),
                                   "none bundled"))
    root = repository_root()
    if root is not None:
        built = []
        for capi_dir in sorted((root / "build").glob("*/capi")):
            files = _library_files(capi_dir)
            if files:
                built.append(files[0])  # one per build directory: the SONAME link when present
        built.sort(key=lambda p: p.stat().st_mtime, reverse=True)
        found.extend(("build tree", str(p)) for p in built)
        if not built and log is not None:
            log.tried.append(Candidate("build tree", str(root / "build" / "*" / "capi" / "libvocfab.so*"),
                                       "none built"))
    elif log is not None:
        log.tried.append(Candidate("build tree", "(not running from a source checkout)", "skipped"))
    system = ctypes.util.find_library("vocfab")
    if system:
        found.append(("system (find_library)", system))
    elif log is not None:
        log.tried.append(Candidate("system (find_library)", "vocfab", "not found"))
    found.append(("system (dynamic loader)", SYSTEM_NAME))
    return found


def load_library() -> Tuple[ctypes.CDLL, str, SearchLog]:
    """Loads the first candidate that the dynamic loader accepts.

    Returns:
        The library, the path it was loaded from, and the log of what was tried.

    Raises:
        LibraryError: when ``VOCFAB_LIBRARY`` names a file that does not exist or cannot be loaded,
            or when no candidate loads; the message lists every place tried.
    """
    log = SearchLog()
    for where, path in candidates(log):
        if where == ENV_VAR and not os.path.exists(path):
            log.tried.append(Candidate(where, path, "no such file"))
            raise LibraryError(
                f"{ENV_VAR} is set to {path!r}, which does not exist.\n"
                f"Unset it to search the package, the build tree and the system, or point it at "
                f"a built libvocfab.so (CMake target vocfab_c: <build>/capi/libvocfab.so)."
            )
        problem = sanitizer_problem(path)
        if problem:
            log.tried.append(Candidate(where, path, problem))
            if where == ENV_VAR:
                raise LibraryError(f"{ENV_VAR}={path!r} cannot be loaded here: {problem}")
            continue
        try:
            lib = ctypes.CDLL(path)
        except OSError as exc:
            log.tried.append(Candidate(where, path, str(exc)))
            if where == ENV_VAR:
                raise LibraryError(f"{ENV_VAR}={path!r} could not be loaded: {exc}") from exc
            continue
        log.tried.append(Candidate(where, path))
        return lib, path, log
    raise LibraryError(
        "the vocfab shared library (libvocfab.so.0) was not found. Looked in:\n"
        + log.describe()
        + f"\nBuild it (cmake --build <build> --target vocfab_c) and set {ENV_VAR} to "
        "<build>/capi/libvocfab.so.0, bundle it into the package (docs/python.md), or install it "
        "on the system."
    )
