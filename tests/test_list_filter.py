"""`list --since/--until` uses the day rule of summary and export: a date is a whole day of the
entry's own calendar, a typed time is compared on the entry's own clock. Entries are stored in
several UTC offsets; every test runs under more than one fixed clock."""

from __future__ import annotations

import json
import os
from datetime import date, datetime

import pytest

from journalcli.model import Entry
from journalcli.query import Filter, select

# Each entry's own local date differs from its date in the local zone (CET) or in UTC.
STORED = {
    "A": "2026-11-20T23:30:00-05:00",  # 21 Nov 05:30 in CET
    "B": "2026-11-21T00:30:00+01:00",  # 20 Nov 23:30 in UTC
    "C": "2026-11-21T23:30:00+09:00",  # 21 Nov 15:30 in CET
    "D": "2026-11-22T00:15:00+14:00",  # 21 Nov 11:15 in CET
    "E": "2026-11-19T08:00:00+01:00",
}
# A Sunday night and a mid-week morning (CET, the zone of conftest).
CLOCKS = ["2026-11-22T23:30:00+01:00", "2026-11-25T08:15:00+01:00"]


@pytest.fixture(params=CLOCKS, ids=["sunday-night", "wednesday-morning"])
def stored(request, run, monkeypatch) -> dict[int, str]:
    """The entries above, through `add`; id -> name."""
    monkeypatch.setenv("JOURNAL_NOW", request.param)
    ids = {}
    for name, when in STORED.items():
        result = run("add", "-u", "5", "-t", "stress", "-q", "--when", when, name)
        assert result.exit_code == 0, result.output
        ids[int(result.stdout.split()[2].rstrip(":"))] = name
    return ids


def listed(run, *args: str) -> list[str]:
    result = run("list", "--json", *args)
    assert result.exit_code == 0, result.output
    return sorted(entry["note"] for entry in json.loads(result.stdout))


def exported(run, *args: str) -> list[str]:
    result = run("export", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return sorted(entry["note"] for entry in json.loads(result.stdout)["entries"])


def summarised(run, *args: str) -> int:
    result = run("summary", "--json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["entries"]


DAYS = [
    (("--since", "2026-11-21", "--until", "2026-11-21"), ["B", "C"]),
    (("--since", "2026-11-20", "--until", "2026-11-20"), ["A"]),
    (("--since", "2026-11-22"), ["D"]),
    (("--until", "2026-11-20"), ["A", "E"]),
    (("--since", "nov 20", "--until", "nov 21"), ["A", "B", "C"]),
    (("--since", "2026-11-19", "--until", "2026-11-22"), ["A", "B", "C", "D", "E"]),
]


@pytest.mark.parametrize(("args", "names"), DAYS, ids=lambda v: " ".join(v))
def test_a_date_is_a_whole_day_of_the_entry_s_own_calendar(run, stored, args, names):
    assert listed(run, *args) == names
    assert exported(run, *args) == names
    assert summarised(run, *args) == len(names)


TIMES = [
    (("--since", "2026-11-20 23:00"), ["A", "B", "C", "D"]),
    (("--until", "2026-11-21 00:45"), ["A", "B", "E"]),
    (("--since", "2026-11-21 00:30", "--until", "2026-11-21 23:30"), ["B", "C"]),
    (("--since", "2026-11-21 00:31", "--until", "2026-11-21 23:29"), []),
    (("--since", "2026-11-22 00:15:00"), ["D"]),
    (("--since", "2026-11-21T00:00+05:00", "--until", "2026-11-21T23:59+05:00"), ["B", "C"]),
]


@pytest.mark.parametrize(("args", "names"), TIMES, ids=lambda v: " ".join(v))
def test_a_typed_time_is_compared_on_the_entry_s_own_clock(run, stored, args, names):
    assert listed(run, *args) == names


def test_list_keeps_newest_first_and_the_limit(run, stored):
    result = run("list", "--json", "--since", "2026-11-20", "-n", "3")
    notes = [entry["note"] for entry in json.loads(result.stdout)]
    # Newest first by instant (UTC): C 14:30 on the 21st, D 10:15, A 04:30, B 23:30 on the 20th.
    assert notes == ["C", "D", "A"]
    everything = [entry["note"] for entry in json.loads(run("list", "--json").stdout)]
    assert everything == ["C", "D", "A", "B", "E"]


def test_a_filter_that_matches_nothing_says_so(run, stored):
    for args in (("--since", "2026-11-23"), ("--with", "nobody"), ("--search", "zzz")):
        result = run("list", *args)
        assert result.exit_code == 0
        assert result.stdout.strip() == "No entries match these filters."
        assert run("list", "--json", *args).stdout.strip() == "[]"


def test_an_empty_journal_still_says_how_to_begin(run):
    for args in ((), ("--since", "2026-11-01")):
        result = run("list", *args)
        assert result.stdout.startswith("No entries yet.")
        assert run("list", "--json", *args).stdout.strip() == "[]"


@pytest.mark.parametrize("command", ["list", "summary", "export"])
@pytest.mark.parametrize(
    ("since", "until"),
    [("2026-11-21", "2026-11-20"), ("2026-11-21 10:00", "2026-11-21 09:59"), ("today", "monday")],
)
def test_since_after_until_is_exit_2(run, stored, db_path, command, since, until):
    before = db_path.read_bytes()
    result = run(command, "--since", since, "--until", until)
    assert result.exit_code == 2
    (line,) = result.stderr.strip().splitlines()
    assert "starts" in line and "after it ends" in line
    assert db_path.read_bytes() == before


# --- the core filter as a plain function


def _entry(when: str) -> Entry:
    return Entry(when=datetime.fromisoformat(when), urge=3, note=when)


def test_filter_compares_wall_clocks():
    entries = [_entry(when) for when in sorted(STORED.values(), reverse=True)]
    where = Filter(since=datetime(2026, 11, 21), until=datetime(2026, 11, 21, 23, 59, 59, 999999))
    assert sorted(e.note for e in select(entries, where)) == [STORED["B"], STORED["C"]]
    assert where.days() == (date(2026, 11, 21), date(2026, 11, 21))
    assert Filter().days() == (None, None)


def test_week_under_each_clock_counts_entries_by_their_own_day(run, stored):
    sunday_night = datetime.fromisoformat(os.environ["JOURNAL_NOW"]).weekday() == 6
    this_week = json.loads(run("week", "--json").stdout)
    assert this_week["week"] == ("2026-W47" if sunday_night else "2026-W48")
    assert this_week["totals"]["entries"] == (5 if sunday_night else 0)
    last_sunday = json.loads(run("week", "--json", "last sunday").stdout)
    assert last_sunday["end"] == ("2026-11-15" if sunday_night else "2026-11-22")
    days = json.loads(run("week", "--json", "nov 21").stdout)["days"]
    by_day = {day["date"]: len(day["entries"]) for day in days}
    assert (by_day["2026-11-20"], by_day["2026-11-21"], by_day["2026-11-22"]) == (1, 2, 1)
