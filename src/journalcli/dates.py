"""Turning what a person types ("yesterday 21:30", "nov 3", "last friday") into a date-time.

Typed dates are held to the one range of `model.moment_in_range` (the day itself for --since,
--until and week; the instant, in its own offset and in UTC, for a moment to record). A local
time the clocks skip (a DST gap) is refused; one they pass twice takes the first and leaves a
notice for the command to print (see `noticing`).
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from datetime import date, datetime, time, timedelta
from typing import Literal, NamedTuple

from journalcli.errors import InputError
from journalcli.model import FIRST_YEAR, LAST_YEAR, moment_in_range, moment_range_text

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


_notices: ContextVar[list[str] | None] = ContextVar("date_notices", default=None)


@contextlib.contextmanager
def noticing() -> Iterator[list[str]]:
    """Collect what the parser chose on the person's behalf (the first of a repeated hour),
    for the command to print; outside this block such notices are dropped."""
    found: list[str] = []
    token = _notices.set(found)
    try:
        yield found
    finally:
        _notices.reset(token)


def _notice(text: str) -> None:
    found = _notices.get()
    if found is not None:
        found.append(text)


def _error(text: str, why: str = "not a date I can read") -> InputError:
    shown = text if len(text) <= 60 else text[:57] + "..."
    return InputError(f"{shown!r}: {why}; try one of: {FORMS}")


def _out_of_range(text: str) -> InputError:
    return _error(text, f"only {moment_range_text()}")


def _check_day(day: date, original: str) -> date:
    if not FIRST_YEAR <= day.year <= LAST_YEAR:
        raise _out_of_range(original)
    return day


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


class _Parsed(NamedTuple):
    moment: datetime  # aware: the instant, in the offset typed or the local one
    wall: datetime  # naive: the wall-clock time typed (a bare date's start or end, for bounds)


def _localize(naive: datetime, original: str, *, typed: bool = True) -> datetime:
    """Attach the local UTC offset in force at that wall-clock time (so DST is right for past
    dates). A typed time the clocks skip is refused; one they pass twice is the first of the
    two, with a notice. A time the person did not type (a day's start or end, noon) is never
    refused: in a gap the instant on the same day is taken (the later for a start, the earlier
    for an end), and in a repeated hour either will do."""
    _check_day(naive, original)
    wall = naive.replace(fold=0)
    try:
        first = wall.astimezone()
        second = naive.replace(fold=1).astimezone()
    except (ValueError, OverflowError):  # beyond what the OS can convert
        raise _out_of_range(original) from None
    if first.utcoffset() == second.utcoffset():
        return first
    earlier, later = sorted((first, second))
    if not typed:
        return earlier if wall.time() >= time(12) else later
    if first.replace(tzinfo=None) != wall or second.replace(tzinfo=None) != wall:
        raise InputError(
            f"{original!r}: {wall:%Y-%m-%d %H:%M} does not exist in the local time zone (the "
            f"clocks jump forward over it: a daylight saving gap); "
            f"try {earlier:%H:%M} or {later:%H:%M}"
        )
    _notice(
        f"{original!r}: {wall:%Y-%m-%d %H:%M} happens twice in the local time zone (the "
        f"clocks go back an hour); took the first, at UTC{_offset(earlier)}; for the "
        f"second, give its offset: {later.isoformat(timespec='minutes')}"
    )
    return earlier


def _offset(moment: datetime) -> str:
    text = moment.strftime("%z")
    return f"{text[:3]}:{text[3:5]}"


def _finish(day: date, clock: time | None, now: datetime, role: Role, original: str) -> _Parsed:
    if clock is not None:
        wall = datetime.combine(day, clock)
        return _Parsed(_localize(wall, original), wall)
    if role != "at":
        wall = datetime.combine(day, time.min if role == "since" else time.max)
        return _Parsed(_localize(wall, original, typed=False), wall)
    noon = _localize(datetime.combine(day, time(12)), original, typed=False)
    moment = now.replace(microsecond=0) if noon > now and day == now.date() else noon
    return _Parsed(moment, moment.replace(tzinfo=None))


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


def _with_dateutil(text: str, original: str, now: datetime, role: Role) -> _Parsed:
    import warnings

    from dateutil import parser

    # Parse twice with two different defaults: a component that differs was not typed.
    first_default = datetime(2000, 1, 1, 0, 0)
    second_default = datetime(2004, 2, 2, 1, 1)
    try:
        with warnings.catch_warnings():
            # A zone name dateutil does not know ("9pm xyz") is a warning there, an error here.
            warnings.simplefilter("error")
            first = parser.parse(text, default=first_default)
            second = parser.parse(text, default=second_default)
    except (ValueError, OverflowError, TypeError, Warning):
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
        typed_years = {int(n) for n in re.findall(r"\d{4,}", text)}
        if has_year and typed_years and first.year not in typed_years:
            raise _out_of_range(original)  # dateutil reads "jan 1 0001" as 2001
        day = _most_recent(first.month, first.day, first.year if has_year else None, now)
        if weekday is not None and day.weekday() != weekday:
            raise _error(original, f"{day:%Y-%m-%d} is a {day:%A}")
    clock = time(first.hour, first.minute) if has_time else None
    if first.tzinfo is not None and clock is not None:
        wall = datetime.combine(_check_day(day, original), clock)
        return _Parsed(wall.replace(tzinfo=first.tzinfo), wall)
    return _finish(day, clock, now, role, original)


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
    """One aware date-time from what a person typed; `role` says what a bare date means.

    at: 12:00 that day (or now, if that is still ahead today); since: the day's start;
    until: the day's end. For `at`, a moment outside `model.moment_in_range` or more than a
    minute after `now` is refused; for the others, a day outside its years.
    """
    return _parse(text, now, role).moment


def parse_wall(text: str, now: datetime, role: Role) -> datetime:
    """The naive wall-clock time typed: a bare date is its day's start (since) or end
    (until). Compared with an entry's own wall clock, this is the day rule of summary and
    export: a date is a whole day of the entry's own calendar."""
    return _parse(text, now, role).wall


def _parse(text: str, now: datetime, role: Role) -> _Parsed:
    original = text
    text = " ".join(text.strip().lower().replace(",", " ").split())
    if not text:
        raise _error(original, "empty date")
    if text == "now":
        moment = now.replace(microsecond=0)
        result = _Parsed(moment, moment.replace(tzinfo=None))
    elif (match := _RELATIVE.match(text)) and not _dated_weekday(match):
        day = _check_day(_relative(match, now), original)
        clock = _parse_time(match["time"], original) if match["time"] else None
        result = _finish(day, clock, now, role, original)
    elif _TIME.match(text):
        result = _finish(now.date(), _parse_time(text, original), now, role, original)
    else:
        result = _iso(text, original, now, role)
        if result is None:
            result = _with_dateutil(text, original, now, role)
    try:
        in_range = moment_in_range(result.moment)
    except (ValueError, OverflowError):  # an offset of a day or more, from dateutil
        raise _error(original, "no such UTC offset") from None
    if role == "at" and not in_range:
        raise _out_of_range(original)
    _check_day(result.wall, original)
    if role == "at" and result.moment > now + FUTURE_SLACK:
        raise InputError(f"{original!r} is in the future ({result.moment:%Y-%m-%d %H:%M})")
    return result


def _iso(text: str, original: str, now: datetime, role: Role) -> _Parsed | None:
    """The fast path for ISO 8601 (no dateutil import); None when it is not ISO."""
    if not re.match(r"^\d{4}-\d{2}-\d{2}", text):
        return None
    try:
        if len(text) == 10:
            day = date.fromisoformat(text)
        else:
            parsed = datetime.fromisoformat(text.upper())
    except ValueError:
        return None  # "2026-11-01 9pm" is not ISO, but dateutil reads it
    if len(text) == 10:
        return _finish(_check_day(day, original), None, now, role, original)
    wall = parsed.replace(tzinfo=None)
    return _Parsed(parsed if parsed.tzinfo else _localize(wall, original), wall)


def parse_day(text: str, now: datetime) -> date:
    """Just the calendar day of what a person typed (for `week WHEN`)."""
    return parse_wall(text, now, "since").date()


def check_order(since: datetime | None, until: datetime | None) -> None:
    """Refuse bounds (wall-clock times, as parse_wall gives) that start after they end."""
    if since is not None and until is not None and since > until:
        raise InputError(f"the period starts ({_shown(since)}) after it ends ({_shown(until)})")


def _shown(wall: datetime) -> str:
    if wall.time() in (time.min, time.max):
        return f"{wall:%Y-%m-%d}"
    return f"{wall:%Y-%m-%d %H:%M}"


def parse_span(
    now: datetime,
    since: str | None,
    until: str | None,
    *,
    start: Callable[[date], date],
    end: date,
) -> tuple[date, date]:
    """Inclusive days from --since/--until; without them, `end`, and `start(end)` for the first
    day. Bounds that start after they end are an error, also within one day."""
    last_wall = parse_wall(until, now, "until") if until else None
    first_wall = parse_wall(since, now, "since") if since else None
    check_order(first_wall, last_wall)
    last = last_wall.date() if last_wall else end
    first = first_wall.date() if first_wall else start(last)
    if first > last:
        raise InputError(f"the period starts ({first}) after it ends ({last})")
    return first, last
