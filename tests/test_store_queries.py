"""Reading parts of a journal: by local day, newest first (lazily), the logged days."""

from __future__ import annotations

from datetime import date, datetime

import pytest

from journalcli import model, stats
from journalcli.model import Entry
from journalcli.query import Filter, select
from journalcli.store import Journal


def at(iso: str, note: str = "") -> Entry:
    return Entry(when=datetime.fromisoformat(iso), urge=5, triggers=("stress",), note=note)


@pytest.fixture
def journal(db_path) -> Journal:
    journal = Journal(db_path)
    journal.add_many(
        [
            at("2026-11-20T23:30:00-05:00", "late in New York"),  # 04:30 UTC on the 21st
            at("2026-11-21T00:10:00+01:00", "just after midnight in Berlin"),  # 23:10 UTC 20th
            at("2026-11-21T12:00:00+01:00", "noon"),
            at("2026-11-22T09:00:00+01:00", "today"),
        ]
    )
    return Journal(db_path)


def test_days_are_the_local_dates_as_recorded(journal):
    assert journal.days() == {date(2026, 11, 20), date(2026, 11, 21), date(2026, 11, 22)}
    assert journal.count() == 4


def test_entries_of_a_day_use_each_entrys_own_offset(journal):
    notes = [e.note for e in journal.entries(date(2026, 11, 21), date(2026, 11, 21))]
    # Berlin's 00:10 is an earlier instant than New York's 23:30 of the day before, but it is
    # the 21st where it was written, and the New York entry is the 20th there.
    assert notes == ["just after midnight in Berlin", "noon"]
    assert [e.note for e in journal.entries(date(2026, 11, 20), date(2026, 11, 20))] == [
        "late in New York"
    ]


def test_entries_without_days_are_all_oldest_first_by_instant(journal):
    assert [e.note for e in journal.entries()] == [
        "just after midnight in Berlin",
        "late in New York",
        "noon",
        "today",
    ]


def test_newest_is_newest_first_and_builds_only_what_is_read(journal, monkeypatch):
    built: list[int] = []
    original = model.Entry.from_doc

    def counting(doc_id, doc):
        built.append(doc_id)
        return original(doc_id, doc)

    monkeypatch.setattr(model.Entry, "from_doc", staticmethod(counting))
    first_two = select(journal.newest(), Filter(), limit=2)
    assert [e.note for e in first_two] == ["today", "noon"]
    assert len(built) == 2


def test_select_filters_before_it_limits(journal):
    found = select(journal.newest(), Filter(search="in"), limit=5)
    assert [e.note for e in found] == ["late in New York", "just after midnight in Berlin"]


def test_summary_streak_counts_days_before_the_period(journal):
    today = date(2026, 11, 22)
    entries = journal.entries(today, today)
    result = stats.summary(entries, today, today, today, logged_days=journal.days())
    assert result["entries"] == 1
    assert result["streak"] == 3  # the 20th, 21st and 22nd, though the period is one day
    assert stats.summary(entries, today, today, today)["streak"] == 1
