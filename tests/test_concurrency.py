"""Several processes writing one journal at once: every entry lands, every id is distinct."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from datetime import datetime

import pytest

from crash_writer import key
from crypt_helpers import install_key
from journalcli.model import Entry
from journalcli.store import Journal

WHEN = datetime.fromisoformat("2026-11-22T18:00:00+01:00")
ADDER = """
import sys, time
from datetime import datetime
from pathlib import Path
from crash_writer import key
from journalcli.model import Entry
from journalcli.store import Journal

path, name, count, go = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), Path(sys.argv[4])
when = datetime.fromisoformat("2026-11-22T18:00:00+01:00")
while not go.exists():
    time.sleep(0.001)
print(time.monotonic(), flush=True)
for n in range(count):
    Journal(path, identity=key()).add(
        Entry(when=when, urge=n % 11, triggers=("stress",), note=f"{name}-{n}")
    )
print(time.monotonic(), flush=True)
"""
TESTS = os.path.dirname(__file__)  # where the children find crash_writer


@pytest.fixture(params=[False, True], ids=["plain", "encrypted"])
def encrypted(request, db_path, monkeypatch) -> bool:
    """Each test on a plain journal and on an encrypted one (its key in the environment, where
    crash_writer.key() finds it, for this process and the children)."""
    monkeypatch.setenv("PYTHONPATH", TESTS)
    if request.param:
        monkeypatch.setenv("JOURNAL_TEST_IDENTITY", install_key(db_path).identity)
        Journal(db_path).seal_leftovers()  # an empty journal, sealed
    return request.param


def test_two_processes_adding_100_each_end_with_200(db_path, tmp_path, encrypted):
    go = tmp_path / "go"
    children = [
        subprocess.Popen(
            [sys.executable, "-c", ADDER, str(db_path), name, "100", str(go)],
            stdout=subprocess.PIPE,
            text=True,
        )
        for name in ("a", "b")
    ]
    time.sleep(0.3)  # both imported and waiting
    go.touch()
    spans = [[float(t) for t in child.communicate(timeout=60)[0].split()] for child in children]
    assert [child.returncode for child in children] == [0, 0]
    assert max(start for start, _ in spans) < min(end for _, end in spans)  # they overlapped
    entries = Journal(db_path, identity=key()).entries()
    assert len(entries) == 200
    assert sorted(e.id for e in entries) == list(range(1, 201))
    assert {e.note for e in entries} == {f"{name}-{n}" for name in "ab" for n in range(100)}


def test_journal_add_commands_at_once_all_land(db_path, encrypted):
    env = {**os.environ, "JOURNAL_DB": str(db_path)}
    children = [
        subprocess.Popen(
            [sys.executable, "-m", "journalcli", "add", "-u", "4", "-t", "stress", f"note {n}"],
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n in range(4)
    ]
    results = [child.communicate(timeout=60) for child in children]
    assert all(child.returncode == 0 for child in children), results
    entries = Journal(db_path, identity=key()).entries()  # encrypted: merged now
    assert sorted(e.note for e in entries) == [f"note {n}" for n in range(4)]
    assert sorted(e.id for e in entries) == [1, 2, 3, 4]
    if not encrypted:  # an encrypted journal numbers them when they are merged
        assert sorted(out.split()[2] for out, _ in results) == ["1:", "2:", "3:", "4:"]


def test_reads_while_another_process_adds_always_see_a_whole_journal(db_path, tmp_path, encrypted):
    """Readers take no lock: each must see one version of the file, through the index when
    it matches, and never a mix of an old index and a new file."""
    Journal(db_path, identity=key()).add(
        Entry(when=WHEN, urge=1, triggers=("stress",), note="first")
    )
    go = tmp_path / "go"
    child = subprocess.Popen(
        [sys.executable, "-c", ADDER, str(db_path), "w", "150", str(go)],
        stdout=subprocess.PIPE,
        text=True,
    )
    time.sleep(0.3)
    go.touch()
    seen: list[int] = []
    indexed = 0
    while child.poll() is None:
        journal = Journal(db_path, identity=key())
        newest = list(journal.newest())
        assert sorted(e.id for e in newest) == list(range(1, len(newest) + 1))
        assert {e.note for e in newest} == {"first"} | {f"w-{n}" for n in range(len(newest) - 1)}
        seen.append(len(newest))
        indexed += journal.snapshot().indexed
    child.communicate(timeout=60)
    assert child.returncode == 0
    assert seen == sorted(seen) and len(set(seen)) > 5  # it did read while the adds went on
    assert indexed > 0
    assert Journal(db_path, identity=key()).count() == 151
