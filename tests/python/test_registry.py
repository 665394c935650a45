"""vocfab.Registry: a registry on disk (snapshot + journal) through the C ABI's vf_registry_*.

Create, apply, reopen to the same state; read-only opens; the writer lock; a damaged journal
(refused) and a torn tail (dropped and reported); checkpoints; the context manager; views that
stay consistent while batches wait; every read method of Dataset on the registry; and a
service-shaped run of 8 threads (readers ranking and reporting, writers applying) that loses and
doubles no batch and never shows half of one. Nothing here depends on timing: every assertion
holds for every interleaving of the threads (joins have a generous timeout only so that a
deadlock fails instead of hanging).
"""

from __future__ import annotations

import datetime
import json
import os
import pickle
import threading
from pathlib import Path
from typing import Any, Callable, Dict, List, Tuple

import pytest

import vocfab
from vocfab import Dataset, Keyring, Registry

REPO = Path(__file__).resolve().parents[2]
DAY = [json.loads(line) for line in (REPO / "data" / "operations" / "sample-day.ndjson").read_text().splitlines() if line]
AT = datetime.datetime(2026, 11, 20, 9, 0, tzinfo=datetime.timezone.utc)
SAMPLE_KEY = REPO / "data" / "keys" / "sample-certificate.key"
COOKING = "2ee4c581-a4bb-4d8e-a61d-bb44c64a7d48"
ISSUED = "c3a1f0de-2b4c-4d5e-8f60-718293a4b5c6"  # the certificate the day issues
SAMPLE_EMPLOYERS = 12
JOURNAL_HEADER = b"vocfab-journal 1\n"
JOIN_TIMEOUT = 600  # seconds: only a deadlock takes this long


def journal(path: Path) -> Path:
    return Path(str(path) + ".journal")


def employers(writer: int, batch: int) -> List[Dict[str, Any]]:
    """A batch that adds two employers at once: a reader must see both or neither."""
    return [{"op": "add", "collection": "employers",
             "record": {"id": f"e{writer:07x}-0000-4000-8000-{2 * batch + k:012x}", "name": f"Firm {writer}-{batch}-{k}",
                        "sector": "textile", "province": "35", "district": "Konak", "consent": True}}
            for k in range(2)]


def journal_records(data: bytes) -> List[Tuple[int, int]]:
    """(offset, size) of each record of a journal's bytes — "VFJR", length, CRC-32C, payload —
    up to the end or to zero bytes (a journal may be grown ahead of its records)."""
    assert data.startswith(JOURNAL_HEADER)
    found, offset = [], len(JOURNAL_HEADER)
    while offset < len(data) and data[offset:offset + 4] != b"\0\0\0\0":
        assert data[offset:offset + 4] == b"VFJR"
        size = 12 + int.from_bytes(data[offset + 4:offset + 8], "little")
        found.append((offset, size))
        offset += size
    return found


def sound(path: Path) -> bytes:
    """The journal of the registry at @p path up to its sound end: the header and its records."""
    data = journal(path).read_bytes()
    records = journal_records(data)
    return data[:records[-1][0] + records[-1][1]] if records else data[:len(JOURNAL_HEADER)]


@pytest.fixture
def keys() -> Any:
    with Keyring.from_file(SAMPLE_KEY) as keyring:
        yield keyring


@pytest.fixture
def path(tmp_path: Path, library: dict) -> Path:
    return tmp_path / "registry.json"


@pytest.fixture
def registry(path: Path, sample_path: Path, keys: Keyring) -> Any:
    with Registry.open(path, create_from=sample_path, keyring=keys) as opened:
        yield opened


# -- create, apply, reopen ---------------------------------------------------------------------


