"""Certificates an employer can check (SPEC section 4): keyrings, verification results, tokens.

A :class:`Keyring` holds the programme's certificate keys — the current key, which issues codes
and signs tokens, and older keys that still verify the codes made under them. Its secrets stay
inside the C library: they are never returned, never quoted in a message, and wiped when the
keyring is closed. (A key text passed to :meth:`Keyring.from_text` is a Python string, which
Python cannot wipe; prefer :meth:`Keyring.from_file`.)

:meth:`vocfab.Dataset.verify_certificate` answers a :class:`CertificateVerification`,
:func:`verify_token` a :class:`TokenVerification`; formats and statuses are described in
``docs/operations.md`` ("Certificates").
"""

from __future__ import annotations

import ctypes
import enum
import json
import os
from ctypes import c_void_p
from dataclasses import dataclass
from contextlib import contextmanager
from typing import Any, Callable, Dict, Iterator, Optional, Union

from . import _capi
from ._handle import Handle
from .errors import InvalidArgumentError

PathLike = Union[str, bytes, "os.PathLike[str]", "os.PathLike[bytes]"]


class CertificateStatus(str, enum.Enum):
    """What :meth:`vocfab.Dataset.verify_certificate` found (compares equal to its text)."""

    VALID = "valid"            #: a certificate carries the code, and the code matches its facts
    REVOKED = "revoked"        #: as valid, but the certificate was revoked (see ``revoked``)
    UNKNOWN = "unknown"        #: well formed, but no certificate carries it
    MALFORMED = "malformed"    #: not a well-formed code (a mistyped symbol), before any lookup
    FORGED = "forged"          #: a certificate carries it, but it does not vouch for its facts


class TokenStatus(str, enum.Enum):
    """What :func:`verify_token` found (compares equal to its text)."""

    VALID = "valid"            #: signed with the programme's key, over the facts given
    FORGED = "forged"          #: well formed, but the signature does not match
    MALFORMED = "malformed"    #: not a token


@dataclass(frozen=True)
class Revocation:
    """When and why a certificate was revoked."""

    date: str    #: ISO day, ``YYYY-MM-DD``
    reason: str  #: the stated reason (numbers that could be a national id masked)


@dataclass(frozen=True)
class CertificateFacts:
    """The facts printed on a certificate; those from other records are ``None`` when missing.

    ``holder`` is the holder's name masked (``"A*** D****"``); ``None`` once the holder was
    erased (``holder_erased``), since an erased person has no name.
    """

    kind: str
    issued: str
    external_number: Optional[str]
    course: str
    branch: Optional[str]
    branch_name: Optional[str]
    hours: Optional[int]
    centre: Optional[str]
    holder: Optional[str]
    holder_erased: bool

    @classmethod
    def from_dict(cls, data: Dict[str, Any]) -> "CertificateFacts":
        """Builds the facts from their JSON object."""
        return cls(kind=data["kind"], issued=data["issued"], external_number=data.get("external_number"),
                   course=data["course"], branch=data.get("branch"), branch_name=data.get("branch_name"),
                   hours=data.get("hours"), centre=data.get("centre"), holder=data.get("holder"),
                   holder_erased=bool(data.get("holder_erased", False)))


def _facts(data: Dict[str, Any]) -> Optional[CertificateFacts]:
    facts = data.get("facts")
    return CertificateFacts.from_dict(facts) if facts is not None else None


@dataclass(frozen=True)
class CertificateVerification:
    """The answer of :meth:`vocfab.Dataset.verify_certificate`.

    Attributes:
        status: what was found.
        code: the code in canonical form, when a certificate carries it (valid, revoked, forged).
        certificate: that certificate's id.
        revoked: when and why it was revoked (revoked).
        forgery: why it is forged: ``"facts_changed"`` or ``"unknown_key"`` (its key id names no
            key of the keyring).
        facts: the facts printed on the certificate (valid and revoked only).
        name_matches: whether the name given is the holder's (when one was given and the holder
            has a name).
    """

    status: CertificateStatus
    code: Optional[str] = None
    certificate: Optional[str] = None
    revoked: Optional[Revocation] = None
    forgery: Optional[str] = None
    facts: Optional[CertificateFacts] = None
    name_matches: Optional[bool] = None

    @property
    def valid(self) -> bool:
        """True only for a valid (and not revoked) certificate."""
        return self.status is CertificateStatus.VALID

    @classmethod
    def from_json(cls, text: str) -> "CertificateVerification":
        """Parses the C library's JSON (``vf_certificate_verify``)."""
        data = json.loads(text)
        revoked = data.get("revoked")
        return cls(status=CertificateStatus(data["status"]), code=data.get("code"),
                   certificate=data.get("certificate"),
                   revoked=Revocation(revoked["date"], revoked["reason"]) if revoked else None,
                   forgery=data.get("forgery"), facts=_facts(data), name_matches=data.get("name_matches"))


