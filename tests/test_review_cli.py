"""`journal review` (issue 11) without a terminal: which week, flags, JSON, the list, trends,
export and import, and `prompt --for weekly`. The terminal walk is in test_review_terminal."""

from __future__ import annotations

import json
from typing import Any

import pytest

from journalcli import content, stats
from journalcli import review as core
from journalcli.store import Journal

SUNDAY_NIGHT = "2026-11-22T23:30:00+01:00"  # the end of week 47
MONDAY_MORNING = "2026-11-23T08:00:00+01:00"  # week 48 begins
WEDNESDAY_MORNING = "2026-11-25T09:00:00+01:00"
SATURDAY = "2026-11-21T12:00:00+01:00"  # week 47 is not over


@pytest.fixture
def weeks(add) -> None:
    """Entries in weeks 46 and 47 (16-22 November 2026)."""
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-w", "Sam", "-d", "nov 10 20:00")
    add("-u", "4", "-t", "closeness", "-r", "partly", "-w", "Sam", "-d", "nov 12 21:00")
    add(
        "-u",
        "8",
        "-t",
        "stress",
        "-t",
        "rejection",
        "-r",
        "withdrew",
        "-w",
        "Alex",
        "-d",
        "nov 17 9:00",
    )
    add("-u", "5", "-t", "closeness", "-r", "stayed", "-w", "Sam", "-d", "nov 19 21:00")
    add("-u", "7", "-t", "stress", "-r", "stayed", "-d", "nov 21 22:00")


def review_json(run, *args: str, **env: str) -> dict[str, Any]:
    result = run("review", *args, "--json", **env)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize(
    ("now", "week"),
    [
        ("2026-11-22T18:30:00+01:00", "2026-W47"),  # Sunday evening: the week ending today
        (SUNDAY_NIGHT, "2026-W47"),
        (MONDAY_MORNING, "2026-W47"),
        (WEDNESDAY_MORNING, "2026-W47"),
        (SATURDAY, "2026-W46"),
        ("2026-11-16T00:00:00+01:00", "2026-W46"),  # Monday just after midnight
        ("2027-01-03T21:00:00+01:00", "2026-W53"),  # a Sunday that ends a 53-week year
        ("2027-01-04T07:00:00+01:00", "2026-W53"),
    ],
)
def test_the_default_week_is_the_one_ending_today_on_a_sunday_else_the_one_before(run, now, week):
    assert review_json(run, JOURNAL_NOW=now)["week"] == week


def test_core_default_week_over_two_years_is_always_the_last_week_that_has_ended():
    from datetime import date, timedelta

    day = date(2026, 1, 1)
    for _ in range(730):
        week = core.default_week(day)
        sunday = core.monday(week) + timedelta(days=6)
        assert sunday <= day < sunday + timedelta(days=7)
        core.check_reviewable(week, day)  # never refused
        day += timedelta(days=1)


@pytest.mark.parametrize(
    ("now", "week", "message"),
    [
        (SATURDAY, "2026-W47", "week 2026-W47 is not over yet; it can be reviewed from Sunday 22"),
        (MONDAY_MORNING, "2026-W48", "week 2026-W48 is not over yet"),
        (MONDAY_MORNING, "2026-W49", "week 2026-W49 has not happened yet; this is week 2026-W48"),
        (SUNDAY_NIGHT, "2026-W48", "has not happened yet"),
        (SUNDAY_NIGHT, "2026-W60", "2026 has no week 60"),
        (SUNDAY_NIGHT, "next friday", "'next friday': not a date I can read"),
    ],
)
def test_a_later_week_is_never_reviewed(run, db_path, now, week, message):
    result = run("review", "--week", week, "--answer", "x", JOURNAL_NOW=now)
    assert result.exit_code == 2
    assert message in result.stderr
    assert len(result.stderr.splitlines()) == 1
    assert not db_path.exists()


