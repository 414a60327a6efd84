"""The figures behind summary, trends and week, checked against hand-computed datasets."""

from __future__ import annotations

import re
from datetime import date, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from journalcli import stats
from journalcli.errors import InputError
from journalcli.model import Entry

CET = timezone(timedelta(hours=1))
NEW_YORK = timezone(timedelta(hours=-5))
TODAY = date(2026, 11, 22)  # a Sunday, the last day of 2026-W47
NOW = datetime(2026, 11, 22, 18, 30, tzinfo=CET)
GROUPS = {
    "closeness": "closeness",
    "vulnerability": "closeness",
    "needs": "closeness",
    "conflict": "threat",
    "stress": "threat",
    "rejection": "threat",
    "annoyance": "other",
}


def entry(when: str, urge: int | None, *triggers: str, id: int = 0, **fields) -> Entry:
    moment = datetime.fromisoformat(when)
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=CET)
    return Entry(when=moment, urge=urge, triggers=triggers, id=id, **fields)


def journal() -> list[Entry]:
    """Eight entries around 2026-W47, oldest first by instant (as the store returns them)."""
    return [
        entry("2026-10-01T09:00", 9, "rejection", id=7, response="withdrew"),
        # Sunday of W46, ten minutes before midnight: outside a period starting on Monday
        entry(
            "2026-11-15T23:50",
            6,
            "closeness",
            "vulnerability",
            id=1,
            response="withdrew",
            with_="Sam",
            behaviors=("silence",),
        ),
        # Monday of W47, five minutes after midnight
        entry(
            "2026-11-16T00:05",
            4,
            "conflict",
            id=2,
            response="stayed",
            with_="sam",
            behaviors=("silence", "left"),
        ),
        entry("2026-11-16T12:00", 8, "closeness", "stress", id=3, with_="Alex"),  # no response
        entry(
            "2026-11-18T06:00",
            2,
            "needs",
            id=4,
            response="partly",
            with_="Sam",
            behaviors=("silence",),
        ),
        # imported from another journal: no urge rating, no triggers, no response
        entry("2026-11-19T20:00", None, id=5, note="a diary page"),
        # recorded in New York late on Friday: its day is Friday, though in CET it is Saturday
        Entry(
            when=datetime(2026, 11, 20, 23, 30, tzinfo=NEW_YORK),
            urge=3,
            triggers=("annoyance",),
            response="stayed",
            with_="Sam",
            id=8,
        ),
        entry(
            "2026-11-22T17:59",
            5,
            "closeness",
            id=6,
            response="stayed",
            with_="Alex",
            behaviors=("busy",),
        ),
    ]


# --- summary


def test_summary_of_a_week_every_key():
    result = stats.summary(journal(), date(2026, 11, 16), TODAY, TODAY, GROUPS)
    assert result == {
        "since": "2026-11-16",
        "until": "2026-11-22",
        "days": 7,
        "entries": 6,
        "days_logged": 5,  # 16, 18, 19, 20 (New York), 22
        "urge": {"mean": 4.4, "max": 8},  # (4 + 8 + 2 + 3 + 5) / 5; the import is left out
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
            # "sam" once (stayed), "Sam" twice (partly, stayed)
            {"with": "Sam", "count": 3, "mean_urge": 3.0, "stayed_rate": 0.67, "partly_rate": 0.33},
            # no response, stayed
            {"with": "Alex", "count": 2, "mean_urge": 6.5, "stayed_rate": 1.0, "partly_rate": 0.0},
        ],
        "behaviors": [
            {"behavior": "silence", "count": 2},
            {"behavior": "busy", "count": 1},
            {"behavior": "left", "count": 1},
        ],
        # 6 trigger occurrences: closeness, needs, closeness | conflict, stress | annoyance
        "lens": {"closeness": 0.5, "threat": 0.33, "other": 0.17},
        "streak": 1,  # today has an entry, yesterday (the 21st) has none
        "rated": 5,
        "time_of_day": {
            "night": {"count": 1, "mean_urge": 4.0},
            "morning": {"count": 1, "mean_urge": 2.0},
            "afternoon": {"count": 2, "mean_urge": 6.5},
            "evening": {"count": 1, "mean_urge": 3.0},  # 23:30 in New York
        },
        "weekdays": {
            "monday": {"count": 2, "mean_urge": 6.0},
            "tuesday": {"count": 0, "mean_urge": None},
            "wednesday": {"count": 1, "mean_urge": 2.0},
            "thursday": {"count": 0, "mean_urge": None},
            "friday": {"count": 1, "mean_urge": 3.0},
            "saturday": {"count": 0, "mean_urge": None},
            "sunday": {"count": 1, "mean_urge": 5.0},
        },
        "reading": "mixed",
        "next_step": "self-reflection",
        "calm": 0,
        "partly_rate": 0.25,  # 1 of the 4 responses
        "current": True,
        "longest_run": 3,  # 16, 18-20 (19: the import), 22
        # 4 entries with a response; Sam is in 3 of them and needs 2 more without
        "staying": [],
        "staying_needed": 2,
        "emotions": [],
        "quadrants": {
            "high_pleasant": 0,
            "high_unpleasant": 0,
            "low_pleasant": 0,
            "low_unpleasant": 0,
        },
        "plans": [],
        "withdrew_rate": 0.0,  # none of the 4 responses
    }


