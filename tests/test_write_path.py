"""The write path made cheaper (issue 16): each new way gives exactly what the old one gave,
the same index bytes and rows, over several journals, damaged and hypothesis-made ones."""

from __future__ import annotations

import copy
import json
import os
import zlib
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import index, model, store
from journalcli.errors import StorageError
from journalcli.model import Entry
from journalcli.store import SCHEMA, Journal
from legacy_index import Legacy
from test_index import entry, many
from test_store_scan import _damaged, outcomes


def _laid_out(items: list[tuple[str, int, int]]) -> tuple[bytes, index.Index]:
    data = {"entries": {str(n): entry(*item).to_doc() for n, item in enumerate(items, 1)}}
    payload, rows = index.layout(data, SCHEMA)
    assert rows is not None
    return payload, rows


ITEMS = st.lists(
    st.tuples(st.text(max_size=20), st.integers(0, 60 * 24 * 30), st.integers(-12, 14)),
    max_size=8,
)


def test_the_index_written_is_what_encode_gives_and_nothing_is_left_beside_it(db_path):
    journal = Journal(db_path)
    for count in (1, 3):  # the first write makes the index, the next ones replace it
        journal.add_many(many(count))
        sig = index.signature(db_path.stat())
        rows = index.read(db_path, sig)
        assert rows is not None
        index.write(db_path, rows, sig)
        assert index.path_for(db_path).read_bytes() == index.encode(rows, sig)
        assert index.read(db_path, sig) == rows
        names = os.listdir(db_path.parent)
        assert "journal.json.idx" in names and not [n for n in names if n.endswith(".tmp")]


def test_something_else_where_the_index_goes_is_left_as_it_is(db_path):
    journal = Journal(db_path)
    journal.add(entry("one"))
    index.discard(db_path)
    index.path_for(db_path).mkdir()
    journal.add(entry("two"))  # saved; the index cannot be written, and is not needed
    assert index.path_for(db_path).is_dir()
    assert not [name for name in os.listdir(db_path.parent) if name.endswith(".tmp")]
    assert [e.note for e in Journal(db_path).entries()] == ["one", "two"]


@given(ITEMS, st.integers(0, 2), st.text(max_size=10))
def test_a_copied_index_changes_apart_as_a_deep_copy_does(items, change, note):
    payload, rows = _laid_out(items)
    sig = (1, 2, 3, 4, 5)
    for made in (False, True):  # before and after the lookup of values is made
        if made:
            rows._value(None)
        copied, deep = rows.copy(), copy.deepcopy(rows)
        assert copied == deep and index.encode(copied, sig) == index.encode(deep, sig)
        for changed in (copied, deep):
            if change == 0 or not items:
                changed.put([], changed.end, 99, entry(note).to_doc())
            elif change == 1:
                index.replace_entry(payload, changed, 0, entry(note, 5, 3).to_doc())
            else:
                index.remove_entry(payload, changed, 0)
        assert copied == deep and index.encode(copied, sig) == index.encode(deep, sig)
    assert index.encode(rows, sig) == index.encode(_laid_out(items)[1], sig)


# --- the scan's rows (Index.found) as the old code made them (tests/legacy_index.py)

WHENS = [
    "2026-11-20T10:00:00+01:00",
    "2026-11-20T23:30:00.123456-05:00",
    "2026-11-21T00:30:00+14:00",
    "2026-W47-5T10:00:00+01:00",  # a week date: the same day
    "1900-01-01T00:30:00+01:00",  # the edges of the years taken
    "9998-12-31T23:30:00-01:00",
    "2026-11-20T10:00:00",  # no offset
    "20261120T100000+0100",
    "yesterday",
    5,
]
LISTS = st.one_of(st.lists(st.sampled_from(["a", "b", "stress", "é"]), max_size=3), st.just("a"))
DAMAGE = st.fixed_dictionaries(
    {},
    optional={
        "when": st.sampled_from(WHENS),
        "urge": st.sampled_from([None, 0, 10, 11, "x", True]),
        "response": st.sampled_from([None, "stayed", "withdrew", "partly", "left"]),
        "with": st.sampled_from([None, "Sam", "Alex", 5]),
        "triggers": LISTS,
        "behaviors": LISTS,
        "emotions": LISTS,
        "plan": st.sampled_from([None, 1, 7, 0, "x"]),
        "plan_used": st.sampled_from([None, True, False, 1]),
    },
)
DOCS = st.lists(
    st.tuples(DAMAGE, st.lists(st.sampled_from(["triggers", "plan", "with", "uid"]), max_size=2)),
    max_size=12,
)


