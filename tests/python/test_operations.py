"""Dataset.apply: batches all or nothing, typed results, RuleViolationError, check-only, the
audit trail, and a course's whole life ending in certificates that verify."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import pytest

import vocfab
from vocfab import Dataset, Keyring, RuleViolationError

REPO = Path(__file__).resolve().parents[2]
DAY = [json.loads(line) for line in (REPO / "data" / "operations" / "sample-day.ndjson").read_text().splitlines() if line]
AT = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.timezone.utc)


SAMPLE_KEY = REPO / "data" / "keys" / "sample-certificate.key"


@pytest.fixture
def sample(sample_path: Path) -> Dataset:
    dataset = Dataset.load(sample_path)
    with Keyring.from_file(SAMPLE_KEY) as keys:
        dataset.set_keyring(keys)  # the dataset keeps its own copy
    return dataset


def test_a_valid_batch_applies_and_the_result_validates(sample: Dataset) -> None:
    result = sample.apply(DAY, actor="desk-3", at=AT, id_seed=1)
    assert result.applied and not result.check_only
    assert [r.op for r in result.results] == ["enroll", "refer", "interview", "hire", "start_course",
                                              "record_absence", "complete_course", "issue_certificate"]
    assert result.created[1] == vocfab.Touched("referrals", "5d0f3c1e-8b7a-4c2d-9e6f-1a2b3c4d5e6f")
    filled = [e for e in result.effects if e.collection == "vacancies" and e.field == "status"]
    assert filled and filled[0].after == "filled" and filled[0].reason == "vacancy_filled"
    assert sample.validate().valid
    trail = sample.audit()
    assert [entry["op"] for entry in trail] == [r.op for r in result.results]
    assert all(entry["actor"] == "desk-3" and entry["at"] == "2026-11-20T09:00:00Z" for entry in trail)
    assert sample.audit(from_seq=4) == trail[3:]
    assert sample.audit(from_seq=2, limit=1) == trail[1:2]


def test_a_refused_batch_names_the_operation_and_changes_nothing(sample: Dataset) -> None:
    before = sample.to_json(reveal_national_ids=True)
    broken = DAY + [DAY[1]]  # the same referral twice
    with pytest.raises(RuleViolationError) as refused:
        sample.apply(broken, actor="desk-3", at=AT)
    assert refused.value.index == 8
    assert "duplicate_referral" in [issue.code for issue in refused.value.issues]
    assert all(issue.path.startswith("ops[8]") for issue in refused.value.issues)
    assert sample.to_json(reveal_national_ids=True) == before
    with pytest.raises(RuleViolationError) as unknown:
        sample.apply([{"op": "promote"}], actor="desk-3", at=AT)
    assert unknown.value.issues[0].code == "unknown_operation"


def test_check_only_reports_and_changes_nothing(sample: Dataset) -> None:
    before = sample.to_json(reveal_national_ids=True)
    result = sample.apply(DAY, actor="desk-3", at=AT, check_only=True)
    assert result.check_only and not result.applied
    assert len(result.results) == len(DAY)
    assert sample.to_json(reveal_national_ids=True) == before


def test_a_keyed_operation_replays_once(sample: Dataset) -> None:
    first = sample.apply(DAY[:1], actor="desk-3", at=AT)
    again = sample.apply(DAY[:1], actor="desk-3", at=AT)
    assert again.results[0].replayed and again.results[0].seq == first.results[0].seq
    changed = dict(DAY[0], course="8e4c0d8a-44b0-4b2a-a98f-1bc9b809ac61")
    with pytest.raises(RuleViolationError) as conflict:
        sample.apply([changed], actor="desk-3", at=AT)
    assert conflict.value.issues[0].code == "idempotency_conflict"


def test_arguments_are_checked_before_anything_happens(sample: Dataset) -> None:
    with pytest.raises(ValueError):
        sample.apply(DAY, actor="desk-3", at=datetime.datetime(2026, 11, 20))  # naive: which zone?
    with pytest.raises(vocfab.InvalidArgumentError):
        sample.apply(DAY, actor="", at=AT)


def test_a_course_life_ends_in_certificates_that_verify(sample: Dataset) -> None:
    keys = Keyring.from_text("K " + "7" * 64 + "\n")
    sample.set_keyring(keys)
    course = "b4bafb4e-6576-4387-b104-323e30f4a31f"
    enrolled = [e for e in sample.list("enrollments") if e["course"] == course and e["status"] == "enrolled"]
    assert len(enrolled) >= 12
    start = sample.get("courses", course)["start"]
    end = sample.get("courses", course)["end"]
    sample.apply([{"op": "start_course", "course": course, "on": start}], actor="desk-3", at=AT)
    sample.apply([{"op": "record_absence", "enrollment": enrolled[0]["id"], "hours": 2, "on": start}],
                 actor="desk-3", at=AT)
    result = sample.apply([{"op": "complete_course", "course": course, "on": end}] +
                          [{"op": "issue_certificate", "enrollment": e["id"], "on": end} for e in enrolled[:3]],
                          actor="desk-3", at=AT, id_seed=7)
    certificates = [t.id for t in result.created if t.collection == "certificates"]
    assert len(certificates) == 3
    code = sample.get("certificates", certificates[0])["verification_code"]
    assert sample.verify_certificate(code).status == "valid"
    mistyped = code[:3] + ("0" if code[3] != "0" else "1") + code[4:]
    assert sample.verify_certificate(mistyped).status == "malformed"
    edited = json.loads(sample.to_json(reveal_national_ids=True))
    for certificate in edited["certificates"]:
        if certificate["id"] == certificates[0]:
            certificate["external_number"] = "EDITED-1"
    tampered = Dataset.from_json(json.dumps(edited))
    assert tampered.verify_certificate(code, keyring=keys).status == "forged"
    sample.apply([{"op": "revoke_certificate", "certificate": certificates[0], "reason": "issued in error", "on": end}],
                 actor="desk-3", at=AT)
    assert sample.verify_certificate(code).status == "revoked"
    assert sample.validate().valid
