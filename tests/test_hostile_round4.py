"""Hostile round 4: the plain views, dirs.py, the prompt cache, the calendar from index
columns and the merged write path, attacked after they landed."""

from __future__ import annotations

import json
import os
import threading
from datetime import date
from pathlib import Path
from uuid import UUID

import pytest

import test_prompt_cache as prompt_cache
from journalcli import content

# --- the prompt cache: anything in the cache folder named like a copy is never trusted blindly

cache = prompt_cache.cache  # the fixture: a cache folder of the test's own
fresh = prompt_cache.fresh


def kept(cache: Path, kind: str) -> Path:
    (path,) = cache.glob(f"{kind}-*.json")
    return path


WRONG_SHAPES = [
    ("triggers", {"stress": {"description": 5, "group": ["x"], "challenge": None}}),
    ("triggers", {"other": {"description": "d", "group": "nowhere", "challenge": "c"}}),
    ("triggers", {"other": {"description": "d", "group": "other"}}),  # challenge missing
    ("triggers", {"stress": {"description": "d", "group": "threat", "challenge": "c"}}),
    ("safety", {"signpost": {"phrases": "not a list"}}),
    ("emotions", {"tense": {"energy": "high", "pleasantness": 9}}),
    ("steps", {"Not An Id": {"title": "t", "summary": "s", "actions": ["a", "b"]}}),
    ("notices", {"disclaimer": {"text": "x", "extra": 1}}),
]


@pytest.mark.parametrize(("kind", "items"), WRONG_SHAPES)
def test_a_copy_of_the_wrong_shape_is_not_served(cache, kind, items):
    """A copy that parses as JSON, a dict of dicts, but would never pass the file's own
    check (another version's copy, a damaged or planted one) is parsed again, not served:
    served, `summary` ended in a TypeError traceback."""
    parsed = fresh(kind)
    path = kept(cache, kind)
    path.write_text(json.dumps(items))
    assert fresh(kind) == parsed
    assert json.loads(path.read_bytes()) == parsed  # and made again


def test_a_planted_triggers_copy_crashes_no_command(cache, add, run):
    add("-u", "7", "-t", "stress", "-r", "withdrew", "a note")
    fresh("triggers")
    kept(cache, "triggers").write_text(json.dumps(WRONG_SHAPES[0][1]))
    content.load_builtin.cache_clear()
    content.load.cache_clear()
    for args in (("summary",), ("summary", "--json"), ("guide", "triggers")):
        result = run(*args)
        assert result.exit_code == 0, result.output
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_a_copy_is_never_read_through_a_link(cache, tmp_path, db_path, add):
    """A link named like a copy (to a dict of dicts: the journal itself) is not a copy."""
    add("-u", "4", "-t", "stress", "a note")
    parsed = fresh("behaviors")
    path = kept(cache, "behaviors")
    elsewhere = tmp_path / "elsewhere.json"
    elsewhere.write_bytes(path.read_bytes().replace(b"silence", b"SILENCE"))
    path.unlink()
    path.symlink_to(elsewhere)
    assert fresh("behaviors") == parsed
    assert not path.is_symlink()
    assert b"SILENCE" in elsewhere.read_bytes()  # the link's target is left alone


def test_a_fifo_named_like_a_copy_does_not_hang_a_command(cache):
    parsed = fresh("readings")
    path = kept(cache, "readings")
    path.unlink()
    os.mkfifo(path)
    got: list[object] = []
    reader = threading.Thread(target=lambda: got.append(fresh("readings")), daemon=True)
    reader.start()
    reader.join(60)  # a guard against a hang, not a measure: it returns at once or never
    stuck = reader.is_alive()
    if stuck:  # blocked in open(): release it before failing
        fd = os.open(path, os.O_WRONLY | os.O_NONBLOCK)
        os.close(fd)
        reader.join()
    assert not stuck, "reading the cache blocked on a FIFO"
    assert got == [parsed]


def test_the_temporary_copy_is_never_written_through_a_planted_link(cache, tmp_path):
    """_keep's temporary name is predictable (the pid): a link planted there must not make
    it write over the link's target."""
    fresh("topics")
    path = kept(cache, "topics")
    path.unlink()
    victim = tmp_path / "victim.txt"
    victim.write_text("the user's own words")
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.symlink_to(victim)
    fresh("topics")
    assert victim.read_text() == "the user's own words"
    assert path.is_file() and not path.is_symlink()


