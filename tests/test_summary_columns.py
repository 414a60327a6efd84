"""The summary is counted over columns (index.Facts), from the index without parsing an entry;
its figures, and so what `summary` prints, must be exactly those of the entry-by-entry summary
it replaced (kept in tests/legacy_stats.py), whichever way the facts were read."""

from __future__ import annotations

import json
import uuid
from datetime import UTC, date, datetime, timedelta, timezone

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import legacy_stats
from journalcli import index, stats
from journalcli.model import Entry
from journalcli.store import SCHEMA, Journal

TODAY = date(2026, 11, 22)
ZONES = [timezone(timedelta(hours=h)) for h in (-5, 0, 1, 9)] + [timezone(timedelta(hours=5.5))]
PEOPLE = [None, "", "Sam", "sam", "SAM", "Alex", "team lead", "Zoë", "ZOË"]
TRIGGERS = ["closeness", "stress", "conflict", "needs", "a-trigger-I-removed"]
BEHAVIORS = ["silence", "left", "busy", "topic-change"]
FEELINGS = ["tense", "calm", "numb", "warm", "not-a-feeling-word"]
PLANS = [{"id": 1, "trigger": "stress", "with": None, "text": "breathe"}]
PLANS += [{"id": 2, "trigger": "closeness", "with": "Sam", "text": "stay"}]
FIRST = datetime(2026, 9, 1, tzinfo=UTC)