def test_a_batch_is_durable_and_a_reopen_gives_the_same_state(registry: Registry, path: Path) -> None:
    assert sound(path) == JOURNAL_HEADER
    result = registry.apply(DAY, actor="desk-3", at=AT)
    assert isinstance(result, vocfab.BatchResult) and result.applied and not result.check_only
    assert [r.op for r in result.results] == [op["op"] for op in DAY]
    assert result.created[1] == vocfab.Touched("referrals", "5d0f3c1e-8b7a-4c2d-9e6f-1a2b3c4d5e6f")
    assert len(journal_records(journal(path).read_bytes())) == 1  # in the journal when apply returned
    status = registry.status()
    assert (status.batches_committed, status.commits, status.journal_records) == (1, 1, 1)
    assert status.journal_bytes == len(sound(path))
    assert status.last_seq == len(DAY) and not status.read_only
    state = registry.to_json(reveal_national_ids=True)
    assert registry.count("certificates") == 178 and registry.validate().valid
    assert registry.certificate_token(ISSUED).startswith("VF1.")  # the registry's keyring by default
    registry.close()

    with Registry.open(path, read_only=True) as reopened:
        assert reopened.to_json(reveal_national_ids=True) == state
        assert reopened.read_only and reopened.status().recovery.records_replayed == 1
        assert reopened.audit()[-1]["op"] == "issue_certificate"
        with pytest.raises(vocfab.InvalidArgumentError, match="read-only"):
            reopened.apply(employers(0, 0), actor="desk-3", at=AT)
        with pytest.raises(vocfab.InvalidArgumentError, match="read-only"):
            reopened.checkpoint()
    with Registry.open(path) as again:  # read-write, replayed without a key
        assert again.to_json(reveal_national_ids=True) == state


def test_apply_has_the_semantics_of_dataset_apply(registry: Registry, path: Path, sample_path: Path) -> None:
    with Dataset.load(sample_path) as plain:
        expected = plain.apply(DAY[:4], actor="desk-3", at=AT, check_only=True, id_seed=1)
    checked = registry.apply(DAY[:4], actor="desk-3", at=AT, check_only=True, id_seed=1)
    assert checked.check_only and not checked.applied
    assert [(r.op, r.created, r.effects) for r in checked.results] == [
        (r.op, r.created, r.effects) for r in expected.results]
    assert sound(path) == JOURNAL_HEADER  # nothing written
    with pytest.raises(vocfab.RuleViolationError) as refused:
        registry.apply(DAY + [DAY[1]], actor="desk-3", at=AT)  # the same referral twice
    assert refused.value.index == 8 and "duplicate_referral" in refused.value.codes
    with pytest.raises(vocfab.RuleViolationError) as unknown:
        registry.apply([{"op": "promote"}], actor="desk-3", at=AT)
    assert unknown.value.issues[0].code == "unknown_operation"
    with pytest.raises(vocfab.InvalidArgumentError):
        registry.apply([], actor="", at="not a moment")
    assert sound(path) == JOURNAL_HEADER
    assert registry.status().batches_committed == 0


# -- opening and making registries -------------------------------------------------------------


def test_open_without_a_registry_says_how_to_make_one(tmp_path: Path, library: dict) -> None:
    with pytest.raises(vocfab.NotFoundError) as missing:
        Registry.open(tmp_path / "missing.json")
    assert "is not a registry" in str(missing.value) and "create_from" in str(missing.value)
    assert "registry init" in str(missing.value)
    assert missing.value.status == vocfab._capi.Status.ERROR_NOT_FOUND
    assert not (tmp_path / "missing.json.lock").exists() and not Registry.exists(tmp_path / "missing.json")


