"""A change copies the unchanged part of the journal by the kernel (or through memory where the
kernel cannot), and a journal without a matching index is scanned entry by entry: both give
exactly what the whole-file way gives, damaged files included."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from journalcli import index, store
from journalcli.errors import JournalError, StorageError
from journalcli.model import Entry
from journalcli.store import SCHEMA, Journal
from test_index import entry, many

PLAN = {
    "uid": "0b7e8a6c-1c2d-4e5f-8a9b-0c1d2e3f4a5b",
    "trigger": "stress",
    "with": None,
    "text": "breathe",
    "created": "2026-11-01T10:00:00+01:00",
}


def _copy(mode: str, calls: list[str]) -> Callable[..., int] | None:
    """An os.copy_file_range that behaves as `mode` says (None: the call does not exist)."""
    real = os.copy_file_range

    def copy(src: int, dst: int, count: int, offset_src: int | None = None) -> int:
        calls.append(mode)
        if mode == "kernel":
            return real(src, dst, count, offset_src)
        if mode == "nothing":
            return 0
        if mode == "partial" and calls.count(mode) == 1:
            return real(src, dst, min(count, 100), offset_src)
        if mode == "full disk":
            raise OSError(errno.ENOSPC, "No space left on device")
        raise OSError(getattr(errno, mode, errno.EXDEV), "refused")

    return None if mode == "missing" else copy


@pytest.mark.parametrize(
    "mode", ["kernel", "missing", "EXDEV", "ENOSYS", "EINVAL", "nothing", "partial"]
)
def test_a_change_copies_the_unchanged_bytes_by_the_kernel_or_through_memory(
    db_path, monkeypatch, mode
):
    journal = Journal(db_path)
    journal.add_many(many(30))
    journal.save_challenge({"week": "2026-W47", "challenge": "c", "done": False})
    calls: list[str] = []
    preads: list[int] = []
    real_pread = os.pread
    monkeypatch.setattr(os, "pread", lambda *a: preads.append(1) or real_pread(*a))
    if mode == "missing":
        monkeypatch.delattr(os, "copy_file_range")
    else:
        monkeypatch.setattr(os, "copy_file_range", _copy(mode, calls))
    journal.add(entry("spliced in"))
    journal.replace(12, lambda e: e.with_changes(note="edited " * 50))
    journal.delete(1)
    journal.delete(31)
    journal.add_many(many(2))
    raw = db_path.read_bytes()
    assert index.layout(json.loads(raw), SCHEMA) == (
        raw,
        index.read(db_path, index.signature(db_path.stat())),
    )
    assert bool(calls) == (mode != "missing")
    assert bool(preads) == (mode != "kernel")
    assert [e.note for e in Journal(db_path).entries()] == [e.note for e in _whole(db_path)]


def _whole(path: Path) -> list[Entry]:
    data = json.loads(path.read_bytes())
    return sorted(
        (Entry.from_doc(int(key), doc) for key, doc in data["entries"].items()),
        key=lambda e: (e.when.timestamp(), e.id),
    )


def test_a_copy_that_fails_for_another_reason_leaves_the_journal_unchanged(db_path, monkeypatch):
    Journal(db_path).add_many(many(5))
    before = db_path.read_bytes()
    monkeypatch.setattr(os, "copy_file_range", _copy("full disk", []))
    with pytest.raises(StorageError, match="disk full; nothing was saved"):
        Journal(db_path).add(entry("lost"))
    assert db_path.read_bytes() == before
    assert [p.name for p in db_path.parent.iterdir() if p.name.endswith(".tmp")] == []


def _sound() -> dict[str, Any]:
    journal = many(12)
    data: dict[str, Any] = {
        "entries": {str(i): e.with_changes(id=i).to_doc() for i, e in enumerate(journal, 1)},
        "challenges": {"1": {"week": "2026-W47", "challenge": "c", "done": False}},
        "plans": {"1": PLAN},
        "meta": {"1": {"schema": SCHEMA, "next_id": 13, "next_plan": 2}},
    }
    data["challenges"]["1"] |= {"done_at": None, "note": ""}
    return data


def _laid_out(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode()


def _damaged(kind: str) -> bytes:
    data = _sound()
    entries = data["entries"]
    if kind == "urge":
        entries["3"]["urge"] = "x"
    elif kind == "when without offset":
        entries["2"]["when"] = "2026-11-20T10:00:00"
    elif kind == "unknown field":
        entries["7"]["mood"] = {"1": {"a": 1}}
    elif kind == "an entry's own numbered objects":
        entries["7"]["mood"] = {"0": 1, "8": {"a": 1}, "9": {}}
    elif kind == "no entries":
        entries.clear()
    elif kind == "not an object":
        entries["4"] = [1]
    elif kind == "challenge":
        del data["challenges"]["1"]["note"]
    elif kind == "older schema":
        data["meta"]["1"]["schema"] = SCHEMA - 1
    elif kind == "non-ascii":
        entries["5"]["note"] = 'é ünïcode "},"6":{ \\ 名前'
    raw = _laid_out(data)
    if kind == "long number":
        raw = raw.replace(b'"urge":5', b'"urge":123456789012345678901', 1)
    elif kind == "two records under one key":
        first = raw.index(b',"2":{')
        raw = raw[:first] + raw[first : raw.index(b',"3":{')] * 2 + raw[raw.index(b',"3":{') :]
    elif kind == "ids out of order":
        raw = raw.replace(b'"2":{', b'"99":{', 1)
    elif kind == "cut short":
        raw = raw[:-1]
    elif kind == "spaced":
        raw = json.dumps(data, ensure_ascii=False).encode()
    return raw


ADDED = entry("added")  # one uid for both journals compared
CHALLENGE = {"week": "2026-W48", "challenge": "c", "done": False, "done_at": None, "note": ""}
REVIEW = {
    "week": "2026-W47",
    "created": "2026-11-22T18:00:00+01:00",
    "updated": "2026-11-22T18:00:00+01:00",
    "question": "q",
    "answer": "a",
    "note": "",
}


def outcomes(steps: list[Callable[[], object]], folder: Path) -> list[object]:
    """What each step gives, in order: its value, or its error's message (`folder` named
    FOLDER, so that two runs in two folders compare)."""
    results: list[object] = []
    for step in steps:
        try:
            results.append(step())
        except JournalError as exc:
            results.append(str(exc).replace(str(folder), "FOLDER"))
    return results


def _outcome(path: Path) -> list[object]:
    """What the commands' store calls give for the journal at `path`: values or errors."""
    steps: list[Callable[[], object]] = [
        lambda: [e.to_dict() for e in Journal(path).entries()],
        lambda: [e.id for e in Journal(path).newest()],
        lambda: Journal(path).plans(),
        lambda: _checked(Journal(path).check()),
        lambda: _read_then_add(path),
        lambda: Journal(path).replace(8, lambda e: e.with_changes(note="edited")).note,
        lambda: Journal(path).delete(9).id,
        lambda: Journal(path).save_challenge(CHALLENGE),
        lambda: Journal(path).save_review(REVIEW),
        lambda: Journal(path).add_plan({**PLAN, "uid": PLAN["uid"][:-1] + "c"})["id"],
        lambda: Journal(path).remove_plan(1)["id"],
        lambda: _checked(Journal(path).check()),
        lambda: path.read_bytes(),
    ]
    return outcomes(steps, path.parent)


