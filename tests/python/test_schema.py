"""The JSON Schema in docs/ describes what the library really reads and writes.

Every bundled file, and a document written by the library itself, passes the schema; a vacancy
with a protected-attribute criterion fails it, as it fails the reader. The bundled data is what
its seeded generator produces today. The schema is generated from the entity descriptions
(tools/schema; the `schema_up_to_date` ctest keeps the committed file current); what the generator
writes by hand after the reader's code — value-type patterns, cross-field rules, protected keys —
is held to the reader's verdicts field by field below, and what only the reader can check is
listed.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys

import jsonschema
import pytest
import vocfab

import builders
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


# ---------------------------------------------------------------------------------------------
# The schema is generated (tools/schema) from the entity descriptions; its patterns for value
# types, the cross-field rules and the protected-attribute keys are written there by hand after
# the reader's code. These tests hold the two to the same verdicts: a record whose one field is
# changed to each value below is read by the library exactly when the schema accepts it.

FORMATS = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
DELETE = object()


def _reader_accepts(document: dict) -> bool:
    try:
        vocfab.Dataset.from_json(builders.dumps(document)).close()
    except vocfab.InvalidDataError:
        return False
    return True


def _with(path: str, value: object) -> dict:
    """The test document with @p path (``collection.field[.field]`` of its first record, or a
    top-level key) set to @p value, or removed for DELETE."""
    document = builders.document()
    parts = path.split(".")
    target = document if len(parts) == 1 else document[parts[0]][0]
    for part in parts[1:-1]:
        target = target[part]
    if value is DELETE:
        target.pop(parts[-1], None)
    else:
        target[parts[-1]] = value
    return document


LONG = "ş" * 100  # 100 characters, 200 bytes: lengths count characters
PROBES = [
    ("centres.id", v) for v in [builders.uid(77), builders.uid(77).upper(), builders.uid(77)[:-1],
                                "{" + builders.uid(77) + "}", builders.uid(77).replace("-", ""), 7]
] + [
    ("courses.start", v) for v in ["2024-02-29", "2023-02-29", "2024-04-31", "1400-01-01", "1399-12-31",
                                   "9999-12-31", "2024-1-01", "2024-13-01", "2024-02-00", "20240201"]
] + [
    ("centres.province", v) for v in ["01", "81", "82", "00", "6", "006", 35]
] + [
    ("branches.code", v) for v in ["SEWING", "S", "sewing", "1ABC", "_A", "A" * 64, "A" * 65, "A-B",
                                   "SEW_ING2"]
] + [
    ("trainees.phone", v) for v in ["+905321234567", "0532 123 45 67", "(0532) 123-45-67",
                                    "+90 532 123 45 67", "905321234567", "5321234567", "00905321234567",
                                    " +90.532.123.45.67 ", "1321234567", "0532123456", "+44 20 7946 0958",
                                    "05321234567", "+0905321234567", "53212345678", "5321234567x",
                                    "532/123/45/67", "+9005321234567", "0090 532 123 45 67"]
] + [
    ("trainees.email", v) for v in ["a@b.co", "a@b.", "@b.co", "a@.co", "a@b.c.d", "a b@c.de",
                                    "a@@b.co", "a@b.c\u00a0d", "a@b\u0007.co", "a@b.co\t",
                                    "x" * 246 + "@b.co", "x" * 245 + "@b.co"]
] + [
    ("trainees.given_name", v) for v in ["Ayşe", "O'Neil", "Jean-Luc", "A. B.", "R2D2", "Ali_",
                                         "  ", "\u200b", "Ali\u0007", "x" * 100, "x" * 101, LONG,
                                         LONG + "ş", "A\u00a0B", "Ali!", ""]
] + [
    ("trainees.district", v) for v in ["Konak", " ", "A\tB", "x" * 100, "x" * 101, "\u3000",
                                       "İzmir", "a\u0085b", "a\u00a0b", "R2-D2 (east)"]
] + [
    ("certificates.verification_code", v) for v in ["ABC", "AB C", "AB\u00a0C", "", "x" * 64,
                                                    "x" * 65, "AB\u200bC", "ä-1/2"]
] + [
    ("referrals.reason", v) for v in ["a\nb", "a\tb", "a\r\nb", "a\u0007b", "\n", " x ", "x" * 1000,
                                      "x" * 1001]
] + [
    ("branches.isco08", v) for v in ["7533", "753", "75333", "75a3", "٧٥٣٣"]
] + [
    ("branches.occupation_code", v) for v in ["7533.03", "7533-03", "753.033", "7533.3"]
] + [
    ("employers.tax_number", v) for v in [builders.VKN, builders.VKN[:9], builders.VKN + "0", 1234567890]
] + [
    ("centres.seats", v) for v in [0, 4294967295, 4294967296, -1, 1.5, "12", True]
] + [
    ("enrollments.score", v) for v in [0, 100, 101]
] + [
    ("courses.min_group", v) for v in [1, 0]
] + [
    ("trainees.gender", v) for v in ["female", "Female", "f", DELETE]
] + [
    ("trainees.job_seeking", v) for v in [True, "true", 1, DELETE]
] + [
    ("trainees.consents.data_processing", v) for v in [False, "yes"]
] + [
    ("trainees.job_preferences.sectors", v) for v in [[], ["textile", "food"], [""], "textile", [1]]
] + [
    ("policy", v) for v in [{}, {"name": ""}, {"name": "x" * 201}, {"min_group": 0},
                            {"pass_mark": 101}, {"max_absence_ratio": "1/5"},
                            {"max_absence_ratio": "0/1"}, {"max_absence_ratio": "1/0"},
                            {"max_absence_ratio": "1234567/1"}, {"max_absence_ratio": "01/000005"},
                            {"max_absence_ratio": "1/000000"}, {"max_absence_ratio": "1/5 "},
                            {"max_absence_ratio": "1.5"}, {"residency": {"district": "Konak"}},
                            {"residency": {"province": "06", "district": "Kahramankazan"}}]
] + [
    ("as_of", v) for v in ["2024-06-01", "2024-06-31", "x", DELETE]
] + [
    ("vacancies.branch", DELETE), ("vacancies.occupation_code", DELETE),
    ("applications.courses", []), ("applications.courses", [builders.IDS["course"]] * 2),
    ("centres.crm_ref", "A-1093"), ("centres.branches", DELETE), ("trainees.national_id", DELETE),
    ("trainees.erased", "2025-01-01"), ("trainees.birth_year", 1990), ("trainees.birth_year", 10000),
    ("enrollments.status", "hired"), ("enrollments.enrolled", "2024-02-01"),
    ("enrollments.ended", "2024-02-30"), ("employers.contact", {"phone": "+902321234567"}),
    ("certificates.revoked", {"reason": "x", "date": "2024-06-01"}),
    ("certificates.revoked", {"reason": " ", "date": "2024-06-01"}),
]


@pytest.mark.parametrize("path,value", PROBES, ids=[f"{p}={v!r}"[:60] for p, v in PROBES])
def test_schema_and_reader_agree_on_a_field(library: dict, path: str, value: object) -> None:
    document = _with(path, value)
    assert FORMATS.is_valid(document) == _reader_accepts(document), \
        [e.message[:200] for e in FORMATS.iter_errors(document)][:3]


def _erased(**changes: object) -> dict:
    document = builders.document()
    trainee = document["trainees"][0]
    for key in ("national_id", "given_name", "family_name", "birth_date", "phone", "email", "job_preferences"):
        del trainee[key]
    trainee.update(erased="2025-03-01", birth_year=1990)
    for key, value in changes.items():
        if value is DELETE:
            trainee.pop(key, None)
        else:
            trainee[key] = value
    return document


AUDIT_ENTRY = {"seq": 1, "batch": "b-1", "at": "2024-05-15T09:30:00Z", "actor": "clerk-7", "op": "refer",
               "collection": "referrals", "id": builders.IDS["referral"],
               "touched": [{"collection": "referrals", "id": builders.IDS["referral"]}]}
SHAPES = {
    "erased": _erased(),
    "erased without birth_year": _erased(birth_year=DELETE),
    "erased with a national id": _erased(national_id=builders.NID),
    "erased with a phone": _erased(phone="+905321234567"),
    "erased with job preferences": _erased(job_preferences={}),
    "neither identified nor erased": _erased(erased=DELETE),
    "erased with a birth_year out of range": _erased(birth_year=1399),
    "identity without a family name": _with("trainees.family_name", DELETE),
    "audit": builders.document(audit=[AUDIT_ENTRY]),
    "audit, no touched": builders.document(audit=[dict(AUDIT_ENTRY, touched=DELETE)]),
    "audit, a fraction": builders.document(audit=[dict(AUDIT_ENTRY, at="2024-05-15T09:30:00.123456Z")]),
    "audit, 7 digits of fraction": builders.document(audit=[dict(AUDIT_ENTRY, at="2024-05-15T09:30:00.1234567Z")]),
    "audit, no Z": builders.document(audit=[dict(AUDIT_ENTRY, at="2024-05-15T09:30:00")]),
    "audit, hour 24": builders.document(audit=[dict(AUDIT_ENTRY, at="2024-05-15T24:00:00Z")]),
    "audit, a space": builders.document(audit=[dict(AUDIT_ENTRY, at="2024-05-15 09:30:00Z")]),
    "audit, bad collection": builders.document(audit=[dict(AUDIT_ENTRY, collection="trainee")]),
    "audit, op blank": builders.document(audit=[dict(AUDIT_ENTRY, op=" ")]),
    "audit, touched without id": builders.document(audit=[dict(AUDIT_ENTRY, touched=[{"collection": "trainees"}])]),
}
for entry in SHAPES.values():
    for item in entry.get("audit", []):
        if item.get("touched") is DELETE:
            del item["touched"]


@pytest.mark.parametrize("name", list(SHAPES))
def test_schema_and_reader_agree_on_a_shape(library: dict, name: str) -> None:
    document = SHAPES[name]
    assert FORMATS.is_valid(document) == _reader_accepts(document), \
        [e.message[:200] for e in FORMATS.iter_errors(document)][:3]


# What the schema cannot say: it accepts these, the reader does not (docs/format.md, section 8).
GAPS = {
    "national id check digits": _with("trainees.national_id", builders.NID[:-1] + str((int(builders.NID[-1]) + 1) % 10)),
    "VKN check digit": _with("employers.tax_number", builders.VKN[:-1] + str((int(builders.VKN[-1]) + 1) % 10)),
    "ratio above 1": _with("policy", {"max_absence_ratio": "5/1"}),
    "birth_year not the birth date's": _with("trainees.birth_year", 1991),
    "a whole number written 12.0": _with("centres.seats", 12.0),
}


@pytest.mark.parametrize("name", list(GAPS))
def test_what_only_the_reader_checks(library: dict, name: str) -> None:
    assert FORMATS.is_valid(GAPS[name]) and not _reader_accepts(GAPS[name])


def _reader_words() -> list:
    source = (REPO / "src" / "model" / "protected_attributes.cc").read_text(encoding="utf-8")
    match = re.search(r"kProtectedWords\{([^}]*)\}", source)
    assert match, "kProtectedWords not found in src/model/protected_attributes.cc"
    return re.findall(r'"([^"]*)"', match.group(1))


def test_the_schema_lists_the_readers_protected_words() -> None:
    listed = [item["$comment"] for item in SCHEMA["$defs"]["protected_key"]["anyOf"]]
    assert listed == _reader_words(), "regenerate the schema (cmake --build --preset dev --target schema)"


def _spellings(word: str) -> list:
    upper, title = word.upper(), word.capitalize()
    turkish = str.maketrans({"i": "ı", "s": "ş", "c": "ç", "g": "ğ", "u": "ü", "o": "ö", "a": "â"})
    turkish_upper = str.maketrans({"I": "İ", "S": "Ş", "C": "Ç", "G": "Ğ", "U": "Ü", "O": "Ö"})
    return [word, upper, title, "x_" + word, word + "_x", "my" + title, "my" + upper, upper + "x",
            "MY" + title, word + "2", "2" + word, "x" + word, word + "x", title + "Pref", upper + "pref",
            "\u00a0" + word, word + "\u00a0", "a\u00a0" + word, word[0] + "\u0301" + word[1:],
            "pre-" + upper, "é" + word, word + "é", word[:2] + word[2].upper() + word[3:],
            word.translate(turkish), upper.translate(turkish_upper), "x" + upper.translate(turkish_upper),
            "x" + title.translate(turkish_upper), "a" + upper.replace("I", "Î"), "requirements", word + " x"]


KEYS = sorted({key for word in _reader_words() for key in _spellings(word)} |
              {"agenda", "Genderpreference", "raceway", "sextant", "dinner", "irkutsk", "cinsiyetPref",
               "CİNSİYET", "ırk", "IRK", "preferredGender", "Marital_Status", "etnikKöken", "mEDENI"})


def test_schema_and_reader_agree_on_protected_keys(library: dict) -> None:
    disagree = []
    for key in KEYS:
        for value in ("x", {key: "x"}, [{"a": {key: 1}}]):
            # The key itself on the vacancy, and the key inside an unknown field's value.
            document = builders.document()
            if isinstance(value, str):
                document["vacancies"][0][key] = value
            else:
                document["vacancies"][0]["extra"] = value
            report = vocfab.validate_json(builders.dumps(document))
            refused = any(issue.code == "protected_attribute_criterion" for issue in report.issues)
            if refused == VALIDATOR.is_valid(document):
                disagree.append((key, type(value).__name__, "reader refuses" if refused else "schema refuses"))
    assert not disagree, disagree[:20]
