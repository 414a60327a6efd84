"""JSON in: our own export and jrnl's, parsed and validated into entries (nothing is stored).

Both formats are deduplicated by uid. Our export carries its uids; jrnl has no ids, so an
entry's uid is derived from its date, time, title and body: importing the same jrnl file again
gives the same uids, and the store skips them.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable, Collection, Sequence
from datetime import date, datetime, time, timedelta
from typing import Any

from journalcli import model
from journalcli.errors import InputError
from journalcli.exporters import SCHEMA
from journalcli.model import Entry

# Fixed namespace for jrnl uids (uuid5 of date, time, title and body); never change it.
JRNL_NAMESPACE = uuid.UUID("5b0c8f3e-8d2a-4c67-9a55-0f3f2c1d7e41")
MAX_SHOWN = 60  # characters of a record's value quoted in an error
FUTURE_SLACK = timedelta(days=1)  # an entry later than now + this is refused

_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_TIME = re.compile(r"\d{2}:\d{2}")


def load(text: str, source: str) -> Any:
    """The file's JSON, or an InputError that names the file and the place it breaks."""
    try:
        return json.loads(text, parse_int=_whole_number)
    except json.JSONDecodeError as exc:
        raise InputError(
            f"{source}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})"
        ) from None
    except _HugeNumber as exc:
        raise InputError(
            f"{source}: not a journal export (a number {exc.digits:,} digits long)"
        ) from None
    except RecursionError:
        raise InputError(f"{source}: not a journal export (nested too deeply)") from None


class _HugeNumber(Exception):
    def __init__(self, digits: int) -> None:
        self.digits = digits


MAX_DIGITS = 100  # no field holds a longer number; Python refuses int() past 4,300 digits


def _whole_number(text: str) -> int:
    if len(text) > MAX_DIGITS:
        raise _HugeNumber(len(text.lstrip("-")))
    return int(text)


def _records(data: Any, source: str, what: str) -> list[Any]:
    if isinstance(data, list):  # `journal list --json` prints a bare list
        return data
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise InputError(f'{source}: not {what} (expected an object with an "entries" list)')
    return data["entries"]


def _validate_all(
    records: Sequence[Any],
    source: str,
    convert: Callable[[Any], Entry],
    name: Callable[[Any], str],
    now: datetime | None,
    same: str,
) -> list[Entry]:
    """Every record is checked; the first problem is reported with how many more there are.

    With `now`, an entry more than a day ahead of it is refused (as `add` refuses one in the
    future; the day covers a clock or zone set wrong). A uid that comes twice in the file
    is refused unless the two records are the same entry (`same` says what a uid stands for).
    """
    entries: list[Entry] = []
    problems: list[str] = []
    first: dict[str, tuple[int, Entry]] = {}
    latest = now + FUTURE_SLACK if now is not None else None
    for index, record in enumerate(records):
        try:
            entry = convert(record)
            if latest is not None and entry.when > latest:
                raise InputError(f"when {entry.when.isoformat()} is more than a day in the future")
            earlier, seen = first.setdefault(entry.uid, (index, entry))
            if seen != entry:
                raise InputError(
                    f"repeats the uid of entries[{earlier}] ({same}) with different content; "
                    "remove or change one of them"
                )
            entries.append(entry)
        except InputError as exc:
            problems.append(f"entries[{index}]{name(record)}: {exc}")
    if problems:
        more = f" (and {len(problems) - 1} more invalid)" if len(problems) > 1 else ""
        raise InputError(f"{source}: {problems[0]}{more}; nothing was imported")
    return entries


def repeats(entries: Sequence[Entry]) -> list[tuple[int, int]]:
    """(first, later) positions of entries that come twice in one file (the same entry: a
    differing repeat was refused when the file was read)."""
    first: dict[str, int] = {}
    found: list[tuple[int, int]] = []
    for index, entry in enumerate(entries):
        earlier = first.setdefault(entry.uid, index)
        if earlier != index:
            found.append((earlier, index))
    return found


def _shown(value: Any) -> str:
    if isinstance(value, list | dict):
        return "a list" if isinstance(value, list) else "an object"
    text = str(value[:MAX_SHOWN] if isinstance(value, str) else value)
    return text if len(text) <= MAX_SHOWN else text[: MAX_SHOWN - 3] + "..."


# --- our own export


def _our_name(record: Any) -> str:
    if not isinstance(record, dict):
        return ""
    parts = [f"{key} {_shown(record[key])}" for key in ("uid", "when") if key in record]
    return f" ({', '.join(parts)})" if parts else ""


