"""The quicker ways of `export --format markdown` (issue 16) give the bytes of the ways they
replace: a day's plain entries written as one piece each (exporters._write_day), blocks joined
stripping only their last line (_lines_out), the weeks counted over columns (brief.weeks from
index.Facts), and store.Streamed reading a day's documents at a time and finding the flagged
ones by each document's end; over awkward entries and documents written by hand."""

from __future__ import annotations

import json
import tempfile
from datetime import date, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journalcli import brief, exporters, index, stats, store
from journalcli.model import Entry
from test_export_fast import _ENTRIES, _TEXT, _reference
from test_export_stream import _both
from test_summary_columns import by_time, entries, through_index

# Text that is mostly plain (so that a day's entries take the quick way), or hostile.
_PLAIN = st.text(st.sampled_from(list("ab yz.,'!?é19-#")), max_size=20)
_SOME = _PLAIN | _TEXT | st.sampled_from(["# x", " - y", "1. z", "12) w", "+", ">q", "1.5 ok"])
_LIST = st.lists(_PLAIN | _TEXT, max_size=3).map(tuple)
_DAY_ENTRIES = st.lists(
    _ENTRIES.flatmap(
        lambda entry: st.builds(
            entry.with_changes,
            urge=st.sampled_from([None, 0, 3, 10]),
            triggers=_LIST,
            with_=st.none() | _SOME,
            emotions=_LIST,
            behaviors=_LIST,
            tags=_LIST,
            note=_SOME,
            prompt=st.none() | st.just({"question": "Why?", "answer": "a\n\nb"}),
        )
    ),
    max_size=5,
)


@given(_DAY_ENTRIES, st.lists(st.booleans(), min_size=5, max_size=5))
def test_a_day_written_in_pieces_is_the_day_written_line_by_line(day, stored):
    """Each entry as an Entry or as the stored fields store.Streamed gives (up to the prompt,
    or all of them), among others of either kind."""
    items: list[object] = []
    for entry, as_fields in zip(day, stored, strict=False):
        doc = entry.to_doc()
        fields = (entry.when, *(doc[name] for name in list(doc)[2:]))
        items.append(fields[: 10 + 5 * (entry.urge == 3)] if as_fields else entry)
    lines: list[str] = []
    exporters._write_day(lines, items)  # type: ignore[arg-type]
    expected = [line for entry in day for line in _reference(entry)]
    assert "\n".join(lines) == "\n".join(expected)
    block = ["### A day", "", *lines]
    assert "".join(exporters._lines_out([block])) == "\n".join(["### A day", "", *expected])


_LINES = st.sampled_from(["", "\n", "a", "a\n", "b\n\n", "\nc", "x\ny"]) | _TEXT


@given(st.lists(st.lists(_LINES, max_size=4), max_size=5))
def test_the_blocks_are_joined_as_one_text_ending_in_one_newline(blocks):
    expected = "\n".join(line for block in blocks for line in block).rstrip("\n") + "\n"
    assert "".join(exporters._lines_out(blocks)) == expected


@settings(max_examples=60)
@given(
    items=entries(),
    since=st.integers(0, 95),
    length=st.integers(0, 100),
    at_once=st.sampled_from([1, 2, 520]),
    marked=st.booleans(),
)
def test_the_weeks_of_columns_are_the_weeks_of_entries(items, since, length, at_once, marked):
    """brief.weeks from the period's index.Facts is brief.weeks from its entries (what
    stats.trends counts), whichever number of weeks trends counts at once."""
    first = date(2026, 9, 1) + timedelta(days=since - 3)
    last = first + timedelta(days=length)
    chosen = [entry for entry in by_time(items) if first <= entry.when.date() <= last]
    done = {"2026-W37", "2026-W41"} if marked else set()
    reviewed = {"2026-W40"} if marked else set()
    today = date(2026, 11, 22)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stats, "MAX_WEEKS", at_once)
        expected = brief.weeks(chosen, first, last, today, done, reviewed)
        assert brief.weeks(through_index(chosen), first, last, today, done, reviewed) == expected


def test_a_tie_on_count_and_urge_goes_to_the_latest_trigger_from_columns_too():
    at = datetime(2026, 11, 17, 9, 0).astimezone()
    week = date(2026, 11, 16), date(2026, 11, 22)
    for latest, other in (("needs", "stress"), ("stress", "needs")):
        # each twice with urge 4; `latest` both first and last
        triggers = [(latest,), (other,), (other,), (latest,)]
        items = [
            Entry(when=at + timedelta(hours=n), urge=4, triggers=keys, id=4 - n)
            for n, keys in enumerate(triggers)
        ]
        expected = brief.weeks(by_time(items), *week, week[1], set(), set())
        assert expected[0]["top_triggers"] == [latest, other]
        assert brief.weeks(through_index(items), *week, week[1], set(), set()) == expected