@st.composite
def entries(draw: st.DrawFn) -> list[Entry]:
    made = []
    for n in range(draw(st.integers(0, 40))):
        plan = draw(st.sampled_from([None, None, 1, 2]))
        made.append(
            Entry(
                # minutes apart or at the very same instant (the latest of two spellings ties)
                when=(
                    FIRST + timedelta(minutes=draw(st.integers(0, 90 * 24 * 60)) // 7 * 7)
                ).astimezone(draw(st.sampled_from(ZONES))),
                urge=draw(st.sampled_from([None, 0, 0, 1, 4, 6, 7, 10])),
                triggers=tuple(draw(st.lists(st.sampled_from(TRIGGERS), max_size=3))),
                response=draw(st.sampled_from([None, "withdrew", "stayed", "stayed", "partly"])),
                with_=draw(st.sampled_from(PEOPLE)),
                emotions=tuple(draw(st.lists(st.sampled_from(FEELINGS), max_size=2))),
                behaviors=tuple(draw(st.lists(st.sampled_from(BEHAVIORS), max_size=3))),
                id=n + 1,
                uid=str(uuid.UUID(int=n + 1)),
                plan=plan,
                plan_used=None if plan is None else draw(st.sampled_from([None, True, False])),
            )
        )
    return made


def by_time(items: list[Entry]) -> list[Entry]:
    return sorted(items, key=lambda e: (e.when, e.id))


def through_index(items: list[Entry]) -> index.Facts:
    """The facts as the summary command reads them: an index's columns, in id order (not
    in time order: the figures break ties on who was met first by instant and id)."""
    data = {"entries": {str(e.id): e.to_doc() for e in sorted(items, key=lambda e: e.id)}}
    _, rows = index.layout(data, SCHEMA)
    assert rows is not None
    # the whole-file write, whose entries were all checked as they were read, checks none
    assert index.layout(data, SCHEMA, checked=True)[1] == rows
    return index.Facts.of_rows(rows)


@settings(max_examples=120)
@given(
    items=entries(),
    since=st.integers(0, 95),
    length=st.integers(1, 100),
    challenge=st.booleans(),
)
def test_the_summary_of_columns_is_the_summary_of_entries(items, since, length, challenge):
    first = FIRST.date() + timedelta(days=since - 3)
    last = first + timedelta(days=length)
    done = {"2026-W40", "2026-W41", "2026-W45"} if challenge else None
    args = (first, last, TODAY)
    kwargs = {"done_weeks": done, "plans": PLANS}
    expected = legacy_stats.summary(by_time(items), *args, **kwargs)
    assert stats.summary(by_time(items), *args, **kwargs) == expected
    assert stats.summary(through_index(items), *args, **kwargs) == expected
    with pytest.MonkeyPatch.context() as patch:  # each column counted the other way too
        patch.setattr(stats, "_FEW_PAIRS", 0)
        assert stats.summary(through_index(items), *args, **kwargs) == expected
    # in any order (the export and tests pass lists in their own order)
    assert stats.summary(items, *args, **kwargs) == legacy_stats.summary(items, *args, **kwargs)


@settings(max_examples=80)
@given(items=entries(), since=st.integers(0, 95), length=st.integers(0, 100))
def test_the_calendar_of_columns_is_the_calendar_of_entries(items, since, length):
    first = FIRST.date() + timedelta(days=since - 3)
    last = first + timedelta(days=length)
    expected = legacy_stats.calendar(items, first, last)
    assert stats.calendar(items, first, last) == expected
    assert stats.calendar(through_index(items), first, last) == expected


def test_the_latest_spelling_wins_a_tie_on_count_as_before():
    base = datetime(2026, 11, 20, 20, 0, tzinfo=UTC)
    hour = timedelta(hours=1)
    items = [  # two of each spelling: the later "Sam" is the latest, shown in a tie
        Entry(when=base, urge=5, triggers=("stress",), with_="Sam", id=1),
        Entry(when=base + hour, urge=5, triggers=("stress",), with_="sam", id=2),
        Entry(when=base + 2 * hour, urge=3, triggers=("stress",), with_="sam", id=3),
        Entry(when=base + 3 * hour, urge=3, triggers=("stress",), with_="Sam", id=4),
        Entry(when=base + 3 * hour, urge=0, with_="SAM", id=5),  # calm: not counted
    ]
    for order in (items, items[::-1], items[1:], items[2:] + items[:2]):
        expected = legacy_stats.summary(order, date(2026, 11, 1), TODAY, TODAY)
        assert stats.summary(order, date(2026, 11, 1), TODAY, TODAY) == expected
        by_id = [e.with_changes(id=n) for n, e in enumerate(order, 1)]
        expected = legacy_stats.summary(by_time(by_id), date(2026, 11, 1), TODAY, TODAY)
        assert stats.summary(through_index(by_id), date(2026, 11, 1), TODAY, TODAY) == expected
        if len(order) == len(items):
            assert expected["with"][0]["with"] == "Sam"
    # the same count and the same latest instant: the first met (by instant, then id) wins
    for first, second in (("Sam", "sam"), ("sam", "Sam")):
        same_time = [
            Entry(when=base, urge=4, triggers=("stress",), with_=first, id=1, response="stayed"),
            Entry(when=base, urge=4, triggers=("stress",), with_=second, id=2, response="stayed"),
        ]
        expected = legacy_stats.summary(same_time, date(2026, 11, 1), TODAY, TODAY)
        assert expected["with"][0]["with"] == first
        for facts in (same_time, through_index(same_time[::-1])):
            assert stats.summary(facts, date(2026, 11, 1), TODAY, TODAY) == expected


@pytest.fixture
def written(db_path):
    """A journal written through the store (so with its index): entries of every kind."""
    base = datetime(2026, 10, 1, 8, 0, tzinfo=timezone(timedelta(hours=1)))
    made = [
        Entry(
            when=base + timedelta(hours=7 * n + n % 5),
            urge=[None, 0, 3, 6, 9, 10][n % 6],
            triggers=tuple(TRIGGERS[: n % 4]),
            response=[None, "withdrew", "stayed", "partly", "stayed"][n % 5],
            with_=PEOPLE[n % len(PEOPLE)] or None,
            emotions=tuple(FEELINGS[n % 3 : n % 3 + n % 2]),
            behaviors=tuple(BEHAVIORS[: n % 3]),
            note=f"note {n}",
        )
        for n in range(200)
    ]
    Journal(db_path).add_many(made)
    return db_path


@pytest.mark.parametrize("args", [(), ("--all",)], ids=["28 days", "all"])
def test_the_summary_command_prints_what_the_entry_summary_printed(run, written, capsys, args):
    from journalcli.views import stats as view

    journal = Journal(written)
    assert journal.snapshot().indexed  # the command reads the index's columns
    first = date(2026, 10, 1) if args else TODAY - timedelta(days=27)
    old = legacy_stats.summary(
        journal.entries(first, TODAY), first, TODAY, TODAY, logged_days=journal.days()
    )
    result = run("summary", *args, "--json")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == json.loads(json.dumps(old))
    for columns in ("80", "40", "132"):
        with pytest.MonkeyPatch.context() as patch:
            patch.setenv("COLUMNS", columns)
            view.print_summary(old)
        assert run("summary", *args, COLUMNS=columns).stdout == capsys.readouterr().out
    index.discard(written)  # without an index, the facts come from the entries themselves
    assert json.loads(run("summary", *args, "--json").stdout) == json.loads(json.dumps(old))


@pytest.mark.parametrize("args", [("--year", "2026"), ("--month", "2026-10")], ids=str)
def test_the_calendar_command_counts_what_the_entry_calendar_counted(run, written, args):
    """(The view is unchanged: it draws the same rows.)"""
    journal = Journal(written)
    first, last = (date(2026, 1, 1), date(2026, 12, 31))
    if args[0] == "--month":
        first, last = date(2026, 10, 1), date(2026, 10, 31)
    old = legacy_stats.calendar(journal.entries(first, last), first, last)
    assert old["days"]
    assert json.loads(run("calendar", *args, "--json").stdout) == old
    index.discard(written)  # without an index, the facts come from the entries themselves
    assert json.loads(run("calendar", *args, "--json").stdout) == old


def test_the_facts_after_any_change_are_those_of_a_fresh_index(written):
    journal = Journal(written)
    journal.replace(3, lambda e: e.with_changes(with_="Somebody New", triggers=("needs",)))
    journal.delete(4)
    journal.add(Entry(when=datetime(2026, 11, 21, 9, tzinfo=UTC), urge=2, with_="Kim"))
    assert Journal(written).snapshot().indexed
    spliced = readable(Journal(written).facts())
    index.discard(written)
    assert not Journal(written).snapshot().indexed
    assert readable(Journal(written).facts()) == spliced


def readable(facts: index.Facts) -> list[tuple[object, ...]]:
    """The facts row by row, in time order, names and lists as the values they point at."""
    pointing = ("withs", "triggers", "behaviors", "emotions")
    columns = [
        [facts.values[n] for n in column] if name in pointing else list(column)
        for name, column in zip(facts.__slots__, facts.columns(), strict=False)
    ]
    return sorted(zip(*columns, strict=True), key=lambda row: row[1])  # by instant
