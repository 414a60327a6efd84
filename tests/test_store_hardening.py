"""The journal file in odd places: symlinked, not a regular file, exported over, a counter
behind its ids, deep folders. Several run through the installed command, as a person would."""

from __future__ import annotations

import json
import os
import stat
import subprocess
from pathlib import Path

import pytest

from hostile_helpers import SPECIAL_KINDS, journal_command, make_special, tree
from journalcli import backups, index, store
from journalcli.model import Entry
from journalcli.store import Journal

NOW = "2026-11-22T18:30:00+01:00"


def installed(*args: str, db: Path, timeout: float = 20) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "JOURNAL_DB": str(db), "JOURNAL_NOW": NOW}
    return subprocess.run(
        [*journal_command(), *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=timeout,
        check=False,
    )


def one_error_line(result: subprocess.CompletedProcess[str]) -> str:
    [line] = result.stderr.splitlines()
    assert line.startswith("journal: error: ") and "Traceback" not in result.stderr
    return line


def entry(note: str = "") -> Entry:
    from datetime import datetime

    moment = datetime.fromisoformat(NOW)
    return Entry(when=moment, urge=4, triggers=("stress",), note=note, created=moment)


# --- a symlinked journal


def test_a_symlinked_journal_stays_a_link_and_its_files_live_beside_the_real_one(tmp_path):
    synced = tmp_path / "synced"
    synced.mkdir()
    real = synced / "journal.json"
    data = tmp_path / "data"
    data.mkdir()
    link = data / "journal.json"
    link.symlink_to(real)
    for note in ("one", "two", "three"):
        result = installed("add", "-q", "-u", "3", "-t", "stress", note, db=link)
        assert result.returncode == 0, result.stderr
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert [p.name for p in data.iterdir()] == ["journal.json"]  # nothing beside the link
    assert {p.name for p in synced.iterdir()} == {
        "journal.json",
        "journal.json.bak",
        "journal.json.idx",
        "journal.json.lock",
        "journal.json.backups",
    }
    assert [e.note for e in Journal(real).entries()] == ["one", "two", "three"]
    assert installed("edit", "1", "-u", "5", db=link).returncode == 0
    assert installed("delete", "2", "--yes", db=link).returncode == 0
    assert installed("restore", "bak", "--yes", db=link).returncode == 0
    assert link.is_symlink()
    assert [e.note for e in Journal(link).entries()] == ["one", "two", "three"]


def test_a_link_to_a_missing_folder_is_refused_and_nothing_is_created(tmp_path, run):
    link = tmp_path / "journal.json"
    link.symlink_to(tmp_path / "unmounted" / "journal.json")
    result = run("--db", str(link), "add", "-u", "3", "-t", "stress", "x")
    assert result.exit_code == 3
    assert "whose folder does not exist" in result.stderr
    assert not (tmp_path / "unmounted").exists()
    assert [p.name for p in tmp_path.iterdir()] == ["journal.json"]


def test_a_link_to_a_file_not_yet_there_starts_it_at_the_target(tmp_path, run):
    (tmp_path / "synced").mkdir()
    link = tmp_path / "journal.json"
    link.symlink_to(tmp_path / "synced" / "journal.json")
    assert run("--db", str(link), "add", "-u", "3", "-t", "stress", "x").exit_code == 0
    assert link.is_symlink() and (tmp_path / "synced" / "journal.json").is_file()


# --- anything that is not a regular file


@pytest.mark.parametrize("kind", SPECIAL_KINDS)
@pytest.mark.parametrize(
    "command",
    [
        ("add", "-u", "3", "-t", "stress", "x"),
        ("list",),
        ("summary",),
        ("info",),
        ("edit", "1", "-u", "2"),
        ("restore", "--yes"),
    ],
)
def test_a_journal_that_is_not_a_regular_file_is_refused_at_once(tmp_path, kind, command):
    folder = tmp_path / "data"
    folder.mkdir()
    path = folder / "journal.json"
    keep = make_special(kind, path, tmp_path)
    before = sorted(p.name for p in folder.iterdir())
    mode = os.lstat(path).st_mode
    result = installed(*command, db=path, timeout=15)  # a FIFO that blocked would time out
    assert result.returncode == 3, result
    line = one_error_line(result)
    assert any(why in line for why in ("not a journal file", "cannot read", "no good backup"))
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing created or renamed
    assert os.lstat(path).st_mode == mode
    del keep


# --- export -o onto the journal's own files


@pytest.mark.parametrize(
    "target",
    [
        "journal.json",
        "journal.json.bak",
        "journal.json.idx",
        "journal.json.lock",
        "journal.json.backups/2026-11-21.json",
        "journal.json.backups",
        "LINK",
        "HARDLINK",
        "RELATIVE",
    ],
)
def test_export_never_writes_over_the_journal_or_its_files(run, db_path, tmp_path, target):
    for day in ("2026-11-21T09:00:00+01:00", "2026-11-22T09:00:00+01:00"):
        result = run("add", "-q", "-u", "3", "-t", "stress", day, JOURNAL_NOW=day)
        assert result.exit_code == 0
    if target == "LINK":
        output = tmp_path / "elsewhere.md"
        output.symlink_to(db_path)
    elif target == "HARDLINK":
        output = tmp_path / "elsewhere.md"
        os.link(db_path, output)
    elif target == "RELATIVE":
        output = Path(os.path.relpath(db_path.parent / "journal.json.bak"))
    else:
        output = db_path.parent / target
    before = tree(db_path.parent)
    for force in ((), ("--force",)):
        result = run("export", "-f", "json", "-o", str(output), *force)
        assert result.exit_code == 2, result.output
        [line] = result.stderr.splitlines()
        assert "refusing to export over it" in line
    assert tree(db_path.parent) == before


def test_export_to_dash_writes_to_stdout(run, add, tmp_path, monkeypatch):
    add("-u", "3", "-t", "stress", "to stdout")
    monkeypatch.chdir(tmp_path)
    result = run("export", "-f", "json", "-o", "-")
    assert result.exit_code == 0
    assert json.loads(result.stdout)["entries"][0]["note"] == "to stdout"
    assert not (tmp_path / "-").exists()


# --- the next-id counter


def _write_with_counter(path: Path, ids: list[int], counter: int) -> None:
    docs = {str(i): entry(f"entry {i}").to_doc() for i in ids}
    data = {"entries": docs, "meta": {"1": {"schema": store.SCHEMA, "next_id": counter}}}
    path.parent.mkdir(parents=True, exist_ok=True)
    store._save(path, data)  # the index matches, so the next add splices


@pytest.mark.parametrize("counter", [0, 1, 3, 7, 8])
@pytest.mark.parametrize("with_index", [True, False])
def test_the_next_id_is_above_every_id_and_the_counter(db_path, counter, with_index):
    _write_with_counter(db_path, [1, 2, 7], counter)
    if not with_index:
        index.discard(db_path)
    added = Journal(db_path).add(entry("new"))
    assert added.id == max(8, counter)
    assert Journal(db_path).add(entry("newer")).id == max(8, counter) + 1
    ids = [e.id for e in Journal(db_path).entries()]
    assert sorted(ids) == [1, 2, 7, max(8, counter), max(8, counter) + 1]
    raw = json.loads(db_path.read_bytes())
    assert len(raw["entries"]) == 5
    assert raw["meta"]["1"]["next_id"] == max(8, counter) + 2


def test_an_import_after_a_counter_behind_its_ids_keeps_every_entry(db_path, run, tmp_path):
    _write_with_counter(db_path, [1, 2, 3], 1)
    other = tmp_path / "other" / "journal.json"
    assert run("--db", str(other), "add", "-u", "2", "-t", "stress", "imported").exit_code == 0
    export = tmp_path / "other.json"
    assert run("--db", str(other), "export", "-f", "json", "-o", str(export)).exit_code == 0
    result = run("import", str(export))
    assert result.exit_code == 0, result.output
    assert sorted(e.id for e in Journal(db_path).entries()) == [1, 2, 3, 4]


# --- folders


def test_every_folder_the_journal_creates_is_private(tmp_path, run):
    path = tmp_path / "a" / "b" / "c" / "journal.json"
    assert run("--db", str(path), "add", "-u", "3", "-t", "stress", "x").exit_code == 0
    for folder in (tmp_path / "a", tmp_path / "a" / "b", path.parent):
        assert stat.S_IMODE(folder.stat().st_mode) == 0o700, folder


def test_a_truncated_journal_through_the_installed_command(tmp_path):
    path = tmp_path / "journal.json"
    for note in ("one", "two", "three"):
        assert installed("add", "-q", "-u", "3", "-t", "stress", note, db=path).returncode == 0
    bak = backups.bak_for(path).read_bytes()
    with open(path, "w"):  # `: > journal.json`
        pass
    result = installed("add", "-u", "3", "-t", "stress", "four", db=path)
    assert result.returncode == 3
    assert "journal restore" in one_error_line(result)
    assert path.read_bytes() == b"" and backups.bak_for(path).read_bytes() == bak
    result = installed("restore", "--yes", db=path)
    assert result.returncode == 0, result.stderr
    assert [e.note for e in Journal(path).entries()] == ["one", "two"]
    assert backups.bak_for(path).read_bytes() == bak


@pytest.mark.parametrize(
    "body",
    [
        b'{"entries":{"1":%(a)s,"1":%(b)s},"meta":{"1":{"schema":1,"next_id":2}}}',
        b'{"entries":{"1":%(a)s,"2":%(b)s,"2":%(a)s},"meta":{"1":{"schema":1,"next_id":3}}}',
        b'{"entries":{"1":%(a)s},"challenges":{"1":{"week":"2026-W47"},"1":{"week":"2026-W48"}},'
        b'"meta":{"1":{"schema":1,"next_id":2}}}',
    ],
)
def test_two_records_under_one_id_are_refused_not_collapsed(db_path, run, body):
    doc = json.dumps(entry("x").to_doc()).encode()
    raw = body % {b"a": doc, b"b": doc.replace(b'"x"', b'"y"')}
    db_path.parent.mkdir()
    db_path.write_bytes(raw)
    for command in (("list",), ("add", "-u", "3", "-t", "stress", "z"), ("info",)):
        result = run(*command)
        assert result.exit_code == 3, (command, result.output)
        assert "two records under the key" in result.stderr
    assert db_path.read_bytes() == raw


def test_a_note_that_looks_like_a_key_is_not_a_repeated_record(db_path, run):
    result = run("add", "-u", "3", "-t", "stress", '"1":{"2":{ and "3": {')
    assert result.exit_code == 0
    index.discard(db_path)  # the whole-file path, where the count runs
    assert run("list").exit_code == 0
    assert run("add", "-u", "3", "-t", "stress", "more").exit_code == 0


@pytest.mark.parametrize(
    "tail",
    [
        b',"meta":{"1":{"schema":1,"next_id":2,"x":123456789012345678901234567890}}}',
        b',"challenges":{"1":{"week":"2026-W47","n":1e400}},"meta":{"1":{"schema":1,"next_id":2}}}',
        b',"meta":{"1":{"schema":1,"next_id":true}}}',
    ],
)
def test_a_change_through_the_index_never_rewrites_other_tables_it_cannot_read_back(
    db_path, run, tail
):
    assert run("add", "-u", "3", "-t", "stress", "one").exit_code == 0
    raw = db_path.read_bytes()
    old = index.read(db_path, index.signature(os.stat(db_path)))
    assert old is not None
    damaged = raw[: old.end + 1] + tail
    db_path.write_bytes(damaged)
    index.write(db_path, old, index.signature(os.stat(db_path)))  # the index trusts it
    result = run("add", "-u", "4", "-t", "stress", "two")
    if result.exit_code == 0:  # only when every byte of the other tables was kept
        assert db_path.read_bytes().endswith(tail)
    else:
        assert result.exit_code == 3
        assert db_path.read_bytes() == damaged


@pytest.mark.parametrize(
    "number", [b"123456789012345678901234567890", b"18446744073709551616", b"-9223372036854775809"]
)
def test_a_number_too_long_to_keep_exactly_is_refused_not_rounded(db_path, run, number):
    assert run("add", "-u", "3", "-t", "stress", "one").exit_code == 0
    raw = db_path.read_bytes().replace(b'"next_id":2', b'"next_id":2,"x":' + number)
    db_path.write_bytes(raw)
    for command in (("list",), ("add", "-u", "3", "-t", "stress", "two"), ("info",)):
        result = run(*command)
        assert result.exit_code == 3, (command, result.output)
        assert "too long to keep exactly" in result.stderr
    assert db_path.read_bytes() == raw


def test_long_digit_runs_in_a_note_are_kept(db_path, run):
    note = "card 1234567890123456789012 and 99999999999999999999"
    assert run("add", "-u", "3", "-t", "stress", note).exit_code == 0
    index.discard(db_path)
    assert run("add", "-u", "3", "-t", "stress", "two").exit_code == 0
    assert [e.note for e in Journal(db_path).entries()] == [note, "two"]


@pytest.mark.parametrize("command", [("list",), ("info",), ("summary",), ("status",), ()])
def test_a_link_into_a_missing_folder_is_not_read_as_an_empty_journal(tmp_path, run, command):
    link = tmp_path / "journal.json"
    link.symlink_to(tmp_path / "unmounted" / "journal.json")
    result = run("--db", str(link), *command)
    assert result.exit_code == 3, result.output
    assert "whose folder does not exist" in result.stderr
    assert [p.name for p in tmp_path.iterdir()] == ["journal.json"]


@pytest.mark.parametrize("state", ["empty", "missing with backups"])
def test_a_change_that_is_refused_makes_no_lock_file(run, db_path, state):
    for note in ("one", "two"):
        assert run("add", "-u", "3", "-t", "stress", note).exit_code == 0
    db_path.with_name("journal.json.lock").unlink()
    if state == "empty":
        db_path.write_bytes(b"")
    else:
        db_path.unlink()
    before = tree(db_path.parent)
    for command in (("add", "-u", "3", "-t", "stress", "x"), ("edit", "1", "-u", "4")):
        assert run(*command).exit_code == 3
    assert tree(db_path.parent) == before
    assert not db_path.with_name("journal.json.lock").exists()
