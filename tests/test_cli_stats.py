"""`journal summary`, `trends` and `week` end to end: JSON exactly, views at 80 columns."""

from __future__ import annotations

import json
from datetime import datetime

import pytest

from journalcli import content
from journalcli.model import Entry
from journalcli.store import Journal

SUMMARY_KEYS = {
    "since",
    "until",
    "days",
    "entries",
    "days_logged",
    "urge",
    "responses",
    "stayed_rate",
    "triggers",
    "with",
    "behaviors",
    "lens",
    "streak",
}


def _entry(when: str, urge: int | None, *triggers: str, **fields) -> Entry:
    return Entry(when=datetime.fromisoformat(when), urge=urge, triggers=triggers, **fields)


@pytest.fixture
def journal(db_path):
    """Seven entries around 2026-W47 (today is Sunday 2026-11-22) and one import.

    Written in one go through the store (the `add` command has its own tests; one write keeps
    these fast). Ids follow the list order.
    """
    entries = [
        _entry("2026-10-01T09:00+01:00", 9, "rejection", response="withdrew"),
        _entry(
            "2026-11-15T23:50+01:00",  # Sunday, ten minutes before midnight
            6,
            "closeness",
            "vulnerability",
            response="withdrew",
            with_="Sam",
            behaviors=("silence",),
        ),
        _entry(
            "2026-11-16T00:05+01:00",  # Monday, five minutes after midnight
            4,
            "conflict",
            response="stayed",
            with_="sam",
            behaviors=("silence", "left"),
        ),
        _entry("2026-11-16T12:00+01:00", 8, "closeness", "stress", with_="Alex"),
        _entry(
            "2026-11-18T06:00+01:00",
            2,
            "needs",
            response="partly",
            with_="Sam",
            behaviors=("silence",),
        ),
        _entry("2026-11-19T20:00+01:00", None, note="imported: no rating, no triggers"),
        _entry("2026-11-20T23:30-05:00", 3, "annoyance", response="stayed", with_="Sam"),
        _entry(
            "2026-11-22T17:59+01:00",
            5,
            "closeness",
            response="stayed",
            with_="Alex",
            behaviors=("busy",),
        ),
    ]
    Journal(db_path).add_many(entries)
    return db_path


