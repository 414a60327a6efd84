"""What a hostile user types: numbers out of range in every integer option or argument, and
dates at the edges of the calendar in every command that takes one. Each is one line on
stderr, exit 2, no traceback, and the journal's files unchanged."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hostile_helpers import tree
from journalcli.dates import parse_day, parse_span, parse_wall, parse_when
from journalcli.errors import InputError
from journalcli.model import FIRST_YEAR, LAST_YEAR, moment_in_range

NOW = datetime.fromisoformat("2026-11-22T18:30:00+01:00")
HUGE = "9" * 23
ENORMOUS = "9" * 5000  # past Python's limit for int(str)


@pytest.fixture
def journal(run, db_path) -> Path:
    run("add", "-q", "-u", "4", "-t", "stress", "-r", "stayed", "-d", "2026-11-20 21:00", "one")
    run("add", "-q", "-u", "6", "-t", "closeness", "-r", "withdrew", "two")
    return db_path.parent


def refused(run, folder: Path, *args: str) -> str:
    """Run a command that must be refused; return its one line of stderr."""
    before = tree(folder)
    result = run(*args)
    assert result.exit_code == 2, (args, result.output)
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    assert len(lines[0]) < 400  # never the 5,000 digits back
    assert tree(folder) == before
    return lines[0]


# --- integers

INTEGER_PLACES = [
    ("list", "-n"),
    ("list", "--limit"),
    ("trends", "-n"),
    ("trends", "--weeks"),
    ("show", "--"),
    ("edit", "-u", "3", "--"),
    ("delete", "--yes", "--"),
]
OUT_OF_RANGE = [HUGE, ENORMOUS, "-1", "0", "-" + HUGE, str(2**63)]
NOT_NUMBERS = ["²", "٣", "1.5", "0x10", "", "+-5"]


@pytest.mark.parametrize("place", INTEGER_PLACES, ids=" ".join)
@pytest.mark.parametrize("value", OUT_OF_RANGE, ids=lambda v: v[:12])
def test_integers_out_of_range_are_refused_in_one_line(run, journal, place, value):
    line = refused(run, journal, *place, value)
    assert "out of range" in line and "give 1 to" in line


@pytest.mark.parametrize("place", INTEGER_PLACES, ids=" ".join)
@pytest.mark.parametrize("value", NOT_NUMBERS)
def test_integers_that_are_not_numbers_are_refused_in_one_line(run, journal, place, value):
    line = refused(run, journal, *place, value)
    assert "is not a valid integer" in line


def test_weeks_stop_at_520_and_ids_at_2_63(run, journal):
    assert "give 1 to 520" in refused(run, journal, "trends", "-n", "521")
    assert run("trends", "-n", "520", "--json").exit_code == 0
    assert "9223372036854775807" in refused(run, journal, "show", str(2**63))
    missing = run("show", str(2**63 - 1))
    assert missing.exit_code == 1 and "no entry with id" in missing.stderr


def test_numbers_in_range_still_work(run, journal):
    assert len(json.loads(run("list", "--json", "-n", "1").stdout)) == 1
    assert len(json.loads(run("list", "--json", "--limit", "+1000000000").stdout)) == 2
    assert json.loads(run("show", "--json", "0002").stdout)["note"] == "two"
    assert run("trends", "--json", "-n", " 3 ").exit_code == 0


# --- dates at the edges of the calendar

EDGE_DATES = [
    "9999-12-30",
    "9999-12-31",
    "0001-01-01",
    "1899-12-31 23:59",
    "0001-01-01T00:00:00+12:00",
    "9999-12-31T23:59:59-12:00",
    "dec 31 9999",
    "jan 1 0001",  # dateutil would read 2001
    "10000-01-01",
    "99999 weeks ago",
    "9999 weeks ago",  # 1835
]
DATE_PLACES = [
    ("add", "-u", "3", "-t", "stress", "--when"),
    ("edit", "1", "--when"),
    ("list", "--since"),
    ("list", "--until"),
    ("summary", "--since"),
    ("summary", "--until"),
    ("export", "--since"),
    ("export", "--until"),
    ("week",),
]


@pytest.mark.parametrize("place", DATE_PLACES, ids=" ".join)
@pytest.mark.parametrize("text", EDGE_DATES)
def test_dates_at_the_edges_are_refused_in_one_line(run, journal, place, text):
    line = refused(run, journal, *place, text)
    assert "try one of:" in line


def test_the_last_days_in_range_still_work(run, journal):
    assert run("week", "9998-12-31", "--json").exit_code == 0
    assert run("week", "1900-01-01", "--json").exit_code == 0
    assert run("list", "--since", "1900-01-01", "--until", "9998-12-31").exit_code == 0
    assert run("summary", "--since", "1900-01-01", "--json").exit_code == 0
    assert run("export", "--until", "9998-12-31", "-f", "csv").exit_code == 0


def test_add_refuses_an_instant_that_leaves_the_range_in_utc(run, journal):
    # In its own offset this is 1900, in UTC it is 1899: moment_in_range says no.
    refused(run, journal, "add", "-u", "3", "-t", "stress", "--when", "1900-01-01T00:30+01:00")
    result = run("add", "-u", "3", "-t", "stress", "-q", "--when", "1900-01-01T01:30+01:00")
    assert result.exit_code == 0, result.output


def test_since_after_until_is_refused_by_every_command_that_takes_both(run, journal):
    for command in ("list", "summary", "export"):
        for since, until in (("nov 5", "nov 3"), ("2026-11-20 22:00", "2026-11-20 21:59")):
            line = refused(run, journal, command, "--since", since, "--until", until)
            assert "starts" in line and "after it ends" in line


# --- properties of the parser over the whole datetime range

OFFSETS = st.integers(-(24 * 60 - 1), 24 * 60 - 1).map(lambda m: timezone(timedelta(minutes=m)))
ANY_MOMENT = st.datetimes(min_value=datetime.min, max_value=datetime.max, timezones=OFFSETS)
ISO_TEXT = st.one_of(
    ANY_MOMENT.map(lambda d: d.isoformat()),
    ANY_MOMENT.map(lambda d: d.isoformat(sep=" ", timespec="minutes")),
    ANY_MOMENT.map(lambda d: d.replace(tzinfo=None).isoformat(timespec="seconds")),
    ANY_MOMENT.map(lambda d: d.date().isoformat()),
    ANY_MOMENT.map(lambda d: f"{d:%b} {d.day} {d.year:04d} {d:%H:%M}"),  # through dateutil
)


@settings(max_examples=400)
@given(text=ISO_TEXT, role=st.sampled_from(["at", "since", "until"]))
def test_any_date_time_is_in_range_or_an_input_error(text, role):
    try:
        moment = parse_when(text, NOW, role)
        wall = parse_wall(text, NOW, role)
    except InputError as exc:
        assert "\n" not in str(exc)
        return
    assert FIRST_YEAR <= wall.year <= LAST_YEAR
    if role == "at":
        assert moment_in_range(moment)
        assert moment <= NOW + timedelta(minutes=1)
    moment.astimezone(UTC)  # never beyond what datetime can convert


@settings(max_examples=200)
@given(day=st.dates(), role=st.sampled_from(["since", "until"]))
def test_a_day_anywhere_in_the_calendar_is_that_day_or_refused(day, role):
    try:
        parsed = parse_wall(day.isoformat(), NOW, role)
    except InputError:
        assert not FIRST_YEAR <= day.year <= LAST_YEAR
        return
    assert parsed.date() == day


@settings(max_examples=200)
@given(first=st.dates(), last=st.dates())
def test_spans_and_weeks_at_any_dates_never_crash(first, last):
    try:
        start, end = parse_span(
            NOW, first.isoformat(), last.isoformat(), start=lambda d: d, end=NOW.date()
        )
    except InputError:
        return
    assert start <= end
    assert parse_day(first.isoformat(), NOW) == first


@pytest.mark.parametrize("step", ["²", "٣", "0", "5", HUGE, ENORMOUS, "-1", "1.0"])
def test_a_step_that_is_no_step_is_refused_in_one_line(run, journal, step):
    line = refused(run, journal, "steps", "--", step)
    assert "unknown step" in line


@pytest.mark.parametrize("step", ["1", "4", " 2 ", "track-triggers"])
def test_a_step_by_number_or_id(run, step):
    assert run("steps", step).exit_code == 0


@pytest.mark.parametrize(
    "args",
    [
        ("add", "-u", "5", "-t"),
        ("add", "-u", "5", "-t", "stress", "-b"),
        ("add", "-u", "5", "-t", "stress", "-r"),
        ("list", "-t"),
        ("guide",),
    ],
)
def test_an_enormous_key_is_not_echoed_back(run, journal, args):
    line = refused(run, journal, *args, "x" * 5000)
    assert "..." in line