# A few local times, so that entries meet at the same local time in other offsets, and at
# the same instant; 00:30 and 23:30 fall on another UTC day in some offsets.
_WHEN = st.sampled_from([datetime(2026, 11, 2, h, m) for h, m in ((0, 30), (7, 0), (23, 30))])
_WHEN = st.tuples(_WHEN, st.integers(0, 2)).map(lambda pair: pair[0] + timedelta(days=pair[1]))
_ZONE = st.sampled_from([timedelta(hours=h) for h in (-5, 0, 1, 9)] + [timedelta(minutes=330)])


@settings(max_examples=25)
@given(
    st.lists(
        st.tuples(_WHEN, _ZONE, st.booleans(), _DAY_ENTRIES.map(lambda d: d[:1])),
        min_size=1,
        max_size=12,
    )
)
def test_streamed_entries_by_day_and_flagged_are_those_of_the_journal(made):
    """Entries at the same local time in other offsets, at the same instant, flagged or not,
    with awkward text: stored_by_day gives each day's in (local time, id) order, each its
    fields, and flagged() the flagged ones, as Journal.entries has them."""
    from datetime import timezone

    new = [
        (day[0] if day else Entry(when=when, urge=1)).with_changes(
            when=when.replace(tzinfo=timezone(zone)), flagged=flagged, id=None
        )
        for when, zone, flagged, day in made
    ]
    with tempfile.TemporaryDirectory() as folder:
        journal = store.Journal(Path(folder) / "journal.json")
        journal.add_many(new)
        period = date(2026, 10, 1), date(2026, 11, 30)
        streamed = journal.streamed(*period)
        assert streamed is not None
        ordered = sorted(
            journal.entries(*period), key=lambda e: (e.when.date(), e.when.time(), e.id)
        )
        got = [(day, item) for day, items in streamed.stored_by_day() for item in items]
        assert [day for day, _ in got] == [entry.when.date() for entry in ordered]
        assert [item[:10] for _, item in got] == [_fields(entry) for entry in ordered]
        assert streamed.flagged() == [entry for entry in journal.entries() if entry.flagged]


def _fields(entry: Entry) -> tuple[object, ...]:
    return (entry.when, entry.urge, list(entry.triggers), entry.response, entry.with_,
            list(entry.emotions), list(entry.behaviors), list(entry.tags), entry.note,
            entry.prompt)  # fmt: skip


@pytest.fixture
def handwritten(run, db_path) -> None:
    """A journal whose file was then written by hand (no matching index: it is scanned):
    `flagged` not last and true, twice (true, then false: the last counts), missing (an
    earlier form, built the checked way, on a day with others), and notes that spell a
    document's end or hold `true`."""
    for args in (
        ("-u", "3", "-t", "stress", "-d", "2026-11-20 09:00", "one"),
        ("-u", "4", "-t", "conflict", "-d", "2026-11-20 08:00", ',"flagged":false}'),
        ("-u", "5", "-t", "needs", "-d", "2026-11-20 10:00", "true, and *this*"),
        ("-u", "0", "-d", "2026-11-21 07:00", "calm"),
        ("-u", "6", "-t", "needs", "-d", "2026-11-21 07:00", "same time"),
    ):
        added = run("add", *args)
        assert added.exit_code == 0, added.output
    data = json.loads(db_path.read_text())
    docs = data["entries"]
    docs["1"] = {"flagged": True, **{k: v for k, v in docs["1"].items() if k != "flagged"}}
    del docs["3"]["plan_used"]
    raw = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    raw = raw.replace('"flagged":false}', '"flagged":true,"x":1,"flagged":false}', 1)
    db_path.write_text(raw.replace(',"x":1', ""))
    index.path_for(db_path).unlink()


def test_a_handwritten_file_is_streamed_as_it_reads(run, monkeypatch, handwritten, db_path):
    journal = store.Journal(db_path)
    streamed = journal.streamed(date(2026, 11, 1), date(2026, 11, 22))
    assert streamed is not None
    flagged = [e.id for e in journal.entries() if e.flagged]
    assert [e.id for e in streamed.flagged()] == flagged == [1]
    for args in (("-f", "markdown", "--since", "2026-11-21"), ("-f", "csv"), ("-f", "markdown")):
        new, old, count = _both(run, monkeypatch, *args)
        assert count == 1 and new == old
    talk = new.split("## To talk about", 1)[1].split("\n## ", 1)[0]
    assert "### Friday 20 November 2026, 09:00" in talk and "10:00" not in talk