@pytest.mark.parametrize(
    ("typed", "week"),
    [
        ("2026-W40", "2026-W40"),
        ("2026w40", "2026-W40"),
        ("2026-W5", "2026-W05"),
        ("nov 10", "2026-W46"),
        ("last monday", "2026-W47"),
        ("2026-11-22", "2026-W47"),
        ("2020-W53", "2020-W53"),
    ],
)
def test_any_past_week_by_its_name_or_a_day_in_it(run, typed, week):
    assert review_json(run, "--week", typed, JOURNAL_NOW=SUNDAY_NIGHT)["week"] == week


def test_without_flags_or_a_terminal_it_prints_the_week_and_saves_nothing(run, weeks, db_path):
    before = db_path.read_bytes()
    result = run("review", JOURNAL_NOW=MONDAY_MORNING)
    assert result.exit_code == 0
    out = result.stdout
    assert "Week 2026-W47 (16 Nov to 22 Nov), beside the week before" in out
    assert "The challenge of 2026-W47:" in out
    assert "Not reviewed yet. Nothing was saved." in out
    assert all(len(line) <= 80 for line in out.splitlines())
    assert db_path.read_bytes() == before


def test_the_figures_are_the_summary_of_each_week(run, weeks):
    data = review_json(run, JOURNAL_NOW=MONDAY_MORNING)
    for name, since, until in (
        ("week", "2026-11-16", "2026-11-22"),
        ("before", "2026-11-09", "2026-11-15"),
    ):
        summary = json.loads(run("summary", "--since", since, "--until", until, "--json").stdout)
        figures = data["figures"][name]
        assert {k: v for k, v in figures.items() if k != "week"} == {
            key: summary[key] for key in core.FIGURE_KEYS
        }
    assert data["figures"]["week"]["responses"] == {
        "withdrew": 1,
        "stayed": 2,
        "partly": 0,
        "unrecorded": 0,
    }
    assert [t["trigger"] for t in data["figures"]["week"]["triggers"]] == [
        "stress",
        "closeness",
        "rejection",
    ]
    assert data["review"] is None and data["figures"]["before"]["week"] == "2026-W46"
    shown = run("review", JOURNAL_NOW=MONDAY_MORNING).stdout
    assert "stress 2, closeness 1, rejection" in shown and "Alex 1, Sam 1" in shown


def test_flags_save_the_review_and_a_second_run_edits_it(run, weeks):
    first = run("review", "--answer", "Staying after the call.", JOURNAL_NOW=MONDAY_MORNING)
    assert first.exit_code == 0, first.output
    assert first.stdout == "Saved the review of week 2026-W47.\n"
    stored = review_json(run, JOURNAL_NOW=MONDAY_MORNING)["review"]
    question = core.question_for("2026-W47", content.questions(), None)
    assert stored == {
        "week": "2026-W47",
        "created": MONDAY_MORNING,
        "updated": MONDAY_MORNING,
        "question": question,
        "answer": "Staying after the call.",
        "note": "",
    }
    later = "2026-11-25T09:00:00+01:00"
    assert run("review", "--note", "next time", JOURNAL_NOW=later).exit_code == 0
    edited = review_json(run, JOURNAL_NOW=later)["review"]
    assert edited == {**stored, "updated": later, "note": "next time"}  # the answer is kept
    reviews = Journal_reviews(run)
    assert len(reviews) == 1


def Journal_reviews(run) -> list[dict[str, Any]]:
    return json.loads(run("review", "list", "--json").stdout)


