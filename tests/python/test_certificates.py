"""Certificates from Python: keyrings, verify_certificate, tokens.

The expected codes are computed here from docs/operations.md with ``hmac`` and ``hashlib`` alone,
so these tests also prove that the documented format is the library's.
"""

from __future__ import annotations

import base64
import copy
import hashlib
import hmac
import pickle
from pathlib import Path
from typing import Any, Dict, Optional

import pytest

import vocfab
from vocfab import CertificateStatus, Keyring, TokenStatus
import builders
from conftest import DATA

BASE32 = "0123456789ABCDEFGHJKMNPQRSTVWXYZ"
CHECK_SYMBOLS = BASE32 + "*~$=U"
SECRET = bytes(range(32, 64))
KEY_TEXT = f"# test keys\nK {SECRET.hex()}\n"
OLD_SECRET = bytes(range(100, 140))
SAMPLE_KEY = DATA / "keys" / "sample-certificate.key"


def documented_code(key_id: str, secret: bytes, certificate: Dict[str, Any],
                    enrollment: Dict[str, Any]) -> str:
    """The verification code of docs/operations.md, computed independently of the library."""
    lines = ["vocfab-certificate-code-v1", f"key={key_id}", f"id={certificate['id']}",
             f"enrollment={certificate['enrollment']}", f"trainee={enrollment['trainee']}",
             f"course={enrollment['course']}", f"kind={certificate['kind']}",
             f"issued={certificate['issued']}"]
    external = certificate.get("external_number")
    lines.append("external_number" if external is None else f"external_number={external}")
    text = "".join(line + "\n" for line in lines)
    tag = hmac.new(secret, text.encode("utf-8"), hashlib.sha256).digest()[:10]
    bits = int.from_bytes(tag, "big")
    symbols = key_id + "".join(BASE32[(bits >> (75 - 5 * i)) & 31] for i in range(16))
    symbols += CHECK_SYMBOLS[sum((i + 1) * BASE32.index(c) for i, c in enumerate(symbols)) % 37]
    groups = [symbols[1 + 4 * i:5 + 4 * i] for i in range(4)]
    return "-".join([symbols[0], *groups, symbols[17]])


def coded_document(key_id: str = "K", secret: bytes = SECRET) -> Dict[str, Any]:
    doc = builders.document()
    doc["certificates"][0]["verification_code"] = documented_code(
        key_id, secret, doc["certificates"][0], doc["enrollments"][0])
    return doc


@pytest.fixture
def keyring(library: dict) -> Any:
    with Keyring.from_text(KEY_TEXT) as keys:
        yield keys


@pytest.fixture
def coded(library: dict) -> Any:
    dataset = vocfab.Dataset.from_json(builders.dumps(coded_document()))
    yield dataset
    dataset.close()


def code_of(dataset: vocfab.Dataset) -> str:
    return str(dataset.list("certificates")[0]["verification_code"])


# --- keyrings ---------------------------------------------------------------------------------

def test_keyring_from_file_and_text_agree(library: dict, tmp_path: Path) -> None:
    path = tmp_path / "programme.key"
    path.write_text(KEY_TEXT, encoding="utf-8")
    with Keyring.from_file(path) as from_file, Keyring.from_text(KEY_TEXT.encode()) as from_text:
        assert from_file.public_key == from_text.public_key
        assert len(from_file.public_key) == 43


def test_a_short_secret_is_refused_without_quoting_it(library: dict) -> None:
    secret = "0badc0de" * 6  # 24 bytes
    with pytest.raises(vocfab.InvalidArgumentError) as error:
        Keyring.from_text(f"K {secret}")
    assert "at least 32" in str(error.value)
    assert "0badc0de" not in str(error.value)
    assert isinstance(error.value, ValueError)


def test_a_missing_key_file_is_an_io_error(library: dict, tmp_path: Path) -> None:
    with pytest.raises(vocfab.VocfabIOError) as error:
        Keyring.from_file(tmp_path / "missing.key")
    assert "missing.key" in str(error.value)


def test_a_keyring_is_closed_once_and_never_pickled(library: dict) -> None:
    keys = Keyring.from_text(KEY_TEXT)
    with pytest.raises(TypeError):
        pickle.dumps(keys)
    with pytest.raises(TypeError):
        copy.copy(keys)
    assert SECRET.hex() not in repr(keys)
    keys.close()
    keys.close()
    assert keys.closed
    with pytest.raises(vocfab.ClosedError):
        keys.public_key
    with pytest.raises(TypeError):
        Keyring()


def test_the_sample_key_file_reads(library: dict) -> None:
    with Keyring.from_file(SAMPLE_KEY) as keys:
        assert len(keys.public_key) == 43


