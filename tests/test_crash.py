"""SIGKILL a writing process again and again: the journal always loads and keeps every add.

The writer (crash_writer.py) adds entries and edits entries near the start of a ~20 MB journal.
Kills alternate between adds and edits; half land at a random moment of the operation, half
are aimed at the write itself (a random few ms after the writer says it starts writing).
The same harness pointed at TinyDB's default JSONStorage, which rewrites the file in place,
catches it damaging the journal: the check below is able to fail.
"""

from __future__ import annotations

import json
import random
import shutil
import subprocess
import sys
import threading
import time
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import pytest

from crash_writer import LONG, key
from crypt_helpers import install_key
from journalcli import sealed, store
from journalcli.errors import StorageError
from journalcli.model import Entry
from journalcli.store import Journal

WRITER = Path(__file__).with_name("crash_writer.py")
KILLS = 30
KILLS_ENCRYPTED = 12  # each operation decrypts and encrypts 20 MB: fewer kills, same checks
WATCHDOG = 60.0  # seconds one kill round may take before it counts as a hang
BASE_ENTRIES, NOTE_SIZE = 2000, 10_000  # about 20 MB of JSON; one write takes ~0.2 s
EDITED = range(1, 6)  # the writer edits these entries, at the start of the file
RANDOM_DELAY = 0.3  # the upper bound of a random kill's delay after the operation starts
# (operation, aimed at its write?), round and round
SCHEDULE = [("edit", True), ("add", False), ("edit", False), ("add", True)]
AIMED_DELAY = 0.01  # the upper bound of an aimed kill's delay after "writing"; a write of
# 20 MB takes ~10-20 ms here


class Damaged(Exception):
    """The journal does not load, lost an entry whose add had returned, or mixed up notes."""


def base_note(entry_id: int) -> str:
    return f"{entry_id} " + "x" * NOTE_SIZE


def check(path: Path, must_have: set[int]) -> set[int]:
    """The ids in the journal, after checking it loads, holds `must_have` and no note changed
    that the writer never touched (a half-written file can still parse, with entries spliced)."""
    try:
        entries = Journal(path, identity=key()).entries()  # through the index, if it matches
        whole = store.Snapshot.of_data(path, store._load(path))  # without it
    except StorageError as exc:
        raise Damaged(f"does not load: {exc}"[:300]) from None
    if entries != [whole.entry(row) for row in whole.in_order(range(len(whole.rows)))]:
        raise Damaged("the index and the whole file disagree")
    ids = {entry.id for entry in entries if entry.id is not None}
    lost = must_have - ids
    if lost:
        raise Damaged(f"lost {len(lost)} entries whose add had returned: {sorted(lost)[:5]}")
    for entry in entries:
        assert entry.id is not None
        if entry.id in EDITED:  # the writer cuts these notes shorter, or starts them over
            ok = entry.note and any(s.startswith(entry.note) for s in (base_note(entry.id), LONG))
        elif entry.id <= BASE_ENTRIES:
            ok = entry.note == base_note(entry.id)
        else:
            ok = entry.note == "new"
        if not ok:
            raise Damaged(f"entry {entry.id} has a note the writer never wrote")
    return ids


@dataclass
class Outcome:
    kills: int = 0
    phases: Counter[str] = field(default_factory=Counter)  # "add"/"edit": where kills landed
    acknowledged: int = 0  # adds that had returned before a kill, all of them checked
    unacknowledged: int = 0  # adds that landed but were killed before they could say so
    damaged: list[str] = field(default_factory=list)
    during_write: int = 0  # aimed kills that landed after the writer said it was writing


def kill_once(
    path: Path, kind: str, phase: str, delay: float | None, log: Path, nth: int = 1
) -> list[str]:
    """Start a writer; once it starts `phase` for the `nth` time, kill it after `delay`
    seconds, or (None) a random few ms after it starts writing. Returns what it printed."""
    # Every line the writer printed, in order (also those read only after the kill).
    with log.open("ab") as err:
        child = subprocess.Popen(
            [sys.executable, str(WRITER), str(path), kind, phase],
            stdout=subprocess.PIPE,
            stderr=err,
            text=True,
        )
    assert child.stdout is not None
    # A stuck writer must fail this test, never hang the suite: kill it after WATCHDOG seconds.
    hung = threading.Event()
    watchdog = threading.Timer(WATCHDOG, lambda: (hung.set(), child.kill()))
    watchdog.start()
    lines = [child.stdout.readline().strip()]
    while lines.count(phase) < nth and child.poll() is None:
        lines.append(child.stdout.readline().strip())
    if delay is None:
        # Until the write starts; should the writer never say so, the next operation (or EOF).
        lines.append(child.stdout.readline().strip())
        while lines[-1] not in ("writing", "add", "edit", ""):
            lines.append(child.stdout.readline().strip())
        delay = random.uniform(0, AIMED_DELAY)
    time.sleep(delay)
    child.kill()
    lines += child.stdout.read().splitlines()
    child.wait()
    watchdog.cancel()
    assert not hung.is_set(), f"the writer or this test hung for {WATCHDOG}s: {lines[-5:]}"
    assert child.returncode == -9, f"the writer died by itself: {log.read_text()[-2000:]}"
    return lines


