"""Backups by the day, `journal backups` and `journal restore`: no change loses a version."""

from __future__ import annotations

import errno
import json
import os
import stat
from pathlib import Path

import pytest

from hostile_helpers import tree
from journalcli import backups, store
from journalcli.errors import StorageError
from journalcli.store import Journal

DAYS = [f"2026-11-{day:02d}T09:00:00+01:00" for day in range(10, 23)]


def add_on(run, day: str, note: str, *extra: str):
    result = run(
        "add", "-q", "-u", "5", "-t", "stress", "-r", "stayed", note, *extra, JOURNAL_NOW=day
    )
    assert result.exit_code == 0, result.output
    return result


def notes(path: Path) -> list[str]:
    return [entry.note for entry in Journal(path).entries()]


def test_the_first_change_of_each_day_keeps_the_journal_as_it_stood(run, db_path):
    add_on(run, DAYS[0], "monday")
    assert not backups.folder_for(db_path).exists()  # nothing to keep before the first entry
    add_on(run, DAYS[1], "tuesday one")
    add_on(run, DAYS[1], "tuesday two")
    add_on(run, DAYS[2], "wednesday")
    folder = backups.folder_for(db_path)
    assert sorted(p.name for p in folder.iterdir()) == ["2026-11-11.json", "2026-11-12.json"]
    assert notes(folder / "2026-11-11.json") == ["monday"]  # before Tuesday's first change
    assert notes(folder / "2026-11-12.json") == ["monday", "tuesday one", "tuesday two"]
    assert notes(backups.bak_for(db_path)) == ["monday", "tuesday one", "tuesday two"]


def test_a_generation_is_a_hard_link_not_a_copy(run, db_path):
    add_on(run, DAYS[0], "one")
    before = os.stat(db_path).st_ino
    add_on(run, DAYS[1], "two")
    daily = backups.folder_for(db_path) / "2026-11-11.json"
    assert os.stat(daily).st_ino == before == os.stat(backups.bak_for(db_path)).st_ino
    assert os.stat(db_path).st_ino != before


def test_only_the_last_seven_days_with_changes_are_kept(run, db_path):
    for day in DAYS:
        add_on(run, day, day)
    kept = sorted(p.name for p in backups.folder_for(db_path).iterdir())
    assert kept == [f"2026-11-{day}.json" for day in range(16, 23)]
    assert notes(backups.folder_for(db_path) / "2026-11-16.json") == DAYS[:6]


def test_the_backups_folder_is_private_and_belongs_to_one_journal(run, tmp_path):
    folder = tmp_path / "shared"
    for name in ("a.json", "b.json"):
        for day in DAYS[:2]:
            result = run(
                "--db",
                str(folder / name),
                "add",
                "-q",
                "-u",
                "2",
                "-t",
                "stress",
                name,
                JOURNAL_NOW=day,
            )
            assert result.exit_code == 0, result.output
    assert stat.S_IMODE(os.stat(folder / "a.json.backups").st_mode) == 0o700
    assert [p.name for p in (folder / "b.json.backups").iterdir()] == ["2026-11-11.json"]
    for daily in (folder / "a.json.backups").iterdir():
        assert stat.S_IMODE(os.stat(daily).st_mode) == 0o600
        assert notes(daily) == ["a.json"]


def test_a_change_that_fails_takes_back_the_day_backup_it_made(run, db_path, monkeypatch):
    add_on(run, DAYS[0], "kept")
    before = tree(db_path.parent)

    def fail(*args: object) -> None:
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    monkeypatch.setattr(os, "replace", fail)
    result = run("add", "-u", "3", "-t", "stress", "lost", JOURNAL_NOW=DAYS[1])
    assert result.exit_code == 3
    monkeypatch.undo()
    assert tree(db_path.parent) == before
    assert not (backups.folder_for(db_path) / "2026-11-11.json").exists()


# --- journal backups


