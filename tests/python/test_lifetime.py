"""Handle lifetimes: close, context managers, finalisation, use after close, leaks, threads."""

from __future__ import annotations

import gc
import os
import threading
import weakref
from pathlib import Path
from typing import Callable, List

import pytest

import vocfab
import builders

CALLS: List[Callable[[vocfab.Dataset], object]] = [
    lambda d: d.to_json(),
    lambda d: d.save("/tmp/never-written.json"),
    lambda d: d.export("/tmp/never-written.json"),
    lambda d: d.validate(),
    lambda d: d.count("trainees"),
    lambda d: d.counts(),
    lambda d: len(d),
    lambda d: d.get("trainees", builders.IDS["trainee"]),
    lambda d: d.list("trainees"),
    lambda d: d.add("centres", builders.records()["centres"]),
    lambda d: d.get_policy(),
    lambda d: d.policy,
    lambda d: d.set_policy({}),
    lambda d: d.summary(),
    lambda d: d.__enter__(),
]


@pytest.mark.parametrize("call", CALLS)
def test_use_after_close_raises(ds: vocfab.Dataset, call: Callable[[vocfab.Dataset], object]) -> None:
    ds.close()
    with pytest.raises(vocfab.ClosedError):
        call(ds)
    with pytest.raises(ValueError):  # ClosedError is a ValueError, like I/O on a closed file
        call(ds)


def test_double_close_is_fine(ds: vocfab.Dataset) -> None:
    assert not ds.closed
    ds.close()
    ds.close()
    assert ds.closed
    assert repr(ds) == "<vocfab.Dataset closed>"


def test_context_manager_closes(library: dict) -> None:
    with vocfab.Dataset() as ds:
        assert not ds.closed
    assert ds.closed
    with pytest.raises(RuntimeError):
        with vocfab.Dataset() as other:
            raise RuntimeError("boom")
    assert other.closed


def test_garbage_collection_frees_the_handle(library: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from vocfab import dataset as module

    freed = []
    real = module._free_handle
    monkeypatch.setattr(module, "_free_handle", lambda lib, handle: (freed.append(handle), real(lib, handle)))
    ds = vocfab.Dataset()
    handle = ds._handle
    ref = weakref.ref(ds)
    del ds
    gc.collect()
    assert ref() is None
    assert freed == [handle]


def test_close_frees_exactly_once(library: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from vocfab import dataset as module

    freed = []
    real = module._free_handle
    monkeypatch.setattr(module, "_free_handle", lambda lib, handle: (freed.append(handle), real(lib, handle)))
    ds = vocfab.Dataset()
    ds.close()
    ds.close()
    del ds
    gc.collect()
    assert len(freed) == 1


def test_failed_load_creates_no_handle(library: dict, monkeypatch: pytest.MonkeyPatch) -> None:
    from vocfab import dataset as module

    freed = []
    monkeypatch.setattr(module, "_free_handle", lambda lib, handle: freed.append(handle))
    with pytest.raises(vocfab.ParseError):
        vocfab.Dataset.from_json("{")
    gc.collect()
    assert freed == []


def _rss_bytes() -> int:
    with open("/proc/self/statm", encoding="ascii") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


@pytest.mark.skipif(bool(os.environ.get("VOCFAB_SANITIZED")),
                    reason="ASan's quarantine holds freed memory, so RSS says nothing there")
def test_many_handles_do_not_leak(library: dict) -> None:
    text = builders.dumps(builders.document())

    def cycle(n: int) -> None:
        for i in range(n):
            if i % 2:
                with vocfab.Dataset.from_json(text) as ds:
                    ds.list("trainees")
                    ds.validate()
            else:
                ds = vocfab.Dataset.from_json(text)  # freed by the finaliser
                ds.get("trainees", builders.IDS["trainee"])
                del ds
            try:
                vocfab.Dataset.from_json("{")
            except vocfab.ParseError:
                pass

    cycle(300)  # warm up allocator pools and caches
    gc.collect()
    before = _rss_bytes()
    cycle(2000)
    gc.collect()
    growth = _rss_bytes() - before
    # One dataset with every record costs a few KB; 2,000 leaked ones would be several MB.
    assert growth < 2 * 1024 * 1024, f"RSS grew by {growth / 1024:.0f} KiB over 2,000 cycles"


def test_threads_share_a_dataset_safely(ds: vocfab.Dataset) -> None:
    errors: List[BaseException] = []

    def reader() -> None:
        try:
            for _ in range(200):
                assert ds.count("centres") >= 1
                ds.list("centres")
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    def writer(offset: int) -> None:
        try:
            for n in range(100):
                centre = builders.records()["centres"]
                centre["id"] = builders.uid(10_000 + offset * 1000 + n)
                ds.add("centres", centre)
        except BaseException as exc:  # pragma: no cover
            errors.append(exc)

    threads = [threading.Thread(target=reader) for _ in range(3)]
    threads += [threading.Thread(target=writer, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert ds.count("centres") == 201


def test_close_while_other_threads_use_it(library: dict) -> None:
    """Closing races with calls in other threads: they either succeed or raise ClosedError."""
    for _ in range(20):
        ds = vocfab.Dataset.from_json(builders.dumps(builders.document()))
        outcomes: List[str] = []

        def user() -> None:
            for _ in range(50):
                try:
                    ds.list("trainees")
                    outcomes.append("ok")
                except vocfab.ClosedError:
                    outcomes.append("closed")

        threads = [threading.Thread(target=user) for _ in range(3)]
        for t in threads:
            t.start()
        ds.close()
        for t in threads:
            t.join()
        assert set(outcomes) <= {"ok", "closed"}


def test_errors_are_per_thread(library: dict) -> None:
    """A failure in one thread does not leak its message or issues into another thread's call."""
    results = {}

    def fail() -> None:
        try:
            vocfab.Dataset.from_json('{"schema_version": 7}')
        except vocfab.SchemaVersionError as exc:
            results["fail"] = exc.issues

    def succeed() -> None:
        with vocfab.Dataset() as ds:
            results["ok"] = ds.validate().issues

    t1, t2 = threading.Thread(target=fail), threading.Thread(target=succeed)
    t1.start(); t2.start(); t1.join(); t2.join()
    assert [i.code for i in results["fail"]] == ["schema_version_unsupported"]
    assert results["ok"] == []


def test_saving_to_an_unwritable_place(ds: vocfab.Dataset, tmp_path: Path) -> None:
    with pytest.raises(vocfab.VocfabIOError):
        ds.save(tmp_path / "no" / "such" / "dir" / "x.json")
    assert not ds.closed and ds.count("trainees") == 1


def test_copies_are_independent(ds: vocfab.Dataset) -> None:
    import copy

    for twin in (ds.copy(), copy.copy(ds), copy.deepcopy(ds)):
        assert twin.to_json(reveal_national_ids=True) == ds.to_json(reveal_national_ids=True)
        centre = builders.records()["centres"]
        centre["id"] = builders.uid(4242)
        twin.add("centres", centre)
        assert twin.count("centres") == 2 and ds.count("centres") == 1
        twin.close()
        assert not ds.closed and ds.count("trainees") == 1
    ds.close()
    with pytest.raises(vocfab.ClosedError):
        ds.copy()


def test_pickling_is_refused(ds: vocfab.Dataset) -> None:
    import pickle

    with pytest.raises(TypeError, match="reveal_national_ids"):
        pickle.dumps(ds)
