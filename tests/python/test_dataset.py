"""Loading, saving, validating and querying datasets, including the bundled sample data."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vocfab
import builders
from conftest import DATA


# -- the sample data ----------------------------------------------------------------------------

def test_sample_loads_and_is_valid(sample_path: Path, library: dict) -> None:
    with vocfab.Dataset.load(sample_path) as ds:
        counts = ds.counts()
        assert list(counts) == list(vocfab.COLLECTIONS)
        assert counts["centres"] >= 22 and counts["trainees"] > 0 and counts["referrals"] > 0
        report = ds.validate()
        assert report.valid, report.issues[:5]
        assert report.issues == []
        assert len(ds) == sum(counts.values())


def test_sample_queries(sample_path: Path, library: dict) -> None:
    with vocfab.Dataset.load(sample_path) as ds:
        centres = ds.list("centres")
        assert "HALKAPINAR" in {c["code"] for c in centres}
        first = centres[0]
        assert ds.get("centres", first["id"]) == first
        assert ds.get("centres", first["id"].upper()) == first  # UUIDs in any case
        branch = ds.list("branches")[0]
        assert ds.get("branches", branch["code"]) == branch
        for trainee in ds.list("trainees"):
            assert "******" in trainee["national_id"]  # masked by default


def test_sample_summary(sample_path: Path, library: dict) -> None:
    with vocfab.Dataset.load(sample_path) as ds:
        summary = ds.summary()
        assert isinstance(summary, dict)
        assert summary["policy"] == ds.policy["name"]
        text = json.dumps(summary)
        assert "HALKAPINAR" in text


def test_sample_file_validates_without_a_handle(sample_path: Path, library: dict) -> None:
    report = vocfab.validate_file(sample_path)
    assert report.valid and report.issues == []
    report.raise_if_invalid()
    text = sample_path.read_text(encoding="utf-8")
    assert vocfab.validate_json(text) == report


def test_kahramankazan_data(library: dict) -> None:
    path = DATA / "kahramankazan.json"
    if not path.is_file():
        pytest.skip("data/kahramankazan.json is not there")
    with vocfab.Dataset.load(path) as ds:
        assert ds.policy["residency"]["province"] == "06"
        assert ds.validate().valid


# -- documents in and out ------------------------------------------------------------------------

def test_empty_dataset(empty: vocfab.Dataset) -> None:
    assert len(empty) == 0
    assert all(count == 0 for count in empty.counts().values())
    assert empty.list("trainees") == []
    assert empty.validate().valid
    assert empty.policy["name"] == "default"
    assert repr(empty) == "<vocfab.Dataset empty>"


def test_from_json_accepts_str_and_bytes(library: dict) -> None:
    text = builders.dumps(builders.document())
    with vocfab.Dataset.from_json(text) as a, vocfab.Dataset.from_json(text.encode()) as b:
        assert a.to_json(reveal_national_ids=True) == b.to_json(reveal_national_ids=True)
        assert a.counts() == b.counts()


def test_to_json_and_export_are_masked(ds: vocfab.Dataset, tmp_path: Path) -> None:
    text = ds.to_json()
    assert builders.NID not in text and builders.masked(builders.NID) in text
    ds.export(tmp_path / "export.json")
    exported = (tmp_path / "export.json").read_text(encoding="utf-8")
    assert exported.rstrip("\n") == text.rstrip("\n")
    with pytest.raises(vocfab.InvalidDataError) as info:  # an export cannot be loaded back
        vocfab.Dataset.load(tmp_path / "export.json")
    assert "invalid_national_id" in info.value.codes


def test_save_and_load_round_trip(ds: vocfab.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "state.json"
    ds.save(path)
    text = path.read_text(encoding="utf-8")
    assert builders.NID in text
    with vocfab.Dataset.load(path) as again:
        assert again.to_json(reveal_national_ids=True) == ds.to_json(reveal_national_ids=True)
        again.save(tmp_path / "again.json")
    assert (tmp_path / "again.json").read_bytes() == path.read_bytes()  # deterministic


def test_save_accepts_str_and_path(ds: vocfab.Dataset, tmp_path: Path) -> None:
    ds.save(str(tmp_path / "a.json"))
    ds.save(tmp_path / "b.json")
    assert (tmp_path / "a.json").read_bytes() == (tmp_path / "b.json").read_bytes()


def test_unicode_path(ds: vocfab.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "Gümüşpala İzmir ı.json"
    ds.save(path)
    with vocfab.Dataset.load(path) as again:
        assert again.counts() == ds.counts()


def test_to_json_is_deterministic(ds: vocfab.Dataset) -> None:
    assert ds.to_json() == ds.to_json()
    doc = json.loads(ds.to_json(reveal_national_ids=True))
    assert doc["schema_version"] == 1
    assert set(vocfab.COLLECTIONS) <= set(doc)


def test_validate_reports_cross_record_rules(library: dict) -> None:
    doc = builders.document()
    doc["enrollments"][0]["course"] = builders.uid(404)  # a reference to nothing
    with vocfab.Dataset.from_json(builders.dumps(doc)) as ds:  # loads: records are well formed
        report = ds.validate()
    assert not report.valid
    assert ("unknown_reference", "enrollments[0].course") in [(i.code, i.path) for i in report.issues]
    with pytest.raises(vocfab.InvalidDataError) as info:
        report.raise_if_invalid()
    assert info.value.issues == report.issues
    assert report.to_dict()["valid"] is False


def test_validate_json_reports_without_raising(library: dict) -> None:
    broken = vocfab.validate_json("{")
    assert not broken.valid and broken.codes == ["parse_error"]
    future = vocfab.validate_json('{"schema_version": 99}')
    assert future.codes == ["schema_version_unsupported"]
    doc = builders.document()
    doc["trainees"][0]["national_id"] = "12345678901"
    bad = vocfab.validate_json(builders.dumps(doc))
    assert ("invalid_national_id", "trainees[0].national_id") in [(i.code, i.path) for i in bad.issues]
    assert "12345678901" not in json.dumps(bad.to_dict())  # masked in messages


def test_policy_get_and_set(ds: vocfab.Dataset) -> None:
    policy = ds.policy
    assert policy["min_group"] == 12 and policy["max_absence_ratio"] == "1/5"
    policy.update(name="test-programme", min_group=8, pass_mark=60,
                  residency={"province": "06", "district": "Kahramankazan"})
    ds.policy = policy
    assert ds.get_policy() == policy
    ds.set_policy(json.dumps({"name": "only-a-name"}))
    fresh = ds.get_policy()
    assert fresh["name"] == "only-a-name" and fresh["min_group"] == 12  # absent fields: defaults
    assert "residency" not in fresh


def test_policy_presets_load(library: dict, empty: vocfab.Dataset) -> None:
    presets = sorted((DATA / "policies").glob("*.json"))
    if not presets:
        pytest.skip("no policy presets in data/policies")
    for preset in presets:
        empty.set_policy(preset.read_text(encoding="utf-8"))
        assert empty.policy["name"] == preset.stem
