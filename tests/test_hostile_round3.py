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
