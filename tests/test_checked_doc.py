"""model.checked_doc runs every check of Entry.from_doc without building an Entry (issue 16:
the scan of a journal without a matching index only needs to know each entry is sound).
Both accept and refuse the same documents with the same message, and the index rows made
from what checked_doc parsed are the rows made from the documents."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import index
from journalcli.model import STORED_FIELDS, Entry, checked_doc
from journalcli.store import SCHEMA

SOUND: dict[str, Any] = {
    "uid": "00000000-0000-0000-0000-000000000001",
    "when": "2026-11-22T18:30:00+01:00",
    "urge": 5,
    "triggers": ["stress"],
    "response": "stayed",
    "with": "Sam",
    "emotions": ["tense"],
    "behaviors": ["silence"],
    "tags": ["home"],
    "note": "note ü",
    "prompt": {"question": "What did you need?", "answer": "time"},
    "created": "2026-11-22T18:30:00+01:00",
    "updated": "2026-11-23T09:00:00+01:00",
    "plan": 2,
    "plan_used": True,
    "flagged": False,
}

# Near misses of each field's rule (other ISO forms, the year edges, wrong types), and any JSON.
_NEAR = st.sampled_from(
    [
        "5", 11, -1, True, False, None, "", 0, 5.0, 2**63, [], {}, [1], ["stress", None],
        "stress", "maybe", "withdrew", "2026-11-22T18:00:00", "2026-11-22T18:00:00+01:00",
        "20261122T183000+0100", "2026-W47-7T18:30:00+01:00", "2026-11-22 18:30:00Z",
        "9998-12-31T23:59:59-12:00", "1900-01-01T00:30:00+01:00", "0001-01-01T00:00:00+00:00",
        "not-a-uuid", "00000000-0000-0000-0000-00000000000G", {"question": "q"},
        {"question": "q", "answer": 1},
    ]
)  # fmt: skip
_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=6),
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner),
    max_leaves=5,
)
_VALUE = _NEAR | _JSON
_NAMES = st.sampled_from([*STORED_FIELDS, "id", "extra"])


@st.composite
def documents(draw: st.DrawFn) -> object:
    """A sound document with a few fields changed, removed or added; now and then not an
    object at all."""
    if draw(st.integers(0, 9)) == 0:
        return draw(_VALUE)
    doc = dict(SOUND)
    for _ in range(draw(st.integers(0, 3))):
        name = draw(_NAMES)
        if draw(st.booleans()):
            doc.pop(name, None)
        else:
            doc[name] = draw(_VALUE)
    return doc


def _outcome(make: Any, doc: object) -> tuple[str, str] | tuple[Any, ...]:
    try:
        got = make(7, doc)
    except Exception as exc:  # the kind and the message are what is compared
        return type(exc).__name__, str(exc)
    return tuple(got) if isinstance(got, tuple) else got


def _as_checked(e: Entry) -> tuple[Any, ...]:
    """An entry's fields as checked_doc returns them (stored order, lists as lists)."""
    lists = [list(e.triggers), list(e.emotions), list(e.behaviors), list(e.tags)]
    return (e.uid, e.when, e.urge, lists[0], e.response, e.with_, lists[1], lists[2], lists[3],
            e.note, e.prompt, e.created, e.updated, e.plan, e.plan_used, e.flagged)  # fmt: skip


@given(documents())
def test_checked_doc_accepts_and_refuses_as_from_doc_with_the_same_message(doc: object) -> None:
    checked = _outcome(checked_doc, doc)
    built = _outcome(Entry.from_doc, doc)
    if isinstance(built, Entry):
        assert checked == _as_checked(built)
    else:
        assert checked == built


@pytest.mark.parametrize(
    "doc",
    [
        SOUND,
        {"uid": SOUND["uid"], "when": SOUND["when"]},  # an older form, completed with defaults
        {**SOUND, "urge": 11},
        {**SOUND, "when": "2026-11-22T18:30:00"},
        {**SOUND, "updated": None, "created": None},
        {**SOUND, "extra": 1},
        [],
    ],
)
def test_examples_agree(doc: object) -> None:
    checked, built = _outcome(checked_doc, doc), _outcome(Entry.from_doc, doc)
    assert checked == (_as_checked(built) if isinstance(built, Entry) else built)


def test_the_figures_taken_from_checked_doc_are_the_fields_the_index_reads() -> None:
    picked = index._CHECKED_FIGURES(STORED_FIELDS)
    assert picked == index._FIGURE_NAMES


_WHENS = [
    "2026-11-22T18:30:00+01:00",
    "2026-11-22T23:30:00.250000-05:00",
    "20261122T183000+0100",  # read by from_doc, placed on no day by the index: not sound
    "2026-W47-7T18:30:00+01:00",
    "2026-11-22 18:30:00Z",
    "9998-12-31T23:59:59-12:00",
    "1900-01-01T00:30:00+01:00",
]


@pytest.mark.parametrize("when", _WHENS)
@pytest.mark.parametrize("damage", [{}, {"urge": 11}, {"triggers": "x"}, {"plan": 0}])
def test_rows_from_checked_doc_are_the_rows_from_the_documents(when, damage) -> None:
    """Index.found given what checked_doc returned makes the rows it makes from the
    documents alone (each checked again there), for sound and damaged entries and for
    `when`s in each ISO form, or raises as it does."""
    docs = [
        {**SOUND, "when": when, "created": when, **damage},
        {**SOUND, "when": when, "urge": 3},
        {**SOUND, "triggers": ["closeness", "stress"], "with": None, "plan": None},
        {"uid": SOUND["uid"], "when": when},
    ]
    found = [(n, 100 * n, 90, doc) for n, doc in enumerate(docs, 1)]
    checked: list[tuple[Any, ...] | None] = []
    for n, doc in enumerate(docs, 1):
        try:
            checked.append(checked_doc(n, doc))
        except ValueError:
            checked.append(None)
    sound = [got is not None for got in checked]
    given_rows, plain_rows = index.Index(SCHEMA), index.Index(SCHEMA)
    outcomes = []
    for rows, extra in ((given_rows, (checked,)), (plain_rows, ())):
        try:
            rows.found(found, sound, *extra)
            outcomes.append(None)
        except ValueError as exc:
            outcomes.append(str(exc))
    assert outcomes[0] == outcomes[1]
    assert given_rows == plain_rows