def read_json(
    data: Any,
    source: str,
    *,
    triggers: Collection[str] | None = None,
    behaviors: Collection[str] | None = None,
    now: datetime | None = None,
) -> list[Entry]:
    """Entries from our export (or a `list --json` list), in file order, all validated, each
    with the id it had (kept when the journal it goes into is empty: a restore).

    With `now`, entries more than a day after it are refused.
    """
    refuse_redacted(data, source)
    if isinstance(data, dict):
        schema = data.get("schema")
        if not isinstance(schema, int) or isinstance(schema, bool):
            raise InputError(f'{source}: not a journal export (no "schema" number)')
        if schema > SCHEMA:
            raise InputError(
                f"{source}: written by a newer journal (export schema {schema}; "
                f"this one reads up to {SCHEMA})"
            )
    records = _records(data, source, "a journal export")

    def convert(record: Any) -> Entry:
        entry = model.entry_from_record(record, triggers=triggers, behaviors=behaviors)
        return entry.with_changes(id=model.record_id(record))

    return _validate_all(records, source, convert, _our_name, now, "a uid names one entry")


def refuse_redacted(data: Any, source: str) -> None:
    """A redacted export (`export --redact`) is a copy to share: restored, it would replace
    people with labels and lose notes for good, so it is never imported."""
    if isinstance(data, dict) and "redacted" in data:
        what = data["redacted"]
        shown = ", ".join(map(str, what)) if isinstance(what, list) else _shown(what)
        raise InputError(
            f"{source}: a redacted export ({shown[:MAX_SHOWN]}), a copy to share, not a backup; "
            "nothing was imported (import an export made without --redact)"
        )


def read_reviews(data: Any, source: str) -> list[dict[str, Any]]:
    """The weekly reviews of our export, each checked as the store checks a stored one; a
    week that comes twice must be the same review. None in an older export or a bare list."""
    if not isinstance(data, dict) or "reviews" not in data:
        return []
    records = data["reviews"]
    if not isinstance(records, list):
        raise InputError(f'{source}: "reviews" must be a list; nothing was imported')
    from journalcli.model import DamagedRecord
    from journalcli.store import checked_review

    reviews: list[dict[str, Any]] = []
    seen: dict[str, int] = {}
    problems: list[str] = []
    for number, record in enumerate(records):
        try:
            week = checked_review(f"reviews[{number}]", record)
        except DamagedRecord as exc:
            known = record.get("week") if isinstance(record, dict) else None
            named = f" (week {_shown(known)})" if isinstance(known, str) else ""
            problems.append(f"reviews[{number}]{named}: {exc.detail}")
            continue
        first = seen.setdefault(week, number)
        if first != number:
            if records[first] != record:
                problems.append(
                    f"reviews[{number}] (week {week}) repeats the week of reviews[{first}] "
                    "with different content; remove or change one of them"
                )
            continue
        reviews.append(dict(record))
    if problems:
        more = f" (and {len(problems) - 1} more invalid)" if len(problems) > 1 else ""
        raise InputError(f"{source}: {problems[0]}{more}; nothing was imported")
    return reviews


def read_plans(
    data: Any, source: str, triggers: Collection[str] | None = None
) -> list[dict[str, Any]]:
    """The if-then plans of our export, each with its "id" in the file (what the file's
    entries link to) and checked as the store checks a stored one; `triggers`, when given,
    are the known keys. None in an older export or a bare list."""
    if not isinstance(data, dict) or "plans" not in data:
        return []
    records = data["plans"]
    if not isinstance(records, list):
        raise InputError(f'{source}: "plans" must be a list; nothing was imported')
    from journalcli.model import DamagedRecord
    from journalcli.store import checked_plan

    plans: list[dict[str, Any]] = []
    ids: dict[int, int] = {}
    uids: dict[str, int] = {}
    problems: list[str] = []
    for number, record in enumerate(records):
        name = f"plans[{number}]"
        try:
            if not isinstance(record, dict):
                raise InputError("must be an object")
            plan_id = model.record_id(record)
            if plan_id is None:
                raise InputError("id must be a whole number")
            stored = {key: value for key, value in record.items() if key != "id"}
            checked_plan(name, stored)
            if triggers is not None and stored["trigger"] not in triggers:
                raise InputError(f"unknown trigger {stored['trigger'][:40]!r}")
            if plan_id in ids:
                raise InputError(f"repeats the id of plans[{ids[plan_id]}]")
            if stored["uid"] in uids:
                raise InputError(f"repeats the uid of plans[{uids[stored['uid']]}]")
        except DamagedRecord as exc:
            problems.append(f"{name}: {exc.detail}")
            continue
        except InputError as exc:
            problems.append(f"{name}: {exc}")
            continue
        ids[plan_id] = number
        uids[stored["uid"]] = number
        plans.append({"id": plan_id, **stored})
    if problems:
        more = f" (and {len(problems) - 1} more invalid)" if len(problems) > 1 else ""
        raise InputError(f"{source}: {problems[0]}{more}; nothing was imported")
    return plans


