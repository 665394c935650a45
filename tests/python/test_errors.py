"""Every error path: the right exception class, the C status, and issues with code and path."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import vocfab
import builders
from vocfab._capi import Status


def test_hierarchy() -> None:
    for cls in (vocfab.LibraryError, vocfab.VersionMismatchError, vocfab.ClosedError,
                vocfab.InvalidArgumentError, vocfab.ParseError, vocfab.SchemaVersionError,
                vocfab.InvalidDataError, vocfab.RuleViolationError, vocfab.NotFoundError,
                vocfab.VocfabIOError, vocfab.VocfabMemoryError, vocfab.InternalError):
        assert issubclass(cls, vocfab.VocfabError)
    assert issubclass(vocfab.VersionMismatchError, vocfab.LibraryError)
    assert issubclass(vocfab.SchemaVersionError, vocfab.ParseError)
    assert issubclass(vocfab.RuleViolationError, vocfab.InvalidDataError)
    assert issubclass(vocfab.NotFoundError, LookupError)
    assert issubclass(vocfab.VocfabIOError, OSError)
    assert issubclass(vocfab.VocfabMemoryError, MemoryError)
    for cls in (vocfab.ParseError, vocfab.InvalidDataError, vocfab.InvalidArgumentError,
                vocfab.ClosedError):
        assert issubclass(cls, ValueError)


def test_issue_value() -> None:
    issue = vocfab.Issue("invalid_phone", "trainees[2].phone", "not a Turkish number")
    assert str(issue) == "trainees[2].phone: not a Turkish number [invalid_phone]"
    assert issue == vocfab.Issue(code="invalid_phone", path="trainees[2].phone",
                                 message="not a Turkish number")
    with pytest.raises(AttributeError):
        issue.code = "x"  # type: ignore[misc]


# -- loading -------------------------------------------------------------------------------------

def test_missing_file(library: dict, tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.json"
    with pytest.raises(vocfab.VocfabIOError) as info:
        vocfab.Dataset.load(missing)
    assert info.value.status == Status.ERROR_IO
    assert str(missing) in str(info.value)
    with pytest.raises(vocfab.VocfabIOError):
        vocfab.validate_file(missing)


def test_directory_is_not_a_dataset(library: dict, tmp_path: Path) -> None:
    with pytest.raises(vocfab.VocfabError):
        vocfab.Dataset.load(tmp_path)


@pytest.mark.parametrize("text", ["{", "", "nonsense", '{"schema_version": 1,', "[]", "42",
                                  '{"schema_version": 1, "trainees": [}'])
def test_broken_json(library: dict, text: str) -> None:
    with pytest.raises(vocfab.ParseError) as info:
        vocfab.Dataset.from_json(text)
    error = info.value
    assert type(error) is vocfab.ParseError
    assert error.status == Status.ERROR_PARSE
    assert [i.code for i in error.issues] == ["parse_error"]


def test_broken_json_file(library: dict, tmp_path: Path) -> None:
    path = tmp_path / "broken.json"
    path.write_text('{"schema_version": 1, "centres": [', encoding="utf-8")
    with pytest.raises(vocfab.ParseError):
        vocfab.Dataset.load(path)


@pytest.mark.parametrize("version", [0, 2, 99, "1", None])
def test_wrong_schema_version(library: dict, version: object) -> None:
    doc = builders.empty_document()
    doc["schema_version"] = version
    with pytest.raises(vocfab.SchemaVersionError) as info:
        vocfab.Dataset.from_json(json.dumps(doc))
    assert info.value.status == Status.ERROR_SCHEMA_VERSION
    assert [i.code for i in info.value.issues] == ["schema_version_unsupported"]


def test_missing_schema_version(library: dict) -> None:
    doc = builders.empty_document()
    del doc["schema_version"]
    with pytest.raises(vocfab.SchemaVersionError):
        vocfab.Dataset.from_json(json.dumps(doc))


@pytest.mark.parametrize("collection, field, value, code", [
    ("trainees", "national_id", "12345678901", "invalid_national_id"),
    ("trainees", "national_id", "01234567890", "invalid_national_id"),
    ("trainees", "phone", "12", "invalid_phone"),
    ("trainees", "birth_date", "1990-02-30", "invalid_date"),
    ("trainees", "gender", "unknown-value", "invalid_value"),
    ("employers", "tax_number", "1234567891", "invalid_tax_number"),
    ("courses", "mode", "telepathy", "invalid_value"),
    ("centres", "id", "not-a-uuid", "invalid_value"),
    ("vacancies", "gender", "female", "protected_attribute_criterion"),
])
def test_invalid_record(library: dict, collection: str, field: str, value: object,
                        code: str) -> None:
    doc = builders.document()
    doc[collection][0][field] = value
    with pytest.raises(vocfab.InvalidDataError) as info:
        vocfab.Dataset.from_json(builders.dumps(doc))
    error = info.value
    assert error.status == Status.ERROR_INVALID_DATA
    assert (code, f"{collection}[0].{field}") in [(i.code, i.path) for i in error.issues]
    assert all(i.message for i in error.issues)
    assert code in str(error) and f"{collection}[0].{field}" in str(error)


def test_missing_field(library: dict) -> None:
    doc = builders.document()
    del doc["trainees"][0]["given_name"]
    with pytest.raises(vocfab.InvalidDataError) as info:
        vocfab.Dataset.from_json(builders.dumps(doc))
    assert ("missing_field", "trainees[0].given_name") in [(i.code, i.path) for i in info.value.issues]


def test_every_bad_record_is_reported(library: dict) -> None:
    doc = builders.document()
    doc["trainees"][0]["national_id"] = "12345678901"
    doc["employers"][0]["tax_number"] = "1"
    with pytest.raises(vocfab.InvalidDataError) as info:
        vocfab.Dataset.from_json(builders.dumps(doc))
    paths = [i.path for i in info.value.issues]
    assert "trainees[0].national_id" in paths and "employers[0].tax_number" in paths


def test_national_ids_never_in_error_messages(library: dict) -> None:
    doc = builders.document()
    bad = "12345678901"
    doc["trainees"][0]["national_id"] = bad
    with pytest.raises(vocfab.InvalidDataError) as info:
        vocfab.Dataset.from_json(builders.dumps(doc))
    assert bad not in str(info.value)
    assert all(bad not in i.message for i in info.value.issues)


# -- queries -------------------------------------------------------------------------------------

@pytest.mark.parametrize("method", ["count", "list"])
def test_unknown_collection(ds: vocfab.Dataset, method: str) -> None:
    with pytest.raises(vocfab.InvalidArgumentError) as info:
        getattr(ds, method)("students")
    assert info.value.status == Status.ERROR_INVALID_ARGUMENT
    assert "students" in str(info.value)


def test_unknown_collection_get_and_add(ds: vocfab.Dataset) -> None:
    with pytest.raises(vocfab.InvalidArgumentError):
        ds.get("students", builders.IDS["trainee"])
    before = ds.to_json(reveal_national_ids=True)
    with pytest.raises(vocfab.InvalidArgumentError):
        ds.add("students", builders.records()["trainees"])
    assert ds.to_json(reveal_national_ids=True) == before


def test_collection_names_are_exact(ds: vocfab.Dataset) -> None:
    for name in ("Trainees", "trainee", " trainees", ""):
        with pytest.raises(vocfab.InvalidArgumentError):
            ds.count(name)


def test_missing_key(ds: vocfab.Dataset) -> None:
    with pytest.raises(vocfab.NotFoundError) as info:
        ds.get("trainees", builders.uid(404))
    assert info.value.status == Status.ERROR_NOT_FOUND
    with pytest.raises(LookupError):
        ds.get("branches", "NO_SUCH_BRANCH")


def test_key_of_the_wrong_collection(ds: vocfab.Dataset) -> None:
    with pytest.raises(vocfab.NotFoundError):
        ds.get("courses", builders.IDS["trainee"])


@pytest.mark.parametrize("key", ["not-a-uuid", "", "5eed0000-0000-4000-8000"])
def test_malformed_key(ds: vocfab.Dataset, key: str) -> None:
    with pytest.raises(vocfab.InvalidArgumentError):
        ds.get("trainees", key)


def test_wrong_python_types(ds: vocfab.Dataset) -> None:
    with pytest.raises(TypeError):
        ds.get("trainees", 42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ds.count(None)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        ds.add("trainees", 42)  # type: ignore[arg-type]


# -- adding --------------------------------------------------------------------------------------

def test_duplicate_add_leaves_data_unchanged(ds: vocfab.Dataset) -> None:
    before = ds.to_json(reveal_national_ids=True)
    for collection in builders.COLLECTIONS:
        record = builders.records()[collection]
        with pytest.raises(vocfab.InvalidDataError) as info:
            ds.add(collection, record)
        key = builders.KEY_FIELD[collection]
        assert [(i.code, i.path) for i in info.value.issues] == [
            ("duplicate_id", f"{collection}[1].{key}")]
    assert ds.to_json(reveal_national_ids=True) == before


def test_invalid_add_leaves_data_unchanged(ds: vocfab.Dataset) -> None:
    before = ds.to_json(reveal_national_ids=True)
    trainee = builders.records()["trainees"]
    trainee["id"] = builders.uid(100)
    trainee["national_id"] = "12345678901"
    with pytest.raises(vocfab.InvalidDataError) as info:
        ds.add("trainees", trainee)
    assert ("invalid_national_id", "trainees[1].national_id") in [
        (i.code, i.path) for i in info.value.issues]
    with pytest.raises(vocfab.ParseError):
        ds.add("trainees", "{not json")
    with pytest.raises(vocfab.VocfabError):
        ds.add("trainees", "[]")
    with pytest.raises(vocfab.InvalidDataError):
        ds.add("trainees", {})
    assert ds.to_json(reveal_national_ids=True) == before


def test_add_then_validate_finds_reference_problems(ds: vocfab.Dataset) -> None:
    enrollment = builders.records()["enrollments"]
    enrollment["id"] = builders.uid(200)
    enrollment["trainee"] = builders.uid(404)
    ds.add("enrollments", enrollment)  # well formed: accepted
    report = ds.validate()
    assert ("unknown_reference", "enrollments[1].trainee") in [(i.code, i.path) for i in report.issues]


def test_invalid_policy_leaves_policy_unchanged(ds: vocfab.Dataset) -> None:
    before = ds.policy
    for bad in ({"min_group": -1}, {"max_absence_ratio": "6/5"}, {"residency": {"province": "99"}},
                {"pass_mark": "fifty"}):
        with pytest.raises(vocfab.InvalidDataError) as info:
            ds.set_policy(bad)
        assert info.value.issues and all(i.path.startswith("policy") for i in info.value.issues)
    with pytest.raises(vocfab.ParseError):
        ds.set_policy("{")
    with pytest.raises(vocfab.VocfabError):
        ds.set_policy("[1, 2]")
    assert ds.policy == before


def test_embedded_nul_is_refused_not_truncated(ds: vocfab.Dataset, tmp_path: Path) -> None:
    with pytest.raises(vocfab.InvalidArgumentError):
        ds.count("trainees\0x")
    with pytest.raises(vocfab.InvalidArgumentError):
        ds.get("trainees", builders.IDS["trainee"] + "\0junk")
    with pytest.raises(vocfab.InvalidArgumentError):
        ds.save(str(tmp_path / "a.json") + "\0.txt")
    assert not (tmp_path / "a.json").exists()
    with pytest.raises(vocfab.InvalidArgumentError):
        vocfab.Dataset.load(str(tmp_path / "a.json") + "\0")
    with pytest.raises(vocfab.ParseError):  # JSON goes with its length: a NUL is just bad JSON
        ds.add("trainees", '{"id": "\0"}')