def _read_then_add(path: Path) -> int | None:
    """As `journal add` does: a read (its plans), then the change, by one Journal."""
    journal = Journal(path)
    with contextlib.suppress(StorageError):
        journal.plans()
    return journal.add(ADDED).id


def _checked(checked: store.Checked) -> tuple[object, ...]:
    return (
        [e.to_dict() for e in checked.entries],
        [e.id for e in checked.entries[1:3]],
        len(checked.entries),
        checked.stored,
        [str(p) for p in checked.problems],
        checked.indexed,
        checked.schema,
        checked.days,
    )


@pytest.mark.parametrize(
    "kind",
    [
        "sound",
        "non-ascii",
        "urge",
        "when without offset",
        "unknown field",
        "an entry's own numbered objects",
        "no entries",
        "not an object",
        "challenge",
        "older schema",
        "long number",
        "two records under one key",
        "ids out of order",
        "cut short",
        "spaced",
    ],
)
def test_without_an_index_the_scan_gives_what_the_whole_file_way_gives(tmp_path, monkeypatch, kind):
    raw = _damaged(kind)
    scanned, whole = tmp_path / "scanned" / "journal.json", tmp_path / "whole" / "journal.json"
    for path in (scanned, whole):
        path.parent.mkdir()
        path.write_bytes(raw)
    scanned_outcome = _outcome(scanned)
    with monkeypatch.context() as patch:

        def not_laid_out(_: object) -> None:
            raise store._NotLaidOut

        patch.setattr(store._Scan, "__iter__", not_laid_out)
        whole_outcome = _outcome(whole)
    assert scanned_outcome == whole_outcome


