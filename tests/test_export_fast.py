"""The Markdown export's fast paths (one line with nothing to escape; one search for all of an
entry's listed fields; an entry written from its stored fields, not built) give the bytes of
the renderer they short-cut, for hostile text."""

from __future__ import annotations

from datetime import datetime

from hypothesis import given
from hypothesis import strategies as st

from journalcli import exporters
from journalcli.exporters import _labelled, _paragraphs, escape_inline, escape_line
from journalcli.model import Entry

# Markdown's specials, every line break str.splitlines knows, spaces and any other character.
_HOSTILE = st.sampled_from(
    list("#>-+*=_`~|<[]()!&;:.\\ 19\t\n\r\v\f\x1c\x1d\x1e\x85\u2028\u2029")
) | st.characters(blacklist_categories=("Cs",))
_TEXT = st.text(_HOSTILE, max_size=30)
_WORDS = st.lists(_TEXT, max_size=3).map(tuple)


@given(_TEXT)
def test_paragraphs_are_those_of_the_line_by_line_way(text):
    assert exporters.paragraphs(text) == _paragraphs(text)


def _reference(entry: Entry) -> list[str]:
    """The entry's Markdown as the export wrote it before the fast paths, escaping each field
    on its own and every note line by line."""
    parts = [f"{entry.when.hour:02d}:{entry.when.minute:02d}"]
    if entry.urge is not None:
        parts += [f"urge {entry.urge}", entry.response or "response not recorded"]
    elif entry.response:
        parts.append(entry.response)
    facts = [
        ("Triggers", ", ".join(entry.triggers)),
        ("With", entry.with_ or ""),
        ("Behaviors", ", ".join(entry.behaviors)),
        ("Emotions", ", ".join(entry.emotions)),
        ("Tags", ", ".join(entry.tags)),
    ]
    lines = ["#### " + " · ".join(parts), ""]
    items = [f"- {label}: {escape_inline(value)}" for label, value in facts if value]
    if entry.prompt:
        question = " ".join((entry.prompt.get("question") or "").split())
        if question:
            items.append(f"- Prompt: {escape_line(question)}")
        items += _labelled("Answer", entry.prompt.get("answer"))
    if items:
        lines += [*items, ""]
    for paragraph in _paragraphs(entry.note or ""):
        lines += [paragraph, ""]
    return lines


_ENTRIES = st.builds(
    Entry,
    when=st.datetimes(
        min_value=datetime(2000, 1, 1), timezones=st.just(datetime.now().astimezone().tzinfo)
    ),
    urge=st.none() | st.integers(0, 10),
    triggers=_WORDS,
    response=st.sampled_from([None, "withdrew", "stayed", "partly"]),
    with_=st.none() | _TEXT,
    emotions=_WORDS,
    behaviors=_WORDS,
    tags=_WORDS,
    note=_TEXT,
    prompt=st.none() | st.fixed_dictionaries({"question": _TEXT, "answer": _TEXT}),
    id=st.integers(1, 10),
)


@given(_ENTRIES)
def test_an_entry_written_from_its_stored_fields_is_the_entry_written(entry):
    doc = entry.to_doc()
    stored = (entry.when, *(doc[name] for name in list(doc)[2:]))  # as store.Streamed gives
    lines: list[str] = []
    exporters._write_entries(lines, "#### ", (stored,))
    assert lines == _reference(entry)
    assert exporters._entry_lines(entry) == _reference(entry)


def test_the_bytes_looked_at_are_the_ascii_characters_of_the_expression():
    ascii_ = {chr(code) for code in range(128) if exporters._PLAIN_NOT.search(chr(code))}
    assert set(exporters._PLAIN_NOT_BYTES.decode("ascii")) == ascii_