def test_the_day_before_the_period_counts_only_for_itself():
    result = stats.summary(journal(), date(2026, 11, 15), date(2026, 11, 15), TODAY, GROUPS)
    assert (result["entries"], result["days"], result["days_logged"]) == (1, 1, 1)
    assert result["urge"] == {"mean": 6.0, "max": 6}
    assert result["responses"] == {"withdrew": 1, "stayed": 0, "partly": 0, "unrecorded": 0}
    assert result["stayed_rate"] == 0.0
    assert [t["trigger"] for t in result["triggers"]] == ["closeness", "vulnerability"]
    assert result["lens"] == {"closeness": 1.0, "threat": 0.0, "other": 0.0}
    assert result["reading"] == "early"  # two occurrences are too few to read


def test_an_empty_period_has_zeros_and_nulls():
    result = stats.summary(journal(), date(2026, 11, 1), date(2026, 11, 7), TODAY, GROUPS)
    assert result["entries"] == result["days_logged"] == result["rated"] == 0
    assert result["urge"] == {"mean": None, "max": None}
    assert result["responses"] == {"withdrew": 0, "stayed": 0, "partly": 0, "unrecorded": 0}
    assert result["stayed_rate"] is None
    assert result["triggers"] == result["with"] == result["behaviors"] == []
    assert result["lens"] == {"closeness": None, "threat": None, "other": None}
    assert result["reading"] is None
    assert result["next_step"] == "track-triggers"
    assert result["streak"] == 1  # the streak ignores the period


def test_imported_entries_count_as_days_but_not_in_urge_figures():
    imported = [
        entry("2026-11-20T08:00", None, id=1, tags=("starred",)),
        entry("2026-11-21T08:00", None, id=2),
    ]
    result = stats.summary(imported, date(2026, 11, 16), TODAY, TODAY, GROUPS)
    assert (result["entries"], result["days_logged"], result["rated"]) == (2, 2, 0)
    assert result["responses"]["unrecorded"] == 2
    assert result["urge"] == {"mean": None, "max": None}
    assert result["time_of_day"]["morning"] == {"count": 0, "mean_urge": None}
    assert result["streak"] == 2  # yesterday and the day before, today has none


def test_unknown_trigger_keys_count_as_other_in_the_lens():
    entries = [entry("2026-11-20T08:00", 5, "retired-key", "closeness", id=1)]
    result = stats.summary(entries, TODAY, TODAY, TODAY, GROUPS)
    assert result["triggers"] == []  # outside the period (one day: today)
    result = stats.summary(entries, date(2026, 11, 20), TODAY, TODAY, GROUPS)
    assert result["lens"] == {"closeness": 0.5, "threat": 0.0, "other": 0.5}


def test_groups_default_to_the_trigger_data():
    entries = [entry("2026-11-20T08:00", 5, "vulnerability", "criticism", id=1)]
    result = stats.summary(entries, date(2026, 11, 20), TODAY, TODAY)
    assert result["lens"] == {"closeness": 0.5, "threat": 0.5, "other": 0.0}


