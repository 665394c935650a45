"""The lifetime of a C handle owned by a Python object (a dataset, a keyring).

The handle is released by :meth:`Handle.close`, a ``with`` block, or — failing both — when the
object is garbage-collected (``weakref.finalize``). Closing twice is fine; any other use after
closing raises :class:`~vocfab.ClosedError`. Calls on one object are serialised by its lock.
Nothing here is public API.
"""

from __future__ import annotations

import threading
import weakref
from ctypes import c_void_p
from typing import Callable, ClassVar, Optional, Type, TypeVar

from . import _capi
from .errors import ClosedError, InvalidArgumentError

H = TypeVar("H", bound="Handle")


class Handle:
    """Base of the classes that own one C handle; subclasses name it and say how it is freed."""

    __slots__ = ("_lib", "_handle", "_finalizer", "_lock", "__weakref__")

    #: What the handle is, in messages ("dataset").
    _what: ClassVar[str] = "handle"

    def _release_function(self) -> Callable[["_capi.Library", int], None]:
        """The function that frees the handle (looked up when the handle is adopted)."""
        raise NotImplementedError

    def _adopt(self, lib: "_capi.Library", out: c_void_p) -> None:
        if not out.value:  # defensive: VF_OK always sets the handle
            raise InvalidArgumentError(f"the library returned no {self._what} handle")
        self._lib = lib
        self._handle: Optional[int] = out.value
        self._lock = threading.RLock()
        self._finalizer = weakref.finalize(self, self._release_function(), lib, out.value)

    @classmethod
    def _from_out(cls: Type[H], lib: "_capi.Library", out: c_void_p) -> H:
        self = cls.__new__(cls)
        self._adopt(lib, out)
        return self

    def close(self) -> None:
        """Releases the C handle now. Closing an already closed one does nothing."""
        with self._lock:
            self._handle = None
            self._finalizer()

    @property
    def closed(self) -> bool:
        """Whether :meth:`close` was called."""
        return self._handle is None

    def __enter__(self: H) -> H:
        self._live()
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _live(self) -> int:
        handle = self._handle
        if handle is None:
            raise ClosedError(f"the {self._what} is closed")
        return handle
