"""vocfab from Python: load a dataset, query it, add a record, handle errors, save it.

Run from a checkout (after building the C library, CMake target ``vocfab_c``)::

    PYTHONPATH=bindings/python /usr/bin/python3 docs/examples/python_example.py [DATASET.json]

The tests run this file (tests/python/test_example.py).
"""

import sys
import tempfile
from pathlib import Path

import vocfab


def main(path: str) -> int:
    print(f"vocfab {vocfab.runtime_version()} from {vocfab.library_info()['path']}")

    # A Dataset owns a C handle; `with` releases it at the end of the block.
    with vocfab.Dataset.load(path) as ds:
        print("records:", ", ".join(f"{n} {name}" for name, n in ds.counts().items()))
        print("policy:", ds.policy["name"])

        report = ds.validate()
        print("valid:", report.valid)
        for issue in report.issues[:5]:
            print(f"  {issue.path}: {issue.message} [{issue.code}]")

        # Records are dicts in the interchange format; national ids come back masked.
        for trainee in ds.list("trainees")[:3]:
            print(f"  {trainee['given_name']} {trainee['family_name']} {trainee['national_id']}")

        # Adding a record: a rejected one leaves the dataset as it was.
        branch = {"code": "DRONE_PILOTING", "name": "Drone piloting", "sector": "technology",
                  "nominal_hours": 120, "certificate": "meb"}
        ds.add("branches", branch)
        print("added branch:", ds.get("branches", "DRONE_PILOTING")["name"])
        try:
            ds.add("branches", branch)
        except vocfab.InvalidDataError as error:
            for issue in error.issues:
                print(f"rejected: {issue.path} [{issue.code}]")

        try:
            ds.get("trainees", "00000000-0000-4000-8000-000000000000")
        except vocfab.NotFoundError as error:
            print("not found:", error)

        # Saving: save() writes the registry in full (it loads again); export() writes a masked
        # copy to hand out, and never replaces an existing file.
        with tempfile.TemporaryDirectory() as tmp:
            copy = Path(tmp) / "copy.json"
            ds.save(copy)
            with vocfab.Dataset.load(copy) as again:
                print("reloaded:", again.count("branches"), "branches")
            ds.export(Path(tmp) / "masked.json")
            try:
                ds.export(copy)
            except vocfab.VocfabIOError as error:
                print("export refused:", error)

    try:
        ds.count("trainees")
    except vocfab.ClosedError:
        print("closed: the handle was released")
    return 0


if __name__ == "__main__":
    default = Path(__file__).resolve().parents[2] / "data" / "sample.json"
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else str(default)))
