"""The byte layout and the sidecar index: reads through it equal reads of the whole file, and
an index that does not match its file, or is damaged, is never believed."""

from __future__ import annotations

import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st
from tinydb import TinyDB

from journalcli import index, store
from journalcli.errors import StorageError
from journalcli.model import Entry
from journalcli.store import SCHEMA, Journal

WHEN = datetime.fromisoformat("2026-11-22T18:00:00+01:00")


def entry(note: str = "", minutes: int = 0, offset: int = 1) -> Entry:
    when = (WHEN - timedelta(minutes=minutes)).astimezone(
        datetime.fromisoformat(f"2026-01-01T00:00:00{offset:+03d}:00").tzinfo
    )
    return Entry(when=when, urge=5, triggers=("stress",), note=note)


def full_read(path: Path) -> Journal:
    """A journal that cannot use the index: what every read saw before there was one."""
    index.discard(path)
    return Journal(path)


def views(journal: Journal) -> tuple[object, ...]:
    return (
        journal.entries(),
        journal.entries(date(2026, 11, 20), date(2026, 11, 21)),
        [e.id for e in journal.newest()],
        journal.days(),
        journal.count(),
        journal.schema(),
        journal.challenges(),
    )


def test_layout_is_tinydb_json_with_each_entry_at_its_offset():
    data = {
        "meta": {"1": {"schema": SCHEMA, "next_id": 4}},
        "entries": {
            "1": entry('ä "quoted" \\ 😀').to_doc(),
            "3": entry("x" * 500, minutes=90, offset=-5).to_doc(),
        },
        "challenges": {"1": {"week": "2026-W47", "challenge": "c", "done": False}},
    }
    payload, rows = index.layout(data, SCHEMA)
    assert json.loads(payload) == data
    assert payload.startswith(b'{"entries":{"1":')
    assert rows is not None and list(rows.ids) == [1, 3]
    for row, key in enumerate(("1", "3")):
        start = rows.offsets[row]
        assert json.loads(payload[start : start + rows.lengths[row]]) == data["entries"][key]
    assert payload[rows.end : rows.end + 1] == b"}"
    assert index.tail_tables(payload, rows) == {k: data[k] for k in ("meta", "challenges")}
    assert list(rows.days) == [date(2026, 11, 22).toordinal(), date(2026, 11, 22).toordinal()]


def test_layout_of_an_empty_journal_and_of_one_without_other_tables():
    payload, rows = index.layout({"entries": {}}, 1)
    assert payload == b'{"entries":{}}' and rows is not None and rows.end == 12
    assert index.tail_tables(payload, rows) == {}
    assert json.loads(index.layout({"meta": {"1": {}}}, 1)[0]) == {"entries": {}, "meta": {"1": {}}}


def test_an_entry_without_a_readable_when_gets_no_index_but_is_written():
    data = {"entries": {"1": {"uid": "u", "when": "yesterday"}}, "meta": {"1": {}}}
    payload, rows = index.layout(data, SCHEMA)
    assert rows is None and json.loads(payload) == data


@given(
    st.lists(
        st.tuples(st.text(max_size=40), st.integers(0, 60 * 24 * 30), st.integers(-12, 14)),
        max_size=12,
    )
)
def test_encode_decode_round_trip(items):
    data = {"entries": {str(n): entry(*item).to_doc() for n, item in enumerate(items, 1)}}
    payload, rows = index.layout(data, SCHEMA)
    assert rows is not None and json.loads(payload) == data
    sig = (1, 2, len(payload), 4, 5)
    back = index.decode(index.encode(rows, sig), sig)
    assert back == rows


def test_decode_refuses_another_file_a_flipped_byte_and_a_short_read():
    _, rows = index.layout({"entries": {"1": entry().to_doc()}}, 1)
    assert rows is not None
    sig = (1, 2, 3, 4, 5)
    raw = index.encode(rows, sig)
    assert index.decode(raw, sig) == rows
    for other in ((1, 2, 3, 4, 6), (9, 2, 3, 4, 5), (1, 2, 4, 4, 5)):
        assert index.decode(raw, other) is None
    for position in range(0, len(raw), 7):
        flipped = raw[:position] + bytes([raw[position] ^ 1]) + raw[position + 1 :]
        assert index.decode(flipped, sig) is None
    assert index.decode(raw[:-1], sig) is None
    assert index.decode(b"", sig) is None


# --- the store through the index


def challenge(week: str) -> dict[str, object]:
    return {"week": week, "challenge": "c", "done": False, "done_at": None, "note": ""}


def many(count: int) -> list[Entry]:
    # minutes and offsets mixed, so that file order, instant order and local days disagree
    return [entry(f"n{i}", minutes=(i * 397) % 5000, offset=(i % 5) - 2) for i in range(count)]


