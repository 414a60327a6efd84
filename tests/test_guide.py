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


def _week(monday: date) -> str:
    return guide.week_of(monday)


def test_pick_is_stable_for_the_week_whatever_the_order_of_ids():
    first = guide.pick_challenge("2026-W47", IDS)
    assert guide.pick_challenge("2026-W47", list(reversed(IDS))) == first
    assert guide.pick_challenge("2026-W47", [*IDS, *IDS]) == first
    weeks = {guide.pick_challenge(f"2026-W{n:02d}", IDS) for n in range(1, 30)}
    assert len(weeks) >= 6


@pytest.mark.parametrize("count", [1, 2, 3, 12, 24])
@pytest.mark.parametrize("start", [date(1900, 1, 1), date(2026, 1, 5), date(9990, 3, 6)])
def test_pick_walks_through_every_challenge_before_one_comes_again(count, start):
    ids = IDS[:count] if count <= len(IDS) else [f"x{n}" for n in range(count)]
    monday = start - timedelta(days=start.weekday())
    weeks = [_week(monday + timedelta(weeks=n)) for n in range(4 * count)]
    picks = [guide.pick_challenge(week, ids) for week in weeks]
    # any `count` weeks in a row show every challenge once
    for first in range(len(picks) - count + 1):
        assert sorted(picks[first : first + count]) == sorted(ids)


@given(st.dates(min_value=date(1900, 1, 8), max_value=date(9998, 12, 20)))
def test_neighbouring_weeks_never_show_the_same_challenge(day):
    this, last = _week(day), _week(day - timedelta(weeks=1))
    assert guide.pick_challenge(this, IDS) != guide.pick_challenge(last, IDS)
    assert guide.pick_challenge(_week(day + timedelta(days=3)), IDS) in IDS


def test_week_challenge_is_the_stored_record_else_the_pick_and_never_writes():
    pick = guide.pick_challenge("2026-W46", IDS)
    other = next(key for key in IDS if key != pick)
    stored = _records(("2026-W46", other))
    assert guide.week_challenge("2026-W46", IDS, stored, current=False) == (stored[0], False)
    assert guide.week_challenge("2026-W46", IDS, [], current=False) == (
        guide.new_record("2026-W46", pick),
        True,
    )
    # records of other weeks change nothing: a week's pick is its own
    later = _records(("2026-W47", pick), ("2026-W45", pick))
    assert guide.week_challenge("2026-W46", IDS, later, current=True)[0]["challenge"] == pick


def test_a_removed_challenge_is_re_picked_only_in_the_current_week_and_only_if_not_done():
    gone = _records(("2026-W47", "removed"))
    record, changed = guide.week_challenge("2026-W47", IDS, gone, current=True)
    assert changed and record["challenge"] == guide.pick_challenge("2026-W47", IDS)
    assert guide.week_challenge("2026-W47", IDS, gone, current=False) == (gone[0], False)
    done = [{**gone[0], "done": True, "done_at": "2026-11-20T09:00:00+01:00"}]
    assert guide.week_challenge("2026-W47", IDS, done, current=True) == (done[0], False)


def test_another_walks_through_every_challenge_before_repeating():
    current = guide.pick_challenge("2026-W47", IDS)
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
        guide.pick_challenge("2026-W47", [])


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


def test_mark_done_keeps_the_first_time_and_the_first_note_unless_replace():
    first = datetime.fromisoformat("2026-11-20T09:15:30.5+01:00")
    later = first + timedelta(days=1)
    done, kept_out = guide.mark_done(guide.new_record("2026-W47", "c1"), first, "went well")
    assert done["done"] is True and done["done_at"] == "2026-11-20T09:15:30+01:00"
    assert done["note"] == "went well" and not kept_out
    assert guide.mark_done(done, later, None) == (done, False)
    assert guide.mark_done(done, later, "went well") == (done, False)
    assert guide.mark_done(done, later, "better") == (done, True)
    replaced, kept_out = guide.mark_done(done, later, "better", replace=True)
    assert replaced == {**done, "note": "better"} and not kept_out
    # a week done without a note takes one later without --replace
    bare, _ = guide.mark_done(guide.new_record("2026-W47", "c1"), first, None)
    assert bare["note"] == ""
    assert guide.mark_done(bare, later, "after all") == ({**bare, "note": "after all"}, False)


def test_weeks_counted_are_the_ended_weeks_and_this_week_only_when_done():
    records = _records(("2026-W45", "a"), ("2026-W46", "b"), ("2026-W47", "c"))
    records[0] = {**records[0], "done": True, "done_at": "2026-11-08T10:00:00+01:00"}
    assert guide.weeks_counted(records, "2026-W47") == (1, 2)
    records[2] = {**records[2], "done": True, "done_at": "2026-11-22T10:00:00+01:00"}
    assert guide.weeks_counted(records, "2026-W47") == (2, 3)
    assert guide.weeks_counted(records, "2026-W46") == (1, 1)
    assert guide.weeks_counted([], "2026-W47") == (0, 0)


NOW = datetime.fromisoformat("2026-11-22T18:30:00+01:00")  # a Sunday, in 2026-W47


@pytest.mark.parametrize(
    ("typed", "week"),
    [
        ("2026-W46", "2026-W46"),
        ("2026-w47", "2026-W47"),
        (" 2026W05 ", "2026-W05"),
        ("2026-W1", "2026-W01"),
        ("2020-W53", "2020-W53"),
        ("1900-W01", "1900-W01"),
        ("last monday", "2026-W47"),
        ("2026-11-15", "2026-W46"),
        ("nov 9", "2026-W46"),
        ("yesterday", "2026-W47"),
        ("2 weeks ago", "2026-W45"),
        ("2026-01-01", "2026-W01"),
        ("2027-01-01", "2026-W53"),
    ],
)
def test_parse_week_reads_iso_weeks_and_days(typed, week):
    now = NOW.replace(year=2027, month=1, day=3) if typed == "2027-01-01" else NOW
    assert guide.parse_week(typed, now) == week


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2026-W48", "has not started yet"),
        ("2027-W01", "has not started yet"),
        ("2026-11-23", "has not started yet"),  # the Monday after
        ("2026-W54", "not an ISO week"),
        ("2026-W00", "not an ISO week"),
        ("2021-W53", "not an ISO week"),
        ("1899-W52", "not an ISO week"),
        ("0000-W01", "not an ISO week"),
        ("next week", "try one of"),
        ("", "try one of"),
    ],
)
def test_parse_week_refuses_future_and_impossible_weeks(typed, why):
    with pytest.raises(InputError, match=why):
        guide.parse_week(typed, NOW)


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(9998, 12, 24)))
def test_parse_week_of_any_past_day_is_its_iso_week(day):
    now = datetime.combine(day + timedelta(days=7), NOW.timetz())
    assert guide.parse_week(day.isoformat(), now) == guide.week_of(day)
    assert guide.parse_week(guide.week_of(day), now) == guide.week_of(day)


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