def test_backups_lists_each_generation_newest_first(run, db_path):
    for day in DAYS[:3]:
        add_on(run, day, day)
    result = run("backups", "--json")
    assert result.exit_code == 0
    listed = json.loads(result.stdout)
    assert listed[0]["label"] == "bak"
    assert {item["label"] for item in listed} == {"bak", "2026-11-11", "2026-11-12"}
    assert set(listed[0]) == {"label", "path", "written", "entries", "size", "damaged"}
    by_label = {item["label"]: item for item in listed}
    assert by_label["2026-11-11"]["entries"] == 1 and by_label["bak"]["entries"] == 2
    assert all(item["damaged"] is None for item in listed)
    text = run("backups").stdout
    assert "2026-11-11" in text and "1 entry" in text and "2 entries" in text


def test_backups_marks_a_damaged_generation(run, db_path):
    for day in DAYS[:3]:
        add_on(run, day, day)
    daily = backups.folder_for(db_path) / "2026-11-11.json"
    replacement = daily.with_name("x")
    replacement.write_bytes(b'{"entries": {"1": ')
    os.replace(replacement, daily)  # a new inode: the journal's other links stay whole
    listed = {item["label"]: item for item in json.loads(run("backups", "--json").stdout)}
    assert listed["2026-11-11"]["entries"] is None
    assert "not valid JSON" in listed["2026-11-11"]["damaged"]
    assert "DAMAGED" in run("backups").stdout


def test_backups_of_a_journal_with_none(run):
    result = run("backups")
    assert result.exit_code == 0
    assert "No backups" in result.stdout
    assert json.loads(run("backups", "--json").stdout) == []


# --- a truncated journal


@pytest.mark.parametrize("blank", [b"", b"\n", b"  \t\r\n  "])
@pytest.mark.parametrize(
    "command",
    [
        ("add", "-u", "4", "-t", "stress", "new"),
        ("list",),
        ("show", "1"),
        ("summary",),
        ("trends",),
        ("week",),
        ("edit", "1", "-u", "2"),
        ("delete", "1", "--yes"),
        ("export", "--format", "json"),
        ("challenge",),
    ],
)
def test_a_truncated_journal_is_refused_and_nothing_is_written(run, db_path, blank, command):
    for day in DAYS[:3]:
        add_on(run, day, day)
    db_path.write_bytes(blank)  # in place, like `: > journal.json`
    before = tree(db_path.parent)
    result = run(*command, JOURNAL_NOW=DAYS[4])
    assert result.exit_code == 3, result.output
    [line] = result.stderr.splitlines()
    assert str(db_path) in line and "damaged" in line
    assert "newest good backup is bak (2 entries" in line and "journal restore" in line
    assert tree(db_path.parent) == before


def test_a_truncated_journal_can_still_be_inspected_and_restored(run, db_path):
    for day in DAYS[:3]:
        add_on(run, day, day)
    bak = backups.bak_for(db_path).read_bytes()
    db_path.write_bytes(b"")
    assert run("backups").exit_code == 0
    info = run("info")
    assert info.exit_code == 3
    assert "journal restore" in info.output and "bak" in info.output
    result = run("restore", "--yes")
    assert result.exit_code == 0, result.output
    assert notes(db_path) == DAYS[:2]
    assert backups.bak_for(db_path).read_bytes() == bak  # the .bak is never overwritten by it


# --- a missing journal that had backups


@pytest.mark.parametrize("keep", ["bak", "folder", "both"])
def test_a_missing_journal_with_backups_is_not_started_afresh(run, db_path, keep):
    for day in DAYS[:3]:
        add_on(run, day, day)
    db_path.unlink()
    if keep == "bak":
        for daily in backups.folder_for(db_path).iterdir():
            daily.unlink()
    if keep == "folder":
        backups.bak_for(db_path).unlink()
    before = tree(db_path.parent)
    for command in (("add", "-u", "3", "-t", "stress", "x"), ("list",), ("edit", "1", "-u", "3")):
        result = run(*command)
        assert result.exit_code == 3, (command, result.output)
        [line] = result.stderr.splitlines()
        assert "is missing" in line and "journal restore" in line and "aside" in line
    assert tree(db_path.parent) == before
    assert not db_path.exists()


