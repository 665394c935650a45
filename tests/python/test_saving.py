"""Saving and exporting files, and flags that must be real booleans (issue 7, defect 6).

``save`` writes the registry in full (so ``Dataset.load(p).save(p)`` keeps every national id);
``export`` writes a masked copy and never replaces an existing file; ``reveal_national_ids`` takes
``True`` or ``False`` only, never something merely truthy such as ``"false"``.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any, Callable, Dict, List

import pytest

import vocfab
import builders

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "sample.json"


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def national_ids(ds: vocfab.Dataset) -> List[str]:
    return [t["national_id"] for t in ds.list("trainees", reveal_national_ids=True)
            if "national_id" in t]


# -- flags are bools ---------------------------------------------------------------------------

FLAGGED: Dict[str, Callable[[vocfab.Dataset, Any], object]] = {
    "get": lambda d, flag: d.get("trainees", builders.IDS["trainee"], reveal_national_ids=flag),
    "list": lambda d, flag: d.list("trainees", reveal_national_ids=flag),
    "to_json": lambda d, flag: d.to_json(reveal_national_ids=flag),
}

NOT_BOOLS = ["false", "False", "", "yes", 0, 1, 0.0, None, [], [False], b"0"]


@pytest.mark.parametrize("method", sorted(FLAGGED))
@pytest.mark.parametrize("value", NOT_BOOLS, ids=repr)
def test_a_flag_that_is_not_a_bool_is_a_type_error(ds: vocfab.Dataset, method: str,
                                                   value: Any) -> None:
    with pytest.raises(TypeError, match="reveal_national_ids must be a bool"):
        FLAGGED[method](ds, value)


@pytest.mark.parametrize("method", sorted(FLAGGED))
def test_a_bool_flag_works_both_ways(ds: vocfab.Dataset, method: str) -> None:
    masked = json.dumps(FLAGGED[method](ds, False), ensure_ascii=False)
    full = json.dumps(FLAGGED[method](ds, True), ensure_ascii=False)
    assert builders.NID not in masked and builders.masked(builders.NID) in masked
    assert builders.NID in full


def test_the_string_false_reveals_nothing(ds: vocfab.Dataset) -> None:
    # The trap of defect 6: truthiness made reveal_national_ids="false" reveal every id.
    for method in FLAGGED.values():
        with pytest.raises(TypeError):
            method(ds, "false")


def test_every_flag_keyword_of_the_api_is_covered() -> None:
    """A new method with a flag keyword must be added to FLAGGED (and so be tested)."""
    import inspect

    flagged = {name for name, member in inspect.getmembers(vocfab.Dataset, inspect.isfunction)
               if "reveal_national_ids" in inspect.signature(member).parameters}
    assert flagged == set(FLAGGED)
    for function in (vocfab.validate_file, vocfab.validate_json):
        assert "reveal_national_ids" not in inspect.signature(function).parameters


def test_save_has_no_masking_switch(ds: vocfab.Dataset, tmp_path: Path) -> None:
    with pytest.raises(TypeError):
        ds.save(tmp_path / "x.json", reveal_national_ids=False)  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        ds.export(tmp_path / "x.json", reveal_national_ids=True)  # type: ignore[call-arg]
    assert not (tmp_path / "x.json").exists()


# -- save: the registry in full ----------------------------------------------------------------

def test_load_save_load_keeps_every_national_id(library: dict, tmp_path: Path) -> None:
    path = tmp_path / "registry.json"
    path.write_bytes(SAMPLE.read_bytes())
    with vocfab.Dataset.load(path) as ds:
        before = national_ids(ds)
        ds.save(path)  # the default: in full, over the file it came from
    assert len(before) > 100 and all("*" not in nid for nid in before)
    with vocfab.Dataset.load(path) as again:
        assert national_ids(again) == before
    assert path.read_bytes() == SAMPLE.read_bytes()  # the sample is in the writer's own form


def test_save_replaces_atomically_and_keeps_the_mode(ds: vocfab.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "registry.json"
    for wanted in (0o600, 0o640):
        path.write_text("old\n", encoding="utf-8")
        os.chmod(path, wanted)
        ds.save(path)
        assert mode(path) == wanted
        assert builders.NID in path.read_text(encoding="utf-8")
    assert sorted(os.listdir(tmp_path)) == ["registry.json"]  # no temporary file behind


def test_save_creates_a_new_file_owner_only(ds: vocfab.Dataset, tmp_path: Path) -> None:
    previous = os.umask(0)
    try:
        ds.save(tmp_path / "new.json")
    finally:
        os.umask(previous)
    assert mode(tmp_path / "new.json") == 0o600


def test_save_through_a_symlink_keeps_the_link(ds: vocfab.Dataset, tmp_path: Path) -> None:
    real = tmp_path / "real.json"
    real.write_text("old\n", encoding="utf-8")
    link = tmp_path / "registry.json"
    link.symlink_to("real.json")
    ds.save(link)
    assert link.is_symlink() and os.readlink(link) == "real.json"
    assert builders.NID in real.read_text(encoding="utf-8")


def test_a_failed_save_names_the_reason(ds: vocfab.Dataset, tmp_path: Path) -> None:
    plain = tmp_path / "plain"
    plain.write_text("a file\n", encoding="utf-8")
    with pytest.raises(vocfab.VocfabIOError, match="Not a directory") as info:
        ds.save(plain / "registry.json")
    assert isinstance(info.value, OSError) and info.value.status == 6  # VF_ERROR_IO
    assert "cannot write" in str(info.value)
    assert sorted(os.listdir(tmp_path)) == ["plain"]


# -- export: a masked copy, never over a file --------------------------------------------------

def test_export_to_a_new_path_is_masked(ds: vocfab.Dataset, tmp_path: Path) -> None:
    path = tmp_path / "export.json"
    ds.export(path)
    text = path.read_text(encoding="utf-8")
    assert text == ds.to_json()
    assert builders.NID not in text and builders.masked(builders.NID) in text
    assert mode(path) == 0o600
    with pytest.raises(vocfab.InvalidDataError):  # an export is not a registry
        vocfab.Dataset.load(path)


def test_export_never_replaces_a_file(ds: vocfab.Dataset, tmp_path: Path) -> None:
    registry = tmp_path / "registry.json"
    ds.save(registry)
    before = registry.read_bytes()
    with pytest.raises(vocfab.VocfabIOError) as info:
        ds.export(registry)
    error = info.value
    assert isinstance(error, OSError) and error.status == 6  # VF_ERROR_IO
    assert "exists; a masked export never replaces a file" in str(error)
    assert registry.read_bytes() == before
    assert sorted(os.listdir(tmp_path)) == ["registry.json"]


def test_export_never_replaces_anything(ds: vocfab.Dataset, tmp_path: Path) -> None:
    earlier = tmp_path / "earlier-export.json"
    ds.export(earlier)
    first = earlier.read_bytes()
    with pytest.raises(vocfab.VocfabIOError):  # not even an earlier export of its own
        ds.export(earlier)
    assert earlier.read_bytes() == first
    link = tmp_path / "link.json"
    link.symlink_to("nowhere.json")
    with pytest.raises(vocfab.VocfabIOError):  # a symlink exists, even a dangling one
        ds.export(link)
    assert not (tmp_path / "nowhere.json").exists()
    (tmp_path / "directory").mkdir()
    with pytest.raises(vocfab.VocfabIOError):
        ds.export(tmp_path / "directory")
    assert sorted(os.listdir(tmp_path)) == ["directory", "earlier-export.json", "link.json"]