def hammer(base: Path, work: Path, kind: str, kills: int, *, stop_at_first: bool) -> Outcome:
    shutil.copyfile(base, work)
    base_ids = check(work, set())
    random.seed(20261122)
    outcome = Outcome()
    acknowledged: set[int] = set()
    for n in range(kills):
        phase, aimed = SCHEDULE[n % len(SCHEDULE)]
        delay = None if aimed else random.uniform(0, RANDOM_DELAY)
        nth = 2 if n % 8 == 1 else 1  # now and then let an add return first
        lines = kill_once(work, kind, phase, delay, work.parent / "writer.log", nth)
        acknowledged |= {int(line.split()[1]) for line in lines if line.startswith("added ")}
        outcome.phases[next(x for x in reversed(lines) if x in ("add", "edit"))] += 1
        outcome.during_write += aimed and lines[-1] == "writing"
        outcome.kills += 1
        try:
            ids = check(work, base_ids | acknowledged)
        except Damaged as exc:
            outcome.damaged.append(f"kill {n + 1}: {exc}")
            if stop_at_first:
                break
            shutil.copyfile(base, work)  # go on from a sound file
            acknowledged = set()
            continue
        outcome.acknowledged = len(acknowledged)
        outcome.unacknowledged = len(ids - base_ids - acknowledged)
    return outcome


@pytest.fixture(scope="module")
def big_journal(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("crash") / "base.json"
    when = datetime.fromisoformat("2026-01-01T12:00:00+01:00")
    Journal(path).add_many(
        Entry(when=when, urge=n % 11, triggers=("closeness",), note=base_note(n + 1))
        for n in range(BASE_ENTRIES)
    )
    assert path.stat().st_size > 20_000_000
    return path


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
def test_our_storage_survives_every_kill(big_journal, tmp_path, encrypted, monkeypatch):
    work = tmp_path / "journal.json"
    base, kills = big_journal, KILLS
    if encrypted:  # the same journal, sealed, with its key files beside the one written
        identity, recipient, _ = install_key(work)
        monkeypatch.setenv("JOURNAL_TEST_IDENTITY", identity)
        base, kills = tmp_path / "sealed-base.json", KILLS_ENCRYPTED
        base.write_bytes(sealed.seal(big_journal.read_bytes(), recipient))
    outcome = hammer(base, work, "ours", kills, stop_at_first=False)
    print(f"ours: {outcome}")
    assert outcome.kills == kills
    assert outcome.damaged == []
    # Every phase is hit (the aimed kills alone give kills // 4 each; the 12 encrypted kills
    # leave the random ones too few to count on).
    least = min(5, kills // 4)
    assert outcome.phases["add"] >= least and outcome.phases["edit"] >= least
    assert outcome.during_write == kills // 2  # every aimed kill did hit a write
    assert outcome.acknowledged >= kills // 8  # adds did return between the kills
    assert outcome.unacknowledged <= kills  # at most the one add in flight per kill
    # The next writer cleans up what the killed ones left behind; the backup loads too.
    when = datetime.fromisoformat("2026-11-22T18:00:00+01:00")
    Journal(work, identity=key()).add(Entry(when=when, urge=1))
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
    bak = work.with_name(work.name + ".bak").read_bytes()
    json.loads(sealed.unseal(bak, identity) if encrypted else bak)
    assert sealed.is_sealed(work.read_bytes()) == encrypted


def test_plain_tinydb_storage_is_caught_damaging_the_journal(big_journal, tmp_path):
    """The control: the same kills against TinyDB's own storage are detected as damage."""
    base = tmp_path / "plain-base.json"  # the same journal as TinyDB's JSONStorage writes it
    base.write_text(json.dumps(json.loads(big_journal.read_bytes())))
    outcome = hammer(base, tmp_path / "plain.json", "plain", 40, stop_at_first=True)
    print(f"plain TinyDB: {outcome}")
    assert outcome.damaged, f"no damage detected in {outcome.kills} kills"


def test_the_check_catches_a_truncated_spliced_or_lossy_file(big_journal, tmp_path):
    work = tmp_path / "journal.json"
    shutil.copyfile(big_journal, work)
    ids = check(work, {1, 2})
    with pytest.raises(Damaged, match="lost 1"):
        check(work, ids | {max(ids) + 1})
    data = big_journal.read_bytes()
    work.write_bytes(data[: len(data) // 2])
    with pytest.raises(Damaged, match="does not load"):
        check(work, set())
    # The start of one file and the end of another that is shifted: still valid JSON.
    shifted = data.replace(b'"note":"1 ', b'"note":"1 ' + b"y" * 14000, 1)
    cut = len(data) // 2
    work.write_bytes(shifted[:cut] + data[cut:])
    json.loads(work.read_bytes())
    with pytest.raises(Damaged):
        check(work, ids)
