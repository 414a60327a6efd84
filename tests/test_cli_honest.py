"""Issue 12 end to end: the views under more than one clock, at 80 and 60 columns, plain text
(plurals, no trailing spaces, nothing cut mid-word), and `journal calendar`."""

from __future__ import annotations

import json
import re
from datetime import date, datetime, timedelta

import pytest

from journalcli.model import Entry
from journalcli.store import Journal

SUNDAY_NIGHT = "2026-11-22T23:30:00+01:00"
MONDAY_MORNING = "2026-11-23T08:00:00+01:00"  # 2026-W48 has just begun


def _entry(when: str, urge: int | None, *triggers: str, **fields) -> Entry:
    return Entry(when=datetime.fromisoformat(when + "+01:00"), urge=urge, triggers=triggers,
                 **fields)  # fmt: skip


@pytest.fixture
def improving(db_path):
    """Six weeks W42..W47 from staying 0% to 75% (W47 ends Sunday 22 November)."""
    plan = [
        (date(2026, 10, 12), ["withdrew"] * 4, 8),
        (date(2026, 10, 19), ["stayed"] + ["withdrew"] * 3, 7),
        (date(2026, 10, 26), ["stayed", "stayed", "partly", "withdrew"], 6),
        (date(2026, 11, 2), ["stayed", "stayed", "partly", "withdrew"], 6),
        (date(2026, 11, 9), ["stayed", "stayed", "stayed", "withdrew"], 5),
        (date(2026, 11, 16), ["stayed", "stayed", "stayed", "partly"], 4),
    ]
    entries = []
    for start, responses, urge in plan:
        for number, response in enumerate(responses):
            day = start + timedelta(days=number)
            person = "Sam" if number % 2 else "sam"
            entries.append(
                _entry(f"{day}T20:00", urge, "closeness", "stress", "needs",
                       response=response, with_=person, emotions=("tense",))
            )  # fmt: skip
    entries.append(_entry("2026-11-21T09:00", 0, note="no urge today"))
    Journal(db_path).add_many(entries)
    return db_path


def _out(run, *args, **env):
    result = run(*args, **env)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    width = int(env.get("COLUMNS", 80))
    assert all(len(line) <= width for line in lines), f"wider than {width}"
    assert not [line for line in lines if line != line.rstrip()], "a line ends in spaces"
    assert "…" not in result.stdout, "something was cut"
    return result.stdout


VIEWS = [("summary",), ("summary", "--all"), ("trends",), ("trends", "-n", "12"), ("week",),
         ("week", "last monday"), ("calendar",), ("calendar", "--month", "2026-11")]  # fmt: skip


@pytest.mark.parametrize("now", [SUNDAY_NIGHT, MONDAY_MORNING])
@pytest.mark.parametrize("columns", ["80", "60"])
@pytest.mark.parametrize("args", VIEWS)
def test_views_fit_and_are_plain_under_two_clocks(run, improving, args, columns, now):
    out = _out(run, *args, COLUMNS=columns, JOURNAL_NOW=now)
    # no week id is split across lines, no word is broken with a hyphen or ellipsis
    for line in out.splitlines():
        assert not re.search(r"\b2026-W?$", line), line


def test_trends_on_sunday_night_keep_this_week_in_progress(run, improving):
    out = _out(run, "trends", JOURNAL_NOW=SUNDAY_NIGHT)
    assert re.search(r"^2026-W47\*", out, re.M)
    text = " ".join(out.split())
    assert "2026-W42 compared with 2026-W46 (complete weeks)" in text
    assert (
        "stayed present went from 0% to 75% (+75 points), partly from 0% to 0% (+0 points)" in text
    )
    assert "mean urge went from 8.0 to 5.0 (-3.0)" in text
    result = json.loads(run("trends", "--json", JOURNAL_NOW=SUNDAY_NIGHT).stdout)
    assert [w["in_progress"] for w in result["weeks"]] == [False] * 5 + [True]


def test_trends_on_monday_morning_compare_the_week_just_ended(run, improving):
    out = _out(run, "trends", JOURNAL_NOW=MONDAY_MORNING)
    assert re.search(r"^2026-W48\*", out, re.M)  # in progress, nothing in it yet
    text = " ".join(out.split())
    assert "2026-W43 compared with 2026-W47 (complete weeks)" in text
    assert "stayed present went from 25% to 75% (+50 points), partly from 0% to 25% (+25" in text
    # urge 7, 6, 6, 5, 4 of 10 in W43..W47 (7 levels: 4.9, 4.2, 4.2, 3.5, 2.8); W48 set apart
    assert "mean urge       ▆▅▅▅▄ ·" in out
    result = json.loads(run("trends", "--json", JOURNAL_NOW=MONDAY_MORNING).stdout)
    assert result["change"]["partly_rate"] == {"first": 0.0, "last": 0.25, "change": 0.25}
    assert result["weeks"][-2]["top_triggers"] == ["closeness", "needs", "stress"]


def test_a_three_way_tie_is_shown_with_plus_two(run, improving):
    out = _out(run, "trends")
    assert "closeness +2" in out


