"""Local times around daylight saving changes: a time the clocks skip is refused, naming the
gap; a time they pass twice takes the first and says so on stderr. Every place a local time
is typed, under New York's and Berlin's rules, with more than one fixed clock."""

from __future__ import annotations

import json
import time
from datetime import datetime

import pytest

from journalcli.dates import noticing, parse_span, parse_wall, parse_when
from journalcli.errors import InputError

# zone -> (a time in its spring gap, a time in its autumn repeated hour, (first, second)
# offsets of that hour)
ZONES = {
    "America/New_York": ("2026-03-08 02:30", "2026-11-01 01:30", ("-04:00", "-05:00")),
    "Europe/Berlin": ("2026-03-29 02:30", "2026-10-25 02:30", ("+02:00", "+01:00")),
}
# A Sunday night and a mid-week morning, in each zone's own offset (both after the changes).
CLOCKS = {
    "America/New_York": ["2026-11-22T23:30:00-05:00", "2026-11-25T08:15:00-05:00"],
    "Europe/Berlin": ["2026-11-22T23:30:00+01:00", "2026-11-25T08:15:00+01:00"],
}
CASES = [(zone, now) for zone, clocks in CLOCKS.items() for now in clocks]


@pytest.fixture(params=CASES, ids=lambda case: f"{case[0]} {case[1][:16]}")
def setting(request, monkeypatch) -> tuple[str, str]:
    """The zone and the fixed clock (conftest restores both)."""
    zone, now = request.param
    monkeypatch.setenv("TZ", zone)
    monkeypatch.setenv("JOURNAL_NOW", now)
    time.tzset()
    return zone, now


def one_line(result) -> str:
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.output
    return lines[0]


# --- the core


def test_a_gap_is_refused_with_the_times_on_either_side(setting):
    zone, now = setting
    gap = ZONES[zone][0]
    for role in ("at", "since", "until"):
        with pytest.raises(InputError) as caught:
            parse_when(gap, datetime.fromisoformat(now), role)
        message = str(caught.value)
        assert "does not exist" in message and "daylight saving gap" in message
        assert "try 01:30 or 03:30" in message


def test_a_repeated_hour_takes_the_first_and_leaves_a_notice(setting):
    zone, now = setting
    fold, (first, second) = ZONES[zone][1:]
    with noticing() as notices:
        moment = parse_when(fold, datetime.fromisoformat(now))
    assert moment.isoformat(timespec="minutes") == fold.replace(" ", "T") + first
    (notice,) = notices
    assert "happens twice" in notice and "took the first" in notice
    assert fold.replace(" ", "T") + second in notice  # how to ask for the second


def test_without_a_collector_the_first_is_taken_silently(setting):
    zone, now = setting
    fold, (first, _) = ZONES[zone][1:]
    assert parse_when(fold, datetime.fromisoformat(now)).isoformat().endswith(first)


def test_a_typed_offset_is_neither_a_gap_nor_a_fold(setting):
    zone, now = setting
    gap, fold, (_, second) = ZONES[zone]
    clock = datetime.fromisoformat(now)
    with noticing() as notices:
        assert parse_when(f"{fold}{second}", clock).utcoffset() is not None
        assert parse_when(f"{gap}+00:00", clock).isoformat().startswith(gap.replace(" ", "T"))
    assert notices == []


def test_bare_dates_on_change_days_are_never_refused(setting):
    zone, now = setting
    clock = datetime.fromisoformat(now)
    for text in (ZONES[zone][0][:10], ZONES[zone][1][:10]):
        with noticing() as notices:
            assert parse_wall(text, clock, "since").isoformat() == text + "T00:00:00"
            assert parse_when(text, clock, "until").date().isoformat() == text
            assert parse_when(text, clock).isoformat(timespec="minutes")[11:16] == "12:00"
        assert notices == []
        assert parse_span(clock, text, text, start=lambda d: d, end=clock.date())[0].isoformat()


# --- every command that takes a local time


def _places(entry_id: str) -> list[tuple[str, ...]]:
    return [
        ("add", "-u", "3", "-t", "stress", "-q", "--when"),
        ("edit", entry_id, "--when"),
        ("list", "--since"),
        ("list", "--until"),
        ("summary", "--since"),
        ("summary", "--until"),
        ("week",),
        ("export", "--since"),
        ("export", "--until"),
    ]


@pytest.mark.parametrize("place", range(9))
def test_every_command_refuses_a_gap_in_one_line(run, db_path, setting, place):
    zone, _ = setting
    run("add", "-u", "4", "-t", "stress", "-q", "--when", "2026-11-20 21:00", "before")
    before = db_path.read_bytes()
    result = run(*_places("1")[place], ZONES[zone][0])
    assert result.exit_code == 2, result.output
    assert "daylight saving gap" in one_line(result)
    assert db_path.read_bytes() == before


@pytest.mark.parametrize("place", range(9))
def test_every_command_takes_the_first_of_a_repeated_hour_and_says_so(run, setting, place):
    zone, _ = setting
    fold, (first, _) = ZONES[zone][1:]
    run("add", "-u", "4", "-t", "stress", "-q", "--when", "2026-11-20 21:00", "before")
    result = run(*_places("1")[place], fold)
    assert result.exit_code == 0, result.output
    line = one_line(result)
    assert line.startswith("journal: note: ") and "took the first" in line
    if place < 2:  # add and edit store the first of the two
        last = json.loads(run("list", "--json", "-n", "1", "--until", fold[:10]).stdout)
        assert last[0]["when"] == fold.replace(" ", "T") + ":00" + first


def test_entries_in_the_repeated_hour_list_by_their_own_clock(run, add, setting):
    zone, _ = setting
    fold, (first, second) = ZONES[zone][1:]
    stamp = fold.replace(" ", "T")
    add("-u", "1", "-t", "stress", "-q", "--when", stamp + first, "first pass")
    add("-u", "2", "-t", "stress", "-q", "--when", stamp + second, "second pass")
    found = json.loads(run("list", "--json", "--since", fold, "--until", fold).stdout)
    assert sorted(e["note"] for e in found) == ["first pass", "second pass"]
