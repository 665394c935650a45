"""Test data builders: valid identifiers and one well-formed record of every entity type.

Everything here is plain Python (no vocfab import) so that it can also generate hypothesis data.
"""

from __future__ import annotations

import copy
import json
import uuid
from typing import Any, Dict


def national_id(first_nine: str) -> str:
    """Completes nine digits (first not 0) into a checksum-valid T.C. Kimlik No (SPEC section 4)."""
    assert len(first_nine) == 9 and first_nine.isdigit() and first_nine[0] != "0"
    d = [int(c) for c in first_nine]
    d10 = (7 * (d[0] + d[2] + d[4] + d[6] + d[8]) - (d[1] + d[3] + d[5] + d[7])) % 10
    d11 = (sum(d) + d10) % 10
    return first_nine + str(d10) + str(d11)


def tax_number(first_nine: str) -> str:
    """Completes nine digits into a checksum-valid VKN (the standard Turkish tax-number checksum)."""
    assert len(first_nine) == 9 and first_nine.isdigit()
    total = 0
    for i, c in enumerate(first_nine):
        tmp = (int(c) + 9 - i) % 10
        if tmp == 9:
            value = 9
        elif tmp == 0:
            value = 0
        else:
            value = (tmp * 2 ** (9 - i)) % 9
            if value == 0:
                value = 9
        total += value
    return first_nine + str((10 - total % 10) % 10)


def masked(nid: str) -> str:
    """The masked form of a national id, ``DDD******DD``."""
    return nid[:3] + "*" * 6 + nid[-2:]


def uid(n: int) -> str:
    """A deterministic canonical UUID for test record number @p n."""
    return str(uuid.UUID(int=0x5EED0000_0000_4000_8000_000000000000 + n))


IDS = {
    "centre": uid(1),
    "course": uid(2),
    "trainee": uid(3),
    "application": uid(4),
    "enrollment": uid(5),
    "certificate": uid(6),
    "employer": uid(7),
    "vacancy": uid(8),
    "referral": uid(9),
}

NID = national_id("100000001")
VKN = tax_number("123456789")


def records() -> Dict[str, Dict[str, Any]]:
    """One valid record per collection, consistent with each other, keyed by collection name."""
    return copy.deepcopy({
        "centres": {
            "id": IDS["centre"], "code": "HALKAPINAR", "name": "Halkapınar",
            "province": "35", "district": "Konak", "seats": 120, "branches": ["SEWING"],
        },
        "branches": {
            "code": "SEWING", "name": "Dikiş", "sector": "textile", "isco08": "7533",
            "occupation_code": "7533.03", "nominal_hours": 160, "certificate": "meb",
        },
        "courses": {
            "id": IDS["course"], "branch": "SEWING", "centre": IDS["centre"],
            "start": "2024-02-01", "end": "2024-04-30", "total_hours": 160, "capacity": 20,
            "min_group": 1, "mode": "in_person", "certificate": "meb", "status": "completed",
            "min_age": 16,
        },
        "trainees": {
            "id": IDS["trainee"], "national_id": NID, "given_name": "Ayşe",
            "family_name": "Yılmaz", "birth_date": "1990-05-17", "gender": "female",
            "phone": "+905321234567", "email": "ayse@example.org", "province": "35",
            "district": "Konak", "education_level": "upper_secondary",
            "employment_status": "unemployed", "job_seeking": True, "registered": "2024-01-10",
            "disability": False,
            "consents": {"data_processing": True, "share_with_employers": True},
            "guardian_consent": False,
            "job_preferences": {"sectors": ["textile"], "districts": ["Konak"], "shift": "day"},
        },
        "applications": {
            "id": IDS["application"], "trainee": IDS["trainee"], "courses": [IDS["course"]],
            "applied": "2024-01-15",
        },
        "enrollments": {
            "id": IDS["enrollment"], "trainee": IDS["trainee"], "course": IDS["course"],
            "status": "completed", "absent_hours": 4, "score": 85,
        },
        "certificates": {
            "id": IDS["certificate"], "enrollment": IDS["enrollment"], "kind": "meb",
            "issued": "2024-05-10", "external_number": "MEB-2024-000123",
            "verification_code": "ABCD-EFGH-1234",
        },
        "employers": {
            "id": IDS["employer"], "name": "Ege Tekstil A.Ş.", "tax_number": VKN,
            "sector": "textile", "province": "35", "district": "Bornova", "consent": True,
            "contact": {"name": "Mehmet Demir", "phone": "+902321234567",
                        "email": "ik@egetekstil.example"},
        },
        "vacancies": {
            "id": IDS["vacancy"], "employer": IDS["employer"], "title": "Sewing machine operator",
            "branch": "SEWING", "occupation_code": "7533.03", "positions": 2,
            "requires_certificate": True, "min_age": 18, "province": "35", "district": "Bornova",
            "shift": "day", "opened": "2024-05-01", "closes": "2024-07-31", "status": "open",
        },
        "referrals": {
            "id": IDS["referral"], "trainee": IDS["trainee"], "vacancy": IDS["vacancy"],
            "referred": "2024-05-15", "status": "interview",
        },
    })


COLLECTIONS = ["centres", "branches", "courses", "trainees", "applications", "enrollments",
               "certificates", "employers", "vacancies", "referrals"]

#: The key field of each collection (branches are referenced by code, everything else by id).
KEY_FIELD = {name: ("code" if name == "branches" else "id") for name in COLLECTIONS}


def document(**overrides: Any) -> Dict[str, Any]:
    """A complete, valid dataset document with one record of each kind (no policy: defaults)."""
    doc: Dict[str, Any] = {"schema_version": 1}
    for name, record in records().items():
        doc[name] = [record]
    doc.update(overrides)
    return doc


def empty_document() -> Dict[str, Any]:
    """A valid document with no records."""
    doc: Dict[str, Any] = {"schema_version": 1}
    for name in COLLECTIONS:
        doc[name] = []
    return doc


def dumps(doc: Dict[str, Any]) -> str:
    """The document as JSON text (UTF-8 characters kept as they are)."""
    return json.dumps(doc, ensure_ascii=False)
