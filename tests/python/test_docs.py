"""Every Python example of docs/python.md runs, and prints what the page says it prints.

A ``python`` block is run as a script in a scratch directory holding ``data/sample.json`` and the
``incoming.json`` the page describes (the sample with the fourth trainee's national id mistyped).
When the next block on the page is a ``text`` block, the script's output must equal it.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import List, Optional, Tuple

import pytest

from conftest import DATA, PACKAGE_ROOT, REPO

PAGE = REPO / "docs" / "python.md"
FENCE = re.compile(r"^```([a-z]*)\n(.*?)^```\n", re.S | re.M)


def examples() -> List[Tuple[int, str, Optional[str]]]:
    """(line, code, expected output or None) of each python block of the page."""
    text = PAGE.read_text(encoding="utf-8")
    blocks = [(m.group(1), m.group(2), m.start(), m.end()) for m in FENCE.finditer(text)]
    found = []
    for i, (language, body, start, end) in enumerate(blocks):
        if language != "python":
            continue
        expected = None
        if i + 1 < len(blocks) and blocks[i + 1][0] == "text":
            between = text[end:blocks[i + 1][2]]
            if len(between) < 400:  # one sentence introducing the output
                expected = blocks[i + 1][1]
        found.append((text.count("\n", 0, start) + 1, body, expected))
    return found


def scratch(tmp_path: Path) -> Path:
    (tmp_path / "data").mkdir()
    shutil.copy(DATA / "sample.json", tmp_path / "data" / "sample.json")
    doc = json.loads((DATA / "sample.json").read_text(encoding="utf-8"))
    nid = doc["trainees"][3]["national_id"]
    doc["trainees"][3]["national_id"] = nid[:10] + str((int(nid[10]) + 1) % 10)
    (tmp_path / "incoming.json").write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return tmp_path


def test_the_page_has_examples_with_their_output() -> None:
    found = examples()
    assert len(found) >= 2
    assert all(expected is not None for _, _, expected in found), "an example without its output"


@pytest.mark.parametrize("line,code,expected", examples(), ids=lambda v: str(v) if isinstance(v, int) else "")
def test_example_prints_what_the_page_says(line: int, code: str, expected: Optional[str],
                                           library: dict, tmp_path: Path) -> None:
    if not (DATA / "sample.json").is_file():
        pytest.skip("data/sample.json is not there")
    cwd = scratch(tmp_path)
    (cwd / "example.py").write_text(code, encoding="utf-8")
    env = dict(os.environ, PYTHONPATH=str(PACKAGE_ROOT), VOCFAB_LIBRARY=library["path"])
    result = subprocess.run([sys.executable, "example.py"], cwd=cwd, capture_output=True,
                            text=True, env=env, timeout=120)
    assert result.returncode == 0, f"docs/python.md line {line}:\n{result.stderr}"
    assert result.stderr == ""
    if expected is not None:
        assert result.stdout == expected, f"docs/python.md line {line}"
