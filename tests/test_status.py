"""Today at a glance: bare `journal` and `journal status` (view, --json, --short, --once),
at fixed clocks on a Sunday night and on Monday to Thursday mornings. It only reads the
journal; this week's challenge is shown without being stored."""

from __future__ import annotations

import json
import os
import stat
import sys
from pathlib import Path
from typing import Any

import pexpect
import pytest

from journalcli import content, model, today
from journalcli import guide as core

SUNDAY_NIGHT = "2026-11-22T23:30:00+01:00"  # 2026-W47
MONDAY = "2026-11-23T08:00:00+01:00"  # 2026-W48: last week is W47
TUESDAY = "2026-11-24T08:00:00+01:00"
WEDNESDAY = "2026-11-25T08:00:00+01:00"
THURSDAY = "2026-11-26T08:00:00+01:00"


def _status(run, *args: str, **env: str) -> dict[str, Any]:
    result = run("status", "--json", *args, **env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _lines(result) -> list[str]:
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert max(len(line) for line in lines) <= 80
    return lines


def _challenge_title(week: str) -> str:
    return content.challenges()[core.pick_challenge(week, list(content.challenges()))].title


def _add_review(db_path: Path, week: str) -> None:
    """A review record as `journal review` writes it (helper G's table), added by hand."""
    data = json.loads(db_path.read_text(encoding="utf-8"))
    data.setdefault("reviews", {})["1"] = {
        "week": week,
        "created": "2026-11-23T07:00:00+01:00",
        "updated": "2026-11-23T07:00:00+01:00",
        "question": "What did this week teach you?",
        "answer": "",
        "note": "",
    }
    db_path.write_text(json.dumps(data), encoding="utf-8")


@pytest.fixture
def week_of_entries(add):
    """Entries on Thursday to Sunday of 2026-W47 (two on Sunday)."""
    for when in ("nov 19 20:00", "nov 20 20:00", "nov 21 21:30"):
        add("-u", "5", "-t", "stress", "-r", "stayed", "-d", when, "a day")
    add("-u", "3", "-t", "needs", "-r", "partly", "-d", "nov 22 09:00", "morning")
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-w", "Sam", "-d", "nov 22 18:00",
        "Sam asked how I really was; I told him")  # fmt: skip


# --- the view


def test_bare_journal_is_journal_status(run, week_of_entries):
    bare, status = run(), run("status")
    assert bare.exit_code == status.exit_code == 0
    assert bare.stdout == status.stdout
    assert bare.stderr == ""


def test_the_view_on_a_sunday_evening_with_entries(run, week_of_entries):
    lines = _lines(run())
    title = _challenge_title("2026-W47")
    assert lines == [
        "Sunday 22 November 2026, week 2026-W47",
        "",
        "Today      2 entries",
        "           the last: 18:00, urge 6, closeness, stayed, with Sam",
        '           "Sam asked how I really was; I told him"',
        "Streak     4 days in a row",
        f"Challenge  {title} (not done yet)",
        "Last week  2026-W46 not reviewed yet",
        "",
        'Next: this week\'s challenge; once done: journal challenge done "how it went".',
    ]


def test_the_view_of_an_empty_journal_writes_nothing(run, db_path):
    lines = _lines(run())
    assert lines[2] == "Today      nothing recorded yet"
    assert lines[3] == "Streak     none yet"
    assert lines[-1] == "Next: journal add (nothing recorded today yet)."
    assert not db_path.exists() and not db_path.parent.exists()


def test_a_day_without_entries_names_the_last_day_and_suggests_add(run, week_of_entries):
    lines = _lines(run(JOURNAL_NOW=THURSDAY))
    assert lines[2] == "Today      nothing recorded yet (last entry Sunday 22 November 2026)"
    assert lines[3] == "Streak     none yet"
    assert lines[-1] == "Next: journal add (nothing recorded today yet)."


def test_a_long_note_and_title_are_cut_to_80_columns(run, add):
    add("-u", "4", "-t", "stress", "word " * 60 + "\n\nsecond paragraph")
    lines = _lines(run())
    assert lines[4].endswith("…") and lines[4].startswith('           "word word')


