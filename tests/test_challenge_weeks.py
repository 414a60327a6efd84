"""`journal challenge done` for earlier weeks: the week's own challenge, whether or not
`journal challenge` ran that week; a second `done` keeps the first note unless --replace;
"k of n weeks done" counts the weeks that have ended, and this week once it is done."""

from __future__ import annotations

import json

import pytest

from journalcli import content
from journalcli import guide as core

WEDNESDAY = "2026-11-25T08:00:00+01:00"  # 2026-W48


def _records(run) -> dict[str, dict]:
    result = run("challenge", "list", "--json")
    assert result.exit_code == 0, result.output
    return {r["week"]: r for r in json.loads(result.stdout)}


def _title(week: str) -> str:
    return content.challenges()[core.pick_challenge(week, list(content.challenges()))].title


@pytest.mark.parametrize("typed", ["2026-W45", "2026-w45", "2026-11-04", "2 weeks ago"])
def test_done_for_a_past_week_never_shown_marks_that_weeks_own_challenge(run, db_path, typed):
    result = run("challenge", "done", "called her back", "--week", typed)
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Marked done for 2026-W45: {_title('2026-W45')}.\n"
    [record] = _records(run).values()
    assert record == {
        "week": "2026-W45",
        "challenge": core.pick_challenge("2026-W45", list(content.challenges())),
        "done": True,
        "done_at": "2026-11-22T18:30:00+01:00",
        "note": "called her back",
    }


def test_a_past_week_shows_the_challenge_it_showed_then(run):
    # the week's challenge as `journal challenge` showed it then, whether or not it ran
    shown = run("challenge", JOURNAL_NOW="2026-11-10T09:00:00+01:00")
    assert shown.exit_code == 0
    run("challenge", "--new", JOURNAL_NOW="2026-11-10T09:00:00+01:00")  # swapped that week
    swapped = _records(run)["2026-W46"]["challenge"]
    assert run("challenge", "done", "--week", "2026-W46").exit_code == 0
    assert _records(run)["2026-W46"]["challenge"] == swapped
    # and a week never shown gets the one `journal challenge` would have shown then
    assert run("challenge", "done", "--week", "2026-W44").exit_code == 0
    earlier = run("challenge", JOURNAL_NOW="2026-10-28T09:00:00+01:00")
    assert _title("2026-W44") in earlier.stdout


@pytest.mark.parametrize("typed", ["2026-W48", "2027-W01", "2026-11-23", "9998-W52"])
def test_a_future_week_is_refused_and_nothing_is_written(run, db_path, typed):
    result = run("challenge", "done", "--week", typed)
    assert result.exit_code == 2
    assert "has not started yet; this week is 2026-W47" in result.stderr
    assert not db_path.exists()


@pytest.mark.parametrize("typed", ["2026-W54", "W45", "soon", "1899-W52"])
def test_a_week_that_cannot_be_read_is_exit_2(run, db_path, typed):
    result = run("challenge", "done", "--week", typed)
    assert result.exit_code == 2
    assert result.stderr.startswith("journal: error: ") and len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


def test_a_second_done_keeps_the_first_note_and_says_so_unless_replace(run, db_path):
    run("challenge", "done", "sat through dinner", JOURNAL_NOW="2026-11-20T21:00:00+01:00")
    before = db_path.read_bytes()
    again = run("challenge", "done", "it was easier")
    assert again.exit_code == 0
    assert "Already done for 2026-W47 on 2026-11-20" in again.stdout
    assert "Kept the first note (sat through dinner); add --replace" in again.stdout
    assert db_path.read_bytes() == before
    same = run("challenge", "done")
    assert same.exit_code == 0 and "Already done" in same.stdout and "Kept" not in same.stdout
    replaced = run("challenge", "done", "it was easier", "--replace")
    assert replaced.exit_code == 0
    record = _records(run)["2026-W47"]
    assert record["note"] == "it was easier"
    assert record["done_at"] == "2026-11-20T21:00:00+01:00"  # the first time stays


def test_a_note_for_a_week_done_without_one_is_added(run):
    run("challenge", "done", "--week", "2026-W46")
    result = run("challenge", "done", "late, but done", "--week", "2026-W46")
    assert "Saved the note: late, but done" in result.stdout
    assert _records(run)["2026-W46"]["note"] == "late, but done"


def test_replace_without_a_note_is_exit_2(run, db_path):
    result = run("challenge", "done", "--replace")
    assert result.exit_code == 2 and "--replace needs the new note" in result.stderr
    assert not db_path.exists()


def test_k_of_n_counts_ended_weeks_and_this_week_only_once_done(run):
    run("challenge", "done", "--week", "2026-W45")
    run("challenge", JOURNAL_NOW="2026-11-10T09:00:00+01:00")  # W46 shown, not done
    run("challenge")  # this week shown, not done
    assert "1 of 2 weeks done." in run("challenge", "list").stdout
    run("challenge", "done")
    assert "2 of 3 weeks done." in run("challenge", "list").stdout
    # seen from the next week, last week has ended and counts either way
    assert "2 of 3 weeks done." in run("challenge", "list", JOURNAL_NOW=WEDNESDAY).stdout


def test_this_weeks_done_by_week_matches_plain_done(run):
    assert run("challenge", "done", "--week", "2026-W47").exit_code == 0
    record = _records(run)["2026-W47"]
    assert record["challenge"] == core.pick_challenge("2026-W47", list(content.challenges()))
    assert "Done on 2026-11-22" in run("challenge").stdout