def test_moving_the_backups_aside_starts_a_new_journal_on_purpose(run, db_path):
    for day in DAYS[:2]:
        add_on(run, day, day)
    db_path.unlink()
    aside = db_path.parent / "old"
    aside.mkdir()
    for path in (backups.bak_for(db_path), backups.folder_for(db_path)):
        path.rename(aside / path.name)
    assert run("add", "-u", "3", "-t", "stress", "fresh").exit_code == 0
    assert notes(db_path) == ["fresh"]


# --- journal restore


def test_restore_round_trip_and_undo(run, db_path):
    for day in DAYS[:4]:
        add_on(run, day, day)
    assert run("delete", "1", "--yes", JOURNAL_NOW=DAYS[4]).exit_code == 0
    current = db_path.read_bytes()
    dry = run("restore", "2026-11-13", "--dry-run", JOURNAL_NOW=DAYS[4])
    assert dry.exit_code == 0
    assert "from 3 entries to 3 entries" in dry.stdout and "Nothing was written" in dry.stdout
    assert db_path.read_bytes() == current
    result = run("restore", "2026-11-14", "--yes", JOURNAL_NOW=DAYS[4])
    assert result.exit_code == 0, result.output
    assert notes(db_path) == DAYS[:4]
    kept = [p.name for p in backups.folder_for(db_path).iterdir() if "before-restore" in p.name]
    assert kept == ["before-restore-2026-11-14T090000.json"]
    undo = run("restore", "before-restore-2026-11-14T090000", "--yes", JOURNAL_NOW=DAYS[4])
    assert undo.exit_code == 0, undo.output
    assert notes(db_path) == DAYS[1:4]
    assert run("add", "-u", "2", "-t", "stress", "after").exit_code == 0  # usable as ever


def test_restore_asks_first_and_no_changes_nothing(run, db_path):
    for day in DAYS[:3]:
        add_on(run, day, day)
    before = tree(db_path.parent)
    result = run("restore", "bak", input="n\n")
    assert result.exit_code == 1
    assert "Go ahead?" in result.output
    assert tree(db_path.parent) == before


def test_restore_by_default_takes_the_newest_good_backup(run, db_path):
    for day in DAYS[:4]:
        add_on(run, day, day)
    bak = backups.bak_for(db_path)
    broken = bak.with_name("broken")
    broken.write_text('{"entries": {"1": {"uid": 5}}, "meta": {"1": {"schema": 1, "next_id": 2}}}')
    os.replace(broken, bak)
    result = run("restore", "--yes")
    assert result.exit_code == 0, result.output
    assert "Restored 2026-11-13" in result.stdout  # the same version the .bak held
    assert notes(db_path) == DAYS[:3]


def test_restore_from_a_file(run, db_path, tmp_path):
    for day in DAYS[:3]:
        add_on(run, day, day)
    copy = tmp_path / "copy.json"
    copy.write_bytes(db_path.read_bytes())
    assert run("delete", "1", "--yes").exit_code == 0
    result = run("restore", str(copy), "--yes")
    assert result.exit_code == 0, result.output
    assert notes(db_path) == DAYS[:3]
    assert copy.read_bytes()  # the source is read, never moved