# --- verification -----------------------------------------------------------------------------

def test_a_valid_certificate_and_its_facts(coded: vocfab.Dataset, keyring: Keyring) -> None:
    result = coded.verify_certificate(code_of(coded), keyring=keyring)
    assert result.status is CertificateStatus.VALID and result.status == "valid" and result.valid
    assert result.code == code_of(coded)
    assert result.certificate == builders.IDS["certificate"]
    assert result.revoked is None and result.forgery is None and result.name_matches is None
    facts = result.facts
    assert facts is not None
    assert (facts.kind, facts.issued, facts.external_number) == ("meb", "2024-05-10", "MEB-2024-000123")
    assert (facts.course, facts.branch, facts.branch_name) == (builders.IDS["course"], "SEWING", "Dikiş")
    assert (facts.hours, facts.centre) == (160, "Halkapınar")
    assert facts.holder == "A*** Y*****" and not facts.holder_erased


def test_the_code_is_read_as_typed(coded: vocfab.Dataset, keyring: Keyring) -> None:
    typed = code_of(coded).lower().replace("-", " ")
    assert coded.verify_certificate(typed, keyring=keyring).status is CertificateStatus.VALID


def test_name_matches(coded: vocfab.Dataset, keyring: Keyring) -> None:
    code = code_of(coded)
    assert coded.verify_certificate(code, keyring=keyring, name="AYSE YILMAZ").name_matches is True
    assert coded.verify_certificate(code, keyring=keyring, name="ayşe yılmaz").name_matches is True
    assert coded.verify_certificate(code, keyring=keyring, name="Mehmet Demir").name_matches is False


def test_revoked(library: dict, keyring: Keyring) -> None:
    doc = coded_document()
    doc["certificates"][0]["revoked"] = {"reason": "exam irregularity", "date": "2024-06-01"}
    with vocfab.Dataset.from_json(builders.dumps(doc)) as dataset:
        result = dataset.verify_certificate(code_of(dataset), keyring=keyring)
    assert result.status is CertificateStatus.REVOKED and not result.valid
    assert result.revoked == vocfab.Revocation("2024-06-01", "exam irregularity")
    assert result.facts is not None


def test_unknown_malformed_and_forged(coded: vocfab.Dataset, keyring: Keyring) -> None:
    assert coded.verify_certificate("0-0000-0000-0000-0000-0", keyring=keyring).status is CertificateStatus.UNKNOWN
    code = code_of(coded)
    typo = code[:3] + ("8" if code[3] == "7" else "7") + code[4:]
    assert coded.verify_certificate(typo, keyring=keyring).status is CertificateStatus.MALFORMED
    with Keyring.from_text(f"K {OLD_SECRET.hex()}") as impostor:
        forged = coded.verify_certificate(code, keyring=impostor)
    assert forged.status is CertificateStatus.FORGED and forged.forgery == "facts_changed" and forged.facts is None


def test_an_edited_fact_is_forged(library: dict, keyring: Keyring) -> None:
    doc = coded_document()
    doc["certificates"][0]["external_number"] = "MEB-2024-999999"
    with vocfab.Dataset.from_json(builders.dumps(doc)) as dataset:
        assert dataset.verify_certificate(code_of(dataset), keyring=keyring).status is CertificateStatus.FORGED


def test_rotation_keeps_old_codes_valid(library: dict) -> None:
    doc = coded_document("H", OLD_SECRET)
    rotated = f"K {SECRET.hex()}\nH {OLD_SECRET.hex()}\n"
    with vocfab.Dataset.from_json(builders.dumps(doc)) as dataset, Keyring.from_text(rotated) as keys:
        assert dataset.verify_certificate(code_of(dataset), keyring=keys).status is CertificateStatus.VALID
        with Keyring.from_text(KEY_TEXT) as without_h:
            result = dataset.verify_certificate(code_of(dataset), keyring=without_h)
        assert result.status is CertificateStatus.FORGED and result.forgery == "unknown_key"


def test_the_datasets_keyring(coded: vocfab.Dataset) -> None:
    with pytest.raises(vocfab.InvalidArgumentError):
        coded.verify_certificate(code_of(coded))
    keys = Keyring.from_text(KEY_TEXT)
    coded.set_keyring(keys)
    keys.close()  # the dataset keeps its own copy
    assert coded.verify_certificate(code_of(coded)).valid
    coded.set_keyring(None)
    with pytest.raises(vocfab.InvalidArgumentError):
        coded.certificate_token(builders.IDS["certificate"])
    with pytest.raises(TypeError):
        coded.set_keyring("K 00")  # type: ignore[arg-type]


# --- tokens -----------------------------------------------------------------------------------