def test_means_and_rates_are_rounded_to_two_decimals():
    entries = [entry(f"2026-11-2{i}T08:00", urge, id=i) for i, urge in enumerate((1, 1, 2))]
    entries[0] = entries[0].with_changes(response="stayed")
    entries[1] = entries[1].with_changes(response="withdrew")
    entries[2] = entries[2].with_changes(response="partly")
    result = stats.summary(entries, date(2026, 11, 20), TODAY, TODAY, GROUPS)
    assert result["urge"]["mean"] == 1.33
    assert result["stayed_rate"] == 0.33


def test_with_groups_ignore_case_and_ties_sort_by_name():
    entries = [
        entry("2026-11-20T08:00", 4, id=1, with_="jo", response="stayed"),
        entry("2026-11-20T09:00", 6, id=2, with_="Jo", response="partly"),
        entry("2026-11-20T10:00", 2, id=3, with_="alex"),
        entry("2026-11-20T11:00", 8, id=4, with_="Beth", response="withdrew"),
    ]
    result = stats.summary(entries, date(2026, 11, 20), TODAY, TODAY, GROUPS)
    # jo/Jo tie at one each: the most recent spelling wins
    assert result["with"] == [
        {"with": "Jo", "count": 2, "mean_urge": 5.0, "stayed_rate": 0.5, "partly_rate": 0.5},
        {"with": "alex", "count": 1, "mean_urge": 2.0, "stayed_rate": None, "partly_rate": None},
        {"with": "Beth", "count": 1, "mean_urge": 8.0, "stayed_rate": 0.0, "partly_rate": 0.0},
    ]
    later = [*entries, entry("2026-11-21T08:00", 5, id=5, with_="jo")]  # jo: 2, Jo: 1
    assert stats.summary(later, date(2026, 11, 20), TODAY, TODAY, GROUPS)["with"][0]["with"] == "jo"
    earlier = [entry("2026-11-19T08:00", 5, id=5, with_="jo"), *entries]  # jo 2; Jo most recent
    assert (
        stats.summary(earlier, date(2026, 11, 19), TODAY, TODAY, GROUPS)["with"][0]["with"] == "jo"
    )
    three = [*earlier, entry("2026-11-21T08:00", 5, id=6, with_="Jo")]  # 2 each: Jo most recent
    assert stats.summary(three, date(2026, 11, 19), TODAY, TODAY, GROUPS)["with"][0]["with"] == "Jo"


# --- streak, reading and next step


@pytest.mark.parametrize(
    ("days_back", "expected"),
    [
        ((0, 1, 2), 3),
        ((1, 2), 2),  # today has none yet: the streak ends yesterday
        ((0, 2, 3), 1),
        ((2, 3), 0),
        ((), 0),
    ],
)
def test_streak(days_back, expected):
    assert stats.streak((TODAY - timedelta(days=d) for d in days_back), TODAY) == expected


@pytest.mark.parametrize(
    ("lens", "occurrences", "expected"),
    [
        ({"closeness": 0.6, "threat": 0.3, "other": 0.1}, 10, "closeness"),
        ({"closeness": 0.2, "threat": 0.7, "other": 0.1}, 10, "threat"),
        ({"closeness": 0.2, "threat": 0.2, "other": 0.6}, 10, "other"),
        ({"closeness": 0.5, "threat": 0.4, "other": 0.1}, 10, "mixed"),
        ({"closeness": 1.0, "threat": 0.0, "other": 0.0}, 4, "early"),
        ({"closeness": None, "threat": None, "other": None}, 0, None),
    ],
)
def test_reading_key(lens, occurrences, expected):
    assert stats.reading_key(lens, occurrences) == expected


@pytest.mark.parametrize(
    ("days_logged", "rated", "mean", "rate", "expected"),
    [
        (3, 10, 5.0, 0.5, "track-triggers"),  # few days logged
        (10, 4, 5.0, 0.5, "track-triggers"),  # few rated entries
        (10, 10, 5.0, None, "track-triggers"),  # no responses recorded
        (10, 10, 7.5, 0.2, "professional"),
        (10, 10, 6.0, 0.2, "challenge-instincts"),
        (10, 10, 7.5, 0.4, "challenge-instincts"),
        (10, 10, 7.5, 0.5, "self-reflection"),
    ],
)
def test_next_step_id(days_logged, rated, mean, rate, expected):
    assert stats.next_step_id(days_logged, rated, mean, rate) == expected


