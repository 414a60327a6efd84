"""The date parser against tables of accepted and rejected inputs, plus properties."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journalcli.dates import check_order, parse_day, parse_span, parse_wall, parse_when
from journalcli.errors import InputError

RELAXED = settings(deadline=None)  # timing varies under load; speed is not tested here

# The fixed clock of conftest: Sunday 22 November 2026, 18:30 CET (UTC+1).
NOW = datetime.fromisoformat("2026-11-22T18:30:00+01:00")
MORNING = datetime.fromisoformat("2026-11-22T09:15:00+01:00")

# text -> (at, since, until), local time; "+01:00" unless the date falls in summer time.
ACCEPTED = {
    "now": ("2026-11-22T18:30:00", "2026-11-22T18:30:00", "2026-11-22T18:30:00"),
    "today": ("2026-11-22T12:00:00", "2026-11-22T00:00:00", "2026-11-22T23:59:59.999999"),
    "Today": ("2026-11-22T12:00:00", "2026-11-22T00:00:00", "2026-11-22T23:59:59.999999"),
    "yesterday": ("2026-11-21T12:00:00", "2026-11-21T00:00:00", "2026-11-21T23:59:59.999999"),
    "yesterday 21:30": ("2026-11-21T21:30:00",) * 3,
    "yesterday at 9pm": ("2026-11-21T21:00:00",) * 3,
    "yesterday 9.45": ("2026-11-21T09:45:00",) * 3,
    "3 days ago": ("2026-11-19T12:00:00", "2026-11-19T00:00:00", "2026-11-19T23:59:59.999999"),
    "1 day ago": ("2026-11-21T12:00:00", "2026-11-21T00:00:00", "2026-11-21T23:59:59.999999"),
    "3 days ago 8am": ("2026-11-19T08:00:00",) * 3,
    "2 weeks ago": ("2026-11-08T12:00:00", "2026-11-08T00:00:00", "2026-11-08T23:59:59.999999"),
    "1 week ago 7:05 pm": ("2026-11-15T19:05:00",) * 3,
    # A weekday, with or without "last": the most recent such day before today.
    "monday": ("2026-11-16T12:00:00", "2026-11-16T00:00:00", "2026-11-16T23:59:59.999999"),
    "last monday": ("2026-11-16T12:00:00", "2026-11-16T00:00:00", "2026-11-16T23:59:59.999999"),
    "sunday": ("2026-11-15T12:00:00", "2026-11-15T00:00:00", "2026-11-15T23:59:59.999999"),
    "last sunday": ("2026-11-15T12:00:00", "2026-11-15T00:00:00", "2026-11-15T23:59:59.999999"),
    "saturday": ("2026-11-21T12:00:00", "2026-11-21T00:00:00", "2026-11-21T23:59:59.999999"),
    "mon 9am": ("2026-11-16T09:00:00",) * 3,
    "Friday 23:59": ("2026-11-20T23:59:00",) * 3,
    "thursday, 10am": ("2026-11-19T10:00:00",) * 3,
    "last tues 12am": ("2026-11-17T00:00:00",) * 3,
    # ISO dates and date-times.
    "2026-11-01": ("2026-11-01T12:00:00", "2026-11-01T00:00:00", "2026-11-01T23:59:59.999999"),
    "2026-11-01 08:00": ("2026-11-01T08:00:00",) * 3,
    "2026-11-01T08:00": ("2026-11-01T08:00:00",) * 3,
    "2026-07-01 08:00": ("2026-07-01T08:00:00+02:00",) * 3,  # summer time that day
    "2026-11-22 18:31": ("2026-11-22T18:31:00",) * 3,  # within the minute of slack
    # What dateutil reads without fuzzy mode; no year = the most recent, not in the future.
    "nov 3": ("2026-11-03T12:00:00", "2026-11-03T00:00:00", "2026-11-03T23:59:59.999999"),
    "3 nov": ("2026-11-03T12:00:00", "2026-11-03T00:00:00", "2026-11-03T23:59:59.999999"),
    "November 22": ("2026-11-22T12:00:00", "2026-11-22T00:00:00", "2026-11-22T23:59:59.999999"),
    "nov 23": ("2025-11-23T12:00:00", "2025-11-23T00:00:00", "2025-11-23T23:59:59.999999"),
    "dec 1": ("2025-12-01T12:00:00", "2025-12-01T00:00:00", "2025-12-01T23:59:59.999999"),
    "feb 29": ("2024-02-29T12:00:00", "2024-02-29T00:00:00", "2024-02-29T23:59:59.999999"),
    "nov 3, 2025": ("2025-11-03T12:00:00", "2025-11-03T00:00:00", "2025-11-03T23:59:59.999999"),
    "nov 3 at 9pm": ("2026-11-03T21:00:00",) * 3,
    "friday nov 20": ("2026-11-20T12:00:00", "2026-11-20T00:00:00", "2026-11-20T23:59:59.999999"),
    "2026-11-01 8pm": ("2026-11-01T20:00:00",) * 3,
    "9am": ("2026-11-22T09:00:00",) * 3,
    "12pm": ("2026-11-22T12:00:00",) * 3,
    "12am": ("2026-11-22T00:00:00",) * 3,
    "08:15": ("2026-11-22T08:15:00",) * 3,
    "  Yesterday   21:30 ": ("2026-11-21T21:30:00",) * 3,
}


def _aware(text: str) -> datetime:
    value = datetime.fromisoformat(text)
    return value if value.tzinfo else datetime.fromisoformat(text + "+01:00")


@pytest.mark.parametrize("text", ACCEPTED)
@pytest.mark.parametrize("role", ["at", "since", "until"])
def test_accepted(text, role):
    expected = _aware(ACCEPTED[text][("at", "since", "until").index(role)])
    result = parse_when(text, NOW, role)
    assert result == expected
    assert result.utcoffset() == expected.utcoffset()


def test_iso_with_an_offset_keeps_it():
    assert parse_when("2026-11-01T08:00+05:00", NOW).isoformat() == "2026-11-01T08:00:00+05:00"
    assert parse_when("2026-11-01T07:00Z", NOW).isoformat() == "2026-11-01T07:00:00+00:00"


def test_a_date_without_time_is_now_while_noon_is_still_ahead():
    assert parse_when("today", MORNING) == MORNING
    assert parse_when("nov 22", MORNING) == MORNING
    assert parse_when("2026-11-22", MORNING) == MORNING
    assert parse_when("yesterday", MORNING) == _aware("2026-11-21T12:00:00")
    assert parse_when("today", MORNING, "since") == _aware("2026-11-22T00:00:00")


def test_now_drops_microseconds():
    assert parse_when("now", NOW.replace(microsecond=123)) == NOW


def test_the_future_is_refused_only_for_at():
    for text in ("2026-11-22 18:32", "9pm", "today 19:00", "2027-01-01", "2026-11-23"):
        with pytest.raises(InputError, match="in the future"):
            parse_when(text, NOW)
        assert parse_when(text, NOW, "until") > NOW


REJECTED = [
    "",
    "   ",
    "tomorrow",
    "next monday",
    "in 3 days",
    "last week",
    "noon",
    "blah",
    "9",
    "13pm",
    "0am",
    "25:00",
    "monday 25:00",
    "yesterday foo",
    "yesterday at",
    "2026",
    "nov",
    "march 2024",
    "2026-13-01",
    "2026-11-31",
    "tue nov 20",  # 20 November 2026 is a Friday
    "thu. 10am",
    "99999 days ago",
    "0001-01-01",
    "0001-01-01 08:00",
    "3 days",
    "days ago",
]


@pytest.mark.parametrize("text", REJECTED)
@pytest.mark.parametrize("role", ["at", "since", "until"])
def test_rejected_with_the_forms_that_work(text, role):
    with pytest.raises(InputError) as caught:
        parse_when(text, NOW, role)
    message = str(caught.value)
    assert "try one of:" in message
    for form in ("2026-11-03", "'nov 3'", "yesterday", "'3 days ago'", "'last friday'", "9pm"):
        assert form in message
    assert "\n" not in message


def test_parse_day():
    assert parse_day("last friday", NOW) == date(2026, 11, 20)
    assert parse_day("2026-11-01 23:30", NOW) == date(2026, 11, 1)


@RELAXED
@given(days=st.integers(0, 3000))
def test_n_days_ago_is_that_calendar_day(days):
    day = NOW.date() - timedelta(days=days)
    assert parse_when(f"{days} days ago", NOW, "since").date() == day
    assert parse_when(day.isoformat(), NOW, "since") == parse_when(f"{days} days ago", NOW, "since")


@RELAXED
@given(day=st.dates(date(1990, 1, 1), date(2026, 11, 21)), role=st.sampled_from(["since", "until"]))
def test_any_past_iso_day_is_that_day(day, role):
    result = parse_when(day.isoformat(), NOW, role)
    assert result.date() == day
    assert result.tzinfo is not None


VOCABULARY = (
    "now today yesterday last monday fri sunday nov feb 3 29 2026 0001 9pm 21:30 9.30 am pm "
    "at ago days weeks week 12 31 - / : t z +05:00 , . the 3rd of utc est 99999 0 tomorrow"
)
WORDS = st.sampled_from(VOCABULARY.split())
PHRASES = st.text(max_size=40) | st.lists(WORDS, max_size=7).map(" ".join)


@settings(RELAXED, max_examples=400)
@given(text=PHRASES, role=st.sampled_from(["at", "since", "until"]))
def test_never_anything_but_input_error_and_always_aware(text, role):
    try:
        result = parse_when(text, NOW, role)
    except InputError as exc:
        assert str(exc)
        return
    assert result.tzinfo is not None and result.utcoffset() is not None
    if role == "at":
        assert result <= NOW + timedelta(minutes=1)


@settings(RELAXED, max_examples=200)
@given(text=PHRASES)
def test_since_never_after_until(text):
    try:
        since, until = parse_when(text, NOW, "since"), parse_when(text, NOW, "until")
    except InputError:
        return
    assert since <= until
    assert since.date() == until.date()


def test_parse_span_defaults_and_order():
    now = datetime.fromisoformat("2026-11-22T18:30:00+01:00")
    week_back = parse_span(
        now, None, None, start=lambda end: end - timedelta(days=6), end=now.date()
    )
    assert week_back == (date(2026, 11, 16), date(2026, 11, 22))
    assert parse_span(now, "nov 1", "nov 3", start=lambda end: end, end=now.date()) == (
        date(2026, 11, 1),
        date(2026, 11, 3),
    )
    with pytest.raises(InputError, match="starts"):
        parse_span(now, "nov 5", "nov 3", start=lambda end: end, end=now.date())


# --- issue 10: the edges of the calendar, wall-clock bounds, and more than one fixed clock

SUNDAY_NIGHT = datetime.fromisoformat("2026-11-22T23:30:00+01:00")
WEDNESDAY_MORNING = datetime.fromisoformat("2026-11-25T08:15:00+01:00")
CLOCKS = pytest.mark.parametrize(
    "now", [SUNDAY_NIGHT, WEDNESDAY_MORNING], ids=["sunday-night", "wednesday-morning"]
)


@CLOCKS
@pytest.mark.parametrize(
    "text",
    [
        "9999-12-31",
        "0001-01-01",
        "1899-12-31 23:59",
        "jan 1 0001",  # dateutil alone reads 2001
        "dec 31 0099",
        "jan 1 9999",
        "0001-01-01T00:00:00+12:00",
        "9999 weeks ago",
        "1899-12-31T23:00-02:00",  # 1900 in UTC, 1899 in its own offset
    ],
)
@pytest.mark.parametrize("role", ["at", "since", "until"])
def test_dates_outside_the_years_are_refused_for_every_role(now, text, role):
    with pytest.raises(InputError, match="only dates from 1900 to 9998; try one of:"):
        parse_when(text, now, role)


@CLOCKS
def test_the_first_and_last_days_in_range(now):
    assert parse_wall("1900-01-01", now, "since") == datetime(1900, 1, 1)
    assert parse_wall("9998-12-31", now, "until") == datetime(9998, 12, 31, 23, 59, 59, 999999)
    assert parse_day("dec 31 9998", now) == date(9998, 12, 31)
    assert parse_when("1900-01-01T12:00Z", now).year == 1900
    # Its own offset keeps it in 1900, UTC does not: a moment to record is refused.
    with pytest.raises(InputError, match="only dates"):
        parse_when("1900-01-01T00:30+01:00", now)


@CLOCKS
def test_parse_wall_is_the_clock_typed_not_the_local_one(now):
    assert parse_wall("2026-11-20T23:30-05:00", now, "since") == datetime(2026, 11, 20, 23, 30)
    assert parse_wall("2026-11-20", now, "until") == datetime(2026, 11, 20, 23, 59, 59, 999999)
    assert parse_wall("yesterday 21:30", now, "since") == datetime.combine(
        now.date() - timedelta(days=1), datetime.min.time().replace(hour=21, minute=30)
    )


@CLOCKS
def test_spans_refuse_bounds_in_the_wrong_order_also_within_a_day(now):
    def span(since: str, until: str) -> tuple[date, date]:
        return parse_span(now, since, until, start=lambda end: end, end=now.date())

    assert span("2026-11-20 09:00", "2026-11-20 09:00") == (date(2026, 11, 20),) * 2
    for since, until in [("2026-11-20 09:01", "2026-11-20 09:00"), ("today", "yesterday")]:
        with pytest.raises(InputError, match=r"starts \(.*\) after it ends"):
            span(since, until)
    with pytest.raises(InputError, match="starts"):
        check_order(datetime(2026, 11, 21), datetime(2026, 11, 20, 23, 59))
    check_order(None, datetime(2026, 11, 20))


@CLOCKS
def test_weekdays_and_relative_days_under_each_clock(now):
    today = now.date()
    assert parse_day("today", now) == today
    assert parse_day("yesterday 23:59", now) == today - timedelta(days=1)
    monday = parse_day("monday", now)
    assert monday.weekday() == 0 and 1 <= (today - monday).days <= 7
    assert parse_day("last sunday", now) == today - timedelta(days=today.weekday() + 1)
    assert parse_when("now", now) == now.replace(microsecond=0)
    # "today" is noon unless noon is still ahead, then now.
    assert parse_when("today", now) == min(now, now.replace(hour=12, minute=0))


@RELAXED
@given(text=PHRASES, role=st.sampled_from(["at", "since", "until"]))
def test_the_wall_clock_is_the_moment_s_own(text, role):
    """Away from a DST change, the wall clock a bound is compared on is the moment's own."""
    try:
        moment, wall = parse_when(text, NOW, role), parse_wall(text, NOW, role)
    except InputError:
        return
    assert wall.tzinfo is None
    assert moment.replace(tzinfo=None) == wall