@pytest.mark.parametrize("value", ["~no-such-user-here/cache", "~no-such-user-here"])
def test_a_cache_folder_under_an_unknown_home_is_no_cache(monkeypatch, run, value):
    """JOURNAL_CACHE_DIR=~someone/... for no such user: expanduser raised RuntimeError, a
    traceback on every command."""
    monkeypatch.setenv("JOURNAL_CACHE_DIR", value)
    content.load_builtin.cache_clear()
    assert content.cache_dir() is None
    result = run("summary")
    assert result.exit_code == 0, result.output


# --- dirs.py: the very folders platformdirs names


def test_a_python_built_for_android_is_asked_of_platformdirs(monkeypatch):
    """Termux's Python says "linux" but has sys.getandroidapilevel; without ANDROID_DATA (as
    under `env -i`) platformdirs may pick its Android class: dirs must not guess then."""
    import platformdirs

    from journalcli import dirs

    monkeypatch.delenv("ANDROID_DATA", raising=False)
    monkeypatch.setattr(dirs.sys, "platform", "linux")
    monkeypatch.setattr(dirs.sys, "getandroidapilevel", lambda: 24, raising=False)
    asked = []

    class Fake:
        def __init__(self, app: str, appauthor: bool) -> None:
            asked.append(app)
            self.user_data_dir = "/data/user/0/com.termux/files"

    monkeypatch.setattr(platformdirs, "PlatformDirs", Fake)
    assert dirs.user_dir("data") == "/data/user/0/com.termux/files"
    assert asked == ["journalcli"]


@pytest.mark.parametrize(
    ("home", "xdg"),
    [("/home/sam", None), ("/home/sam", ""), ("/", None), ("/home/sam", "/srv/c/"),
     ("/home/sam", "rel"), ("//home//sam/", None), ("/home/sam", "~/c")],
)  # fmt: skip
def test_the_cache_folder_is_the_one_platformdirs_names(monkeypatch, home, xdg):
    import platformdirs

    from journalcli import dirs

    monkeypatch.setenv("HOME", home)
    if xdg is None:
        monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    else:
        monkeypatch.setenv("XDG_CACHE_HOME", xdg)
    wanted = platformdirs.user_cache_dir("journalcli", appauthor=False)
    assert dirs.user_dir("cache") == wanted


# --- the calendar from the index's columns counts what the entry calendar counted


def _edge_entries() -> list[object]:
    from datetime import datetime, timedelta, timezone

    from journalcli.model import Entry

    def at(text: str, hours: float) -> datetime:
        return datetime.fromisoformat(text).replace(tzinfo=timezone(timedelta(hours=hours)))

    moments = [
        at("1900-01-01T14:00", 14), at("1900-01-01T00:00", 0), at("1900-01-01T23:59", -12),
        at("1900-12-31T23:59", -12), at("1901-01-01T00:01", 14),
        at("2026-12-31T23:30", -10), at("2027-01-01T00:30", 13), at("2026-10-31T23:59", -5),
        at("2026-11-01T00:01", 14), at("2026-11-01T00:01", 5.5),
        at("9998-12-31T13:59", -10), at("9998-12-31T23:59", 14), at("9998-01-01T00:00", 14),
    ]  # fmt: skip
    made = []
    for n, when in enumerate(moments):
        for urge, response in ((0, None), (0, "stayed"), (None, None), (7, "partly")):
            triggers = ("stress",) if urge else ()
            made.append(
                Entry(when=when, urge=urge, response=response, triggers=triggers, note=f"{n}")
            )
    return made