def test_reading_keys_and_step_ids_exist_in_the_data():
    from journalcli import content

    keys = ["closeness", "threat", "other", "mixed", "early"]
    assert set(keys) <= set(content.load("readings"))
    steps = {step.key for step in content.steps()}
    assert {stats.STEP_TRACK, stats.STEP_REFLECT, stats.STEP_CHALLENGE} <= steps
    assert stats.STEP_PROFESSIONAL in steps


# --- period


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (None, None, (date(2026, 10, 26), TODAY)),  # the last 28 days including today
        ("2026-11-01", None, (date(2026, 11, 1), TODAY)),
        (None, "2026-11-10", (date(2026, 10, 14), date(2026, 11, 10))),
        ("monday", "yesterday", (date(2026, 11, 16), date(2026, 11, 21))),
        ("today", "today", (TODAY, TODAY)),
    ],
)
def test_period(since, until, expected):
    assert stats.period(NOW, since, until) == expected


def test_period_all_runs_from_the_first_entry_to_today():
    assert stats.period(NOW, everything=True, first=date(2025, 3, 4)) == (date(2025, 3, 4), TODAY)
    assert stats.period(NOW, everything=True, first=None) == (TODAY, TODAY)


@pytest.mark.parametrize(
    ("since", "until", "everything", "message"),
    [
        ("2026-11-20", "2026-11-10", False, "starts (2026-11-20) after it ends (2026-11-10)"),
        ("monday", None, True, "either --all or --since/--until"),
        ("the other day", None, False, "not a date I can read"),
    ],
)
def test_period_refuses(since, until, everything, message):
    with pytest.raises(InputError, match=re.escape(message)):
        stats.period(NOW, since, until, everything=everything)


# --- trends


def test_trends_three_weeks_every_key():
    result = stats.trends(journal(), 3, TODAY, {"2026-W47", "2026-W40"}, {"2026-W45"})
    assert result == {
        "weeks": [
            {
                "week": "2026-W45",
                "start": "2026-11-02",
                "entries": 0,
                "days_logged": 0,
                "mean_urge": None,
                "stayed_rate": None,
                "top_trigger": None,
                "challenge_done": False,
                "reviewed": True,
                "partly_rate": None,
                "calm": 0,
                "in_progress": False,
                "top_triggers": [],
            },
            {
                "week": "2026-W46",
                "start": "2026-11-09",
                "entries": 1,  # Sunday 23:50
                "days_logged": 1,
                "mean_urge": 6.0,
                "stayed_rate": 0.0,
                "top_trigger": "closeness",  # ties with vulnerability (same urge and time): by name
                "challenge_done": False,
                "reviewed": False,
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
                "in_progress": True,  # today, Sunday evening, is still in it
                "top_triggers": ["closeness"],
            },
        ],
        "change": None,  # W46 is the only complete week with data
    }


def test_trends_cross_the_iso_year():
    entries = [
        entry("2026-12-31T22:00", 6, "stress", id=1),  # Thursday of 2026-W53
        entry("2027-01-04T07:00", 2, "needs", id=2, response="stayed"),  # Monday of 2027-W01
    ]
    result = stats.trends(entries, 3, date(2027, 1, 11), set())  # the Monday after
    assert [(w["week"], w["start"], w["entries"], w["in_progress"]) for w in result["weeks"]] == [
        ("2026-W53", "2026-12-28", 1, False),
        ("2027-W01", "2027-01-04", 1, False),
        ("2027-W02", "2027-01-11", 0, True),
    ]
    assert result["change"]["mean_urge"] == {"first": 6.0, "last": 2.0, "change": -4.0}
    assert result["change"]["stayed_rate"] == {"first": None, "last": 1.0, "change": None}


def test_trends_compare_only_weeks_with_urge_ratings():
    entries = [
        entry("2026-11-03T08:00", None, id=1),  # an import: no rating
        entry("2026-11-10T08:00", 7, "stress", id=2),
    ]
    result = stats.trends(entries, 3, TODAY, set())
    assert [w["entries"] for w in result["weeks"]] == [1, 1, 0]
    assert result["weeks"][0]["top_trigger"] is None
    assert result["change"] is None  # a single rated week has nothing to compare with


@pytest.mark.parametrize("weeks", [0, -1, 521])
def test_trends_refuse_a_silly_number_of_weeks(weeks):
    with pytest.raises(InputError, match="--weeks must be from 1 to 520"):
        stats.trends([], weeks, TODAY, set())


# --- week