def test_the_challenge_record_says_done_and_not_done(run, weeks):
    done = run(
        "review", "--challenge-done", "--note", "Phone in the hall", JOURNAL_NOW=MONDAY_MORNING
    )
    assert done.exit_code == 0, done.output
    records = json.loads(run("challenge", "list", "--json").stdout)
    record = next(r for r in records if r["week"] == "2026-W47")
    assert record["done"] is True and record["done_at"] == MONDAY_MORNING
    assert record["note"] == "Phone in the hall"
    data = review_json(run, JOURNAL_NOW=MONDAY_MORNING)
    assert data["challenge"] == record
    assert data["review"]["note"] == "Phone in the hall"
    assert json.loads(run("trends", "--json", JOURNAL_NOW=MONDAY_MORNING).stdout)["weeks"][-2][
        "challenge_done"
    ]
    undone = run("review", "--challenge-not-done", JOURNAL_NOW=MONDAY_MORNING)
    assert undone.exit_code == 0
    record = next(
        r for r in json.loads(run("challenge", "list", "--json").stdout) if r["week"] == "2026-W47"
    )
    assert (record["done"], record["done_at"]) == (False, None)


def test_the_challenge_of_a_week_is_the_one_it_showed(run, weeks, db_path):
    shown = run("challenge", JOURNAL_NOW="2026-11-18T12:00:00+01:00")  # run during week 47
    assert shown.exit_code == 0
    stored = Journal(db_path).challenges()[0]["challenge"]
    assert review_json(run, JOURNAL_NOW=MONDAY_MORNING)["challenge"]["challenge"] == stored
    # A week in which `journal challenge` never ran: the week's own pick, the same each time.
    first = review_json(run, "--week", "2026-W40", JOURNAL_NOW=MONDAY_MORNING)["challenge"]
    again = review_json(run, "--week", "2026-W40", JOURNAL_NOW=WEDNESDAY_MORNING)["challenge"]
    assert first == again and first["done"] is False


def test_next_challenge_sets_this_weeks_when_the_week_reviewed_is_last_week(run, weeks):
    catalogue = list(content.challenges())
    result = run("review", "--next-challenge", catalogue[3], JOURNAL_NOW=MONDAY_MORNING)
    assert result.exit_code == 0, result.output
    current = json.loads(run("challenge", "list", "--json", JOURNAL_NOW=MONDAY_MORNING).stdout)
    assert {"week": "2026-W48", "challenge": catalogue[3]}.items() <= current[0].items()
    shown = run("challenge", JOURNAL_NOW=MONDAY_MORNING).stdout
    assert content.challenges()[catalogue[3]].title in shown


@pytest.mark.parametrize(
    ("args", "now", "message"),
    [
        (
            ("--next-challenge", "phone-away", "--week", "2026-W45"),
            MONDAY_MORNING,
            "goes with a review of the week before (2026-W47)",
        ),
        (
            ("--next-challenge", "phone-away"),
            SUNDAY_NIGHT,
            "not of 2026-W47",
        ),  # next week is not here yet
        (("--next-challenge", "phone-awya"), MONDAY_MORNING, "did you mean 'phone-away'?"),
        (("--answer", "a\x1bb"), MONDAY_MORNING, "answer contains a control character"),
        (("--note", "\x07"), MONDAY_MORNING, "note contains a control character"),
    ],
)
def test_wrong_flags_are_exit_2_and_change_nothing(run, weeks, db_path, args, now, message):
    before = db_path.read_bytes()
    result = run("review", *args, JOURNAL_NOW=now)
    assert result.exit_code == 2
    assert message in result.stderr
    assert db_path.read_bytes() == before


def test_this_weeks_challenge_once_done_stays(run, weeks):
    assert run("challenge", "done", JOURNAL_NOW=MONDAY_MORNING).exit_code == 0
    result = run("review", "--next-challenge", "check-in", JOURNAL_NOW=MONDAY_MORNING)
    assert result.exit_code == 2
    assert "already done" in result.stderr


