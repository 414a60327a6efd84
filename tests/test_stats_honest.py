"""Issue 12 figures, hand-computed: weeks in progress, partly, calm check-ins, ties, past
periods, one spelling per person, what goes with staying, feelings and the calendar."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

import pytest

from journalcli import stats
from journalcli.model import Entry

CET = timezone(timedelta(hours=1))
GROUPS = {"closeness": "closeness", "stress": "threat", "conflict": "threat", "needs": "closeness"}
MONDAY = date(2026, 11, 16)  # Monday of 2026-W47
SUNDAY_NIGHT = "2026-11-22T23:30:00+01:00"  # the last half hour of 2026-W47
MONDAY_MORNING = "2026-11-16T08:00:00+01:00"  # the first morning of 2026-W47


def entry(when: str, urge: int | None, *triggers: str, **fields) -> Entry:
    moment = datetime.fromisoformat(when).replace(tzinfo=CET)
    return Entry(when=moment, urge=urge, triggers=triggers, **fields)


def improving() -> list[Entry]:
    """Five complete weeks from staying 0% to 75%, then one "partly" on Monday morning."""
    entries = []
    plan = [  # week start, responses, urge
        ("2026-10-12", ["withdrew"] * 4, 8),
        ("2026-10-19", ["stayed"] + ["withdrew"] * 3, 7),
        ("2026-10-26", ["stayed", "stayed", "partly", "withdrew"], 6),
        ("2026-11-02", ["stayed", "stayed", "stayed", "partly"], 5),
        ("2026-11-09", ["stayed", "stayed", "stayed", "withdrew"], 4),
    ]
    for start, responses, urge in plan:
        first = date.fromisoformat(start)
        for number, response in enumerate(responses):
            day = first + timedelta(days=number)
            entries.append(entry(f"{day}T20:00", urge, "closeness", response=response))
    entries.append(entry("2026-11-16T07:30", 5, "stress", response="partly"))
    return entries


# --- the week in progress


def test_an_improving_user_on_monday_morning_is_told_they_improved():
    result = stats.trends(improving(), 6, MONDAY, set())
    weeks = result["weeks"]
    assert [w["in_progress"] for w in weeks] == [False] * 5 + [True]
    assert [w["stayed_rate"] for w in weeks] == [0.0, 0.25, 0.5, 0.75, 0.75, 0.0]
    assert [w["partly_rate"] for w in weeks] == [0.0, 0.0, 0.25, 0.25, 0.0, 1.0]
    assert result["change"] == {
        "first_week": "2026-W42",
        "last_week": "2026-W46",  # not W47, in progress with its one "partly"
        "mean_urge": {"first": 8.0, "last": 4.0, "change": -4.0},
        "stayed_rate": {"first": 0.0, "last": 0.75, "change": 0.75},
        "partly_rate": {"first": 0.0, "last": 0.0, "change": 0.0},
    }


@pytest.mark.parametrize(
    "today",
    [MONDAY, date(2026, 11, 19), date(2026, 11, 22)],  # Monday, Thursday, Sunday
)
def test_the_week_of_today_is_in_progress_on_any_of_its_days(today):
    weeks = stats.trends(improving(), 6, today, set())["weeks"]
    assert weeks[-1]["week"] == "2026-W47" and weeks[-1]["in_progress"]
    assert not any(w["in_progress"] for w in weeks[:-1])
    assert stats.trends(improving(), 6, today, set())["change"]["last_week"] == "2026-W46"


def test_the_change_is_taken_between_the_values_as_shown():
    # W45: 43 / 7 = 6.14 (shown 6.1); W46: 14 / 3 = 4.67 (shown 4.7): -1.4, not -1.47 -> -1.5
    w45 = [entry(f"2026-11-0{2 + i}T09:00", u) for i, u in enumerate([7, 7, 6, 6, 6, 6, 5])]
    w46 = [entry(f"2026-11-{9 + i:02d}T09:00", u) for i, u in enumerate([5, 5, 4])]
    entries = w45 + w46
    change = stats.trends(entries, 3, MONDAY, set())["change"]
    assert change["mean_urge"] == {"first": 6.14, "last": 4.67, "change": -1.4}
    assert stats.shown_difference(0.125, 0.335, stats.shown_rate) == 0.22  # shown 12% and 34%
    assert stats.shown_difference(None, 0.5, stats.shown_rate) is None


def test_a_week_with_only_responses_has_data():
    entries = [
        entry("2026-11-03T09:00", None, response="withdrew"),  # W45: a response, no rating
        entry("2026-11-10T09:00", 6, response="stayed"),  # W46
    ]
    change = stats.trends(entries, 3, MONDAY, set())["change"]
    assert change["stayed_rate"] == {"first": 0.0, "last": 1.0, "change": 1.0}
    assert change["mean_urge"] == {"first": None, "last": 6.0, "change": None}


# --- calm check-ins


def test_calm_check_ins_count_only_as_entries_days_and_calm():
    entries = [
        entry("2026-11-16T09:00", 0, "stress", response="stayed", with_="Sam",
              behaviors=("silence",), emotions=("calm",)),
        entry("2026-11-17T09:00", 0),
        entry("2026-11-17T21:00", 6, "closeness", response="withdrew", with_="Sam"),
    ]  # fmt: skip
    result = stats.summary(entries, MONDAY, date(2026, 11, 22), date(2026, 11, 22), GROUPS)
    assert (result["entries"], result["days_logged"], result["calm"]) == (3, 2, 2)
    assert result["urge"] == {"mean": 6.0, "max": 6}
    assert result["responses"] == {"withdrew": 1, "stayed": 0, "partly": 0, "unrecorded": 0}
    assert (result["stayed_rate"], result["partly_rate"], result["rated"]) == (0.0, 0.0, 1)
    assert [t["trigger"] for t in result["triggers"]] == ["closeness"]
    assert result["with"] == [
        {"with": "Sam", "count": 1, "mean_urge": 6.0, "stayed_rate": 0.0, "partly_rate": 0.0}
    ]
    assert result["behaviors"] == [] and result["emotions"] == []
    assert result["time_of_day"]["morning"]["count"] == 0
    assert result["weekdays"]["monday"]["count"] == 0
    assert result["lens"] == {"closeness": 1.0, "threat": 0.0, "other": 0.0}
    week = stats.week(entries, MONDAY)["totals"]
    assert (week["entries"], week["days_logged"], week["calm"], week["urge"]["max"]) == (3, 2, 2, 6)
    trends = stats.trends(entries, 1, MONDAY, set())["weeks"][0]
    assert (trends["calm"], trends["mean_urge"], trends["top_triggers"]) == (2, 6.0, ["closeness"])


# --- ties


def test_a_three_way_tie_goes_to_the_higher_mean_urge_then_the_most_recent_then_the_name():
    week = [
        entry("2026-11-10T09:00", 5, "stress", "needs"),
        entry("2026-11-11T09:00", 5, "closeness", "conflict"),
        entry("2026-11-12T09:00", 7, "closeness", "needs", "stress"),
    ]  # stress 2 (mean 6), needs 2 (6), closeness 2 (6), conflict 1
    row = stats.trends(week, 1, date(2026, 11, 12), set())["weeks"][0]
    # all three last seen at the same moment: by name
    assert row["top_triggers"] == ["closeness", "needs", "stress"]
    assert row["top_trigger"] == "closeness"
    later = [*week, entry("2026-11-13T09:00", 6, "stress", "needs", "closeness")]
    row = stats.trends(later, 1, date(2026, 11, 13), set())["weeks"][0]
    assert row["top_triggers"] == ["closeness", "needs", "stress"]  # 3 each, 6.0, same moment
    higher = [*week, entry("2026-11-13T09:00", 9, "stress", "closeness", "needs")]
    higher[0] = entry("2026-11-10T09:00", 6, "stress", "needs")  # stress, needs: mean 7.33
    row = stats.trends(higher, 1, date(2026, 11, 13), set())["weeks"][0]
    assert row["top_triggers"] == ["needs", "stress", "closeness"]  # 7.33, 7.33, 7.0
    recent = [*week, entry("2026-11-14T09:00", 6, "stress")]  # stress 3, the rest 2
    row = stats.trends(recent, 1, date(2026, 11, 14), set())["weeks"][0]
    assert row["top_triggers"] == ["stress"]
    mixed = [
        entry("2026-11-10T09:00", 5, "needs"),
        entry("2026-11-11T09:00", 5, "stress"),  # same mean urge, more recent
    ]
    row = stats.trends(mixed, 1, date(2026, 11, 14), set())["weeks"][0]
    assert row["top_triggers"] == ["stress", "needs"]


def test_the_summary_tables_keep_their_order_count_then_name():
    week = [
        entry("2026-11-16T09:00", 9, "stress"),
        entry("2026-11-17T09:00", 2, "closeness"),
    ]
    result = stats.summary(week, MONDAY, MONDAY + timedelta(days=6), MONDAY, GROUPS)
    assert [t["trigger"] for t in result["triggers"]] == ["closeness", "stress"]


# --- past periods


def test_a_past_period_has_its_longest_run_and_is_not_current():
    days = [1, 2, 3, 5, 6, 9]
    entries = [entry(f"2026-11-0{d}T09:00", 3, "stress") for d in days]
    result = stats.summary(
        entries, date(2026, 11, 1), date(2026, 11, 8), date(2026, 11, 22), GROUPS
    )
    assert (result["current"], result["longest_run"], result["streak"]) == (False, 3, 0)
    result = stats.summary(entries, date(2026, 11, 5), date(2026, 11, 9), date(2026, 11, 9), GROUPS)
    assert (result["current"], result["longest_run"], result["streak"]) == (True, 2, 1)
    assert stats.longest_run([]) == 0


# --- what goes with staying present


def staying_journal() -> list[Entry]:
    """Eight entries with a response; closeness in 4 (3 stayed), without it 4 (1 stayed)."""
    rows = [
        ("2026-11-16T20:00", "closeness", "stayed", "Sam", ("tense",)),
        ("2026-11-17T20:00", "closeness", "stayed", "sam", ("calm",)),
        ("2026-11-18T20:00", "closeness", "stayed", "Sam", ()),
        ("2026-11-19T09:00", "closeness", "withdrew", "Alex", ("tense",)),
        ("2026-11-20T09:00", "stress", "withdrew", "Sam", ("tense",)),
        ("2026-11-21T09:00", "stress", "withdrew", "Alex", ("ambivalent",)),
        ("2026-11-22T09:00", "stress", "stayed", None, ("surprised",)),
        ("2026-11-22T10:00", "stress", "partly", None, ()),
    ]
    return [
        entry(when, 5, trigger, response=response, with_=person, emotions=words)
        for when, trigger, response, person, words in rows
    ]


FEELINGS = {"tense": "high_unpleasant", "calm": "low_pleasant", "ambivalent": None,
            "surprised": None}  # fmt: skip


def test_what_goes_with_staying_both_sides_at_least_three_sorted_by_difference():
    result = stats.summary(
        staying_journal(), MONDAY, date(2026, 11, 22), date(2026, 11, 22), GROUPS,
        done_weeks={"2026-W47"}, feelings=FEELINGS,
    )  # fmt: skip
    rows = {(row["factor"], row["value"]): row for row in result["staying"]}
    # closeness: 3 of 4 stayed (75%); without: 1 of 4 (25%)
    assert rows[("trigger", "closeness")] == {
        "factor": "trigger",
        "value": "closeness",
        "with": {"n": 4, "stayed_rate": 0.75},
        "without": {"n": 4, "stayed_rate": 0.25},
        "difference": 0.5,
    }
    assert rows[("trigger", "stress")]["difference"] == -0.5
    # Sam (4: Sam, sam, Sam, Sam): 3 of 4 (75%); without: Alex 2, nobody 2: 1 of 4 (25%)
    assert rows[("person", "Sam")]["with"] == {"n": 4, "stayed_rate": 0.75}
    # evening (20:00): 3 of 3 stayed; the other 5: 1 of 5 (20%) -> +80 points
    assert rows[("time_of_day", "evening")] == {
        "factor": "time_of_day",
        "value": "evening",
        "with": {"n": 3, "stayed_rate": 1.0},
        "without": {"n": 5, "stayed_rate": 0.2},
        "difference": 0.8,
    }
    assert rows[("quadrant", "high_unpleasant")]["with"] == {"n": 3, "stayed_rate": 0.33}
    # too few on one side: Alex (2), every weekday (1 or 2), calm (1), the challenge (8 of 8)
    assert ("person", "Alex") not in rows and ("challenge", "done") not in rows
    assert not any(factor == "weekday" for factor, _ in rows)
    differences = [abs(row["difference"]) for row in result["staying"]]
    assert differences == sorted(differences, reverse=True)
    assert result["staying"][0]["value"] == "evening"
    assert result["staying_needed"] == 0


def test_staying_says_how_many_more_entries_are_needed():
    few = staying_journal()[:4]  # 4 answered: the best value (3 with) needs 2 more without
    result = stats.summary(few, MONDAY, date(2026, 11, 22), date(2026, 11, 22), GROUPS,
                           feelings=FEELINGS)  # fmt: skip
    assert (result["staying"], result["staying_needed"]) == ([], 2)
    empty = stats.summary([], MONDAY, MONDAY, MONDAY, GROUPS, feelings=FEELINGS)
    assert (empty["staying"], empty["staying_needed"]) == ([], 6)


def test_feelings_words_and_quadrants():
    result = stats.summary(staying_journal(), MONDAY, date(2026, 11, 22), date(2026, 11, 22),
                           GROUPS, feelings=FEELINGS)  # fmt: skip
    assert result["emotions"] == [
        {"emotion": "tense", "count": 3, "mean_urge": 5.0},
        {"emotion": "ambivalent", "count": 1, "mean_urge": 5.0},
        {"emotion": "calm", "count": 1, "mean_urge": 5.0},
        {"emotion": "surprised", "count": 1, "mean_urge": 5.0},
    ]
    # ambivalent (0, 0) and surprised (energy 1, pleasantness 0) are in no quadrant
    assert result["quadrants"] == {
        "high_pleasant": 0,
        "high_unpleasant": 3,
        "low_pleasant": 1,
        "low_unpleasant": 0,
    }


@pytest.mark.parametrize(
    ("energy", "pleasantness", "expected"),
    [(2, 2, "high_pleasant"), (1, -1, "high_unpleasant"), (-1, 2, "low_pleasant"),
     (-2, -1, "low_unpleasant"), (0, 2, None), (1, 0, None), (0, 0, None)],
)  # fmt: skip
def test_quadrant(energy, pleasantness, expected):
    assert stats.quadrant(energy, pleasantness) == expected


def test_the_feelings_data_places_surprised_and_ambivalent_in_no_quadrant():
    places = stats.feeling_quadrants()
    assert places["surprised"] is None and places["ambivalent"] is None
    assert places["tense"] == "high_unpleasant" and places["calm"] == "low_pleasant"


# --- calendar


def test_calendar_days_hand_computed():
    entries = [
        entry("2026-11-16T09:00", 0),  # calm only
        entry("2026-11-17T09:00", 2, response="withdrew"),
        entry("2026-11-17T19:00", 5, response="partly"),
        entry("2026-11-17T21:00", 0, response="stayed"),  # calm: not in the responses
        entry("2026-11-18T09:00", None),  # an import: no rating
        entry("2026-11-19T09:00", 8, response="stayed"),
        entry("2026-12-01T09:00", 8),  # outside
    ]
    result = stats.calendar(entries, date(2026, 11, 1), date(2026, 11, 30))
    assert result == {
        "days": [
            {"date": "2026-11-16", "entries": 1, "max_urge": 0, "mean_urge": None,
             "withdrew": 0, "stayed": 0, "partly": 0},
            {"date": "2026-11-17", "entries": 3, "max_urge": 5, "mean_urge": 3.5,
             "withdrew": 1, "stayed": 0, "partly": 1},
            {"date": "2026-11-18", "entries": 1, "max_urge": None, "mean_urge": None,
             "withdrew": 0, "stayed": 0, "partly": 0},
            {"date": "2026-11-19", "entries": 1, "max_urge": 8, "mean_urge": 8.0,
             "withdrew": 0, "stayed": 1, "partly": 0},
        ]
    }  # fmt: skip
    levels = [stats.urge_level(day["max_urge"]) for day in result["days"]]
    assert levels == ["calm", "middle", "none", "high"]
    assert [stats.day_response(day) for day in result["days"]] == [None, "partly", None, "stayed"]


@pytest.mark.parametrize(
    ("urge", "level"),
    [(None, "none"), (0, "calm"), (1, "low"), (3, "low"), (4, "middle"), (6, "middle"),
     (7, "high"), (10, "high")],
)  # fmt: skip
def test_urge_level(urge, level):
    assert stats.urge_level(urge) == level


@pytest.mark.parametrize(
    ("year", "month", "span"),
    [(2026, None, (date(2026, 1, 1), date(2026, 12, 31))),
     (2024, 2, (date(2024, 2, 1), date(2024, 2, 29))),
     (2026, 12, (date(2026, 12, 1), date(2026, 12, 31))),
     (9998, 12, (date(9998, 12, 1), date(9998, 12, 31)))],
)  # fmt: skip
def test_calendar_span(year, month, span):
    assert stats.calendar_span(year, month) == span


@pytest.mark.parametrize(
    "text",
    ["2026-13", "2026-00", "2026-1", "26-01", "2026/01", "\uff11\uff12\uff13\uff14-01",
     "1899-12", "9999-01", ""],
)  # fmt: skip
def test_parse_month_refuses(text):
    from journalcli.errors import InputError

    with pytest.raises(InputError, match="--month"):
        stats.parse_month(text)