def test_create_from_a_dataset_a_file_or_the_file_itself(tmp_path: Path, sample_path: Path, library: dict) -> None:
    with Registry.open(tmp_path / "empty.json", create_from=Dataset()) as empty:
        assert len(empty) == 0
    assert Registry.exists(tmp_path / "empty.json")

    source = sample_path.read_bytes()
    copy = tmp_path / "copy.json"
    with Registry.open(copy, create_from=sample_path) as copied:
        assert copied.count("trainees") == 140
    assert sample_path.read_bytes() == source  # copied, not touched

    plain = tmp_path / "plain.json"
    plain.write_bytes(source)
    with Registry.open(plain, create_from=str(plain)) as started:  # the file itself: init in place
        assert started.count("trainees") == 140
    assert plain.read_bytes() == source and Registry.exists(plain)

    with Registry.open(plain, create_from=Dataset()) as reopened:  # a registry: create_from ignored
        assert reopened.count("trainees") == 140
    (tmp_path / "taken.json").write_text("{}")
    with pytest.raises(vocfab.VocfabIOError, match="exists"):
        Registry.open(tmp_path / "taken.json", create_from=Dataset())  # a copy never replaces a file
    assert (tmp_path / "taken.json").read_text() == "{}"
    with pytest.raises(vocfab.VocfabIOError, match="cannot read"):
        Registry.open(tmp_path / "nothing.json", create_from=tmp_path / "nothing.json")
    assert not (tmp_path / "nothing.json").exists()
    with pytest.raises(vocfab.InvalidArgumentError, match="read-only"):
        Registry.open(tmp_path / "ro.json", create_from=Dataset(), read_only=True)
    with pytest.raises(TypeError):
        Registry.open(tmp_path / "bad.json", create_from=42)  # type: ignore[arg-type]
    with pytest.raises(TypeError):
        Registry.open(tmp_path / "bad.json", read_only="yes")  # type: ignore[arg-type]
    (tmp_path / "broken.json").write_text('{"schema_version": 1, "trainees": [{}]}')
    with pytest.raises(vocfab.RegistryCorruptError):
        Registry.open(tmp_path / "broken.json", create_from=tmp_path / "broken.json")
    with pytest.raises(TypeError):
        Registry()  # type: ignore[call-arg]


def test_a_second_writer_is_locked_out_and_readers_are_not(registry: Registry, path: Path) -> None:
    with pytest.raises(vocfab.RegistryLockedError) as locked:
        Registry.open(path)
    assert locked.value.pid == os.getpid() and f"process {os.getpid()}" in str(locked.value)
    assert isinstance(locked.value, vocfab.VocfabIOError) and isinstance(locked.value, OSError)
    with Registry.open(path, read_only=True) as reader:
        assert reader.count("trainees") == 140
    registry.close()
    with Registry.open(path) as writer:  # the lock went with the close
        assert not writer.read_only


# -- a damaged journal -------------------------------------------------------------------------


@pytest.fixture
def three_batches(path: Path, sample_path: Path) -> bytes:
    with Registry.open(path, create_from=sample_path) as made:
        for batch in range(3):
            made.apply(employers(0, batch), actor="desk-3", at=AT)
    data = journal(path).read_bytes()
    assert len(journal_records(data)) == 3
    return data