def test_every_write_leaves_an_index_that_matches_the_file(db_path):
    journal = Journal(db_path)
    journal.add_many(many(5))
    journal.add(entry("one more"))
    journal.replace(2, lambda e: e.with_changes(note="edited"))
    journal.delete(3)
    journal.save_challenge(challenge("2026-W47"))
    journal.add(entry("after the challenge"))  # spliced in before the other tables
    sig = index.signature(db_path.stat())
    rows = index.read(db_path, sig)
    assert rows is not None and list(rows.ids) == [1, 2, 4, 5, 6, 7]
    assert views(Journal(db_path)) == views(full_read(db_path))
    assert TinyDB(db_path).table("entries").get(doc_id=2)["note"] == "edited"


@given(st.lists(st.integers(1, 4), min_size=1, max_size=6))
def test_reads_through_the_index_equal_reads_of_the_whole_file(tmp_path_factory, batches):
    path = tmp_path_factory.mktemp("idx") / "journal.json"
    pending = many(sum(batches))
    for size in batches:
        Journal(path).add_many(pending[:size])
        pending = pending[size:]
    through_index = views(Journal(path))
    assert index.path_for(path).exists()
    assert through_index == views(full_read(path))


def test_reads_adds_edits_and_deletes_with_a_matching_index_do_not_parse_the_whole_file(
    db_path, monkeypatch
):
    Journal(db_path).add_many(many(30))

    def whole_file(*_: object) -> None:
        raise AssertionError("parsed the whole file")

    monkeypatch.setattr(store, "_check", whole_file)
    monkeypatch.setattr(Journal, "_tinydb", whole_file)
    journal = Journal(db_path)
    journal.add(entry("fast"))
    journal.replace(3, lambda e: e.with_changes(note="edited fast"))
    assert journal.delete(1).note == "n0"
    assert [e.note for e in Journal(db_path).newest()][:1] == ["fast"]
    assert Journal(db_path).count() == 30
    assert Journal(db_path).get(31).note == "fast"
    assert Journal(db_path).get(3).note == "edited fast"


def test_an_index_for_another_version_of_the_file_is_ignored(db_path):
    Journal(db_path).add_many(many(3))
    stale = index.path_for(db_path).read_bytes()
    st = db_path.stat()
    # Another program rewrites the file in place, same size, and even restores the mtime;
    # the ctime still tells.
    raw = db_path.read_bytes().replace(b'"note":"n1"', b'"note":"N1"')
    assert len(raw) == st.st_size
    db_path.write_bytes(raw)
    os.utime(db_path, ns=(st.st_atime_ns, st.st_mtime_ns))
    assert index.path_for(db_path).read_bytes() == stale
    assert Journal(db_path).get(2).note == "N1"
    Journal(db_path).add(entry("next"))  # the slow path, which writes a fresh index
    assert index.read(db_path, index.signature(db_path.stat())) is not None
    assert Journal(db_path).get(2).note == "N1" and Journal(db_path).count() == 4


def test_a_garbage_index_is_ignored_and_replaced(db_path):
    Journal(db_path).add_many(many(3))
    index.path_for(db_path).write_bytes(b"\0" * 100)
    assert views(Journal(db_path)) == views(full_read(db_path))
    Journal(db_path).add_many(many(2))
    assert index.read(db_path, index.signature(db_path.stat())) is not None
    assert Journal(db_path).count() == 5


def test_an_index_pointing_at_damaged_bytes_names_the_entry(db_path):
    Journal(db_path).add_many(many(3))
    sig = index.signature(db_path.stat())
    rows = index.read(db_path, sig)
    assert rows is not None
    rows.offsets[1] += 3  # as if the file had rotted in place under an intact signature
    index.write(db_path, rows, sig)
    with pytest.raises(StorageError, match=r"entry 2 does not read back.*journal info"):
        list(Journal(db_path).newest())


def test_a_journal_from_before_the_index_gets_one_on_its_first_write(db_path):
    db_path.parent.mkdir(parents=True)
    with TinyDB(db_path) as db:  # as an older journal wrote it: meta first, no index
        db.table("meta").insert({"schema": 1, "next_id": 2})
        db.table("entries").insert(entry("old").to_doc())
    assert Journal(db_path).get(1).note == "old"
    assert not index.path_for(db_path).exists()
    Journal(db_path).add(entry("new"))
    assert index.read(db_path, index.signature(db_path.stat())) is not None
    assert [e.note for e in Journal(db_path).entries()] == ["old", "new"]
    assert TinyDB(db_path).table("entries").get(doc_id=2)["note"] == "new"


