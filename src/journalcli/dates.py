"""Turning what a person types ("yesterday 21:30", "nov 3", "last friday") into a date-time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date, datetime, time, timedelta
from typing import Literal

from journalcli.errors import InputError

Role = Literal["at", "since", "until"]

FORMS = (
    "2026-11-03, 2026-11-03 08:00, 'nov 3', 9pm, 21:30, now, today, yesterday, "
    "'3 days ago', '2 weeks ago', monday, 'last friday', each day optionally with a time "
    "('yesterday 21:30', 'monday 9am')"
)
FUTURE_SLACK = timedelta(minutes=1)

_WEEKDAYS = {
    name: index
    for index, names in enumerate(
        (
            ("monday", "mon"),
            ("tuesday", "tue", "tues"),
            ("wednesday", "wed"),
            ("thursday", "thu", "thur", "thurs"),
            ("friday", "fri"),
            ("saturday", "sat"),
            ("sunday", "sun"),
        )
    )
    for name in names
}
_RELATIVE = re.compile(
    r"^(?:(?P<word>today|yesterday)"
    r"|(?P<count>\d{1,4})\s+(?P<unit>days?|weeks?)\s+ago"
    r"|(?:(?P<last>last)\s+)?(?P<weekday>" + "|".join(_WEEKDAYS) + r"))"
    r"(?:\s+(?:at\s+)?(?P<time>.+))?$"
)
_TIME = re.compile(r"^(?P<hour>\d{1,2})(?:[:.](?P<minute>\d{2}))?\s*(?P<ampm>[ap]\.?m\.?)?$")


def _error(text: str, why: str = "not a date I can read") -> InputError:
    return InputError(f"{text!r}: {why}; try one of: {FORMS}")


def _parse_time(text: str, original: str) -> time:
    match = _TIME.match(text.strip())
    if not match or (match["minute"] is None and match["ampm"] is None):
        raise _error(original, "the time should look like 21:30 or 9pm")
    hour, minute = int(match["hour"]), int(match["minute"] or 0)
    if match["ampm"]:
        if not 1 <= hour <= 12:
            raise _error(original, "with am/pm the hour must be 1-12")
        hour = hour % 12 + (12 if match["ampm"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        raise _error(original, "no such time of day")
    return time(hour, minute)


def _localize(naive: datetime) -> datetime:
    """Attach the local UTC offset in force on that date (so DST is right for past dates)."""
    try:
        return naive.astimezone()
    except (ValueError, OverflowError):  # year 1 and the like: beyond what the OS can convert
        raise InputError(f"the year {naive.year} is out of range; try one of: {FORMS}") from None


def _finish(day: date, clock: time | None, now: datetime, role: Role) -> datetime:
    if clock is not None:
        return _localize(datetime.combine(day, clock))
    if role == "since":
        return _localize(datetime.combine(day, time.min))
    if role == "until":
        return _localize(datetime.combine(day, time.max))
    noon = _localize(datetime.combine(day, time(12)))
    return now.replace(microsecond=0) if noon > now and day == now.date() else noon


def _dated_weekday(match: re.Match[str]) -> bool:
    """A weekday followed by a date rather than a time ("friday nov 20"): dateutil's job."""
    return bool(match["weekday"] and match["time"] and not _TIME.match(match["time"].strip()))


def _relative(match: re.Match[str], now: datetime) -> date:
    today = now.date()
    if match["word"]:
        return today if match["word"] == "today" else today - timedelta(days=1)
    if match["count"]:
        count = int(match["count"])
        return today - timedelta(days=count * (7 if match["unit"].startswith("week") else 1))
    back = (today.weekday() - _WEEKDAYS[match["weekday"]]) % 7 or 7
    return today - timedelta(days=back)


