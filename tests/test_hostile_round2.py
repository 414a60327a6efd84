"""A second hostile round over the journal's own files: the index, the lock, the backups and
the id counter, each made into what it should not be; through the installed command where a
hang, a stray file or another process is the point, else in process."""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

from hostile_helpers import SPECIAL_KINDS, journal_command, make_special, subprocess_env, tree
from journalcli import backups, index
from journalcli.store import Journal

DAYS = [f"2026-11-{day:02d}T09:00:00+01:00" for day in range(10, 23)]


def journal(*args: str, timeout: float = 20, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed `journal`, as a user runs it; a hang fails the test instead of blocking."""
    return subprocess.run(
        [*journal_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=subprocess_env(**env),
        check=False,
    )


def add_on(run, day: str, note: str) -> None:
    result = run("add", "-q", "-u", "5", "-t", "stress", "-r", "stayed", note, JOURNAL_NOW=day)
    assert result.exit_code == 0, result.output


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- the index as something that is not a regular file


@pytest.mark.parametrize(
    "kind", ["fifo", "link to /dev/zero", "link to a fifo", "folder", "socket"]
)
def test_an_index_that_is_not_a_regular_file_is_ignored_unread(run, db_path, tmp_path, kind):
    for day in DAYS[:3]:
        add_on(run, day, day)
    index.path_for(db_path).unlink()
    sock = make_special(kind, index.path_for(db_path), tmp_path)
    try:
        listed = journal("list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert [e["note"] for e in json.loads(listed.stdout)] == DAYS[2::-1]
        added = journal("add", "-q", "-u", "2", "-t", "stress", "later")
        assert added.returncode == 0, added.stderr
        assert [e.note for e in Journal(db_path).entries()] == [*DAYS[:3], "later"]
    finally:
        if sock is not None:
            sock.close()


def test_an_index_far_larger_than_its_journal_is_not_read(run, db_path):
    add_on(run, DAYS[0], "one")
    with open(index.path_for(db_path), "r+b") as fh:
        fh.truncate(1 << 40)  # sparse: a terabyte that would be read whole
    listed = journal("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["note"] for e in json.loads(listed.stdout)] == ["one"]


# --- the id counter at the end of 64 bits

MAX_ID = 2**63 - 1


def set_ids(db_path: Path, counter: int, top: int | None = None) -> None:
    """Set the counter (and move the last entry to id `top`) by hand, as an editor would;
    the index then no longer matches, so an index is rebuilt by one more change first when
    `indexed` is wanted."""
    data = json.loads(db_path.read_bytes())
    if top is not None:
        entries = data["entries"]
        entries[str(top)] = entries.pop(max(entries, key=int))
    data["meta"]["1"]["next_id"] = counter
    db_path.write_text(json.dumps(data))


@pytest.mark.parametrize("indexed", [False, True])
@pytest.mark.parametrize(
    ("counter", "top"), [(MAX_ID, None), (2, MAX_ID), (MAX_ID - 1, MAX_ID - 1), (MAX_ID, 7)]
)
def test_no_add_writes_an_id_or_counter_past_64_bits(run, db_path, counter, top, indexed):
    for day in DAYS[:2]:
        add_on(run, day, day)
    set_ids(db_path, counter, top)
    if indexed:  # a change through TinyDB writes a fresh index: the next add splices
        assert run("challenge").exit_code == 0
        assert index.read(db_path, index.signature(os.stat(db_path))) is not None
    before = tree(db_path.parent)
    result = run("add", "-q", "-u", "3", "-t", "stress", "one too many")
    assert result.exit_code == 3, result.output
    assert "no ids are left" in one_error_line(result.stderr)
    assert tree(db_path.parent) == before
    assert run("list").exit_code == 0


def test_the_last_id_is_given_and_then_the_journal_still_reads(run, db_path):
    for day in DAYS[:2]:
        add_on(run, day, day)
    set_ids(db_path, MAX_ID - 1)
    result = run("add", "-q", "-u", "3", "-t", "stress", "the last one")
    assert result.exit_code == 0, result.output
    assert Journal(db_path).entries()[-1].id == MAX_ID - 1
    assert run("list").exit_code == 0 and run("info").exit_code == 0
    refused = run("add", "-q", "-u", "3", "-t", "stress", "none left")
    assert refused.exit_code == 3 and "no ids are left" in refused.stderr


def test_an_import_that_would_run_past_the_last_id_adds_nothing(run, db_path, tmp_path):
    for day in DAYS[:4]:
        add_on(run, day, day)
    export = tmp_path / "export.json"
    assert run("export", "-f", "json", "-o", str(export)).exit_code == 0
    for day in DAYS[4:6]:
        add_on(run, day, day)
    for doc in (data := json.loads(export.read_text()))["entries"]:
        doc["uid"] = doc["uid"][:-4] + "ffff"  # new entries to this journal
    export.write_text(json.dumps(data))
    set_ids(db_path, MAX_ID - 3)  # room for three; the file holds four
    before = tree(db_path.parent)
    result = run("import", str(export))
    assert result.exit_code == 3, result.output
    assert "no ids are left" in one_error_line(result.stderr)
    assert tree(db_path.parent) == before


# --- two journals (or a journal and an export) in one folder


def test_a_change_sweeps_only_its_own_journals_temp_files(run, db_path):
    add_on(run, DAYS[0], "one")
    folder = db_path.parent
    sleeper = subprocess.Popen(["sleep", "60"])
    try:
        live = sleeper.pid
        others = [
            f".journal.json.2.{live}.123.tmp",  # a write of the journal journal.json.2
            f".journal.json.2.bak.{live}.tmp",  # its .bak being linked in
            f".journal.json.md.{live}.456.tmp",  # an export -o journal.json.md under way
        ]
        ours = [".journal.json.999999999.1.tmp", ".journal.json.idx.999999999.2.tmp"]
        ours.append(".journal.json.bak.999999999.tmp")
        for name in others + ours:
            (folder / name).write_bytes(b"partial")
        add_on(run, DAYS[1], "two")
        for name in others:
            assert (folder / name).read_bytes() == b"partial", name
        for name in ours:  # left by killed writers of this journal: swept under its lock
            assert not (folder / name).exists(), name
    finally:
        sleeper.kill()
        sleeper.wait()


# --- the lock file as something that is not a regular file


@pytest.mark.parametrize("kind", [*SPECIAL_KINDS, "dangling link"])
@pytest.mark.parametrize(
    "command", [("add", "-q", "-u", "3", "-t", "stress", "x"), ("restore", "--yes", "bak")]
)
def test_a_lock_file_that_is_not_a_regular_file_is_refused_untouched(
    run, db_path, tmp_path, kind, command
):
    for day in DAYS[:3]:
        add_on(run, day, day)
    lock = db_path.with_name("journal.json.lock")
    lock.unlink()
    sock = make_special(kind, lock, tmp_path)
    try:
        before = tree(db_path.parent)
        outside = sorted(p.name for p in tmp_path.iterdir())
        result = journal(*command)
        assert result.returncode == 3, result.stderr
        line = one_error_line(result.stderr)
        assert str(lock) in line and "not a lock file" in line
        assert tree(db_path.parent) == before
        assert sorted(p.name for p in tmp_path.iterdir()) == outside  # nothing made elsewhere
        assert os.path.lexists(lock)
    finally:
        if sock is not None:
            sock.close()


# --- what stands where a backup goes


@pytest.mark.parametrize(
    ("where", "kind"),
    [
        ("journal.json.bak", "folder"),
        ("journal.json.backups", "regular file"),
        ("journal.json.backups", "fifo"),
        ("journal.json.backups", "dangling link"),
        ("journal.json.backups", "link loop"),
        ("journal.json.backups", "link to /dev/null"),
    ],
)
def test_a_change_blocked_by_what_stands_where_a_backup_goes_names_it(
    run, db_path, tmp_path, where, kind
):
    for day in DAYS[:2]:
        add_on(run, day, day)
    target = db_path.with_name(where)
    if target.is_dir():
        for child in target.iterdir():
            child.unlink()
        target.rmdir()
    else:
        target.unlink()
    if kind == "regular file":
        target.write_text("not a folder")
    else:
        make_special(kind, target, tmp_path)
    before = tree(db_path.parent)
    result = journal("add", "-q", "-u", "3", "-t", "stress", "x", JOURNAL_NOW=DAYS[5])
    assert result.returncode == 3, result.stderr
    line = one_error_line(result.stderr)
    assert str(target) in line and "the journal is unchanged" in line
    assert "already exists" not in line
    assert tree(db_path.parent) == before
    assert not list(db_path.parent.glob(".*.tmp"))


# --- restoring what cannot be restored


def _damage_urge(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["entries"]["1"]["urge"] = "5"
    return json.dumps(data).encode()


def _newer_schema(raw: bytes) -> bytes:
    data = json.loads(raw)
    data["meta"]["1"]["schema"] = 99
    return json.dumps(data).encode()


DAMAGE = {
    "empty": lambda raw: b"",
    "blank": lambda raw: b" \n",
    "cut short": lambda raw: raw[: len(raw) // 2],
    "not UTF-8": lambda raw: b"\xff\xfe" + raw,
    "a damaged record": _damage_urge,
    "from a newer journal": _newer_schema,
}


@pytest.mark.parametrize("damage", list(DAMAGE))
@pytest.mark.parametrize("which", ["2026-11-11", "bak", "a file"])
def test_restoring_a_damaged_backup_says_what_is_wrong_with_it_and_changes_nothing(
    run, db_path, tmp_path, damage, which
):
    for day in DAYS[:3]:
        add_on(run, day, day)
    source = {
        "2026-11-11": backups.folder_for(db_path) / "2026-11-11.json",
        "bak": backups.bak_for(db_path),
        "a file": tmp_path / "kept.json",
    }[which]
    damaged = DAMAGE[damage](db_path.read_bytes())
    fresh = source.with_name("fresh")
    fresh.write_bytes(damaged)
    os.replace(fresh, source)  # a new inode: the other links keep the sound version
    before = tree(db_path.parent)
    for command in (("--dry-run",), ("--yes",)):
        result = run("restore", str(source) if which == "a file" else which, *command)
        assert result.exit_code == 3, result.output
        line = one_error_line(result.stderr)
        assert "cannot be restored" in line and "nothing was changed" in line
        # no advice about backups of the backup, nor to run `journal restore` on it
        assert "no good backup" not in line and "brings it back" not in line
    assert tree(db_path.parent) == before


# --- a path with the home folder of a user who does not exist


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--db", "~no-such-user-d2/journal.json", "list"), {}),
        (("list",), {"JOURNAL_DB": "~no-such-user-d2/journal.json"}),
        (("add", "-q", "-u", "3", "-t", "stress", "x"), {"JOURNAL_DB": "~no-such-user-d2/j.json"}),
        (("restore", "~no-such-user-d2/journal.json", "--yes"), {}),
        (("restore", "~no-such-user-d2", "--dry-run"), {}),
    ],
)
def test_a_home_folder_that_cannot_be_found_is_one_line_and_exit_2(run, db_path, args, env):
    add_on(run, DAYS[0], "kept")
    before = tree(db_path.parent)
    result = journal(*args, **env)
    assert result.returncode == 2, result.stderr
    assert "~no-such-user-d2" in one_error_line(result.stderr)
    assert tree(db_path.parent) == before


# --- many restores within one second


def test_pruning_before_restore_backups_keeps_the_newest_even_within_one_second(run, db_path):
    for day in DAYS[:2]:
        add_on(run, day, day)
    kept_states = []
    for n in range(12):  # the clock is fixed: every restore is in the same second
        kept_states.append(db_path.read_bytes())
        result = run("restore", "--yes", "bak" if n % 2 == 0 else "2026-11-11")
        assert result.exit_code == 0, result.output
    names = sorted(p.name for p in backups.folder_for(db_path).glob("before-restore-*"))
    stem = "before-restore-2026-11-22T183000"
    assert names == sorted(f"{stem}-{n}.json" for n in range(6, 13))
    # each one is the journal as it stood before its own restore
    for n in range(6, 13):
        kept = backups.folder_for(db_path) / f"{stem}-{n}.json"
        assert kept.read_bytes() == kept_states[n - 1]