@pytest.mark.parametrize(
    ("which", "code", "message"),
    [
        ("2026-01-01", 2, "neither a kept backup nor a file"),
        ("nonsense", 2, "neither a kept backup nor a file"),
        ("JOURNAL", 2, "is this journal itself"),
        ("DAMAGED", 3, "not valid JSON"),
        ("EMPTY", 3, "empty"),
        ("FOLDER", 3, "is a folder"),
    ],
)
def test_restore_refuses_what_cannot_be_restored(run, db_path, tmp_path, which, code, message):
    for day in DAYS[:2]:
        add_on(run, day, day)
    (tmp_path / "damaged.json").write_text('{"entries": {')
    (tmp_path / "empty.json").write_text("")
    (tmp_path / "folder").mkdir()
    which = {
        "JOURNAL": str(db_path),
        "DAMAGED": str(tmp_path / "damaged.json"),
        "EMPTY": str(tmp_path / "empty.json"),
        "FOLDER": str(tmp_path / "folder"),
    }.get(which, which)
    before = tree(db_path.parent)
    result = run("restore", which, "--yes")
    assert result.exit_code == code, result.output
    [line] = result.stderr.splitlines()
    assert message in line
    assert tree(db_path.parent) == before


def test_restore_with_no_backup_at_all(run, db_path):
    add_on(run, DAYS[0], "only")
    result = run("restore", "--yes")
    assert result.exit_code == 3
    assert "no good backup" in result.stderr


def test_a_restored_journal_is_a_copy_not_a_link_to_its_backup(run, db_path):
    for day in DAYS[:3]:
        add_on(run, day, day)
    assert run("restore", "bak", "--yes").exit_code == 0
    assert os.stat(db_path).st_ino != os.stat(backups.bak_for(db_path)).st_ino
    db_path.write_bytes(b"")  # a later truncation in place leaves the backup whole
    assert notes(backups.bak_for(db_path)) == DAYS[:2]


def test_restore_core_keeps_nothing_when_the_journal_was_empty(db_path, run):
    for day in DAYS[:3]:
        add_on(run, day, day)
    db_path.write_bytes(b"\n")
    journal = Journal(db_path)
    plan = journal.plan_restore("bak")
    assert plan.before is None and plan.state.startswith("damaged")
    assert journal.restore(plan) is None
    assert notes(db_path) == DAYS[:2]
    with pytest.raises(StorageError):
        store.verify(db_path.with_name("nothing.json"))


def test_a_generation_left_half_made_by_a_killed_writer_is_swept(run, db_path):
    for day in DAYS[:2]:
        add_on(run, day, day)
    stale = backups.folder_for(db_path) / ".2026-11-12.json.4242.tmp"
    os.link(db_path, stale)
    add_on(run, DAYS[2], "next")
    assert not stale.exists()
    assert sorted(p.name for p in backups.folder_for(db_path).iterdir()) == [
        "2026-11-11.json",
        "2026-11-12.json",
    ]


@pytest.mark.parametrize("damage", ["empty", "missing", "not json", "record", "folder"])
def test_info_on_a_damaged_or_missing_journal_names_the_newest_good_backup(run, db_path, damage):
    for day in DAYS[:3]:
        add_on(run, day, day)
    if damage == "empty":
        db_path.write_bytes(b"")
    elif damage == "missing":
        db_path.unlink()
    elif damage == "not json":
        db_path.write_bytes(b'{"entries": {"1": {')
    elif damage == "folder":
        db_path.unlink()
        db_path.mkdir()
    else:
        data = json.loads(db_path.read_bytes())
        data["entries"]["2"]["urge"] = "5"
        db_path.write_text(json.dumps(data))
    result = run("info")
    assert result.exit_code == 3
    assert "newest good is bak (2 entries" in result.stdout
    assert "journal restore" in result.stdout
    assert result.stderr.startswith("journal: error: ")
    facts = json.loads(run("info", "--json").stdout)
    assert facts["damaged"]
    assert facts["newest_good_backup"]["label"] == "bak"
    assert facts["newest_good_backup"]["entries"] == 2


def test_info_with_damage_and_no_backup_says_so(run, db_path):
    add_on(run, DAYS[0], "only")
    db_path.write_bytes(b"[]")
    result = run("info")
    assert result.exit_code == 3
    assert "backup:   none good is kept" in result.stdout
    assert json.loads(run("info", "--json").stdout)["newest_good_backup"] is None