@dataclass(frozen=True)
class TokenVerification:
    """The answer of :func:`verify_token`: a snapshot of the certificate when the token was made.

    Attributes:
        status: what was found.
        key: the key id the token was signed under (valid).
        certificate: the certificate's id (valid).
        code: its verification code (valid).
        facts: its facts when the token was made (valid).
    """

    status: TokenStatus
    key: Optional[str] = None
    certificate: Optional[str] = None
    code: Optional[str] = None
    facts: Optional[CertificateFacts] = None

    @property
    def valid(self) -> bool:
        """True when the signature is the programme's."""
        return self.status is TokenStatus.VALID

    @classmethod
    def from_json(cls, text: str) -> "TokenVerification":
        """Parses the C library's JSON (``vf_token_verify``)."""
        data = json.loads(text)
        return cls(status=TokenStatus(data["status"]), key=data.get("key"),
                   certificate=data.get("certificate"), code=data.get("code"), facts=_facts(data))


def _c_text(value: Union[str, bytes], what: str) -> bytes:
    """@p value as a NUL-terminated C string; an embedded NUL would silently cut it short."""
    if isinstance(value, str):
        data = value.encode("utf-8")
    elif isinstance(value, bytes):
        data = value
    else:
        raise TypeError(f"{what} must be a str, not {type(value).__name__}")
    if b"\0" in data:
        raise InvalidArgumentError(f"{what} contains a NUL character")
    return data


def _free_keyring(lib: "_capi.Library", handle: int) -> None:
    lib.vf_keyring_free(handle)


class Keyring(Handle):
    """The programme's certificate keys, held (and, when closed, wiped) by the C library.

    Make one with :meth:`from_file` or :meth:`from_text`; release it with :meth:`close` or a
    ``with`` block (otherwise when it is garbage-collected); closing twice is fine, any other use
    after closing raises :class:`~vocfab.ClosedError`. A keyring cannot be pickled or copied: its
    secrets never leave the library.
    """

    __slots__ = ()
    _what = "keyring"

    def __init__(self) -> None:
        raise TypeError("make a Keyring with Keyring.from_file(path) or Keyring.from_text(text)")

    def _release_function(self) -> Callable[["_capi.Library", int], None]:
        return _free_keyring

    @classmethod
    def from_file(cls, path: PathLike) -> "Keyring":
        """Reads a key file: one key a line, ``<key id> <secret>``, the current key first.

        Raises:
            VocfabIOError: the file cannot be read.
            InvalidArgumentError: it is not a key file (a short secret, a bad key id, a key id
                used twice); the message names the line, never the secret.
        """
        lib = _capi.library()
        out = c_void_p()
        lib.check(lib.vf_keyring_from_file(_c_text(os.fsencode(path), "the path"), ctypes.byref(out)))
        return cls._from_out(lib, out)

    @classmethod
    def from_text(cls, text: Union[str, bytes]) -> "Keyring":
        """Reads a key file's text (the format of :meth:`from_file`).

        Raises:
            InvalidArgumentError: as :meth:`from_file`.
        """
        lib = _capi.library()
        data = _c_text(text, "the key text")
        out = c_void_p()
        lib.check(lib.vf_keyring_from_text(data, len(data), ctypes.byref(out)))
        return cls._from_out(lib, out)

    @property
    def public_key(self) -> str:
        """The public key that verifies this keyring's tokens (43 base64url characters)."""
        with self._lock:
            text: str = self._lib.call_string(self._lib.vf_keyring_public_key, self._live())
            return text

    def __repr__(self) -> str:
        return "<vocfab.Keyring closed>" if self._handle is None else "<vocfab.Keyring>"

    def __reduce_ex__(self, protocol: Any) -> Any:
        raise TypeError("a vocfab.Keyring cannot be pickled: its secrets never leave the library")


@contextmanager
def keyring_handle(keyring: Optional[Keyring]) -> Iterator[Optional[int]]:
    """@p keyring's C handle for the ``with`` block, its lock held (``None``: NULL, no keyring).

    Raises:
        TypeError: @p keyring is neither a :class:`Keyring` nor ``None``.
        ClosedError: it is closed.
    """
    if keyring is None:
        yield None
        return
    if not isinstance(keyring, Keyring):
        raise TypeError(f"keyring must be a vocfab.Keyring or None, not {type(keyring).__name__}")
    with keyring._lock:
        yield keyring._live()


def verify_token(public_key: str, token: str) -> TokenVerification:
    """Checks a certificate token with the programme's public key alone (no dataset needed).

    Raises:
        InvalidArgumentError: @p public_key is not a public key (43 base64url characters).
    """
    lib = _capi.library()
    return TokenVerification.from_json(lib.call_string(
        lib.vf_token_verify, _c_text(public_key, "the public key"), _c_text(token, "the token")))


__all__ = [
    "Keyring", "CertificateStatus", "TokenStatus", "Revocation", "CertificateFacts",
    "CertificateVerification", "TokenVerification", "verify_token",
]