def test_a_sound_journal_is_never_parsed_whole_to_be_changed(db_path, monkeypatch):
    Journal(db_path).add_many(many(20))
    Journal(db_path).add_plan(PLAN)
    copy = db_path.with_name("copy.json")
    shutil.copy(db_path, copy)

    def whole_file(*_: object) -> None:
        raise AssertionError("parsed the whole file")

    monkeypatch.setattr(store, "_check", whole_file)
    monkeypatch.setattr(store, "_load", whole_file)
    monkeypatch.setattr(Journal, "_tinydb", whole_file)
    checked = Journal(copy).check()
    assert (checked.stored, checked.indexed, checked.problems) == (20, False, [])
    assert Journal(copy).plans()[0]["text"] == "breathe"
    journal = Journal(copy)
    assert journal.plans()[0]["text"] == "breathe"
    journal.add(entry("first change of a copy"))
    assert Journal(copy).check().indexed
    assert Journal(copy).count() == 21
    for path in (db_path, copy):  # through the index, and a copy without one
        index.discard(copy)
        Journal(path).save_challenge(CHALLENGE)
        Journal(path).save_review(REVIEW)
        Journal(path).remove_plan(1)
        Journal(path).add_plan({**PLAN, "uid": PLAN["uid"][:-1] + "c"})
        raw = path.read_bytes()
        rows = index.read(path, index.signature(path.stat()))
        assert index.layout(json.loads(raw), SCHEMA) == (raw, rows)
        assert Journal(path).reviews() == [REVIEW]
        assert [p["id"] for p in Journal(path).plans()] == [2]


@pytest.mark.parametrize(
    "kind", ["sound", "sound, indexed", "urge", "when without offset", "challenge"]
)
def test_info_prints_the_same_through_the_scan_and_the_whole_file(run, db_path, monkeypatch, kind):
    db_path.parent.mkdir(parents=True)
    outputs = []
    for way in ("scan", "whole file"):
        db_path.write_bytes(_damaged(kind.removesuffix(", indexed")))
        index.discard(db_path)
        if kind.endswith("indexed"):
            Journal(db_path).add(ADDED)
            assert index.path_for(db_path).exists()
        with monkeypatch.context() as patch:
            if way == "whole file":

                def not_laid_out(_: object) -> None:
                    raise store._NotLaidOut

                patch.setattr(store._Scan, "__iter__", not_laid_out)
            for args in (("info",), ("info", "--json")):
                result = run(*args)
                outputs.append((way, args, result.exit_code, result.stdout, result.stderr))
    scanned, whole = outputs[:2], outputs[2:]
    assert [o[1:] for o in scanned] == [o[1:] for o in whole]
    assert scanned[0][2] == (0 if kind.startswith("sound") else 3)
    assert ("index:    current" in scanned[0][3]) == kind.endswith("indexed")