def test_damage_before_sound_records_is_refused(path: Path, three_batches: bytes) -> None:
    offset, size = journal_records(three_batches)[1]
    damaged = bytearray(three_batches)
    damaged[offset + size // 2] ^= 0x20  # a byte in the middle record's payload
    journal(path).write_bytes(bytes(damaged))
    snapshot = path.read_bytes()
    for read_only in (False, True):
        with pytest.raises(vocfab.RegistryCorruptError) as corrupt:
            Registry.open(path, read_only=read_only)
        assert "damaged" in str(corrupt.value) and corrupt.value.status == vocfab._capi.Status.ERROR_CORRUPT
    assert journal(path).read_bytes() == bytes(damaged) and path.read_bytes() == snapshot  # nothing changed


def test_a_torn_tail_is_dropped_and_reported(path: Path, three_batches: bytes) -> None:
    last, size = journal_records(three_batches)[2]
    torn = three_batches[:last + size - 5]  # the last append cut short by a crash
    journal(path).write_bytes(torn)
    with Registry.open(path, read_only=True) as reader:
        found = reader.status().recovery
        assert found.dropped_tail is not None and found.dropped_tail.record == 3
        assert found.dropped_tail.offset == last and not found.tail_truncated
        assert reader.count("employers") == SAMPLE_EMPLOYERS + 4
    assert journal(path).read_bytes() == torn  # a reader leaves it in place
    with Registry.open(path) as writer:
        found = writer.status().recovery
        assert found.records_replayed == 2 and found.tail_truncated
        assert found.dropped_tail is not None and found.dropped_tail.bytes == size - 5
        assert found.dropped_tail.reason
        assert writer.count("employers") == SAMPLE_EMPLOYERS + 4
        assert len(sound(path)) == last == writer.status().journal_bytes  # the torn tail cut off
        writer.apply(employers(0, 2), actor="desk-3", at=AT)  # the lost batch, again
    assert len(journal_records(journal(path).read_bytes())) == 3
    with Registry.open(path, read_only=True) as reader:
        assert reader.status().recovery.dropped_tail is None and reader.count("employers") == SAMPLE_EMPLOYERS + 6


# -- checkpoints, status, lifetime -------------------------------------------------------------


def test_checkpoint_writes_the_snapshot_and_empties_the_journal(registry: Registry, path: Path) -> None:
    registry.apply(DAY, actor="desk-3", at=AT)
    registry.checkpoint()
    assert sound(path) == JOURNAL_HEADER
    state = registry.to_json(reveal_national_ids=True)
    assert path.read_text(encoding="utf-8") == state
    status = registry.status()
    assert (status.checkpoints, status.journal_records, status.journal_bytes) == (1, 0, len(JOURNAL_HEADER))
    assert status.checkpoint_error is None and status.batches_committed == 1
    registry.close()
    with Registry.open(path) as reopened:
        assert reopened.status().recovery.records_replayed == 0
        assert reopened.to_json(reveal_national_ids=True) == state


def test_status_mirrors_the_c_document(registry: Registry, path: Path) -> None:
    status = registry.status()
    assert isinstance(status, vocfab.RegistryStatus) and isinstance(status.recovery, vocfab.RecoveryReport)
    assert status.path == str(path) and registry.path == str(path)
    assert status.recovery.dropped_tail is None and not status.recovery.journal_restarted
    assert status.recovery.snapshot_seq == 0 and status.recovery.records_in_snapshot == 0


def test_close_context_manager_and_use_after_close(path: Path, sample_path: Path) -> None:
    with Registry.open(path, create_from=sample_path) as opened:
        assert repr(opened) == f"<vocfab.Registry {str(path)!r} read-write>"
    assert opened.closed and repr(opened) == "<vocfab.Registry closed>"
    opened.close()  # twice is fine
    for use in (lambda: opened.count("trainees"), lambda: opened.status(), lambda: opened.checkpoint(),
                lambda: opened.apply(DAY, actor="desk-3", at=AT), lambda: opened.set_keyring(None),
                lambda: opened.view().__enter__()):
        with pytest.raises(vocfab.ClosedError):
            use()
    with Registry.open(path) as again:  # the writer lock was released
        with pytest.raises(TypeError, match="pickled"):
            pickle.dumps(again)


# -- views ---------------------------------------------------------------------------------------


def test_a_view_is_one_consistent_state_while_batches_wait(registry: Registry) -> None:
    errors: List[BaseException] = []

    def write() -> None:
        try:
            registry.apply(employers(1, 0), actor="desk-3", at=AT)
        except BaseException as error:  # pragma: no cover - reported below
            errors.append(error)

    with registry.view() as ds:
        assert isinstance(ds, Dataset)
        before = ds.count("employers")
        writer = threading.Thread(target=write)
        writer.start()  # its batch waits for the view, whenever it arrives
        listed = ds.list("employers")
        assert ds.count("employers") == before == len(listed) == SAMPLE_EMPLOYERS
        assert registry.count("employers") == before  # the thread's reads go through its view
        with registry.view() as inner:  # a second view on the thread: the same state
            assert inner.count("employers") == before
        assert ds.count("employers") == before
    writer.join(JOIN_TIMEOUT)
    assert not writer.is_alive() and not errors
    assert registry.count("employers") == before + 2
    assert len(listed) == SAMPLE_EMPLOYERS  # what a view returned is a copy
    with pytest.raises(vocfab.ClosedError):
        ds.count("employers")


def test_a_view_refuses_changes_and_the_thread_waits_for_nothing(registry: Registry, keys: Keyring) -> None:
    with registry.view() as ds:
        with pytest.raises(vocfab.InvalidArgumentError, match="read view"):
            ds.add("branches", {"code": "DRONES", "name": "Drones", "sector": "technology", "nominal_hours": 120,
                                "certificate": "meb"})
        with pytest.raises(vocfab.InvalidArgumentError, match="read view"):
            ds.policy = {}
        with pytest.raises(vocfab.InvalidArgumentError, match="read view"):
            ds.apply(employers(0, 0), actor="desk-3", at=AT)
        with pytest.raises(vocfab.InvalidArgumentError, match="read view"):
            ds.set_keyring(None)
        # The registry refuses what would wait for this thread's own view.
        with pytest.raises(vocfab.InvalidArgumentError, match="inside registry.view"):
            registry.apply(employers(0, 0), actor="desk-3", at=AT)
        with pytest.raises(vocfab.InvalidArgumentError, match="inside registry.view"):
            registry.checkpoint()
        with pytest.raises(vocfab.InvalidArgumentError, match="inside registry.view"):
            registry.set_keyring(keys)
        with pytest.raises(vocfab.InvalidArgumentError, match="inside registry.view"):
            registry.close()
        assert ds.copy().count("trainees") == 140  # an independent Dataset
        assert registry.status().batches_committed == 0  # the status needs no view
    registry.apply(employers(0, 0), actor="desk-3", at=AT)
    assert registry.count("employers") == SAMPLE_EMPLOYERS + 2


def test_every_read_method_of_dataset_reads_the_registry(registry: Registry, sample_path: Path,
                                                         keys: Keyring) -> None:
    with Dataset.load(sample_path) as plain:
        plain.set_keyring(keys)
        trainee = plain.list("trainees")[0]["id"]
        calls: Dict[str, Callable[[vocfab.DatasetReader], Any]] = {
            "to_json": lambda d: d.to_json(reveal_national_ids=True),
            "validate": lambda d: d.validate(),
            "count": lambda d: d.count("referrals"),
            "counts": lambda d: d.counts(),
            "len": len,
            "get": lambda d: d.get("trainees", trainee),
            "list": lambda d: d.list("vacancies"),
            "policy": lambda d: d.policy,
            "get_policy": lambda d: d.get_policy(),
            "summary": lambda d: d.summary(),
            "audit": lambda d: d.audit(),
            "allocate": lambda d: d.allocate(as_of="2026-11-20"),
            "rank": lambda d: d.rank(COOKING, top=5, as_of="2026-11-20"),
            "explain": lambda d: d.explain(COOKING, trainee, as_of="2026-11-20"),
            "match": lambda d: d.match(mode="max_score", as_of="2026-11-20"),
            "report": lambda d: d.report(as_of="2026-11-20", by="all"),
            "report_text": lambda d: d.report_text("csv", as_of="2026-11-20"),
            "plan": lambda d: d.plan(as_of="2026-11-20"),
            "anonymised": lambda d: d.anonymised("2026-11-20", seed=7).to_json(reveal_national_ids=True),
            "verify_certificate": lambda d: d.verify_certificate("0-0000-0000-0000-0000-0"),
            "copy": lambda d: d.copy().to_json(reveal_national_ids=True),
        }
        for name, call in calls.items():
            assert call(registry) == call(plain), name
            with registry.view() as ds:
                assert call(ds) == call(plain), name
    with pytest.raises(vocfab.NotFoundError):
        registry.get("trainees", "00000000-0000-4000-8000-000000000000")
    with pytest.raises(vocfab.InvalidArgumentError):
        registry.count("nope")


def test_a_registry_without_a_keyring_cannot_issue_certificates(path: Path, sample_path: Path,
                                                                 keys: Keyring) -> None:
    with Registry.open(path, create_from=sample_path) as registry:
        with pytest.raises(vocfab.VocfabError):
            registry.apply(DAY, actor="desk-3", at=AT)
        assert registry.status().batches_committed == 0
        registry.set_keyring(keys)
        registry.apply(DAY, actor="desk-3", at=AT)
        assert registry.verify_certificate("0-0000-0000-0000-0000-0").status == "unknown"
        registry.set_keyring(None)
        with pytest.raises(vocfab.InvalidArgumentError, match="keyring"):
            registry.certificate_token(ISSUED)
        assert registry.certificate_token(ISSUED, keyring=keys).startswith("VF1.")
        with pytest.raises(TypeError):
            registry.set_keyring("keys")  # type: ignore[arg-type]


# -- a service: 8 threads on one registry --------------------------------------------------------


def test_a_service_of_readers_and_writers_loses_and_doubles_no_batch(registry: Registry, path: Path) -> None:
    writers, readers, batches, rounds = 4, 4, 15, 12
    acknowledged = [0] * writers
    seen: List[List[int]] = [[] for _ in range(readers)]
    errors: List[BaseException] = []
    start = threading.Barrier(writers + readers)

    def write(index: int) -> None:
        try:
            start.wait()
            for batch in range(batches):
                result = registry.apply(employers(index, batch), actor=f"writer-{index}", at=AT)
                if result.applied and [t.collection for t in result.created] == ["employers", "employers"]:
                    acknowledged[index] += 1
        except BaseException as error:
            errors.append(error)

    def read(index: int) -> None:
        try:
            start.wait()
            for _ in range(rounds):
                count = registry.count("employers")  # one view for the call
                assert count % 2 == 0, f"half a batch: {count} employers"
                seen[index].append(count)
                assert len(registry.rank(COOKING, top=5, as_of="2026-11-20")) > 0
                assert registry.report(as_of="2026-11-20").employment["referrals"]["total"] == 59
                with registry.view() as ds:  # several reads, one state
                    first = ds.count("employers")
                    summary = ds.summary()
                    assert first % 2 == 0 and ds.count("employers") == first
                    assert len(ds.list("employers")) == first and summary
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(writers)]
    threads += [threading.Thread(target=read, args=(i,)) for i in range(readers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(JOIN_TIMEOUT)
    assert not any(thread.is_alive() for thread in threads), "a thread did not finish (a deadlock?)"
    assert not errors, errors

    total = sum(acknowledged)
    assert total == writers * batches
    for counts in seen:  # each reader saw the count only grow, by whole batches
        assert counts == sorted(counts) and all(c % 2 == 0 for c in counts)
    status = registry.status()
    assert status.batches_committed == total and status.journal_records == total
    assert 1 <= status.commits <= total
    assert registry.count("employers") == SAMPLE_EMPLOYERS + 2 * total
    ids = {e["id"] for e in registry.list("employers")}
    assert all(e["id"] in ids for w in range(writers) for b in range(batches) for e in
               (op["record"] for op in employers(w, b)))
    state = registry.to_json(reveal_national_ids=True)
    registry.close()
    with Registry.open(path, read_only=True) as reopened:
        assert reopened.status().recovery.records_replayed == total
        assert reopened.to_json(reveal_national_ids=True) == state