# --- jrnl's export (`jrnl --format json`)


def jrnl_uid(day: str, clock: str, title: str, body: str) -> str:
    """The same jrnl entry always gets the same uid (how re-import is recognised)."""
    return str(uuid.uuid5(JRNL_NAMESPACE, "\x1f".join((day, clock, title, body))))


def _jrnl_name(record: Any) -> str:
    if not isinstance(record, dict):
        return ""
    parts = [_shown(record[key]) for key in ("date", "time") if key in record]
    return f" ({' '.join(parts)})" if parts else ""


_REQUIRED: Any = object()


def _field(record: dict[str, Any], name: str, kind: type, default: Any = _REQUIRED) -> Any:
    if name not in record:
        if default is _REQUIRED:
            raise InputError(f"missing field {name!r}")
        return default
    value = record[name]
    if not isinstance(value, kind) or (kind is not bool and isinstance(value, bool)):
        raise InputError(f"{name} must be {_KIND_NAMES[kind]}")
    return value


_KIND_NAMES = {str: "a string", bool: "true or false", list: "a list of strings"}


def _strict(text: str, pattern: re.Pattern[str], parse: Callable[[str], Any], what: str) -> Any:
    """`parse` only what matches `pattern` exactly (fromisoformat alone accepts more forms)."""
    try:
        if not pattern.fullmatch(text):
            raise ValueError
        return parse(text)
    except ValueError:
        raise InputError(f"{what}, not {_shown(text)!r}") from None


def _jrnl_when(day: str, clock: str) -> datetime:
    parsed_day = _strict(day, _DATE, date.fromisoformat, "date must look like 2026-11-03")
    parsed_time = _strict(clock, _TIME, time.fromisoformat, "time must look like 21:30")
    out_of_range = InputError(f"date is out of range ({model.moment_range_text()}), not {day}")
    if not model.FIRST_YEAR <= parsed_day.year <= model.LAST_YEAR:
        raise out_of_range
    # jrnl keeps wall-clock time; it becomes local time with the offset in force that day.
    try:
        moment = datetime.combine(parsed_day, parsed_time).astimezone()
    except (OverflowError, ValueError, OSError):
        raise out_of_range from None
    if not model.moment_in_range(moment):
        raise out_of_range
    return moment


def _jrnl_tags(values: list[Any], starred: bool) -> tuple[str, ...]:
    words: dict[str, None] = {}
    if len(values) > model.MAX_ITEMS:
        raise InputError(f"tags has more than {model.MAX_ITEMS:,} items")
    for value in values:
        if not isinstance(value, str):
            raise InputError("tags must be a list of strings")
        if len(value) > model.MAX_TEXT:
            raise InputError(f"a tag is longer than {model.MAX_TEXT:,} characters")
        word = model.clean_text(value, "tag").lstrip("#@").strip()
        if word:
            words[word] = None
    if starred:
        words["starred"] = None
    return tuple(words)


def _jrnl_note(title: str, body: str) -> str:
    if len(title) + len(body) > model.MAX_TEXT + 2:  # before clean_text scans it all
        raise InputError(f"title and body are longer than {model.MAX_TEXT:,} characters")
    text = title.strip()
    body = body.replace("\r\n", "\n").replace("\r", "\n").strip()
    if body:
        text = f"{text}\n\n{body}" if text else body
    return model.clean_text(text, "note", multiline=True)


def jrnl_entry(record: Any, now: datetime) -> Entry:
    """One jrnl entry: the note is title and body, no urge rating, tags without # or @."""
    if not isinstance(record, dict):
        raise InputError("must be an object")
    title = _field(record, "title", str)
    body = _field(record, "body", str, "")
    day = _field(record, "date", str)
    clock = _field(record, "time", str)
    tags = _jrnl_tags(_field(record, "tags", list, []), _field(record, "starred", bool, False))
    stamp = now.replace(microsecond=0)
    return Entry(
        uid=jrnl_uid(day, clock, title, body),
        when=_jrnl_when(day, clock),
        urge=None,
        tags=tags,
        note=_jrnl_note(title, body),
        created=stamp,
        updated=stamp,
    )


def read_jrnl(data: Any, source: str, now: datetime) -> list[Entry]:
    """Entries from jrnl's JSON export, in file order, all validated."""
    refuse_redacted(data, source)
    if isinstance(data, dict) and "tags" in data and not isinstance(data["tags"], dict):
        raise InputError(f'{source}: not a jrnl export ("tags" must be an object)')
    if not isinstance(data, dict):
        raise InputError(f'{source}: not a jrnl export (expected an object with an "entries" list)')
    records = _records(data, source, "a jrnl export")
    return _validate_all(
        records,
        source,
        lambda record: jrnl_entry(record, now),
        _jrnl_name,
        now,
        "same date, time, title and body",
    )