def _with_dateutil(text: str, original: str, now: datetime, role: Role) -> datetime:
    from dateutil import parser

    # Parse twice with two different defaults: a component that differs was not typed.
    first_default = datetime(2000, 1, 1, 0, 0)
    second_default = datetime(2004, 2, 2, 1, 1)
    try:
        first = parser.parse(text, default=first_default)
        second = parser.parse(text, default=second_default)
    except (ValueError, OverflowError, TypeError):
        raise _error(original) from None
    has_year, has_month = first.year == second.year, first.month == second.month
    has_day = first.day == second.day
    has_time = first.hour == second.hour
    weekday = next((_WEEKDAYS[w] for w in re.findall(r"[a-z]+", text) if w in _WEEKDAYS), None)
    if weekday is not None and not (has_month and has_day):
        # dateutil would read "thursday, 10am" as the next Thursday after its default date.
        raise _error(original, "put the weekday first, then the time ('thursday 10am')")
    if not (has_month or has_day):
        if has_year or not has_time:
            raise _error(original, "give a day as well (2026-11-03, 'nov 3')")
        day = now.date()
    elif has_month != has_day:
        raise _error(original, "give both a month and a day")
    else:
        day = _most_recent(first.month, first.day, first.year if has_year else None, now)
        if weekday is not None and day.weekday() != weekday:
            raise _error(original, f"{day:%Y-%m-%d} is a {day:%A}")
    clock = time(first.hour, first.minute) if has_time else None
    if first.tzinfo is not None and clock is not None:
        return datetime.combine(day, clock, tzinfo=first.tzinfo)
    return _finish(day, clock, now, role)


def _most_recent(month: int, day: int, year: int | None, now: datetime) -> date:
    """That month and day; without a year, the most recent one that is not in the future."""
    if year is not None:
        return date(year, month, day)
    for candidate_year in range(now.year, now.year - 8, -1):
        try:
            candidate = date(candidate_year, month, day)
        except ValueError:  # 29 February outside a leap year
            continue
        if candidate <= now.date():
            return candidate
    raise ValueError(f"no date {month}-{day}")  # unreachable for real calendar dates


def parse_when(text: str, now: datetime, role: Role = "at") -> datetime:
    """One date-time from what a person typed; `role` says what a bare date means.

    at: 12:00 that day (or now, if that is still ahead today); since: the day's start;
    until: the day's end. For `at`, a moment more than a minute after `now` is refused.
    """
    original = text
    text = " ".join(text.strip().lower().replace(",", " ").split())
    if not text:
        raise _error(original, "empty date")
    if text == "now":
        result = now.replace(microsecond=0)
    elif (match := _RELATIVE.match(text)) and not _dated_weekday(match):
        day = _relative(match, now)
        clock = _parse_time(match["time"], original) if match["time"] else None
        result = _finish(day, clock, now, role)
    elif _TIME.match(text):
        result = _finish(now.date(), _parse_time(text, original), now, role)
    else:
        result = _iso(text, now, role)
        if result is None:
            result = _with_dateutil(text, original, now, role)
    if role == "at" and result > now + FUTURE_SLACK:
        raise InputError(f"{original!r} is in the future ({result:%Y-%m-%d %H:%M})")
    return result


def _iso(text: str, now: datetime, role: Role) -> datetime | None:
    """The fast path for ISO 8601 (no dateutil import); None when it is not ISO."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        if len(text) == 10:
            return _finish(date.fromisoformat(text), None, now, role)
        parsed = datetime.fromisoformat(text.upper())
    except ValueError:
        return None  # "2026-11-01 9pm" is not ISO, but dateutil reads it
    return parsed if parsed.tzinfo else _localize(parsed)


def parse_day(text: str, now: datetime) -> date:
    """Just the calendar day of what a person typed (for `week WHEN`)."""
    return parse_when(text, now, "since").date()


def parse_span(
    now: datetime,
    since: str | None,
    until: str | None,
    *,
    start: Callable[[date], date],
    end: date,
) -> tuple[date, date]:
    """Inclusive days from --since/--until; without them, `end`, and `start(end)` for the first
    day. A span that starts after it ends is an error."""
    last = parse_when(until, now, "until").date() if until else end
    first = parse_when(since, now, "since").date() if since else start(last)
    if first > last:
        raise InputError(f"the period starts ({first}) after it ends ({last})")
    return first, last