def _docs(changes: list[tuple[dict[str, object], list[str]]]) -> list[dict[str, object]]:
    docs = []
    for n, (changed, dropped) in enumerate(changes):
        doc = {**entry(f"n{n}", minutes=n * 97, offset=n % 5 - 2).to_doc(), **changed}
        docs.append({key: value for key, value in doc.items() if key not in dropped})
    return docs


def _both_found(docs: list[dict[str, object]], chunk: int) -> None:
    """The rows the scan makes (each document checked as _scan_into checks it) by the new
    Index.found and by the old, a chunk at a time: the same rows, values and bytes, or the
    same refusal."""
    new, old = index.Index(SCHEMA), index.Index(SCHEMA)
    legacy = Legacy(old)
    rows = [(n, 20 * n, 10, doc) for n, doc in enumerate(docs, 1)]
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        checked = []
        for entry_id, _, _, doc in part:
            try:
                checked.append(model.checked_doc(entry_id, doc))
            except (KeyError, TypeError, ValueError, AttributeError):
                checked.append(None)
        sound = [got is not None for got in checked]
        for known in (checked, None):
            made = []
            for rows_of in (new.found, legacy.found):
                try:
                    rows_of(part, sound, known)
                    made.append("made")
                except ValueError as exc:
                    made.append(str(exc))
            assert made[0] == made[1]
            assert new == old and new.values == old.values
            assert index.encode(new, (1,) * 5) == index.encode(old, (1,) * 5)


@given(DOCS, st.sampled_from([1, 3, 1024]))
def test_the_scan_makes_the_rows_the_old_code_made(changes, chunk):
    _both_found(_docs(changes), chunk)


@pytest.mark.parametrize("kind", ["sound", "urge", "unknown field", "non-ascii", "not an object"])
def test_the_scan_of_damaged_journals_makes_the_rows_the_old_code_made(kind):
    docs = list(json.loads(_damaged(kind))["entries"].values())
    _both_found([doc for doc in docs if type(doc) is dict], 5)
    _both_found(docs * 3 if kind == "sound" else docs[:1], 1024)


@given(DOCS)
def test_a_written_journal_gets_the_rows_the_old_code_made(changes):
    docs = _docs(changes)
    data = {"entries": {str(n): doc for n, doc in enumerate(docs, 1)}}
    _, rows = index.layout(data, SCHEMA)
    try:
        expected = [index._placed(doc) for doc in docs]
    except ValueError:
        assert rows is None
        return
    assert rows is not None and [*zip(rows.stamps, rows.days, strict=True)] == [
        (moment.timestamp(), day) for moment, day in expected
    ]
    old = index.Index(SCHEMA)
    found = [(n, rows.offsets[n - 1], rows.lengths[n - 1], doc) for n, doc in enumerate(docs, 1)]
    sound = []
    for n, doc in enumerate(docs, 1):
        try:
            Entry.from_doc(n, doc)
            sound.append(True)
        except (KeyError, TypeError, ValueError, AttributeError):
            sound.append(False)
    Legacy(old).found(found, sound)
    old.end = rows.end
    assert rows == old and rows.values == old.values


@given(DOCS, st.sets(st.integers(0, 11)))
def test_a_row_whose_local_day_is_not_its_whens_is_not_sound_as_before(changes, shifted):
    docs = _docs(changes)
    checked = []
    for n, doc in enumerate(docs, 1):
        try:
            checked.append(model.checked_doc(n, doc))
        except (KeyError, TypeError, ValueError, AttributeError):
            checked.append(None)
    try:
        moments, days = index._when_columns(docs, [got and got[1] for got in checked])
    except ValueError:
        return
    days = [day + (row in shifted) for row, day in enumerate(days)]  # as an unusual ISO form
    micros = [index._micros(moment) for moment in moments]
    new, old = index.Index(SCHEMA), index.Index(SCHEMA)
    made = new._checked_figures(moments, days, micros, checked)
    entries = list(enumerate(docs, 1))
    placed = list(zip(moments, days, strict=True))
    sound = [got is not None for got in checked]
    assert made == Legacy(old)._figures(entries, placed, micros, sound, checked)
    assert new.values == old.values


def _crafted(raw: bytes, count: int, length: int) -> bytes:
    """`raw` with another count of rows and length of values, its checksum made to hold."""
    magic, version, schema, *rest = index._HEADER.unpack_from(raw)
    header = index._HEADER.pack(magic, version, schema, *rest[:-2], count, length)
    body = header + raw[index._HEADER.size : -4]
    return body + index._CHECKSUM.pack(zlib.crc32(body))