def test_week_day_by_day_every_key():
    result = stats.week(journal(), date(2026, 11, 18))
    assert [day["date"] for day in result["days"]] == [f"2026-11-{d}" for d in range(16, 23)]
    assert [day["weekday"] for day in result["days"]] == list(stats.WEEKDAYS)
    monday = result["days"][0]
    assert monday == {
        "date": "2026-11-16",
        "weekday": "monday",
        "entries": [
            {
                "id": 2,
                "time": "00:05",
                "urge": 4,
                "triggers": ["conflict"],
                "response": "stayed",
                "with": "sam",  # as typed
                "person": "Sam",  # the week's one spelling: "Sam" twice, "sam" once
            },
            {
                "id": 3,
                "time": "12:00",
                "urge": 8,
                "triggers": ["closeness", "stress"],
                "response": None,
                "with": "Alex",
                "person": "Alex",
            },
        ],
        "mean_urge": 6.0,
    }
    thursday, friday = result["days"][3], result["days"][4]
    assert thursday["mean_urge"] is None and thursday["entries"][0]["urge"] is None
    assert [(e["id"], e["time"]) for e in friday["entries"]] == [(8, "23:30")]
    assert result["days"][1] == {
        "date": "2026-11-17",
        "weekday": "tuesday",
        "entries": [],
        "mean_urge": None,
    }
    assert {k: result[k] for k in ("week", "start", "end")} == {
        "week": "2026-W47",
        "start": "2026-11-16",
        "end": "2026-11-22",
    }
    assert result["totals"] == {
        "entries": 6,
        "days_logged": 5,
        "urge": {"mean": 4.4, "max": 8},
        "responses": {"withdrew": 0, "stayed": 3, "partly": 1, "unrecorded": 2},
        "stayed_rate": 0.75,
        "partly_rate": 0.25,
        "calm": 0,
    }


def test_week_keeps_the_sunday_before_midnight():
    result = stats.week(journal(), date(2026, 11, 15))
    assert result["week"] == "2026-W46"
    sunday = result["days"][-1]
    assert [e["time"] for e in sunday["entries"]] == ["23:50"]
    assert result["totals"]["entries"] == 1


def test_week_orders_a_day_by_local_time():
    entries = [
        Entry(when=datetime(2026, 11, 20, 9, 0, tzinfo=CET), urge=1, id=1),
        Entry(when=datetime(2026, 11, 20, 7, 0, tzinfo=NEW_YORK), urge=2, id=2),  # later instant
    ]
    friday = stats.week(entries, date(2026, 11, 20))["days"][4]
    assert [e["time"] for e in friday["entries"]] == ["07:00", "09:00"]


# --- invariants over any journal

_entries = st.lists(
    st.builds(
        Entry,
        when=st.datetimes(
            min_value=datetime(2026, 9, 1), max_value=datetime(2026, 11, 22, 23, 59)
        ).map(lambda d: d.replace(tzinfo=CET)),
        urge=st.none() | st.integers(0, 10),
        triggers=st.lists(st.sampled_from(sorted(GROUPS)), unique=True).map(tuple),
        response=st.sampled_from([None, "withdrew", "stayed", "partly"]),
        with_=st.sampled_from([None, "Sam", "sam", "Alex"]),
    ),
    max_size=30,
)


@given(_entries)
def test_summary_and_trends_add_up(entries):
    result = stats.summary(entries, date(2026, 10, 1), TODAY, TODAY, GROUPS)
    assert sum(result["responses"].values()) + result["calm"] == result["entries"]
    assert result["days_logged"] <= min(result["days"], result["entries"])
    assert sum(s["count"] for s in result["time_of_day"].values()) == result["rated"]
    assert sum(d["count"] for d in result["weekdays"].values()) == result["rated"]
    assert sum(w["count"] for w in result["with"]) <= result["rated"]
    shares = [s for s in result["lens"].values() if s is not None]
    assert not shares or abs(sum(shares) - 1) <= 0.02
    for row in result["triggers"]:
        assert 0 <= row["mean_urge"] <= 10
        assert row["stayed_rate"] is None or 0 <= row["stayed_rate"] <= 1
    weeks = stats.trends(entries, 8, TODAY, set())["weeks"]
    in_weeks = [e for e in entries if e.when.date() >= date(2026, 9, 28)]
    assert sum(w["entries"] for w in weeks) == len(in_weeks)
