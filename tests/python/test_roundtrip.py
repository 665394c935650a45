"""Round trips Python → C → Python of every entity type and of the policy."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any, Dict

import pytest

import vocfab
import builders

COLLECTIONS = builders.COLLECTIONS


def key_of(collection: str, record: Dict[str, Any]) -> str:
    return record[builders.KEY_FIELD[collection]]


def test_collections_cover_every_entity_type() -> None:
    assert tuple(COLLECTIONS) == vocfab.COLLECTIONS
    assert set(builders.records()) == set(COLLECTIONS)


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_add_get_list_round_trip(empty: vocfab.Dataset, collection: str) -> None:
    record = builders.records()[collection]
    empty.add(collection, record)
    assert empty.count(collection) == 1
    assert empty.get(collection, key_of(collection, record), reveal_national_ids=True) == record
    assert empty.list(collection, reveal_national_ids=True) == [record]


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_json_text_round_trip(empty: vocfab.Dataset, collection: str) -> None:
    record = builders.records()[collection]
    empty.add(collection, json.dumps(record))
    assert empty.get(collection, key_of(collection, record), reveal_national_ids=True) == record


@pytest.mark.parametrize("collection", COLLECTIONS)
def test_document_round_trip(collection: str, library: dict, tmp_path: Path) -> None:
    """dict → document text → C → file → C → dict gives back the same record."""
    doc = builders.document()
    with vocfab.Dataset.from_json(builders.dumps(doc)) as ds:
        ds.save(tmp_path / "d.json")
    with vocfab.Dataset.load(tmp_path / "d.json") as ds:
        assert ds.list(collection, reveal_national_ids=True) == doc[collection]


def test_whole_document_round_trip(ds: vocfab.Dataset) -> None:
    saved = json.loads(ds.to_json(reveal_national_ids=True))
    expected = builders.document()
    for collection in COLLECTIONS:
        assert saved[collection] == expected[collection]
    assert saved["policy"] == ds.policy


def test_many_records_keep_insertion_order(empty: vocfab.Dataset) -> None:
    added = []
    for n in range(50):
        trainee = builders.records()["trainees"]
        trainee["id"] = builders.uid(1000 + n)
        trainee["national_id"] = builders.national_id(f"{200000000 + n * 7919}")
        trainee["given_name"] = "Kişi " + "".join(chr(ord("a") + int(d)) for d in str(n))  # no digits in names
        empty.add("trainees", trainee)
        added.append(trainee)
    assert empty.list("trainees", reveal_national_ids=True) == added
    masked = empty.list("trainees")
    assert [t["national_id"] for t in masked] == [builders.masked(t["national_id"]) for t in added]


MINIMAL_OMITTED = {
    # optional fields that, when absent, stay absent (none is invented on the way back)
    "branches": ["isco08", "occupation_code"],
    "courses": ["min_group", "min_age"],
    "trainees": ["phone", "email"],
    "enrollments": ["score"],
    "certificates": ["external_number"],
    "employers": ["contact"],
    "vacancies": ["occupation_code", "min_age"],  # a vacancy needs a branch or an occupation code
}


@pytest.mark.parametrize("collection", sorted(MINIMAL_OMITTED))
def test_absent_optional_fields_stay_absent(empty: vocfab.Dataset, collection: str) -> None:
    record = builders.records()[collection]
    for field in MINIMAL_OMITTED[collection]:
        del record[field]
    empty.add(collection, record)
    back = empty.get(collection, key_of(collection, record), reveal_national_ids=True)
    for field in MINIMAL_OMITTED[collection]:
        assert field not in back or back[field] is None
    assert {k: v for k, v in back.items() if v is not None} == record


def test_revoked_certificate_round_trip(empty: vocfab.Dataset) -> None:
    certificate = builders.records()["certificates"]
    certificate["revoked"] = {"reason": "Sınav belgesi hatalı düzenlendi", "date": "2024-06-01"}
    empty.add("certificates", certificate)
    assert empty.get("certificates", certificate["id"]) == certificate


@pytest.mark.parametrize("status, extra", [
    ("hired", {"decided": "2024-05-20", "hired": "2024-06-01"}),
    ("left_early", {"decided": "2024-05-20", "hired": "2024-06-01", "ended": "2024-06-04",
                    "reason": "Vardiya uymadı"}),
    ("declined", {"decided": "2024-05-18", "reason": "Uzak"}),
])
def test_referral_outcomes_round_trip(empty: vocfab.Dataset, status: str,
                                      extra: Dict[str, str]) -> None:
    referral = builders.records()["referrals"]
    referral.update(status=status, **extra)
    empty.add("referrals", referral)
    assert empty.get("referrals", referral["id"]) == referral


def test_turkish_text_is_kept_exactly(empty: vocfab.Dataset) -> None:
    centre = builders.records()["centres"]
    centre.update(name="Gümüşpala İŞKUR Çağrı Öğüt ıİ", district="Karşıyaka")
    empty.add("centres", centre)
    assert empty.get("centres", centre["id"]) == centre


@pytest.mark.parametrize("written", ["0532 123 45 67", "+90 532 123 45 67", "905321234567",
                                     "(0532) 123-45-67", "5321234567"])
def test_phone_numbers_are_normalised(empty: vocfab.Dataset, written: str) -> None:
    trainee = builders.records()["trainees"]
    trainee["phone"] = written
    empty.add("trainees", trainee)
    assert empty.get("trainees", trainee["id"])["phone"] == "+905321234567"


def test_national_id_masking_flag(ds: vocfab.Dataset) -> None:
    trainee_id = builders.IDS["trainee"]
    assert ds.get("trainees", trainee_id)["national_id"] == builders.masked(builders.NID)
    assert ds.get("trainees", trainee_id, reveal_national_ids=True)["national_id"] == builders.NID
    assert ds.list("trainees")[0]["national_id"] == builders.masked(builders.NID)
    assert ds.list("trainees", reveal_national_ids=True)[0]["national_id"] == builders.NID


def test_policy_round_trip(empty: vocfab.Dataset) -> None:
    policy = {
        "name": "kahramankazan-employment-centre",
        "residency": {"province": "06", "district": "Kahramankazan"},
        "min_group": 10, "min_age": 16, "guardian_consent_under": 18,
        "max_active_enrollments": 2, "max_absence_ratio": "1/10", "pass_mark": 70,
        "max_active_referrals": 5, "early_leave_days": 10, "retention_days": 180,
        "decline_limit": 4, "decline_window_days": 180, "pause_days": 30,
        "allocation": {"priority": ["unemployed", "centre_district"], "seed": 7},
        "ranking": {"meb_certificate": 50, "participation_certificate": 30, "training": 15,
                    "same_district": 25, "same_province": 10, "waiting_points": 2,
                    "waiting_period_days": 30, "waiting_max": 24, "decline_penalty": 10,
                    "early_leave_penalty": 20, "sector_preference": 5, "district_preference": 5,
                    "shift_preference": 0},
        "planning": {"recent_days": 120, "default_capacity": 16},
    }
    empty.set_policy(policy)
    assert empty.get_policy() == policy
    saved = json.loads(empty.to_json())
    assert saved["policy"] == policy
    with vocfab.Dataset.from_json(empty.to_json(reveal_national_ids=True)) as again:
        assert again.policy == policy


def test_records_returned_are_copies(ds: vocfab.Dataset) -> None:
    trainee = ds.get("trainees", builders.IDS["trainee"])
    trainee["given_name"] = "Changed"
    assert ds.get("trainees", builders.IDS["trainee"])["given_name"] == "Ayşe"
    original = copy.deepcopy(builders.records()["centres"])
    record = builders.records()["centres"]
    record["id"] = builders.uid(300)
    ds.add("centres", record)
    record["name"] = "Changed after adding"
    assert ds.get("centres", builders.uid(300))["name"] == original["name"]
