"""The Python record types are the schema's, and what the library returns fits them.

``vocfab/records.py`` and the ``get``/``list`` overloads of ``Dataset`` are generated from
``docs/schema/vocfab.schema.json`` (itself generated from the entity descriptions) by
``scripts/make_python_types.py``; the committed files must be what it generates now. Then every
record the library hands back — of each kind, an erased person, a document with an as-of date and
an audit trail — has only fields its ``TypedDict`` knows, every required one, and values of the
annotated types.
"""

from __future__ import annotations

import json
import subprocess
import sys
import typing
from typing import Any, Dict, List, Literal, Union, get_args, get_origin

import pytest
import vocfab
from vocfab import records

import builders
from conftest import DATA, REPO

SCHEMA = json.loads((REPO / "docs" / "schema" / "vocfab.schema.json").read_text(encoding="utf-8"))
RECORD_TYPES = {"centres": records.Centre, "branches": records.Branch, "courses": records.Course,
                "trainees": records.Trainee, "applications": records.Application,
                "enrollments": records.Enrollment, "certificates": records.Certificate,
                "employers": records.Employer, "vacancies": records.Vacancy,
                "referrals": records.Referral}


def test_generated_types_are_up_to_date() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "make_python_types.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_schema_object_has_its_typed_dict() -> None:
    # The mapping the tests below rely on, and the names the generator gives.
    for name, definition in SCHEMA["$defs"].items():
        if definition.get("type") == "object" and "properties" in definition:
            cls = getattr(records, "".join(w.capitalize() for w in definition["title"].split()))
            assert set(typing.get_type_hints(cls)) == set(definition["properties"]), name
            assert cls.__required_keys__ == frozenset(definition.get("required", [])), name
    assert list(get_args(records.CollectionName)) == list(RECORD_TYPES) == list(vocfab.COLLECTIONS)


def _problems(value: Any, hint: Any, path: str) -> List[str]:
    """Why @p value does not fit the annotation @p hint (a TypedDict, List, Literal, str, …)."""
    origin = get_origin(hint)
    if origin is Literal:
        return [] if value in get_args(hint) else [f"{path}: {value!r} is not one of {get_args(hint)}"]
    if origin in (list, List):
        if not isinstance(value, list):
            return [f"{path}: not a list"]
        return [p for i, item in enumerate(value) for p in _problems(item, get_args(hint)[0], f"{path}[{i}]")]
    if origin is Union:
        return [] if any(not _problems(value, h, path) for h in get_args(hint)) else [f"{path}: {value!r}"]
    if isinstance(hint, type) and issubclass(hint, dict) and hasattr(hint, "__required_keys__"):
        if not isinstance(value, dict):
            return [f"{path}: not an object"]
        hints = typing.get_type_hints(hint)
        out = [f"{path}.{key}: not a field of {hint.__name__}" for key in value if key not in hints]
        out += [f"{path}.{key}: required by {hint.__name__}, missing" for key in hint.__required_keys__
                if key not in value]
        for key, item in value.items():
            if key in hints:
                out += _problems(item, hints[key], f"{path}.{key}")
        return out
    if hint is int:
        return [] if isinstance(value, int) and not isinstance(value, bool) else [f"{path}: {value!r} not an int"]
    if hint in (str, bool):
        return [] if isinstance(value, hint) else [f"{path}: {value!r} not a {hint.__name__}"]
    if hint is Any or origin in (dict, Dict):
        return []
    raise AssertionError(f"{path}: no check for {hint!r}")


@pytest.mark.parametrize("name", ["sample.json", "kahramankazan.json"])
def test_returned_records_fit_their_types(library: dict, name: str) -> None:
    with vocfab.Dataset.load(DATA / name) as ds:
        for collection, record_type in RECORD_TYPES.items():
            for record in ds.list(collection, reveal_national_ids=True):
                assert not _problems(record, record_type, collection), _problems(record, record_type, collection)
        assert not _problems(ds.policy, records.Policy, "policy")


def _erased_trainee() -> Dict[str, Any]:
    trainee = builders.records()["trainees"]
    for key in ("national_id", "given_name", "family_name", "birth_date", "phone", "email",
                "job_preferences"):
        del trainee[key]
    trainee.update(erased="2025-03-01", birth_year=1990)
    return trainee


def _audited_document() -> Dict[str, Any]:
    doc = builders.document(as_of="2024-06-01")
    doc["audit"] = [
        {"seq": 1, "batch": "b-1", "at": "2024-05-15T09:30:00Z", "actor": "clerk-7", "op": "refer",
         "collection": "referrals", "id": builders.IDS["referral"], "key": "k-1",
         "touched": [{"collection": "referrals", "id": builders.IDS["referral"]}]},
        {"seq": 2, "batch": "b-2", "at": "2024-05-16T10:00:00.250000Z", "actor": "clerk-7",
         "op": "erase", "collection": "trainees", "id": builders.IDS["trainee"]},
    ]
    return doc


def test_an_erased_person_fits_the_trainee_type(library: dict) -> None:
    with vocfab.Dataset() as ds:
        ds.add("trainees", _erased_trainee())
        returned = ds.get("trainees", builders.IDS["trainee"])
    assert "national_id" not in returned and returned["erased"] == "2025-03-01"
    assert not _problems(returned, records.Trainee, "trainee")


def test_a_whole_document_fits_the_document_type(library: dict) -> None:
    with vocfab.Dataset.from_json(builders.dumps(_audited_document())) as ds:
        written = json.loads(ds.to_json(reveal_national_ids=True))
    assert written["as_of"] == "2024-06-01" and [e["seq"] for e in written["audit"]] == [1, 2]
    assert not _problems(written, records.Document, "document")