@pytest.mark.parametrize(
    "args",
    [("--year", "1900"), ("--year", "1901"), ("--year", "2026"), ("--year", "2027"),
     ("--year", "9998"), ("--month", "1900-01"), ("--month", "1900-12"), ("--month", "2026-10"),
     ("--month", "2026-11"), ("--month", "9998-12"), ("--month", "9998-01")],
    ids=" ".join,
)  # fmt: skip
def test_the_calendar_at_offsets_and_year_edges_is_the_entry_calendar(run, db_path, args):
    import legacy_stats
    from journalcli import index, stats
    from journalcli.store import Journal

    Journal(db_path).add_many(_edge_entries())
    journal = Journal(db_path)
    if args[0] == "--year":
        first, last = stats.calendar_span(int(args[1]))
    else:
        first, last = stats.calendar_span(*stats.parse_month(args[1]))
    old = legacy_stats.calendar(journal.entries(first, last), first, last)
    now = "9998-12-31T23:59:00+14:00"
    assert json.loads(run("calendar", *args, "--json", JOURNAL_NOW=now).stdout) == old
    index.discard(db_path)
    assert json.loads(run("calendar", *args, "--json", JOURNAL_NOW=now).stdout) == old
    if args == ("--year", "9998"):
        assert [day["date"] for day in old["days"]] == ["9998-01-01", "9998-12-31"]


# --- the write path: an index is only ever written for the very file the change wrote


CHANGES = {
    "add": lambda j: j.add(j.get(1).with_changes(id=None, uid=str(UUID(int=3)), note="third")),
    "import": lambda j: j.add_new([j.get(1).with_changes(id=None, uid=str(UUID(int=4)))]),
    "delete": lambda j: j.delete(2),
    "edit": lambda j: j.replace(2, lambda e: e.with_changes(note="edited")),
}


@pytest.mark.parametrize("change", list(CHANGES))
def test_a_journal_replaced_from_outside_before_its_index_is_written_gets_no_stale_index(
    db_path, monkeypatch, add, change
):
    """A sync tool or an editor (no lock) replaces the journal in the moment between the
    change's rename and its index write: the index was written with the signature of the
    file then at the path (os.stat of the path), that is of the other file, and so was used
    for it: its figures were those of the file the change wrote, not of the one there."""
    from journalcli import stats, store
    from journalcli.store import Journal

    add("-u", "5", "-t", "stress", "--when", "2026-11-20 10:00", "first")
    journal = Journal(db_path)
    journal.add(journal.get(1).with_changes(id=None, uid=str(UUID(int=2)), note="other"))
    theirs = db_path.with_name("theirs.json")
    real = store._fsync_dir
    replaced: list[int] = []

    def and_then_replaced(folder: Path) -> None:
        real(folder)
        if not replaced:
            mine = db_path.read_bytes()
            replaced.append(mine.count(b'"urge":5'))
            theirs.write_bytes(mine.replace(b'"urge":5', b'"urge":6'))  # the same size
            os.replace(theirs, db_path)

    monkeypatch.setattr(store, "_fsync_dir", and_then_replaced)
    CHANGES[change](Journal(db_path))
    monkeypatch.undo()
    assert replaced and replaced[0] > 0

    read = Journal(db_path)
    assert {e.urge for e in read.entries()} == {6}
    got = stats.calendar(read.facts(), date(2026, 11, 1), date(2026, 11, 30))["days"]
    assert [day["max_urge"] for day in got] == [6]


# --- the plain views: a closed stdout (found while comparing both ways; the same either way)


@pytest.mark.parametrize("closed", ["stdout", "stderr", "both"])
@pytest.mark.parametrize("code", [0, 1, 2, 3, None, "a message"])
def test_a_command_started_with_a_stream_closed_keeps_its_exit_code(monkeypatch, closed, code):
    """`journal add ... >&-` saved the entry, then ended in an AttributeError traceback and
    exit 1 (Python sets sys.stdout to None when descriptor 1 is closed at start, and _exit
    flushed it); with `2>&-` every command exited 1, a saved entry or a refused one alike."""
    import io
    import sys

    from journalcli import __main__ as entry

    ended: list[int] = []
    monkeypatch.setattr(os, "_exit", ended.append)
    for name in ("stdout", "stderr"):
        monkeypatch.setattr(sys, name, None if closed in (name, "both") else io.StringIO())
    entry._exit(code)
    entry._say("journal: stopped by SIGTERM")
    assert ended == [{0: 0, 1: 1, 2: 2, 3: 3, None: 0, "a message": 1}[code]]


# --- the write path: `add` takes over the read's rows only when nobody holds them