# --- the next step: review Monday to Wednesday, else add, else the challenge


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (SUNDAY_NIGHT, "challenge"),  # entries today; the review is not due on a Sunday
        (MONDAY, "review"),
        (TUESDAY, "review"),
        (WEDNESDAY, "review"),
        (THURSDAY, "add"),  # the review is not pressed after Wednesday
    ],
)
def test_next_step_by_day(run, week_of_entries, now, expected):
    data = _status(run, JOURNAL_NOW=now)
    assert data["next"] == expected
    assert (
        data["next_command"]
        == {
            "review": "journal review",
            "add": "journal add",
            "challenge": "journal challenge done",
        }[expected]
    )


def test_a_reviewed_week_is_not_suggested_again(run, week_of_entries, db_path):
    _add_review(db_path, "2026-W47")
    data = _status(run, JOURNAL_NOW=MONDAY)
    assert data["last_week"] == "2026-W47" and data["last_week_reviewed"] is True
    assert data["next"] == "add"
    assert "Last week  2026-W47 reviewed" in _lines(run(JOURNAL_NOW=MONDAY))
    # on Monday with an entry, next is this week's challenge
    run("add", "-u", "2", "-t", "stress", "-d", "today 07:00", JOURNAL_NOW=MONDAY)
    assert _status(run, JOURNAL_NOW=MONDAY)["next"] == "challenge"


def test_a_week_with_nothing_in_it_is_not_offered_for_review(run, add):
    add("-u", "4", "-t", "stress", "-d", "nov 10 12:00", "two weeks back")
    assert _status(run, JOURNAL_NOW=MONDAY)["next"] == "add"
    # a challenge record of last week is something to look back on
    run("challenge", "done", "--week", "2026-W47", JOURNAL_NOW=MONDAY)
    assert _status(run, JOURNAL_NOW=MONDAY)["next"] == "review"


def test_all_done_says_so(run, week_of_entries):
    run("challenge", "done", "dinner without the phone")
    data = _status(run)
    assert data["next"] is None and data["next_command"] is None
    assert data["challenge"]["done"] is True
    assert data["challenge"]["note"] == "dinner without the phone"
    assert _lines(run())[-1] == "Next: nothing more today; this week's challenge is done."


@pytest.mark.parametrize(
    ("day", "entries", "review_due", "done", "expected"),
    [
        (0, 0, True, False, "review"),
        (2, 3, True, True, "review"),
        (3, 0, True, False, "add"),
        (6, 0, True, False, "add"),
        (0, 0, False, False, "add"),
        (1, 1, False, False, "challenge"),
        (5, 2, False, True, None),
        (6, 1, True, True, None),
    ],
)
def test_next_step_rule(day, entries, review_due, done, expected):
    from datetime import date, timedelta

    monday = date(2026, 11, 23)
    assert (
        today.next_step(
            monday + timedelta(days=day),
            entries_today=entries,
            review_due=review_due,
            challenge_done=done,
        )
        == expected
    )


# --- the data


def test_json_has_every_figure(run, week_of_entries):
    data = _status(run)
    assert set(data) == {
        "date", "week", "entries_today", "last_entry", "last_day", "streak", "challenge",
        "last_week", "last_week_reviewed", "next", "next_command",
    }  # fmt: skip
    assert data["date"] == "2026-11-22" and data["week"] == "2026-W47"
    assert data["entries_today"] == 2 and data["streak"] == 4
    assert data["last_entry"]["note"] == "Sam asked how I really was; I told him"
    assert data["last_entry"]["when"] == "2026-11-22T18:00:00+01:00"
    assert data["last_day"] == "2026-11-22"
    assert data["challenge"] == {
        "week": "2026-W47",
        "id": core.pick_challenge("2026-W47", list(content.challenges())),
        "title": _challenge_title("2026-W47"),
        "done": False,
        "done_at": None,
        "note": "",
    }


def test_the_streak_counts_back_from_yesterday_until_today_has_an_entry(run, week_of_entries):
    assert _status(run, JOURNAL_NOW=MONDAY)["streak"] == 4
    assert _status(run, JOURNAL_NOW=TUESDAY)["streak"] == 0


