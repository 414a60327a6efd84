"""Round 3 of hostile testing: the daily status, the weekly review, past-week challenges, the
signpost, plans and the calendar, each finding as a test that failed before its fix."""

from __future__ import annotations

import pytest

from journalcli import safety


@pytest.mark.parametrize(
    "text",
    [
        "thinking about ending it all",
        "I ended it all in my head again",
        "ending my life",
        "I kept thinking of killing myself",
        "I wanted to die",
        "wanting to die all evening",
        "I harmed myself",
        "self-harmed again",
        "I overdosed once",
        "taking my own life",
        "I wish I had never been born",
    ],
)
def test_signpost_inflected_phrases(text: str) -> None:
    """Past and -ing forms of the built-in phrases call for the signpost too."""
    assert safety.needs_signpost(1, [], [text], safety.words())


@pytest.mark.parametrize(
    "text", ["I never wanted to die", "I didn't want to die", "this deadline is killing me"]
)
def test_signpost_inflected_exceptions(text: str) -> None:
    assert not safety.needs_signpost(1, [], [text], safety.words())


@pytest.mark.parametrize("week", ["1899-W52", "1899-W01", "0000-W01", "1899w30"])
def test_review_week_before_first_year_is_input_error(run, db_path, week: str) -> None:
    """A week before 1900 is bad input (exit 2, one line), not a damaged review (exit 3)."""
    for args in ([], ["--answer", "x"]):
        result = run("review", "--week", week, *args)
        assert result.exit_code == 2, result.output
        assert "damaged" not in result.output
        assert "1900" in result.output
    assert not db_path.exists() or "1899" not in db_path.read_text()


def test_short_line_fits_80_columns(run, add) -> None:
    """The shell start-up line never wraps at 80 columns: with a long challenge title, a
    streak and a review due, it says less rather than more."""
    from journalcli.views.status import short_line

    challenge = {"title": "Stay through a disagreement", "id": "x", "done": False}
    for streak in (0, 4, 1234):
        for count in (0, 1, 12):
            for step in ("review", "add", "challenge"):
                data = {
                    "entries_today": count,
                    "streak": streak,
                    "challenge": challenge,
                    "next": step,
                    "last_week": "2026-W47",
                }
                line = short_line(data)
                assert len(line) <= 80, line
                assert ("journal review" in line) == (step == "review")
    for monday in ("2026-11-23T09:00:00+01:00", "2026-11-16T09:00:00+01:00"):
        line = run("status", "--short", JOURNAL_NOW=monday).stdout.rstrip("\n")
        assert len(line) <= 80, line


def test_review_figures_count_calm_and_partly_rate(run, add) -> None:
    """A week of calm check-ins: the review's entries add up (calm shown), and its JSON has
    partly_rate beside stayed_rate, as everywhere else (issue 12)."""
    import json

    add("-u", "0", "-d", "2026-11-17 10:00")
    add("-u", "0", "-d", "2026-11-18 10:00")
    add("-u", "5", "-t", "closeness", "-r", "partly", "-d", "2026-11-19 10:00")
    data = json.loads(run("review", "--week", "2026-W47", "--json").stdout)
    week = data["figures"]["week"] if "figures" in data else data["week"]
    assert week["calm"] == 2
    assert week["partly_rate"] == 1.0 and week["stayed_rate"] == 0.0
    text = run("review", "--week", "2026-W47").stdout
    calm = next(line for line in text.splitlines() if line.startswith("calm"))
    assert calm.split()[1:] == ["2", "0"]


def test_plan_remove_names_the_person(run) -> None:
    """`plan remove` describes the plan as `plan add` and `plan list` do, person included."""
    run("plan", "add", "closeness", "call", "--with", "Sam")
    listed = run("plan", "list").stdout
    assert "if closeness with Sam, then: call" in listed
    result = run("plan", "remove", "1")
    assert result.exit_code == 0
    assert result.stdout == "Removed plan 1: if closeness with Sam, then: call\n"


def test_plan_lines_fit_80_columns(run) -> None:
    """A long plan is wrapped within 80 columns in add, list and remove, no word cut."""
    text = " ".join(f"step{i}" for i in range(40))
    outputs = [
        run("plan", "add", "closeness", text, "--with", "Sam").stdout,
        run("plan", "list").stdout,
        run("plan", "remove", "1").stdout,
    ]
    for output in outputs:
        lines = output.splitlines()
        assert len(lines) > 1
        assert all(len(line) <= 80 and not line.endswith(" ") for line in lines), output
        assert " ".join(output.split()).endswith(text)


@pytest.mark.parametrize(
    ("message", "kept"),
    [
        (
            "'today 02:30': 2026-03-29 02:30 does not exist in the local time zone (the clocks "
            "jump forward over it: a daylight saving gap); try 01:30 or 03:30",
            "try 01:30 or 03:30",
        ),
        (
            "'2:30': 2026-03-29 02:30 does not exist in the local time zone (the clocks jump "
            "forward over it: a daylight saving gap); try 01:30 or 03:30",
            "try 01:30 or 03:30",
        ),
    ],
)
def test_interview_reask_keeps_what_to_type(message: str, kept: str) -> None:
    """A re-ask too long for one line drops its asides and the echo of the typed answer
    before it cuts anything: the suggestion at the end stays."""
    from journalcli.interview import _one_line

    line = _one_line(message)
    assert len(line) <= 80 and line.endswith(kept), line
    assert _one_line("short one") == "  short one"