def test_summary_shows_partly_calm_people_feelings_and_what_goes_with_staying(run, improving):
    out = _out(run, "summary", "--all")
    text = " ".join(out.split())
    # 24 rated entries: stayed 0+1+2+2+3+3 = 11, partly 0+0+1+1+0+1 = 3, withdrew 10; one calm
    assert "25 on 25 of 42 days" in text
    assert "calm 1 check-in with no urge (urge 0)" in text
    assert "46%, partly 12%, of the 24 times you noted what you did"  # 11/24, 3/24 in text
    assert re.search(
        r"^Sam +24 +6\.0 +46% +12%$", out, re.M
    )  # one spelling, most used, tie: latest
    assert "Feelings recorded" in out and re.search(r"^tense +24 +6\.0$", out, re.M)
    assert re.search(r"^high energy +24 +0$", out, re.M)
    assert "What goes with staying present" in out
    assert "went with staying present" in text and "caused" not in text.replace(
        "do not show what caused", ""
    )
    data = json.loads(run("summary", "--all", "--json").stdout)
    assert data["with"] == [{"with": "Sam", "count": 24, "mean_urge": 6.0, "stayed_rate": 0.46,
                             "partly_rate": 0.12}]  # fmt: skip
    assert data["staying"], "at least one factor with 3 on each side"
    for row in data["staying"]:
        assert set(row) == {"factor", "value", "with", "without", "difference"}
        assert row["with"]["n"] >= 3 and row["without"]["n"] >= 3


def test_summary_says_how_much_more_is_needed(run, db_path):
    Journal(db_path).add_many([_entry("2026-11-20T09:00", 5, "stress", response="stayed")])
    text = " ".join(_out(run, "summary").split())
    assert "Not enough entries yet to see what goes with staying present" in text
    assert "At least 5 more would be needed." in text


def test_a_past_summary_shows_no_streak_but_its_longest_run(run, improving):
    out = _out(run, "summary", "--since", "2026-10-12", "--until", "2026-10-18")
    assert "streak" not in out
    assert re.search(r"^longest run +4 days in a row in this period$", out, re.M)
    data = json.loads(
        run("summary", "--since", "2026-10-12", "--until", "2026-10-18", "--json").stdout
    )
    assert (data["current"], data["longest_run"]) == (False, 4)
    assert "streak" in data
    assert "streak" in _out(run, "summary")


def test_plurals_for_one(run, db_path):
    Journal(db_path).add_many([_entry("2026-11-22T09:00", 5, "stress", response="stayed")])
    week = _out(run, "week")
    assert "1 entry on 1 of 7 days" in week and "1 entries" not in week
    summary = _out(run, "summary", "--since", "today")
    assert summary.startswith("Summary 2026-11-22 to 2026-11-22 (1 day)\n")
    text = " ".join(summary.split())
    assert "1 on 1 of 1 day" in text and "of the 1 time you noted" in text
    assert "1 day in a row" in text
    assert "1 day with entries" in _out(run, "calendar")


# --- calendar


def test_calendar_json_is_days_with_entries(run, improving):
    data = json.loads(run("calendar", "--month", "2026-11", "--json").stdout)
    assert set(data) == {"days"}
    first = {"date": "2026-11-02", "entries": 1, "max_urge": 6, "mean_urge": 6.0,
             "withdrew": 0, "stayed": 1, "partly": 0}  # fmt: skip
    assert data["days"][0] == first
    calm = next(day for day in data["days"] if day["date"] == "2026-11-21")
    assert calm == {"date": "2026-11-21", "entries": 1, "max_urge": 0, "mean_urge": None,
                    "withdrew": 0, "stayed": 0, "partly": 0}  # fmt: skip
    assert len(data["days"]) == 13  # 4 + 4 + 4 entries in November, and the calm day
    year = json.loads(run("calendar", "--json").stdout)
    assert len(year["days"]) == 25
    assert json.loads(run("calendar", "--year", "2025", "--json").stdout) == {"days": []}


def test_calendar_year_view(run, improving):
    out = _out(run, "calendar")
    lines = out.splitlines()
    assert lines[0] == "Calendar 2026"
    assert "25 days with entries; stayed present on 11, calm on 1." in out
    nov = next(line for line in lines if line.startswith("Nov "))
    days = [nov[4 + 2 * i : 6 + 2 * i] for i in range(22)]
    assert days[0] == "·"[:1] + " "  # 1 November: nothing recorded
    assert days[1:5] == ["▒+", "▒+", "▒~", "▒ "]  # urge 6: stayed, stayed, partly, withdrew
    assert days[15:19] == ["▒+", "▒+", "▒+", "▒~"]  # urge 4
    assert days[20] == "○ "  # the calm check-in
    assert nov[4 + 2 * 22 :] == ""  # after today: blank
    assert next(line for line in lines if line.startswith("Dec")) == "Dec"
    assert "· nothing recorded" in out and "+ stayed present at least once" in out


def test_calendar_month_view_has_day_numbers(run, improving):
    out = _out(run, "calendar", "--month", "2026-11")
    assert out.startswith("Calendar November 2026\n")
    assert re.search(r"^W45 +2 ▒\+ +3 ▒\+ +4 ▒~ +5 ▒ +6 · +7 · +8 ·$", out, re.M)
    assert re.search(r"^W47 .*21 ○ +22 ·$", out, re.M)
    assert re.search(r"^W48 +23 +24", out, re.M)  # days to come: numbers only


@pytest.mark.parametrize(
    ("args", "message"),
    [(("--year", "2026", "--month", "2026-11"), "either --year or --month"),
     (("--month", "2026-13"), "--month must be a year and month like 2026-11"),
     (("--month", "nov"), "--month must be a year and month"),
     (("--year", "10000"), "out of range; give 1900 to 9998"),
     (("--year", "soon"), "is not a valid integer")],
)  # fmt: skip
def test_calendar_refuses_in_one_line(run, improving, args, message):
    before = improving.read_bytes()
    result = run("calendar", *args)
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and message in result.stderr
    assert improving.read_bytes() == before


def test_calendar_of_an_empty_journal_creates_nothing(run, db_path):
    assert "0 days with entries" in _out(run, "calendar")
    assert not db_path.exists()
