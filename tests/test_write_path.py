"""The write path made cheaper (issue 16): each new way gives exactly what the old one gave,
the same index bytes and rows, over several journals, damaged and hypothesis-made ones."""

from __future__ import annotations

import copy
import os

from hypothesis import given
from hypothesis import strategies as st

from journalcli import index
from journalcli.store import SCHEMA, Journal
from test_index import entry, many


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