def _another(journal: object, n: int) -> object:
    return journal.get(1).with_changes(id=None, uid=str(UUID(int=100 + n)), note=f"n{n}")


@pytest.mark.parametrize("first", ["plans", "entries", "facts", "newest", "nothing"])
@pytest.mark.parametrize("failing", ["fsync", "copy_file_range"])
def test_a_failed_add_leaves_what_the_same_journal_object_reads_untouched(
    db_path, add, monkeypatch, first, failing
):
    """A full disk during an `add` that took over the read's rows: the same Journal reads
    the file as it is (two entries), what it handed out before is unchanged, and the next
    add and a fresh reader see three, through a matching index."""
    import errno

    from journalcli.errors import StorageError
    from journalcli.store import Journal

    add("-u", "5", "-t", "stress", "first")
    add("-u", "6", "-t", "stress", "second")
    journal = Journal(db_path)
    handed = journal.entries() if first == "entries" else None
    newest = journal.newest() if first == "newest" else None
    if newest is not None:
        next(newest)
    elif first in ("plans", "facts"):
        getattr(journal, first)()
    new = _another(journal, 1)

    def full(*_: object, **__: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, full)
    with pytest.raises(StorageError, match="disk full"):
        journal.add(new)
    monkeypatch.undo()
    assert [e.note for e in journal.entries()] == ["first", "second"]
    assert len(journal.facts()) == 2
    if handed is not None:
        assert [e.note for e in handed] == ["first", "second"]
    if newest is not None:
        assert [e.note for e in newest] == ["first"]
    journal.add(_another(journal, 2))
    for reader in (journal, Journal(db_path)):
        assert [e.note for e in reader.entries()] == ["first", "second", "n2"]
    fresh = Journal(db_path)
    assert fresh.snapshot().indexed and len(fresh.facts()) == 3


def test_only_the_cache_s_own_copies_are_removed_from_its_folder(cache, tmp_path, monkeypatch):
    """JOURNAL_CACHE_DIR may name a folder the user also keeps things in (their prompt
    folder's parent, a portable folder): writing a new copy removed every `<kind>-*.json`
    there, a file of theirs too."""
    import shutil

    fresh("triggers")
    old = kept(cache, "triggers")
    theirs = [cache / "triggers-my-own-list.json", cache / "triggers-2024.json"]
    for path in theirs:
        path.write_text('{"mine": true}')
    builtin = tmp_path / "builtin"
    shutil.copytree(content.builtin_dir(), builtin)
    monkeypatch.setattr(content, "builtin_dir", lambda: builtin)
    path = builtin / "triggers.toml"
    path.write_text(path.read_text().replace("someone moved closer", "someone came closer"))
    fresh("triggers")
    assert not old.exists()  # the older copy goes, as before
    assert all(path.read_text() == '{"mine": true}' for path in theirs)


def test_encrypt_writes_no_index_for_a_journal_replaced_meanwhile(db_path, monkeypatch, add):
    """The same race for `encrypt`, which seals the journal and then writes its sealed index:
    the index must describe the sealed file it wrote, never one put at the path since."""
    from journalcli import store
    from journalcli.store import Journal

    add("-u", "5", "-t", "stress", "first")
    add("-u", "6", "-t", "stress", "second")
    theirs = db_path.with_name("theirs.json")
    real_fsync, real_write_index = store._fsync_dir, store._write_index
    replaced: list[int] = []
    written: list[int] = []

    def and_then_replaced(folder: Path) -> None:
        real_fsync(folder)
        if not replaced and db_path.read_bytes()[:3] == b"age":  # the journal just sealed
            theirs.write_bytes(db_path.read_bytes())
            os.replace(theirs, db_path)
            replaced.append(db_path.stat().st_ino)

    def write_index(path: Path, rows: object, *, sealing: bool, st: object = None) -> None:
        written.append(os.stat(path).st_ino if st is None else st.st_ino)  # type: ignore[attr-defined]
        real_write_index(path, rows, sealing=sealing, st=st)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "_fsync_dir", and_then_replaced)
    monkeypatch.setattr(store, "_write_index", write_index)
    Journal(db_path).encrypt("correct horse")
    assert replaced
    assert replaced[0] not in written
