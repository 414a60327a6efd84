"""The guide's core as plain functions: question of the day, weekly challenges, the nudge."""

from __future__ import annotations

import random
from datetime import date, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import content, guide
from journalcli.content import Question
from journalcli.errors import InputError

QUESTIONS = [
    Question("w1", "After withdrawing?", ("withdrew",)),
    Question("w2", "Also after withdrawing?", ("withdrew", "partly")),
    Question("s1", "After staying?", ("stayed",)),
    Question("a1", "Any day?", ("any",)),
    Question("a2", "Another day?", ("any", "weekly")),
    Question("a3", "A third?", ("any",)),
]
IDS = [f"c{n}" for n in range(12)]
SUNDAY = date(2026, 11, 22)


# --- questions


def test_questions_for_a_fit_fall_back_to_any():
    assert [q.key for q in guide.questions_for("withdrew", QUESTIONS)] == ["w1", "w2"]
    assert [q.key for q in guide.questions_for("weekly", QUESTIONS)] == ["a2"]
    assert [q.key for q in guide.questions_for(None, QUESTIONS)] == ["a1", "a2", "a3"]
    assert [q.key for q in guide.questions_for("stayed", QUESTIONS[:2])] == ["w1", "w2"]


def test_question_of_the_day_is_stable_for_the_day_and_varies_across_days():
    today = guide.question_of_the_day(SUNDAY, QUESTIONS)
    assert guide.question_of_the_day(SUNDAY, list(reversed(QUESTIONS))) == today
    month = {guide.question_of_the_day(SUNDAY + timedelta(n), QUESTIONS).key for n in range(30)}
    assert month == {"a1", "a2", "a3"}


def test_question_of_the_day_fits_the_response():
    for n in range(20):
        day = SUNDAY + timedelta(n)
        assert "withdrew" in guide.question_of_the_day(day, QUESTIONS, "withdrew").fits
        assert guide.question_of_the_day(day, QUESTIONS, "stayed").key == "s1"


def test_the_builtin_questions_change_from_day_to_day():
    questions = content.questions()
    week = [guide.question_of_the_day(SUNDAY + timedelta(n), questions) for n in range(7)]
    assert len({q.key for q in week}) >= 4


def test_random_question_uses_the_given_generator():
    picks = {guide.random_question(QUESTIONS, None, random.Random(n)).key for n in range(40)}
    assert picks == {"a1", "a2", "a3"}
    with pytest.raises(InputError):
        guide.random_question([])


# --- weeks


@pytest.mark.parametrize(
    ("day", "week"),
    [
        (date(2026, 11, 16), "2026-W47"),
        (date(2026, 11, 22), "2026-W47"),
        (date(2026, 11, 23), "2026-W48"),
        (date(2026, 12, 31), "2026-W53"),
        (date(2027, 1, 3), "2026-W53"),
        (date(2027, 1, 4), "2027-W01"),
        (date(2024, 12, 30), "2025-W01"),
    ],
)
def test_week_of_is_the_iso_week(day, week):
    assert guide.week_of(day) == week


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(9999, 12, 20)))
def test_week_start_is_the_monday_of_the_week(day):
    monday = guide.week_start(guide.week_of(day))
    assert monday.weekday() == 0 and monday <= day < monday + timedelta(days=7)
    assert guide.next_week_start(day) == monday + timedelta(days=7)


# --- weekly challenges


def _records(*pairs: tuple[str, str]) -> list[dict]:
    return [guide.new_record(week, key) for week, key in pairs]


def test_pick_is_stable_for_the_week_whatever_the_order_of_ids():
    first = guide.pick_challenge("2026-W47", IDS, [])
    assert guide.pick_challenge("2026-W47", list(reversed(IDS)), []) == first
    weeks = {guide.pick_challenge(f"2026-W{n:02d}", IDS, []) for n in range(1, 30)}
    assert len(weeks) >= 6