@given(ITEMS)
def test_the_index_read_into_its_columns_is_what_decode_gives(tmp_path_factory, items):
    journal = tmp_path_factory.mktemp("read") / "journal.json"
    sig = (1, 2, 10**6, 4, 5)
    raw = index.encode(_laid_out(items)[1], sig)
    count, length = index._HEADER.unpack_from(raw)[-2:]
    kinds = [raw, raw[:-1], raw + b"x", b"", raw[:10], _crafted(raw, -1, length + 78)]
    kinds += [_crafted(raw, count + 1, length - 78), _crafted(raw, count, length)]
    kinds += [raw[:at] + bytes([raw[at] ^ 1]) + raw[at + 1 :] for at in range(0, len(raw), 41)]
    for other in kinds:
        index.path_for(journal).write_bytes(other)
        for preadv in (True, False):
            with pytest.MonkeyPatch.context() as patch:
                if not preadv:
                    patch.delattr(os, "preadv")
                got, expected = index.read(journal, sig), index.decode(other, sig)
            assert (got is None) == (expected is None)
            if got is not None and expected is not None:
                assert got == expected and got.values == expected.values
                assert index.encode(got, sig) == other


# --- an add takes over the rows its read made, unless they were handed out


def _journals(tmp_path: Path, *, indexed: bool, damaged: bool) -> list[Path]:
    """Two copies of one journal in different folders, each with its own matching index or
    none; `damaged`: with a damaged entry, which the change must refuse."""
    paths, first = [], many(7)
    for name in ("a", "b"):
        path = tmp_path / name / "journal.json"
        Journal(path).add_many(first)
        if damaged:
            path.write_bytes(path.read_bytes().replace(b'"urge":5', b'"urge":"x"', 1))
        if damaged or not indexed:
            index.discard(path)
        paths.append(path)
    return paths


def _add_after_plans(path: Path, added: list[Entry], *, lend: bool) -> list[object]:
    """As `journal add` does (the plans read, then the change, by one Journal); `lend`: the
    rows are asked for in between, so the add copies them. What it gives, then the file, its
    index and the entries read after it (or the errors)."""
    journal = Journal(path)
    journal.plans()
    if lend:
        journal.count()
    steps: list[Callable[[], object]] = [
        lambda: [e.id for e in journal.add_many(added)],
        lambda: _state(path),
        lambda: [e.to_dict() for e in journal.entries()],
    ]
    return outcomes(steps, path.parent)


def _state(path: Path) -> tuple[object, ...]:
    rows = index.read(path, index.signature(path.stat()))
    return path.read_bytes(), rows, rows and rows.values


@pytest.mark.parametrize(("indexed", "damaged"), [(True, False), (False, False), (False, True)])
def test_an_add_after_reading_the_plans_writes_what_an_add_after_a_list_writes(
    tmp_path, monkeypatch, indexed, damaged
):
    added = [entry("new", minutes=3), *many(2)]
    taken, copied = _journals(tmp_path, indexed=indexed, damaged=damaged)
    copies: list[int] = []
    real = index.Index.copy
    monkeypatch.setattr(index.Index, "copy", lambda rows: copies.append(1) or real(rows))
    assert _add_after_plans(taken, added, lend=False) == _add_after_plans(copied, added, lend=True)
    assert len(copies) == (0 if damaged else 1)  # only where the rows were handed out


def test_figures_read_before_an_add_stay_as_they_were(db_path):
    journal = Journal(db_path)
    journal.add_many(many(5))
    journal = Journal(db_path)
    facts = journal.facts()
    before = [list(column) for column in facts.columns()]
    journal.add(entry("after the figures"))
    assert [list(column) for column in facts.columns()] == before
    assert len(Journal(db_path).facts()) == 6


def test_a_failed_add_after_the_rows_were_taken_over_leaves_reads_as_they_were(
    db_path, monkeypatch
):
    Journal(db_path).add_many(many(5))
    journal = Journal(db_path)
    journal.plans()
    before = [e.to_dict() for e in journal.entries()]
    journal = Journal(db_path)
    journal.plans()

    def full(*_: object, **__: object) -> None:
        raise StorageError("disk full")

    monkeypatch.setattr(store, "write_atomic", full)
    with pytest.raises(StorageError):
        journal.add(entry("not saved"))
    monkeypatch.undo()
    assert [e.to_dict() for e in journal.entries()] == before
    assert journal.count() == 5