def test_only_todays_entries_are_parsed(run, week_of_entries, monkeypatch):
    """The streak and the day's count come from the index's day column."""
    built: list[int] = []
    original = model.Entry.from_doc.__func__

    def counting(cls, entry_id, doc):
        built.append(entry_id)
        return original(cls, entry_id, doc)

    monkeypatch.setattr(model.Entry, "from_doc", classmethod(counting))
    data = _status(run)
    assert data["streak"] == 4 and data["entries_today"] == 2
    assert sorted(built) == [4, 5]


def test_the_challenge_shown_is_the_one_journal_challenge_then_shows_and_stores(run, db_path):
    run("add", "-u", "3", "-t", "stress", "x")
    before = db_path.read_bytes(), os.stat(db_path).st_mtime_ns
    shown = _status(run)["challenge"]["title"]
    assert (db_path.read_bytes(), os.stat(db_path).st_mtime_ns) == before  # read-only
    assert json.loads(run("challenge", "list", "--json").stdout) == []
    assert shown in run("challenge").stdout
    [record] = json.loads(run("challenge", "list", "--json").stdout)
    assert content.challenges()[record["challenge"]].title == shown
    # and a swapped one is what status shows from then on
    run("challenge", "--new")
    swapped = json.loads(run("challenge", "list", "--json").stdout)[0]["challenge"]
    assert _status(run)["challenge"]["id"] == swapped


def test_reviewed_weeks_come_from_the_checked_reviews(run, db_path):
    from journalcli.store import Journal

    assert today.reviewed_weeks(Journal(db_path)) == set()  # no journal, no reviews
    assert run("add", "-u", "3", "-t", "stress", "x").exit_code == 0
    assert today.reviewed_weeks(Journal(db_path)) == set()
    result = run("review", "--week", "2026-W46", "--answer", "it went")
    assert result.exit_code == 0, result.output
    assert today.reviewed_weeks(Journal(db_path)) == {"2026-W46"}
    data = json.loads(db_path.read_text())
    (record,) = data["reviews"].values()
    record["week"] = 7  # damage: status names it like every other command
    db_path.write_text(json.dumps(data))
    for args in ((), ("status",), ("status", "--short")):
        result = run(*args)
        assert result.exit_code == 3, args
        assert len(result.stderr.splitlines()) == 1


def test_a_damaged_journal_is_one_line_and_exit_3(run, db_path):
    db_path.parent.mkdir(parents=True)
    db_path.write_text("{not json")
    for args in ((), ("status",), ("status", "--short")):
        result = run(*args)
        assert result.exit_code == 3
        assert result.stderr.startswith("journal: error: ") and len(result.stderr.splitlines()) == 1


# --- the short line and --once


def test_short_line(run, week_of_entries):
    title = _challenge_title("2026-W47")
    result = run("status", "--short")
    assert result.exit_code == 0
    assert (
        result.stdout
        == f"journal: 2 entries today · 4-day streak · challenge: {title} (not done)\n"
    )
    result = run("status", "--short", JOURNAL_NOW=THURSDAY)
    # 83 columns in full: the title is cut with "…" so that the line fits 80 columns
    full = f"journal: nothing recorded today · challenge: {_challenge_title('2026-W48')} (not done)"
    assert len(full) > 80
    cut = _challenge_title("2026-W48")[: -(len(full) - 80) - 1].rstrip()
    assert result.stdout == f"journal: nothing recorded today · challenge: {cut}… (not done)\n"
    result = run("status", "--short", JOURNAL_NOW=MONDAY)
    # in full it would not fit 80 columns: the challenge is left out, the review said shorter
    assert result.stdout.endswith(" · 4-day streak · review 2026-W47: journal review\n")
    assert "4-day streak" in result.stdout and "nothing recorded today" in result.stdout


def test_short_line_after_a_one_day_streak_and_done(run, add):
    add("-u", "3", "-t", "stress", "x")
    run("challenge", "done")
    line = run("status", "--short").stdout
    assert line.startswith("journal: 1 entry today · 1-day streak · challenge: ")
    assert line.endswith(" (done)\n")