def test_review_list_and_trends(run, weeks):
    assert "No week reviewed yet" in run("review", "list").stdout
    assert (
        run(
            "review", "--week", "2026-W46", "--answer", "first", JOURNAL_NOW=MONDAY_MORNING
        ).exit_code
        == 0
    )
    assert (
        run(
            "review", "--answer", "second\nline", "--challenge-done", JOURNAL_NOW=MONDAY_MORNING
        ).exit_code
        == 0
    )
    rows = Journal_reviews(run)
    assert [(r["week"], r["answer"], r["challenge_done"]) for r in rows] == [
        ("2026-W47", "second\nline", True),
        ("2026-W46", "first", False),
    ]
    shown = run("review", "list").stdout
    assert "2026-W47 2026-11-23 done      second line" in shown
    assert "2 weeks reviewed." in shown
    trend = json.loads(run("trends", "--json", JOURNAL_NOW=MONDAY_MORNING).stdout)["weeks"]
    assert [(w["week"], w["reviewed"]) for w in trend[-3:]] == [
        ("2026-W46", True),
        ("2026-W47", True),
        ("2026-W48", False),
    ]
    assert run("review", "list", "--week", "2026-W46").exit_code == 2


def test_trends_core_marks_the_reviewed_weeks():
    from datetime import date

    rows = stats.trends([], 2, date(2026, 11, 22), set(), {"2026-W46"})["weeks"]
    assert [row["reviewed"] for row in rows] == [True, False]
    assert [row["reviewed"] for row in stats.trends([], 2, date(2026, 11, 22), set())["weeks"]] == [
        False,
        False,
    ]


def test_prompt_for_weekly_points_to_the_review_and_asks_its_question(run):
    result = run("prompt", "--for", "weekly", JOURNAL_NOW=MONDAY_MORNING)
    assert result.exit_code == 0
    assert "journal review" in result.stdout and "add --prompt" not in result.stdout
    question = core.question_for("2026-W47", content.questions(), None)
    assert result.stdout.startswith(question)
    assert review_json(run, JOURNAL_NOW=MONDAY_MORNING)["question"] == question
    other = run("prompt", "--for", "withdrew").stdout
    assert "journal add --prompt" in other  # other questions still go with an entry


# --- export and import


def reviewed(run) -> None:
    assert (
        run(
            "review",
            "--week",
            "2026-W46",
            "--answer",
            "a *bold* answer\n\n# not a heading",
            JOURNAL_NOW=MONDAY_MORNING,
        ).exit_code
        == 0
    )
    assert (
        run(
            "review", "--week", "2026-W40", "--note", "a quiet week", JOURNAL_NOW=MONDAY_MORNING
        ).exit_code
        == 0
    )


def test_json_export_and_import_round_trip_exactly_and_twice_is_the_same(run, weeks, tmp_path):
    reviewed(run)
    exported = tmp_path / "export.json"
    assert run("export", "-f", "json", "-o", str(exported)).exit_code == 0
    document = json.loads(exported.read_text())
    assert [r["week"] for r in document["reviews"]] == ["2026-W40", "2026-W46"]
    assert document["reviews"] == Journal_reviews_stored(run)
    other = str(tmp_path / "other.json")
    first = run("--db", other, "import", str(exported))
    assert first.exit_code == 0, first.output
    assert "Added 2 weekly reviews." in first.stdout
    assert Journal(tmp_path / "other.json").reviews() == document["reviews"]
    again = run("--db", other, "import", str(exported))
    assert "Added 0 weekly reviews; 2 already in the journal." in again.stdout
    assert "Kept" not in again.stdout
    assert Journal(tmp_path / "other.json").reviews() == document["reviews"]
    back = tmp_path / "back.json"
    assert run("--db", other, "export", "-f", "json", "-o", str(back)).exit_code == 0
    assert json.loads(back.read_text())["reviews"] == document["reviews"]


def Journal_reviews_stored(run) -> list[dict[str, Any]]:
    return [
        {k: v for k, v in r.items() if k != "challenge_done"}
        for r in reversed(Journal_reviews(run))
    ]


