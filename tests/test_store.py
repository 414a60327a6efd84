"""The journal file: atomic writes, backup, modes, schema, refusing damaged files, disk full."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import stat
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

import pytest
from tinydb import TinyDB

from journalcli import store
from journalcli.errors import NotFoundError, StorageError
from journalcli.model import Entry
from journalcli.store import Journal

WHEN = datetime.fromisoformat("2026-11-22T18:00:00+01:00")


def entry(note: str = "", minutes: int = 0) -> Entry:
    return Entry(when=WHEN - timedelta(minutes=minutes), urge=5, triggers=("stress",), note=note)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def umask() -> Iterator[None]:
    old = os.umask(0o022)  # a common default, which would give 0755 / 0644
    yield
    os.umask(old)


def test_folder_0700_and_files_0600(tmp_path, umask):
    path = tmp_path / "new" / "journalcli" / "journal.json"
    Journal(path).add(entry("one"))
    Journal(path).add(entry("two"))
    assert mode(path.parent) == 0o700
    for name in ("journal.json", "journal.json.bak", "journal.json.idx", "journal.json.lock"):
        assert mode(path.parent / name) == 0o600, name


def test_a_folder_created_by_another_process_meanwhile_is_fine(db_path, monkeypatch):
    db_path.parent.mkdir()
    exists = Path.exists
    monkeypatch.setattr(Path, "exists", lambda p: p != db_path.parent and exists(p))
    store._ensure_folder(db_path)  # it "was missing" a moment ago, then another made it


def test_a_journal_written_by_others_becomes_private_on_the_next_write(db_path, umask):
    db_path.parent.mkdir()
    db_path.write_text("{}")
    db_path.chmod(0o644)
    Journal(db_path).add(entry())
    assert mode(db_path) == 0o600


def test_plain_tinydb_opens_the_file(db_path):
    saved = Journal(db_path).add(entry("hello"))
    before = db_path.read_bytes()
    with TinyDB(db_path) as db:
        assert db.table("meta").get(doc_id=1)["schema"] == store.SCHEMA
        [doc] = db.table("entries").all()
        assert doc.doc_id == saved.id
        assert doc["note"] == "hello"
        assert doc["uid"] == saved.uid
    assert db_path.read_bytes() == before


def test_a_file_from_plain_tinydb_is_read_and_its_tables_kept(db_path):
    db_path.parent.mkdir()
    with TinyDB(db_path) as db:
        db.insert({"kept": True})
    Journal(db_path).add(entry())
    data = json.loads(db_path.read_bytes())
    assert data["_default"] == {"1": {"kept": True}}
    assert data["meta"]["1"]["schema"] == store.SCHEMA


def test_each_write_keeps_the_previous_version_as_bak(db_path):
    journal = Journal(db_path)
    journal.add(entry("one"))
    first = db_path.read_bytes()
    journal.add(entry("two"))
    assert db_path.with_name("journal.json.bak").read_bytes() == first
    assert len(Journal(db_path).entries()) == 2


def test_stale_temp_files_are_cleaned_up_and_others_left(db_path):
    Journal(db_path).add(entry())
    folder = db_path.parent
    stale = [folder / ".journal.json.k2j4h1.tmp", folder / ".journal.json.bak.4242.tmp"]
    for path in stale:
        path.write_text("half a file")
    unrelated = folder / "notes.tmp"
    unrelated.write_text("mine")
    Journal(db_path).add(entry())
    assert not any(path.exists() for path in stale)
    assert unrelated.read_text() == "mine"
    assert sorted(p.name for p in folder.iterdir()) == [
        "journal.json",
        "journal.json.backups",
        "journal.json.bak",
        "journal.json.idx",
        "journal.json.lock",
        "notes.tmp",
    ]


def test_after_a_kill_between_the_two_renames_no_staging_file_is_left(db_path):
    Journal(db_path).add(entry("one"))
    backup = db_path.with_name("journal.json.bak")
    backup.unlink(missing_ok=True)
    os.link(db_path, backup)  # the backup already is the journal, as after such a kill
    Journal(db_path).add(entry("two"))
    assert sorted(p.name for p in db_path.parent.iterdir()) == [
        "journal.json",
        "journal.json.backups",
        "journal.json.bak",
        "journal.json.idx",
        "journal.json.lock",
    ]
    assert [e.note for e in Journal(backup).entries()] == ["one"]


def test_a_missing_file_is_an_empty_journal(db_path):
    assert Journal(db_path).entries() == []
    assert not db_path.parent.exists()  # reading creates nothing
    assert Journal(db_path).add(entry()).id == 1


@pytest.mark.parametrize("blank", [b"", b"  \n", b"\n\n\t\r\n"])
def test_an_empty_or_blank_file_is_damage_not_an_empty_journal(db_path, blank):
    db_path.parent.mkdir()
    db_path.write_bytes(blank)
    with pytest.raises(StorageError, match="damaged"):
        Journal(db_path).entries()
    with pytest.raises(StorageError, match="damaged"):
        Journal(db_path).add(entry())
    assert db_path.read_bytes() == blank
    assert sorted(p.name for p in db_path.parent.iterdir() if p.suffix != ".lock") == [
        "journal.json"
    ]


def test_ids_are_never_reused(db_path):
    journal = Journal(db_path)
    ids = [journal.add(entry(str(n))).id for n in range(3)]
    assert ids == [1, 2, 3]
    journal.delete(3)
    assert journal.add(entry()).id == 4
    for entry_id in (1, 2, 4):
        journal.delete(entry_id)
    assert Journal(db_path).entries() == []
    assert [e.id for e in journal.add_many([entry(), entry()])] == [5, 6]


def test_entries_oldest_first_get_replace_delete(db_path):
    journal = Journal(db_path)
    late, early = journal.add(entry("late")), journal.add(entry("early", minutes=60))
    assert [e.note for e in journal.entries()] == ["early", "late"]
    changed = journal.replace(late.id, lambda e: e.with_changes(note="changed"))
    assert Journal(db_path).get(late.id) == changed
    assert Journal(db_path).get(early.id) == early
    assert journal.delete(early.id) == early
    for action in (
        lambda: journal.get(early.id),
        lambda: journal.delete(early.id),
        lambda: journal.replace(early.id, lambda e: e),
    ):
        with pytest.raises(NotFoundError, match=f"no entry with id {early.id}"):
            action()


def test_a_failed_transaction_writes_nothing(db_path):
    journal = Journal(db_path)
    journal.add(entry())
    before = db_path.read_bytes()
    with pytest.raises(RuntimeError), journal.transaction() as db:
        db.table("entries").truncate()
        raise RuntimeError("changed my mind")
    assert db_path.read_bytes() == before


# --- damaged files: refused, named, left alone, and never written over later

DAMAGED = {
    "not JSON": (b'{"entries": {"1": ', "is not valid JSON"),
    "not UTF-8": (b"\xff\xfe{}", "is not valid JSON"),
    "a list": (b"[]", "is not a TinyDB journal"),
    "a table that is a list": (b'{"entries": []}', "is not a TinyDB journal"),
    "ids that are not numbers": (
        b'{"meta": {"1": {"schema": 1, "next_id": 2}}, "entries": {"x": {}}}',
        "not a set of numbered documents",
    ),
    "no schema": (b'{"entries": {"1": {"note": "hi"}}}', "no schema version"),
    "newer schema": (
        b'{"meta": {"1": {"schema": 99, "next_id": 1}}, "entries": {}}',
        "newer journal (schema 99",
    ),
    "bad schema": (b'{"meta": {"1": {"schema": "one"}}}', "unreadable schema version"),
    "no id counter": (b'{"meta": {"1": {"schema": 1}}}', "no readable id counter"),
}


@pytest.fixture(params=DAMAGED, ids=list(DAMAGED))
def damaged(request, db_path) -> tuple[bytes, str]:
    content, why = DAMAGED[request.param]
    db_path.parent.mkdir()
    db_path.write_bytes(content)
    return content, why


def test_a_damaged_file_is_refused_by_the_core(damaged, db_path):
    content, why = damaged
    for action in (
        lambda: Journal(db_path).entries(),
        lambda: Journal(db_path).add(entry()),
        lambda: Journal(db_path).add(entry()),  # later writes refuse too
    ):
        with pytest.raises(StorageError, match=re.escape(why)) as caught:
            action()
        assert str(db_path) in str(caught.value)
    assert db_path.read_bytes() == content
    assert sorted(p.name for p in db_path.parent.iterdir()) == ["journal.json", "journal.json.lock"]


@pytest.mark.parametrize(
    "args",
    [
        ("list",),
        ("info",),
        ("show", "1"),
        ("add", "-u", "3", "-t", "stress"),
        ("edit", "1", "-u", "4"),
        ("delete", "1", "--yes"),
    ],
)
def test_a_damaged_file_is_refused_by_every_command(damaged, db_path, run, args):
    content, why = damaged
    for _ in range(2):
        result = run(*args)
        assert result.exit_code == 3
        if args == ("info",):  # info still says what it can, and where to turn
            assert "damaged:" in result.stdout and "backup:" in result.stdout
        else:
            assert result.stdout == ""
        [line] = result.stderr.splitlines()
        assert str(db_path) in line and why in line and "untouched" in line
    assert db_path.read_bytes() == content
    assert not db_path.with_name("journal.json.bak").exists()


@pytest.mark.parametrize(
    "damage",
    [
        lambda doc: doc.pop("when"),
        lambda doc: doc.update(when="yesterday"),
        lambda doc: doc.update(when="2026-11-22T18:00:00"),  # no offset: cannot be sorted
        lambda doc: doc.update(triggers=5),
    ],
)
def test_a_damaged_entry_is_an_error_that_names_it(db_path, run, damage):
    Journal(db_path).add(entry())
    Journal(db_path).add(entry())
    data = json.loads(db_path.read_bytes())
    damage(data["entries"]["2"])
    db_path.write_text(json.dumps(data))
    for args in (("list",), ("show", "2"), ("info",)):
        result = run(*args)
        assert result.exit_code == 3
        [line] = result.stderr.splitlines()
        assert str(db_path) in line and "entry 2 is damaged" in line


def test_a_folder_in_place_of_the_file_is_refused(db_path, run):
    db_path.mkdir(parents=True)
    result = run("list")
    assert result.exit_code == 3
    assert "is a folder" in result.stderr


# --- a full disk and other write failures leave the journal as it was


def _fail(code: int):
    def fail(*args: object, **kwargs: object) -> None:
        raise OSError(code, os.strerror(code))

    return fail


@pytest.mark.parametrize(
    ("function", "code", "message"),
    [
        ("fsync", errno.ENOSPC, "disk full; nothing was saved"),
        ("fsync", errno.EDQUOT, "disk full; nothing was saved"),
        ("replace", errno.EIO, "could not save (Input/output error)"),
    ],
)
def test_a_failed_write_changes_nothing(db_path, run, monkeypatch, function, code, message):
    Journal(db_path).add(entry("kept"))
    Journal(db_path).add(entry("kept too"))
    files = {p: p.read_bytes() for p in db_path.parent.rglob("*") if p.is_file()}
    monkeypatch.setattr(os, function, _fail(code))
    with pytest.raises(StorageError, match="unchanged"):
        Journal(db_path).add(entry("lost"))
    result = run("add", "-u", "3", "-t", "stress", "lost")
    assert result.exit_code == 3
    [line] = result.stderr.splitlines()
    assert message in line and str(db_path) in line
    monkeypatch.undo()
    assert {p: p.read_bytes() for p in db_path.parent.rglob("*") if p.is_file()} == files
    assert [e.note for e in Journal(db_path).entries()] == ["kept", "kept too"]


def test_a_folder_that_cannot_be_fsynced_does_not_turn_a_save_into_an_error(db_path, monkeypatch):
    monkeypatch.setattr(store, "_fsync_dir", _fail(errno.EINVAL))
    saved = Journal(db_path).add(entry("saved"))
    assert Journal(db_path).get(saved.id) == saved


def test_without_hard_links_the_backup_is_a_copy(db_path, monkeypatch):
    Journal(db_path).add(entry("one"))
    first = db_path.read_bytes()
    monkeypatch.setattr(os, "link", _fail(errno.EPERM))
    Journal(db_path).add(entry("two"))
    assert db_path.with_name("journal.json.bak").read_bytes() == first
    assert db_path.with_name("journal.json.bak").stat().st_ino != db_path.stat().st_ino


def test_a_lock_held_too_long_is_a_clear_error(db_path):
    Journal(db_path).add(entry())
    fd = os.open(db_path.with_name("journal.json.lock"), os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        with pytest.raises(StorageError, match="held the lock"), store._locked(db_path, 0.05):
            pass
    finally:
        os.close(fd)
    with store._locked(db_path, 0.05):
        pass


def test_migrations_run_on_read_and_are_saved_on_the_next_write(db_path, monkeypatch):
    Journal(db_path).add(entry("old"))
    before = db_path.read_bytes()

    current = store.SCHEMA

    def to_next(data: store.Data) -> store.Data:
        for doc in data["entries"].values():
            doc["note"] = doc["note"].upper()
        return data

    monkeypatch.setattr(store, "SCHEMA", current + 1)
    monkeypatch.setitem(store.MIGRATIONS, current, to_next)
    assert Journal(db_path).schema() == current + 1
    assert [e.note for e in Journal(db_path).entries()] == ["OLD"]
    assert db_path.read_bytes() == before  # reading never writes
    Journal(db_path).add(entry("new"))
    assert json.loads(db_path.read_bytes())["meta"]["1"]["schema"] == current + 1
    assert [e.note for e in Journal(db_path).entries()] == ["OLD", "new"]


def test_resolve_path_order(tmp_path, monkeypatch):
    monkeypatch.setenv("JOURNAL_DB", str(tmp_path / "env.json"))
    assert store.resolve_path(tmp_path / "opt.json") == tmp_path / "opt.json"
    assert store.resolve_path(None) == tmp_path / "env.json"
    monkeypatch.delenv("JOURNAL_DB")
    assert store.resolve_path(None) == store.default_path()
    assert store.default_path().parts[-2:] == ("journalcli", "journal.json")