def test_token_roundtrip(coded: vocfab.Dataset, keyring: Keyring) -> None:
    token = coded.certificate_token(builders.IDS["certificate"], keyring=keyring)
    assert token.startswith("VF1.")
    result = vocfab.verify_token(keyring.public_key, token)
    assert result.status is TokenStatus.VALID and result.valid
    assert (result.key, result.certificate, result.code) == ("K", builders.IDS["certificate"], code_of(coded))
    assert result.facts == coded.verify_certificate(code_of(coded), keyring=keyring).facts


def _unpadded(text: str) -> bytes:
    return base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))


def test_token_payload_is_the_documented_text(coded: vocfab.Dataset, keyring: Keyring) -> None:
    _, payload, _ = coded.certificate_token(builders.IDS["certificate"], keyring=keyring).split(".")
    text = _unpadded(payload).decode("utf-8")
    assert text.startswith("vocfab-token-v1\nkey=K\n")
    assert "holder=A*** Y*****\nholder_erased=false\n" in text
    assert "Ayşe" not in text and builders.IDS["trainee"] not in text


def test_tampered_and_foreign_tokens(coded: vocfab.Dataset, keyring: Keyring) -> None:
    token = coded.certificate_token(builders.IDS["certificate"], keyring=keyring)
    prefix, payload, signature = token.split(".")
    text = _unpadded(payload).replace(b"issued=2024-05-10", b"issued=2024-05-11")
    tampered = ".".join([prefix, base64.urlsafe_b64encode(text).decode().rstrip("="), signature])
    assert vocfab.verify_token(keyring.public_key, tampered).status is TokenStatus.FORGED
    with Keyring.from_text(f"K {OLD_SECRET.hex()}") as other:
        assert vocfab.verify_token(other.public_key, token).status is TokenStatus.FORGED
    assert vocfab.verify_token(keyring.public_key, "hello").status is TokenStatus.MALFORMED
    with pytest.raises(vocfab.InvalidArgumentError):
        vocfab.verify_token("not a key", token)


def test_token_refusals(library: dict, keyring: Keyring) -> None:
    doc = coded_document()
    doc["certificates"][0]["revoked"] = {"reason": "exam irregularity", "date": "2024-06-01"}
    with vocfab.Dataset.from_json(builders.dumps(doc)) as dataset:
        with pytest.raises(vocfab.InvalidDataError):
            dataset.certificate_token(builders.IDS["certificate"], keyring=keyring)
        with pytest.raises(vocfab.NotFoundError):
            dataset.certificate_token(builders.IDS["trainee"], keyring=keyring)
        with pytest.raises(vocfab.InvalidArgumentError):
            dataset.certificate_token("not-a-uuid", keyring=keyring)


def _hkdf_sha256(key: bytes, salt: bytes, info: bytes) -> bytes:
    prk = hmac.new(salt, key, hashlib.sha256).digest()
    return hmac.new(prk, info + b"\x01", hashlib.sha256).digest()


def test_the_signing_key_is_derived_as_documented(coded: vocfab.Dataset, keyring: Keyring) -> None:
    """Any Ed25519 implementation verifies tokens with the public key (here: ``cryptography``)."""
    ed25519 = pytest.importorskip("cryptography.hazmat.primitives.asymmetric.ed25519")
    from cryptography.hazmat.primitives import serialization

    seed = _hkdf_sha256(SECRET, b"vocfab certificate tokens", b"vocfab token signing key v1")
    private = ed25519.Ed25519PrivateKey.from_private_bytes(seed)
    raw = private.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    assert base64.urlsafe_b64encode(raw).decode().rstrip("=") == keyring.public_key

    _, payload, signature = coded.certificate_token(builders.IDS["certificate"], keyring=keyring).split(".")
    public = ed25519.Ed25519PublicKey.from_public_bytes(_unpadded(keyring.public_key))
    public.verify(_unpadded(signature), _unpadded(payload))  # raises when it does not verify


def test_documented_code_matches_the_c_test() -> None:
    """The code the C test (tests/capi/vocfab_c_test.c) has frozen is the documented one."""
    certificate: Dict[str, Optional[str]] = {
        "id": "c0000000-0000-4000-8000-000000000006", "enrollment": "c0000000-0000-4000-8000-000000000005",
        "kind": "meb", "issued": "2024-04-05", "external_number": "MEB-2024-0001"}
    enrollment = {"trainee": "c0000000-0000-4000-8000-000000000003", "course": "c0000000-0000-4000-8000-000000000002"}
    assert documented_code("T", bytes([0x54]) * 32, certificate, enrollment) == "T-92HZ-X6WN-80X0-929Y-Z"
