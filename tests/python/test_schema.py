"""The JSON Schema in docs/ describes what the library really reads and writes.

Every bundled file, and a document written by the library itself, passes the schema; a vacancy
with a protected-attribute criterion fails it, as it fails the reader. The bundled data is what
its seeded generator produces today.
"""

from __future__ import annotations

import json
import subprocess
import sys

import jsonschema
import pytest
import vocfab

from conftest import DATA, REPO

SCHEMA = json.loads((REPO / "docs" / "schema" / "vocfab.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA)


def _policy_validator() -> jsonschema.Draft202012Validator:
    return jsonschema.Draft202012Validator({"$ref": "#/$defs/policy", "$defs": SCHEMA["$defs"]})


def test_schema_is_a_valid_draft_2020_12_schema() -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)


@pytest.mark.parametrize("name", ["sample.json", "kahramankazan.json"])
def test_bundled_datasets_match_the_schema(name: str) -> None:
    document = json.loads((DATA / name).read_text(encoding="utf-8"))
    errors = sorted(VALIDATOR.iter_errors(document), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors[:5]]


@pytest.mark.parametrize("name", ["izmir-vocational-factory.json", "kahramankazan-employment-centre.json"])
def test_policy_presets_match_the_schema(name: str) -> None:
    preset = json.loads((DATA / "policies" / name).read_text(encoding="utf-8"))
    _policy_validator().validate(preset)


def test_what_the_library_writes_matches_the_schema(library: dict) -> None:
    with vocfab.Dataset.load(DATA / "sample.json") as dataset:
        written = json.loads(dataset.to_json(reveal_national_ids=True))
    VALIDATOR.validate(written)


def test_protected_attribute_on_a_vacancy_fails_the_schema_and_the_reader(library: dict) -> None:
    document = json.loads((DATA / "kahramankazan.json").read_text(encoding="utf-8"))
    document["vacancies"][0]["gender"] = "female"
    assert not VALIDATOR.is_valid(document)
    report = vocfab.validate_json(json.dumps(document))
    assert not report.valid
    assert any(issue.code == "protected_attribute_criterion" for issue in report.issues)


def test_bundled_data_is_what_its_generator_writes() -> None:
    result = subprocess.run([sys.executable, str(REPO / "scripts" / "make_sample_data.py"), "--check"],
                            capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
