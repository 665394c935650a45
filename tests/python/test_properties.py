"""Property tests (hypothesis): identifiers, text and dates survive Python → C → Python."""

from __future__ import annotations

import datetime
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import vocfab
import builders

SETTINGS = settings(max_examples=150, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])

first_nine = st.integers(min_value=100_000_000, max_value=999_999_999).map(str)
any_nine = st.integers(min_value=0, max_value=999_999_999).map(lambda n: f"{n:09d}")


def trainee_with(**fields: object) -> dict:
    trainee = builders.records()["trainees"]
    trainee.update(fields)
    return trainee


@SETTINGS
@given(first_nine)
def test_valid_national_ids_round_trip(library: dict, digits: str) -> None:
    nid = builders.national_id(digits)
    with vocfab.Dataset() as ds:
        ds.add("trainees", trainee_with(national_id=nid))
        key = builders.IDS["trainee"]
        assert ds.get("trainees", key, reveal_national_ids=True)["national_id"] == nid
        assert ds.get("trainees", key)["national_id"] == builders.masked(nid)
        assert nid not in ds.to_json()
        assert nid in ds.to_json(reveal_national_ids=True)


@SETTINGS
@given(first_nine, st.integers(min_value=1, max_value=9), st.sampled_from([9, 10]))
def test_wrong_check_digits_are_rejected(library: dict, digits: str, delta: int,
                                         position: int) -> None:
    nid = list(builders.national_id(digits))
    nid[position] = str((int(nid[position]) + delta) % 10)
    bad = "".join(nid)
    with vocfab.Dataset() as ds:
        with pytest.raises(vocfab.InvalidDataError) as info:
            ds.add("trainees", trainee_with(national_id=bad))
        assert [(i.code, i.path) for i in info.value.issues] == [
            ("invalid_national_id", "trainees[0].national_id")]
        assert bad not in str(info.value)  # never disclosed, even when invalid
        assert ds.count("trainees") == 0


@SETTINGS
@given(st.text(alphabet="0123456789", min_size=0, max_size=14))
def test_national_id_rule_matches_the_spec(library: dict, text: str) -> None:
    """The library accepts exactly the texts the SPEC's checksum accepts."""
    expected = (len(text) == 11 and text[0] != "0"
                and builders.national_id(text[:9]) == text)
    with vocfab.Dataset() as ds:
        try:
            ds.add("trainees", trainee_with(national_id=text))
            accepted = True
        except vocfab.InvalidDataError as exc:
            assert "invalid_national_id" in exc.codes
            accepted = False
    assert accepted == expected


@SETTINGS
@given(any_nine)
def test_valid_tax_numbers_round_trip(library: dict, digits: str) -> None:
    vkn = builders.tax_number(digits)
    employer = builders.records()["employers"]
    employer["tax_number"] = vkn
    with vocfab.Dataset() as ds:
        ds.add("employers", employer)
        assert ds.get("employers", employer["id"])["tax_number"] == vkn
        for wrong in {str((int(vkn[-1]) + d) % 10) for d in range(1, 10)}:
            employer["id"] = builders.uid(77)
            employer["tax_number"] = vkn[:-1] + wrong
            with pytest.raises(vocfab.InvalidDataError) as info:
                ds.add("employers", employer)
            assert "invalid_tax_number" in info.value.codes
        assert ds.count("employers") == 1


# Letters and marks of any script, spaces, apostrophes, hyphens and dots: what a person's name
# may hold (docs/format.md, "Text fields").
names = st.text(st.one_of(st.characters(whitelist_categories=("Lu", "Ll", "Lt", "Lm", "Lo", "Mn", "Zs")),
                          st.sampled_from("'-. ")), min_size=1, max_size=40)

# What shows nothing (model/text.cc `is_invisible`): a name of only these is blank.
INVISIBLE = set(map(chr, [0x09, 0x0A, 0x0B, 0x0C, 0x0D, 0x20, 0x85, 0xA0, 0x115F, 0x1160, 0x1680, 0x180E,
                          0x3000, 0x3164, 0xFEFF, 0xFFA0, *range(0x2000, 0x2010), *range(0x2028, 0x2030),
                          *range(0x205F, 0x2065)]))


@SETTINGS
@given(names, names)
def test_text_round_trips_exactly(library: dict, given_name: str, family_name: str) -> None:
    with vocfab.Dataset() as ds:
        try:
            ds.add("trainees", trainee_with(given_name=given_name, family_name=family_name))
        except vocfab.InvalidDataError as exc:  # only a blank name may be refused
            assert set(exc.codes) == {"invalid_value"}
            assert set(given_name) <= INVISIBLE or set(family_name) <= INVISIBLE
            return
        back = ds.get("trainees", builders.IDS["trainee"])
        assert (back["given_name"], back["family_name"]) == (given_name, family_name)


@SETTINGS
@given(st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date(2100, 12, 31)))
def test_dates_round_trip(library: dict, day: datetime.date) -> None:
    referral = builders.records()["referrals"]
    referral["referred"] = day.isoformat()
    with vocfab.Dataset() as ds:
        ds.add("referrals", referral)
        assert ds.get("referrals", referral["id"])["referred"] == day.isoformat()


@SETTINGS
@given(st.uuids())
def test_ids_are_canonical_lowercase(library: dict, value: object) -> None:
    centre = builders.records()["centres"]
    centre["id"] = str(value).upper()
    with vocfab.Dataset() as ds:
        ds.add("centres", centre)
        assert ds.list("centres")[0]["id"] == str(value)
        assert ds.get("centres", str(value).upper())["id"] == str(value)


@settings(max_examples=40, deadline=None, database=None)
@given(st.lists(first_nine, min_size=1, max_size=15, unique=True), st.randoms())
def test_saving_is_deterministic(library: dict, nines: list, rnd: object) -> None:
    trainees = []
    for n, digits in enumerate(nines):
        trainees.append(trainee_with(id=builders.uid(5000 + n),
                                     national_id=builders.national_id(digits)))
    doc = builders.empty_document()
    doc["trainees"] = trainees
    text = json.dumps(doc)
    # the same records, written with another key order and spacing, save to the same bytes
    shuffled = []
    for trainee in trainees:
        items = list(trainee.items())
        rnd.shuffle(items)  # type: ignore[attr-defined]
        shuffled.append(dict(items))
    other = json.dumps(dict(doc, trainees=shuffled), indent=3)
    with vocfab.Dataset.from_json(text) as a, vocfab.Dataset.from_json(other) as b:
        assert a.to_json(reveal_national_ids=True) == b.to_json(reveal_national_ids=True)
        with vocfab.Dataset.from_json(a.to_json(reveal_national_ids=True)) as c:
            assert c.to_json(reveal_national_ids=True) == a.to_json(reveal_national_ids=True)
