"""Version of the Python package and of the C ABI it binds."""

#: The package version (kept equal to the C library's version).
__version__ = "0.7.0"

#: The C ABI (major, minor) these bindings are written for (``VF_VERSION_MAJOR/MINOR``).
ABI_VERSION = (0, 7)