def test_a_damaged_entry_is_refused_by_reads_and_whole_file_writes(db_path):
    Journal(db_path).add_many(many(2))
    data = json.loads(db_path.read_bytes())
    data["entries"]["2"]["when"] = "soon"
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    with pytest.raises(StorageError, match="entry 2 is damaged"):
        Journal(db_path).count()
    with pytest.raises(StorageError, match="entry 2 is damaged"):
        Journal(db_path).delete(2)  # refused, and nothing is removed
    with pytest.raises(StorageError, match="entry 2 is damaged"):
        Journal(db_path).add(entry())  # without an index, a write would re-encode entry 2
    assert db_path.read_bytes() == before
    data = json.loads(db_path.read_bytes())
    data["entries"]["2"]["when"] = WHEN.isoformat()  # fixed by hand
    db_path.write_text(json.dumps(data))
    Journal(db_path).add(entry())
    assert index.read(db_path, index.signature(db_path.stat())) is not None
    assert Journal(db_path).count() == 3


def test_the_index_is_private(db_path):
    os.umask(0o022)
    Journal(db_path).add(entry())
    assert index.path_for(db_path).stat().st_mode & 0o777 == 0o600


def test_splicing_writes_exactly_the_layout_a_whole_write_would(db_path):
    journal = Journal(db_path)
    journal.add_many(many(4))  # a new file: the whole-file path
    journal.save_challenge({"week": "2026-W47", "challenge": "c", "done": True})
    journal.add(entry("spliced"))
    journal.add_many(many(3))
    raw = db_path.read_bytes()
    data = json.loads(raw)
    assert next(iter(data)) == "entries" and set(data) == {"entries", "challenges", "meta"}
    payload, rows = index.layout(data, SCHEMA)
    assert payload == raw
    assert rows == index.read(db_path, index.signature(db_path.stat()))


def test_without_orjson_the_same_bytes_are_written_and_read(db_path, monkeypatch):
    Journal(db_path).add_many(many(3))
    with_orjson = db_path.read_bytes()
    monkeypatch.setattr(index, "orjson", None)
    assert index.layout(json.loads(with_orjson), 1)[0] == with_orjson
    Journal(db_path).add(entry("plain json"))
    assert Journal(db_path).get(4).note == "plain json"
    assert views(Journal(db_path)) == views(full_read(db_path))


def test_a_file_system_that_cannot_map_files_is_read_all_the_same(db_path, monkeypatch):
    import mmap

    Journal(db_path).add_many(many(3))

    def cannot_map(*_: object, **__: object) -> None:
        raise OSError(19, "No such device")

    monkeypatch.setattr(mmap, "mmap", cannot_map)
    journal = Journal(db_path)
    assert journal.snapshot().indexed and journal.count() == 3
    assert views(journal) == views(full_read(db_path))


def test_an_index_that_cannot_be_written_leaves_the_journal_saved(db_path, monkeypatch):
    Journal(db_path).add_many(many(2))
    real_open = os.open

    def no_index(path: object, *args: object, **kwargs: object) -> int:
        if ".idx." in str(path):
            raise OSError(28, "No space left on device")
        return real_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", no_index)
    Journal(db_path).add(entry("saved"))
    monkeypatch.undo()
    assert index.read(db_path, index.signature(db_path.stat())) is None  # stale, so unused
    assert Journal(db_path).get(3).note == "saved"
    Journal(db_path).add(entry("next"))  # the whole-file path, which writes a fresh index
    assert index.read(db_path, index.signature(db_path.stat())) is not None


OPERATION = st.one_of(
    st.tuples(st.just("add"), st.integers(1, 3)),
    st.tuples(st.just("edit"), st.integers(0, 30)),
    st.tuples(st.just("delete"), st.integers(0, 30)),
    st.tuples(st.just("challenge"), st.integers(40, 52)),
)


@given(st.lists(OPERATION, min_size=1, max_size=12))
def test_any_sequence_of_changes_keeps_file_and_index_in_step(tmp_path_factory, operations):
    """After every change the file is exactly the fixed layout of its own content, the index
    is exactly the one that layout gives, and reads through it equal whole-file reads."""
    path = tmp_path_factory.mktemp("ops") / "journal.json"
    journal = Journal(path)
    journal.add(entry("first"))
    for number, (kind, value) in enumerate(operations):
        ids = [e.id for e in Journal(path).entries()]
        if kind == "add":
            journal.add_many(many(value))
        elif kind == "edit" and ids:
            target = ids[value % len(ids)]
            change = {"note": "x" * (value * 7 % 50), "urge": value % 11}  # longer, shorter
            journal.replace(target, lambda e, c=change: e.with_changes(**c))
        elif kind == "delete" and ids:
            journal.delete(ids[value % len(ids)])
        elif kind == "challenge":
            journal.save_challenge(challenge(f"2026-W{value}"))
        raw = path.read_bytes()
        payload, rows = index.layout(json.loads(raw), SCHEMA)
        assert payload == raw, (number, kind)
        assert rows == index.read(path, index.signature(path.stat()))
    assert views(Journal(path)) == views(full_read(path))