def test_once_prints_the_first_time_each_day(run, week_of_entries, tmp_path):
    state = tmp_path / "state" / "journalcli"
    env = {"JOURNAL_STATE_DIR": str(state)}
    first = run("status", "--short", "--once", **env)
    assert first.exit_code == 0 and first.stdout.startswith("journal: 2 entries today")
    stamp = state / "status-shown"
    assert stamp.read_text() == "2026-11-22\n"
    assert stat.S_IMODE(os.stat(stamp).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(state).st_mode) == 0o700
    assert stat.S_IMODE(os.stat(state.parent).st_mode) == 0o700
    again = run("status", "--short", "--once", **env)
    assert again.exit_code == 0 and again.output == ""
    later = run("status", "--short", "--once", **env, JOURNAL_NOW=SUNDAY_NIGHT)
    assert later.output == ""  # still Sunday
    monday = run("status", "--short", "--once", **env, JOURNAL_NOW=MONDAY)
    assert monday.stdout.startswith("journal: nothing recorded today")
    assert stamp.read_text() == "2026-11-23\n"
    assert run("status", "--short", "--once", **env, JOURNAL_NOW=MONDAY).output == ""
    # without --once it always prints, and leaves the stamp alone
    assert run("status", "--short", **env, JOURNAL_NOW=MONDAY).stdout.startswith("journal: ")
    assert [p.name for p in state.iterdir()] == ["status-shown"]  # no temp file left


def test_once_over_a_stamp_that_is_not_a_day_prints_and_rewrites_it(run, tmp_path):
    state = tmp_path / "state"
    state.mkdir()
    (state / "status-shown").write_bytes(b"\xff\xfe junk")
    result = run("status", "--short", "--once", JOURNAL_STATE_DIR=str(state))
    assert result.stdout.startswith("journal: nothing recorded today")
    assert (state / "status-shown").read_text() == "2026-11-22\n"


def test_once_where_the_stamp_cannot_be_written_is_one_line_exit_3(run, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    result = run("status", "--short", "--once", JOURNAL_STATE_DIR=str(blocker / "state"))
    assert result.exit_code == 3 and result.stdout == ""
    assert result.stderr.startswith("journal: error: ") and len(result.stderr.splitlines()) == 1


def test_the_state_folder_defaults_to_the_platform_one(monkeypatch):
    import platformdirs

    monkeypatch.delenv("JOURNAL_STATE_DIR", raising=False)
    expected = Path(platformdirs.user_state_dir("journalcli", appauthor=False))
    assert today.state_dir() == expected


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--once",), "--once goes with --short"),
        (("--json", "--short"), "leave out --short and --once"),
        (("--json", "--once"), "leave out --short and --once"),
    ],
)
def test_option_mistakes_are_exit_2(run, db_path, args, message, tmp_path):
    result = run("status", *args, JOURNAL_STATE_DIR=str(tmp_path / "state"))
    assert result.exit_code == 2 and message in result.stderr
    assert not (tmp_path / "state").exists() and not db_path.exists()


# --- on a real terminal


def test_bare_journal_on_a_terminal_shows_today_and_exits(add):
    add("-u", "5", "-t", "stress", "-r", "stayed", "-d", "today 09:00", "a note")
    child = pexpect.spawn(
        sys.executable,
        ["-m", "journalcli"],
        env=dict(os.environ),
        encoding="utf-8",
        timeout=15,
        dimensions=(24, 80),
    )
    child.expect_exact("Sunday 22 November 2026, week 2026-W47")
    child.expect_exact("Today      1 entry")
    child.expect_exact("Next: this week's challenge")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_the_status_line_in_a_shell_start_up_file(tmp_path):
    """What the README tells people to put in ~/.bashrc: one line, then a prompt."""
    env = {**os.environ, "JOURNAL_STATE_DIR": str(tmp_path / "state"), "PS1": "$ "}
    journal = Path(sys.executable).parent / "journal"
    rc = tmp_path / "bashrc"
    rc.write_text(f"PS1='$ '\ncommand -v {journal} >/dev/null && {journal} status --short --once\n")
    for expected in ("journal: nothing recorded today", None):
        child = pexpect.spawn(
            "bash", ["--noprofile", "--rcfile", str(rc), "-i"], env=env, encoding="utf-8",
            timeout=15, dimensions=(24, 80),
        )  # fmt: skip
        if expected:
            child.expect_exact(expected)
        child.expect_exact("$ ")
        assert "journal:" not in (child.before or "") or expected
        child.sendline("exit")
        child.expect(pexpect.EOF)
        child.close()