def _json(run, *args):
    result = run(*args, "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _view(run, *args):
    result = run(*args)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines, "no output"
    assert all(len(line) <= 80 for line in lines), "wider than 80 columns"
    assert "\x1b" not in result.stdout  # NO_COLOR and no terminal: plain text
    return result.stdout


# --- summary


def test_summary_json_for_this_week(run, journal):
    result = _json(run, "summary", "--since", "monday")
    assert set(result) >= SUMMARY_KEYS
    assert {k: result[k] for k in SUMMARY_KEYS} == {
        "since": "2026-11-16",
        "until": "2026-11-22",
        "days": 7,
        "entries": 6,
        "days_logged": 5,
        "urge": {"mean": 4.4, "max": 8},
        "responses": {"withdrew": 0, "stayed": 3, "partly": 1, "unrecorded": 2},
        "stayed_rate": 0.75,
        "triggers": [
            {
                "trigger": "closeness",
                "count": 2,
                "mean_urge": 6.5,
                "stayed_rate": 1.0,
                "partly_rate": 0.0,
            },
            {
                "trigger": "annoyance",
                "count": 1,
                "mean_urge": 3.0,
                "stayed_rate": 1.0,
                "partly_rate": 0.0,
            },
            {
                "trigger": "conflict",
                "count": 1,
                "mean_urge": 4.0,
                "stayed_rate": 1.0,
                "partly_rate": 0.0,
            },
            {
                "trigger": "needs",
                "count": 1,
                "mean_urge": 2.0,
                "stayed_rate": 0.0,
                "partly_rate": 1.0,
            },
            {
                "trigger": "stress",
                "count": 1,
                "mean_urge": 8.0,
                "stayed_rate": None,
                "partly_rate": None,
            },
        ],
        "with": [
            {"with": "Sam", "count": 3, "mean_urge": 3.0, "stayed_rate": 0.67, "partly_rate": 0.33},
            {"with": "Alex", "count": 2, "mean_urge": 6.5, "stayed_rate": 1.0, "partly_rate": 0.0},
        ],
        "behaviors": [
            {"behavior": "silence", "count": 2},
            {"behavior": "busy", "count": 1},
            {"behavior": "left", "count": 1},
        ],
        "lens": {"closeness": 0.5, "threat": 0.33, "other": 0.17},
        "streak": 1,
    }
    assert (result["reading"], result["next_step"]) == ("mixed", "self-reflection")


def test_summary_default_period_is_the_last_28_days(run, journal):
    result = _json(run, "summary")
    assert (result["since"], result["until"], result["days"]) == ("2026-10-26", "2026-11-22", 28)
    assert result["entries"] == 7  # all but the entry of October 1st


def test_summary_all_starts_at_the_first_entry(run, journal):
    result = _json(run, "summary", "--all")
    assert (result["since"], result["until"], result["entries"]) == ("2026-10-01", "2026-11-22", 8)
    assert result["days"] == 53


def test_summary_until_only(run, journal):
    result = _json(run, "summary", "--until", "2026-11-15")
    assert (result["since"], result["until"], result["entries"]) == ("2026-10-19", "2026-11-15", 1)


def test_summary_view(run, journal):
    out = _view(run, "summary", "--since", "monday")
    assert out.startswith("Summary 2026-11-16 to 2026-11-22 (7 days)\n")
    for words in (
        "6 on 5 of 7 days",
        "mean 4.4, highest 8 (of 10)",
        "withdrew 0, stayed 3, partly 1, not recorded 2",
        "75%, partly 25%, of the 4 times you noted what you did",
        "1 day in a row",
        "What set it off",
        "Who it was with",
        "How the distancing showed",
        "When the urges came",
        "night (0-6)",
        "Lens: what the urges followed",
        "A next step to consider: Practise self-reflection",
        "More: journal steps self-reflection",
    ):
        assert words in out, words
    rows: dict[str, list[str]] = {}  # the first line that starts with a name (the lens is last)
    for line in filter(str.strip, out.splitlines()):
        rows.setdefault(line.split()[0], line.split()[1:4])
    assert rows["closeness"][:3] == ["2", "6.5", "100%"]
    assert rows["stress"][:3] == ["1", "8.0", "-"]
    assert rows["Sam"] == ["3", "3.0", "67%"]
    reading = content.load("readings")["mixed"]["text"]
    assert " ".join(reading.split()[:8]) in " ".join(out.split())


def test_summary_view_suggests_a_challenge_for_the_top_trigger(run, db_path):
    Journal(db_path).add_many(
        _entry(f"2026-11-{day}T20:00+01:00", 6, "stress", response="withdrew")
        for day in range(16, 22)
    )
    out = _view(run, "summary")
    assert "A next step to consider: Challenge your instincts" in out
    challenge = content.triggers()["stress"].challenge
    assert " ".join(f"After stress: {challenge}".split()) in " ".join(out.split())
    assert "6 days in a row" in out  # yesterday back to Monday; today has none yet


def test_summary_of_an_empty_period_says_how_to_go_on(run, journal):
    out = _view(run, "summary", "--since", "2026-11-01", "--until", "2026-11-07")
    assert "No entries in this period" in out
    assert "--all" in out
    assert "journal add" in out


# --- trends


def test_trends_json(run, journal):
    Journal(journal).save_challenge(
        {
            "week": "2026-W47",
            "challenge": "x",
            "done": True,
            "done_at": "2026-11-20T09:00:00+01:00",
            "note": "",
        }
    )
    Journal(journal).save_challenge(
        {"week": "2026-W46", "challenge": "y", "done": False, "done_at": None, "note": ""}
    )
    assert run("review", "--week", "2026-W46", "--answer", "looked back").exit_code == 0
    result = _json(run, "trends", "--weeks", "2")
    assert result["weeks"] == [
        {
            "week": "2026-W46",
            "start": "2026-11-09",
            "entries": 1,
            "days_logged": 1,
            "mean_urge": 6.0,
            "stayed_rate": 0.0,
            "top_trigger": "closeness",
            "challenge_done": False,
            "reviewed": True,
            "partly_rate": 0.0,
            "calm": 0,
            "in_progress": False,
            "top_triggers": ["closeness", "vulnerability"],
        },
        {
            "week": "2026-W47",
            "start": "2026-11-16",
            "entries": 6,
            "days_logged": 5,
            "mean_urge": 4.4,
            "stayed_rate": 0.75,
            "top_trigger": "closeness",
            "challenge_done": True,
            "reviewed": False,
            "partly_rate": 0.25,
            "calm": 0,
            "in_progress": True,
            "top_triggers": ["closeness"],
        },
    ]
    shown = run("trends", "--weeks", "2").stdout
    assert "2026-W46 ✓" in shown and "2026-W47* ✓" not in shown
    assert "✓ the week was reviewed (journal review)" in shown
    assert result["change"] is None  # this week is in progress: one complete week with data


def test_trends_default_is_six_weeks_ending_this_week(run, journal):
    weeks = _json(run, "trends")["weeks"]
    assert [w["week"] for w in weeks] == [f"2026-W{n}" for n in range(42, 48)]


def test_trends_view(run, journal):
    out = _view(run, "trends")
    assert out.startswith("Trends: 2026-W42 to 2026-W47 (from 2026-10-12)\n")
    rows = {line.split()[0]: line.split() for line in out.splitlines() if line.startswith("2026")}
    assert rows["2026-W42"][1:] == ["0", "0", "-", "-", "-", "-", "-"]
    assert rows["2026-W46"][1:4] == ["1", "1", "6.0"]
    assert rows["2026-W47*"][:4] == ["2026-W47*", "6", "5", "4.4"]  # * in progress
    assert "75%" in rows["2026-W47*"] and "25%" in rows["2026-W47*"]
    assert "closeness" in rows["2026-W47*"]
    assert "closeness +1" in out  # W46: closeness and vulnerability tie
    assert "mean urge       ····▅ ▄" in out  # 6.0 and 4.4 out of 10; this week set apart
    assert "stayed present  ····▁ ▆" in out  # 0% and 75%
    assert "partly          ····▁ ▃" in out  # 0% and 25%
    assert "* this week, in progress" in " ".join(out.split())
    assert (
        "Only one complete week here has urge ratings or responses; a comparison needs two "
        "(this week is still in progress)." in " ".join(out.split())
    )


def test_entries_added_through_the_cli_show_up(run, add):
    add("-u", "5", "-t", "stress", "-r", "stayed", "-d", "yesterday 23:59", "n")
    add("-u", "7", "-t", "closeness", "-r", "withdrew", "-d", "today 00:01", "n")
    assert [d["entries"][0]["time"] for d in _json(run, "week")["days"][-2:]] == ["23:59", "00:01"]
    assert _json(run, "summary")["streak"] == 2
    out = _view(run, "trends")
    assert "a comparison needs two" in out
    out = _view(run, "trends")
    assert "a comparison needs two" in out


def test_trends_refuse_zero_weeks_in_one_line(run, journal):
    result = run("trends", "--weeks", "0")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1
    assert "'--weeks' / '-n': '0' is out of range; give 1 to 520" in result.stderr


# --- week


def test_week_json(run, journal):
    result = _json(run, "week", "nov 18")
    assert (result["week"], result["start"], result["end"]) == (
        "2026-W47",
        "2026-11-16",
        "2026-11-22",
    )
    assert [len(day["entries"]) for day in result["days"]] == [2, 0, 1, 1, 1, 0, 1]
    assert result["days"][0]["entries"][0] == {
        "id": 3,
        "time": "00:05",
        "urge": 4,
        "triggers": ["conflict"],
        "response": "stayed",
        "with": "sam",
        "person": "Sam",
    }
    assert result["days"][0]["mean_urge"] == 6.0
    assert result["days"][4]["entries"][0]["time"] == "23:30"  # New York's Friday
    assert result["totals"] == {
        "entries": 6,
        "days_logged": 5,
        "urge": {"mean": 4.4, "max": 8},
        "responses": {"withdrew": 0, "stayed": 3, "partly": 1, "unrecorded": 2},
        "stayed_rate": 0.75,
        "partly_rate": 0.25,
        "calm": 0,
    }


def test_week_defaults_to_this_week(run, journal):
    assert _json(run, "week")["week"] == "2026-W47"
    assert _json(run, "week", "last sunday")["week"] == "2026-W46"


def test_week_view(run, journal):
    out = _view(run, "week")
    assert out.startswith("Week 2026-W47: Mon Nov 16 to Sun Nov 22\n")
    lines = out.splitlines()
    monday = next(i for i, line in enumerate(lines) if line.startswith("Mon Nov 16"))
    assert lines[monday].split() == ["Mon", "Nov", "16", "6.0", "00:05", "4", "conflict",
                                     "stayed", "Sam"]  # fmt: skip
    assert lines[monday + 1].split() == ["12:00", "8", "closeness,", "stress", "-", "Alex"]
    assert "Tue Nov 17        -            no entries" in out
    assert "6 entries on 5 of 7 days; urge: mean 4.4, highest 8 (of 10)." in out
    assert "withdrew 0, stayed 3, partly 1, not recorded 2; stayed present 75%, partly 25%." in out


def test_week_without_entries(run, journal):
    out = _view(run, "week", "2026-11-02")
    assert "No entries in this week" in out and "journal add" in out


# --- an empty journal and bad input


@pytest.mark.parametrize("command", ["summary", "trends", "week"])
def test_an_empty_journal_says_how_to_add_the_first_entry(run, command, db_path):
    out = _view(run, command)
    assert out.startswith("No entries yet. Record the first one with:")
    assert "journal add -u 6 -t closeness" in out
    assert not db_path.exists()  # reading never creates the file


def test_an_empty_journal_in_json(run):
    result = _json(run, "summary")
    assert (result["entries"], result["urge"], result["stayed_rate"]) == (
        0,
        {"mean": None, "max": None},
        None,
    )
    assert result["lens"] == {"closeness": None, "threat": None, "other": None}
    assert all(w["entries"] == 0 for w in _json(run, "trends")["weeks"])


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("summary", "--since", "the other day"), "not a date I can read"),
        (("summary", "--all", "--until", "monday"), "either --all or --since/--until"),
        (("summary", "--since", "2026-11-20", "--until", "2026-11-10"), "starts (2026-11-20)"),
        (("week", "someday"), "not a date I can read"),
    ],
)
def test_bad_input_is_one_line_and_exit_2(run, journal, args, message):
    before = journal.read_bytes()
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith("journal: error: ")
    assert result.stderr.count("\n") == 1
    assert message in result.stderr
    assert journal.read_bytes() == before