def test_pick_avoids_the_challenges_of_recent_weeks():
    history = []
    for n in range(1, 13):
        week = f"2026-W{n:02d}"
        history.append(guide.new_record(week, guide.pick_challenge(week, IDS, history)))
    picked = [r["challenge"] for r in history]
    assert all(len(set(picked[i : i + 9])) == len(picked[i : i + 9]) for i in range(len(picked)))
    # with every id used recently it still picks one
    crowded = _records(("2026-W20", "c0"), ("2026-W21", "c1"))
    assert guide.pick_challenge("2026-W30", IDS[:2], crowded) in IDS[:2]


def test_pick_ignores_records_of_later_weeks():
    later = _records(("2026-W50", guide.pick_challenge("2026-W47", IDS, [])))
    assert guide.pick_challenge("2026-W47", IDS, later) == guide.pick_challenge("2026-W47", IDS, [])


def test_another_walks_through_every_challenge_before_repeating():
    current = guide.pick_challenge("2026-W47", IDS, [])
    seen = [current]
    for _ in range(len(IDS) - 1):
        current = guide.another_challenge("2026-W47", IDS, current, [])
        seen.append(current)
    assert sorted(seen) == sorted(IDS)
    assert guide.another_challenge("2026-W47", IDS, current, []) == seen[0]


def test_another_prefers_one_not_done_recently_and_never_the_current():
    recent = _records(("2026-W45", "a"), ("2026-W46", "b"))
    assert guide.another_challenge("2026-W47", ["a", "b", "c", "d"], "c", recent) == "d"
    assert guide.another_challenge("2026-W47", ["a", "b"], "a", []) == "b"
    with pytest.raises(InputError):
        guide.another_challenge("2026-W47", ["a"], "a", [])
    with pytest.raises(InputError):
        guide.pick_challenge("2026-W47", [], [])


def test_records_have_the_shape_trends_reads():
    record = guide.new_record("2026-W47", "c1")
    assert record == {
        "week": "2026-W47",
        "challenge": "c1",
        "done": False,
        "done_at": None,
        "note": "",
    }
    assert guide.record_for("2026-W47", [record]) == record
    assert guide.record_for("2026-W46", [record]) is None


def test_mark_done_keeps_the_first_time_and_replaces_the_note_only_when_given():
    first = datetime.fromisoformat("2026-11-20T09:15:30.5+01:00")
    done = guide.mark_done(guide.new_record("2026-W47", "c1"), first, "went well")
    assert done["done"] is True and done["done_at"] == "2026-11-20T09:15:30+01:00"
    again = guide.mark_done(done, first + timedelta(days=1), None)
    assert again == done
    assert guide.mark_done(done, first + timedelta(days=1), "better")["note"] == "better"


def test_history_is_newest_first():
    records = _records(("2026-W45", "a"), ("2026-W47", "b"), ("2026-W46", "c"))
    assert [r["week"] for r in guide.history(records)] == ["2026-W47", "2026-W46", "2026-W45"]


# --- the nudge


@pytest.mark.parametrize(
    ("urge", "response", "triggers", "expected"),
    [
        (7, "withdrew", ("conflict", "stress"), "conflict"),
        (10, None, ("closeness",), "closeness"),
        (9, "withdrew", (), "other"),
        (6, "withdrew", ("conflict",), None),
        (9, "stayed", ("conflict",), None),
        (9, "partly", ("conflict",), None),
        (None, None, ("conflict",), None),
    ],
)
def test_nudge_only_after_a_strong_urge_that_was_acted_on_or_not_recorded(
    urge, response, triggers, expected
):
    assert guide.nudge_trigger(urge, response, triggers) == expected


def test_nudge_text_is_the_lead_in_and_the_trigger_challenge():
    text = guide.nudge(8, "withdrew", ("criticism",))
    assert text == f"{content.notice('nudge')}\n  {content.triggers()['criticism'].challenge}"
    assert guide.nudge(8, "stayed", ("criticism",)) is None


def test_every_nudge_fits_80_columns_as_add_prints_it_without_rich():
    for key in content.trigger_keys():
        text = guide.nudge(9, "withdrew", (key,))
        assert text and max(len(line) for line in text.splitlines()) <= 80, key