def test_an_import_keeps_the_review_a_week_already_has_and_says_so(run, weeks, tmp_path, db_path):
    reviewed(run)
    exported = tmp_path / "export.json"
    assert run("export", "-f", "json", "-o", str(exported)).exit_code == 0
    other = tmp_path / "other.json"
    mine = {
        "week": "2026-W46",
        "created": "2026-11-16T08:00:00+01:00",
        "updated": "2026-11-16T08:00:00+01:00",
        "question": "q",
        "answer": "my own",
        "note": "",
    }
    Journal(other).save_review(mine)
    dry = run("--db", str(other), "import", "--dry-run", str(exported))
    assert "Would add 1 weekly review." in dry.stdout
    assert "Kept the review already in the journal for 2026-W46" in dry.stdout
    assert Journal(other).reviews() == [mine]
    result = run("--db", str(other), "import", str(exported))
    assert result.exit_code == 0
    assert "Added 1 weekly review." in result.stdout
    assert (
        "Kept the review already in the journal for 2026-W46; the file's review differs and "
        "was not imported." in result.stdout
    )
    assert [r["answer"] for r in Journal(other).reviews()] == ["", "my own"]


@pytest.mark.parametrize(
    ("reviews", "message"),
    [
        ("x", '"reviews" must be a list'),
        ([{"week": "2026-W46"}], "reviews[0] (week 2026-W46): created is missing"),
        (
            [
                {
                    "week": "2026-W99",
                    "created": "",
                    "updated": "",
                    "question": "",
                    "answer": "",
                    "note": "",
                }
            ],
            "reviews[0] (week 2026-W99): week must be an ISO week",
        ),
        (
            [
                {
                    "week": "2026-W46",
                    "created": MONDAY_MORNING,
                    "updated": MONDAY_MORNING,
                    "question": "",
                    "answer": "a",
                    "note": "",
                },
                {
                    "week": "2026-W46",
                    "created": MONDAY_MORNING,
                    "updated": MONDAY_MORNING,
                    "question": "",
                    "answer": "b",
                    "note": "",
                },
            ],
            "reviews[1] (week 2026-W46) repeats the week of reviews[0] with different content",
        ),
    ],
)
def test_an_import_with_a_bad_review_imports_nothing(run, tmp_path, db_path, reviews, message):
    entry = {
        "uid": "00000000-0000-0000-0000-000000000001",
        "when": "2026-11-20T10:00:00+01:00",
        "urge": 3,
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"schema": 1, "entries": [entry], "reviews": reviews}))
    result = run("import", str(source))
    assert result.exit_code == 2
    assert message in result.stderr and "nothing was imported" in result.stderr
    assert not db_path.exists()


def test_an_export_without_reviews_still_imports(run, tmp_path):
    entry = {
        "uid": "00000000-0000-0000-0000-000000000001",
        "when": "2026-11-20T10:00:00+01:00",
        "urge": 3,
    }
    source = tmp_path / "in.json"
    source.write_text(json.dumps({"schema": 1, "entries": [entry]}))
    result = run("import", str(source))
    assert result.exit_code == 0 and "weekly review" not in result.stdout


def test_markdown_export_has_each_review_under_its_week(run, weeks):
    reviewed(run)
    text = run("export").stdout
    week46 = text.index("## Week 2026-W46")
    week47 = text.index("## Week 2026-W47")
    review = text.index("### Weekly review", week46)
    assert week46 < review < week47
    assert "- Answer: a \\*bold\\* answer\n  \n  \\# not a heading" in text
    assert "2026-W40" not in text  # before the period (from the first entry)
    # A reviewed week without entries still gets its heading, in order.
    wider = run("export", "--since", "sep 28").stdout
    week40 = wider.index("## Week 2026-W40: Monday 28 September 2026 to Sunday 4 October 2026")
    assert week40 < wider.index("## Week 2026-W46")
    assert "- Note: a quiet week" in wider
    recent = run("export", "--since", "nov 16").stdout
    assert "Weekly review" not in recent
