"""The one source of "now", so tests and benchmarks can fix the clock.

It also vouches for the environment the clock depends on: the local time zone (TZ) decides
which day an entry falls on and what "yesterday 21:30" means. The C library quietly treats a TZ
it cannot read as UTC; here it is refused with one line (exit 2) instead, so that no entry is
filed under the wrong day without a word. A TZ that is not set at all means the system's zone.
"""

from __future__ import annotations

import os
import re
from datetime import datetime

from journalcli.errors import InputError

EXAMPLE = "2026-11-22T18:30:00+01:00"
# Where the C library looks for a zone named in TZ (TZDIR overrides it).
_ZONE_FOLDERS = ("/usr/share/zoneinfo", "/usr/lib/zoneinfo", "/usr/share/lib/zoneinfo")
# A POSIX TZ rule such as "CET-1CEST,M3.5.0,M10.5.0/3" or "<+0530>-5:30".
_NAME = r"(?:[A-Za-z]{3,}|<[A-Za-z0-9+-]{3,}>)"
_OFFSET = r"[+-]?(?:[01]?[0-9]|2[0-3])(?::[0-5][0-9](?::[0-5][0-9])?)?"
_HOUR = r"[+-]?[0-9]{1,3}(?::[0-5][0-9](?::[0-5][0-9])?)?"  # a rule's time may pass 24:00
_DAY = r"(?:M(?:1[0-2]|[1-9])\.[1-5]\.[0-6]|J(?:36[0-5]|3[0-5][0-9]|[12]?[0-9]{1,2})|[0-9]{1,3})"
# A string, not a compiled pattern: it is needed only for a TZ that names no zone file, and
# compiling it on every start would cost a millisecond (re caches it once used).
_POSIX_TZ = (
    rf"{_NAME}{_OFFSET}(?:{_NAME}(?:{_OFFSET})?(?:,{_DAY}(?:/{_HOUR})?,{_DAY}(?:/{_HOUR})?)?)?"
)
_checked: dict[str, str | None] = {}


def zone_problem(tz: str | None) -> str | None:
    """Why the C library cannot use this TZ value, or None when it can (or TZ is unset)."""
    if tz is None or tz in ("", ":"):
        return None  # the system's zone; an empty TZ is UTC by POSIX
    if tz not in _checked:
        _checked[tz] = _zone_problem(tz)
    return _checked[tz]


def _zone_problem(tz: str) -> str | None:
    name = tz.removeprefix(":")
    if _is_zone_file(name) or (not tz.startswith(":") and re.fullmatch(_POSIX_TZ, tz)):
        return None
    if tz.startswith(":") or "/" in name:
        return "no such zone file"
    return "neither a zone name (like Europe/Berlin) nor a POSIX rule (like CET-1CEST)"


def _is_zone_file(name: str) -> bool:
    if ".." in name.split("/"):
        return False
    folders = [os.environ["TZDIR"]] if os.environ.get("TZDIR") else list(_ZONE_FOLDERS)
    paths = [name] if name.startswith("/") else [os.path.join(f, name) for f in folders]
    for path in paths:
        try:
            with open(path, "rb") as fh:
                if fh.read(4) == b"TZif":
                    return True
        except OSError:  # missing, a folder, unreadable
            continue
    return False


def check_zone() -> None:
    """Refuse a TZ the C library would silently replace by UTC, or one Python cannot use
    (an offset of a day or more, which glibc accepts and datetime does not)."""
    tz = os.environ.get("TZ")
    problem = zone_problem(tz)
    if problem is None:
        try:
            datetime.now().astimezone()
            return
        except (ValueError, OverflowError):
            problem = "its UTC offset is a day or more"
    raise InputError(
        f"TZ={tz!r} is not a time zone this system can use ({problem}); "
        "set TZ to a zone such as Europe/Berlin or America/New_York, or unset it"
    )


def now() -> datetime:
    """Aware local now; JOURNAL_NOW (ISO 8601) overrides it for tests and benchmarks."""
    check_zone()
    fixed = os.environ.get("JOURNAL_NOW")
    if fixed:
        return _fixed(fixed)
    return datetime.now().astimezone()


def _fixed(text: str) -> datetime:
    from journalcli.model import moment_in_range, moment_range_text

    shown = text if len(text) <= 40 else text[:37] + "..."
    try:
        value = datetime.fromisoformat(text.strip())
        if value.tzinfo is None:
            value = value.astimezone()
        in_range = moment_in_range(value)
    except (ValueError, OverflowError):
        raise InputError(
            f"JOURNAL_NOW={shown!r} is not an ISO 8601 date-time like {EXAMPLE}; "
            "unset it to use the real clock"
        ) from None
    if not in_range:
        raise InputError(
            f"JOURNAL_NOW={shown!r} is out of range ({moment_range_text()}); "
            "unset it to use the real clock"
        )
    return value