@pytest.mark.parametrize("kind", ["sound", "urge", "unknown field", "non-ascii"])
@pytest.mark.parametrize("chunk", [1, 5, 1024])
def test_the_scan_makes_its_rows_in_chunks_as_row_by_row(tmp_path, monkeypatch, kind, chunk):
    raw = _damaged(kind)
    monkeypatch.setattr(store, "_SCAN_CHUNK", chunk)
    snapshot = store.Snapshot.scanned(tmp_path / "journal.json", raw)
    assert snapshot is not None
    one_by_one = index.Index(SCHEMA)
    for entry_id, offset, length, doc in store._Scan(raw):
        try:
            Entry.from_doc(entry_id, doc)
            sound = True
        except (KeyError, TypeError, ValueError, AttributeError):
            sound = False
        one_by_one.add_found(entry_id, offset, length, doc, sound=sound)
    one_by_one.end = snapshot.rows.end
    assert snapshot.rows == one_by_one
    assert snapshot.sound is (kind in ("sound", "non-ascii"))
    if snapshot.sound:
        assert store._scanned_rows(raw)[0] == one_by_one


WHENS: list[object] = [
    "2026-11-20T10:00:00+01:00",
    "2026-11-20T10:00:00.123456-03:30",
    "2026-11-20T23:30:00-05:00",
    "2026-11-20T10:00:00",  # no offset
    "2026-11-20",
    "20261120T100000+0100",
    "not a date",
    "",
    5,
    None,
    ["2026-11-20T10:00:00+01:00"],
]


@pytest.mark.parametrize("at", range(len(WHENS)))
def test_whens_parsed_a_column_at_a_time_as_one_by_one(at):
    good = [{"when": WHENS[0]}, {"when": WHENS[1]}, {"when": WHENS[2]}]
    for docs in ([{"when": WHENS[at]}], [*good[:2], {"when": WHENS[at]}, good[2]]):
        try:
            expected: object = [index._placed(doc) for doc in docs]
        except ValueError as exc:
            expected = str(exc)
        try:
            got: object = index._placed_all(docs)
        except ValueError as exc:
            got = str(exc)
        assert got == expected
    with pytest.raises(ValueError, match="'when' is missing"):
        index._placed_all([*good, {"urge": 5}])


def _names(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


def test_the_bak_replaced_by_a_save_is_let_go_and_nothing_else_is_left(db_path):
    journal = Journal(db_path)
    journal.add_many(many(3))
    journal.add(entry("second"))
    bak = db_path.with_name(db_path.name + ".bak")
    previous, old_bak = db_path.read_bytes(), os.stat(bak)
    seen: list[tuple[bytes, bool]] = []

    def then(_: os.stat_result) -> None:  # the new file in place, the .bak let go beside this
        seen.append((db_path.read_bytes(), bak.read_bytes() == previous))

    store.write_atomic(db_path, previous + b" ", then=then)
    assert seen == [(previous + b" ", True)]
    assert bak.read_bytes() == previous
    assert (os.stat(bak).st_ino, os.stat(bak).st_nlink) != (old_bak.st_ino, old_bak.st_nlink)
    names = _names(db_path.parent)
    assert not [name for name in names if name.endswith(".tmp")]
    # a killed writer's second name for the old .bak is swept by the next change
    os.link(bak, db_path.parent / f".{db_path.name}.bak.{os.getpid() + 1}.12345.tmp")
    Journal(db_path).add(entry("third"))
    assert not [name for name in _names(db_path.parent) if name.endswith(".tmp")]


@pytest.mark.parametrize("failing", ["fsync", "replace"])
def test_a_failed_save_keeps_the_bak_it_would_have_replaced(db_path, monkeypatch, failing):
    journal = Journal(db_path)
    journal.add_many(many(3))
    journal.add(entry("second"))
    bak = db_path.with_name(db_path.name + ".bak")
    before = {name: (db_path.parent / name).read_bytes() for name in ("journal.json", bak.name)}
    real = getattr(os, failing)
    calls: list[int] = []

    def fail(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if failing == "replace" and len(calls) == 1:  # the .bak's own rotation goes through
            return real(*args, **kwargs)
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, failing, fail)
    with pytest.raises(StorageError, match="disk full"):
        Journal(db_path).add(entry("lost"))
    monkeypatch.undo()
    assert db_path.read_bytes() == before["journal.json"]
    if failing == "fsync":
        assert bak.read_bytes() == before[bak.name]
    assert not [name for name in _names(db_path.parent) if name.endswith(".tmp")]
