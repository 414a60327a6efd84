"""The entry (one recorded urge to withdraw): fields, validation, and plain-dict forms."""

from __future__ import annotations

import re
import uuid
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from operator import itemgetter
from typing import Any

from journalcli.errors import InputError, StorageError

RESPONSES = ("withdrew", "stayed", "partly")
URGE_MIN, URGE_MAX = 0, 10
MAX_TEXT = 100_000  # a note longer than this is almost certainly a mistake (a pasted file)
# The years an entry's moment may fall in. Far wider than any journal needs, and narrow enough
# that every moment, shifted to UTC or any local offset and widened to its ISO week, stays
# inside what datetime and the OS can convert (9999-12-31 in UTC-12 is already year 10000).
FIRST_YEAR, LAST_YEAR = 1900, 9998

# Field order of the JSON form; names are a public interface: add, never rename.
FIELDS = (
    "id",
    "uid",
    "when",
    "urge",
    "triggers",
    "response",
    "with",
    "emotions",
    "behaviors",
    "tags",
    "note",
    "prompt",
    "created",
    "updated",
    "plan",
    "plan_used",
    "flagged",
)
LIST_FIELDS = ("triggers", "emotions", "behaviors", "tags")


# Not frozen: a frozen dataclass sets each field through object.__setattr__, which makes
# loading 10,000 entries three times slower. Treat entries as values all the same: change
# them only through with_changes(), which returns a copy.
@dataclass(slots=True)
class Entry:
    when: datetime
    urge: int | None
    triggers: tuple[str, ...] = ()
    response: str | None = None
    with_: str | None = None
    emotions: tuple[str, ...] = ()
    behaviors: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    prompt: dict[str, str] | None = None
    uid: str = field(default_factory=lambda: str(uuid.uuid4()))
    created: datetime | None = None
    updated: datetime | None = None
    id: int | None = None
    plan: int | None = None  # the id of the if-then plan shown when it was added
    plan_used: bool | None = None  # whether that plan was used; None: not said
    flagged: bool = False  # to bring up in the next session (journal unflag --all clears)

    def to_doc(self) -> dict[str, Any]:
        """The stored form: JSON-ready, without the id (TinyDB keeps it as the doc id)."""
        doc = self.to_dict()
        del doc["id"]
        return doc

    def to_dict(self) -> dict[str, Any]:
        """The public JSON form used by `list --json`, `show --json` and export."""
        return {
            "id": self.id,
            "uid": self.uid,
            "when": self.when.isoformat(),
            "urge": self.urge,
            "triggers": list(self.triggers),
            "response": self.response,
            "with": self.with_,
            "emotions": list(self.emotions),
            "behaviors": list(self.behaviors),
            "tags": list(self.tags),
            "note": self.note,
            "prompt": dict(self.prompt) if self.prompt else None,
            "created": self.created.isoformat() if self.created else None,
            "updated": self.updated.isoformat() if self.updated else None,
            "plan": self.plan,
            "plan_used": self.plan_used,
            "flagged": self.flagged,
        }

    @classmethod
    def from_doc(cls, doc_id: int, doc: object) -> Entry:
        """An Entry from a stored document, every field checked (checked_doc); raises
        DamagedRecord naming the entry and the field."""
        uid, moment, urge, triggers, response, with_, emotions, behaviors, tags, note, prompt, \
            first, last, plan, plan_used, flagged = checked_doc(doc_id, doc)  # fmt: skip
        return cls(id=doc_id, uid=uid, when=moment, urge=urge, triggers=tuple(triggers),
                   response=response, with_=with_, emotions=tuple(emotions),
                   behaviors=tuple(behaviors), tags=tuple(tags), note=note, prompt=prompt,
                   created=first, updated=last, plan=plan, plan_used=plan_used,
                   flagged=flagged)  # fmt: skip

    def with_changes(self, **changes: Any) -> Entry:
        return replace(self, **changes)


def moment_in_range(moment: datetime) -> bool:
    """Whether an aware moment lies in FIRST_YEAR..LAST_YEAR, in its own offset and in UTC."""
    if not FIRST_YEAR <= moment.year <= LAST_YEAR:
        return False
    try:
        utc_year = moment.astimezone(UTC).year
    except (OverflowError, ValueError):
        return False
    return FIRST_YEAR <= utc_year <= LAST_YEAR


def moment_range_text() -> str:
    return f"dates from {FIRST_YEAR} to {LAST_YEAR}"


# --- a stored document: what from_doc accepts (this program's own form, checked on every read)


class DamagedRecord(StorageError, ValueError):
    """A stored record that this program would not have written. The message names the
    record and the field; the store puts the file's name in front of it."""

    def __init__(self, record: int | str, field: str | None, problem: str, *value: object) -> None:
        self.record = f"entry {record}" if isinstance(record, int) else record
        self.field = field
        self.problem = problem + (f", not {_stored_shown(value[0])}" if value else "")
        super().__init__(f"{self.record} is damaged: {self.detail}")

    @property
    def detail(self) -> str:
        return f"{self.field} {self.problem}" if self.field else self.problem


STORED_FIELDS = FIELDS[1:]  # all but the id, which is the document's key
_STORED_COUNT = len(STORED_FIELDS)
_STORED_GET = itemgetter(*STORED_FIELDS)
_from_iso = datetime.fromisoformat
_REQUIRED_STORED = ("uid", "when")
# What an earlier or hand-written document may leave out: the value it then has.
_STORED_DEFAULTS: dict[str, Any] = {
    "urge": None,
    "triggers": [],
    "response": None,
    "with": None,
    "emotions": [],
    "behaviors": [],
    "tags": [],
    "note": "",
    "prompt": None,
    "created": None,
    "updated": None,
    "plan": None,
    "plan_used": None,
    "flagged": False,
}
_URGE_RULE = f"must be a whole number from {URGE_MIN} to {URGE_MAX} or null"
_RESPONSE_RULE = f"must be one of {', '.join(RESPONSES)} or null"
_PROMPT_KEYS = frozenset(("question", "answer"))
_UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}").fullmatch
_PROMPT_RULE = 'must be null or {"question": "...", "answer": "..."}'


def _completed(doc_id: int, doc: object) -> dict[str, Any]:
    """A document that is not in the full stored form: refused when it is not an object, has
    a field this program does not know or lacks uid or when; else completed with defaults."""
    if not isinstance(doc, dict):  # a TinyDB Document is a dict too
        raise DamagedRecord(doc_id, None, f"is {_json_kind(doc)}, not an object")
    unknown = [key for key in doc if key not in _STORED_DEFAULTS and key not in _REQUIRED_STORED]
    if unknown:
        raise DamagedRecord(doc_id, None, f"has an unknown field {_stored_shown(unknown[0])}")
    missing = [key for key in _REQUIRED_STORED if key not in doc]
    if missing:
        raise DamagedRecord(doc_id, missing[0], "is missing")
    return {**_STORED_DEFAULTS, **doc}


def stored_moment(record: int | str, name: str, value: object) -> datetime:
    """A stored ISO date-time with a UTC offset, in the years the program handles; else
    DamagedRecord naming the record (an entry's id, or a name) and the field."""
    try:
        if type(value) is not str:
            raise ValueError
        moment = datetime.fromisoformat(value)
    except ValueError:
        rule = "must be an ISO date-time with a UTC offset" + ("" if name == "when" else " or null")
        raise DamagedRecord(record, name, rule, value) from None
    if moment.tzinfo is None:
        raise DamagedRecord(record, name, "has no UTC offset (like +01:00)", value)
    if not moment_in_range(moment):
        raise DamagedRecord(record, name, f"is outside {moment_range_text()}", value)
    return moment


def stored_times(
    doc_id: int, when: str, moment: datetime, created: object, updated: object
) -> tuple[datetime | None, datetime | None]:
    """A stored entry's created and updated moments (DamagedRecord as stored_moment), given its
    `when` text already read as `moment`."""
    # Often the same text as `when` (an entry added now) or as `created` (never edited).
    if created == when:
        first: datetime | None = moment
    else:
        first = None if created is None else stored_moment(doc_id, "created", created)
    if updated == created:
        last = first
    else:
        last = None if updated is None else stored_moment(doc_id, "updated", updated)
    return first, last


def checked_doc(doc_id: int, doc: object) -> tuple[Any, ...]:
    """Every check of a stored document (a file can be edited by hand, merged by a sync tool,
    or rot), without building an Entry: its fields in stored order, with `when`, `created`
    and `updated` parsed; raises DamagedRecord naming the entry and the field. A scan that
    only needs to know every entry is sound calls this; Entry.from_doc builds on it.

    Tight on purpose, as it runs for every entry read: a document in the full form this
    program writes is taken apart by one itemgetter (any other is first completed with
    defaults), and each check is inlined, its message made only when it fails."""
    try:
        if type(doc) is not dict or len(doc) != _STORED_COUNT:
            raise KeyError
        fields = _STORED_GET(doc)
    except KeyError:
        fields = _STORED_GET(_completed(doc_id, doc))
    (
        uid,
        when,
        urge,
        triggers,
        response,
        with_,
        emotions,
        behaviors,
        tags,
        note,
        prompt,
        created,
        updated,
        plan,
        plan_used,
        flagged,
    ) = fields
    if type(uid) is not str or len(uid) != 36 or not _UUID(uid):
        raise DamagedRecord(doc_id, "uid", "must be a UUID string", uid)
    try:
        moment = _from_iso(when)
    except (TypeError, ValueError):
        moment = None
    # Years strictly inside the range stay inside it in UTC too; the edges are converted.
    if moment is None or moment.tzinfo is None or not FIRST_YEAR < moment.year < LAST_YEAR:
        moment = stored_moment(doc_id, "when", when)
    first, last = stored_times(doc_id, when, moment, created, updated)
    if urge is not None and (type(urge) is not int or not URGE_MIN <= urge <= URGE_MAX):
        raise DamagedRecord(doc_id, "urge", _URGE_RULE, urge)
    if response is not None and response not in RESPONSES:
        raise DamagedRecord(doc_id, "response", _RESPONSE_RULE, response)
    if with_ is not None and type(with_) is not str:
        raise DamagedRecord(doc_id, "with", "must be a string or null", with_)
    if type(note) is not str:
        raise DamagedRecord(doc_id, "note", "must be a string", note)
    try:  # "".join: a C-speed check that every item of a list is a string
        if type(triggers) is not list or type(emotions) is not list:
            raise TypeError
        if type(behaviors) is not list or type(tags) is not list:
            raise TypeError
        "".join(triggers)
        "".join(emotions)
        "".join(behaviors)
        "".join(tags)
    except TypeError:
        lists = zip(LIST_FIELDS, (triggers, emotions, behaviors, tags), strict=True)
        name, value = next((name, value) for name, value in lists if not _is_words(value))
        raise DamagedRecord(doc_id, name, "must be a list of strings", value) from None
    if prompt is not None and not (
        type(prompt) is dict
        and prompt.keys() == _PROMPT_KEYS
        and type(prompt["question"]) is str
        and type(prompt["answer"]) is str
    ):
        raise DamagedRecord(doc_id, "prompt", _PROMPT_RULE, prompt)
    if plan is not None and (type(plan) is not int or not 0 < plan < 2**63 - 1):
        raise DamagedRecord(doc_id, "plan", "must be the id of a plan or null", plan)
    if plan_used is not None and type(plan_used) is not bool:
        raise DamagedRecord(doc_id, "plan_used", "must be true, false or null", plan_used)
    if type(flagged) is not bool:
        raise DamagedRecord(doc_id, "flagged", "must be true or false", flagged)
    return (uid, moment, urge, triggers, response, with_, emotions, behaviors, tags, note,
            prompt, first, last, plan, plan_used, flagged)  # fmt: skip


def _is_words(value: object) -> bool:
    return type(value) is list and all(type(item) is str for item in value)


def _json_kind(value: object) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true/false"
    kinds = {dict: "an object", list: "a list", str: "a string", int: "a number", float: "a number"}
    return kinds.get(type(value), type(value).__name__)


def _stored_shown(value: object, limit: int = 40) -> str:
    """A stored value as JSON, cut short; a line on stderr, so every control character and
    anything non-ASCII is escaped."""
    import json

    try:
        text = json.dumps(value, ensure_ascii=True)
    except (TypeError, ValueError):  # an int past the str() digit limit, say
        text = _json_kind(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


# --- validators: each takes what a person typed and returns a clean value or raises InputError


_WHOLE = re.compile(r"[+-]?[0-9]+")


def parse_urge(value: object) -> int:
    """0-10 as an int; accepts "7" and 7, rejects 7.5, "ten", True and out-of-range values."""
    if isinstance(value, bool):
        raise InputError(f"urge must be a whole number from {URGE_MIN} to {URGE_MAX}")
    if isinstance(value, int):
        number, shown = value, str(value) if abs(value) < 10**20 else "a huge number"
    else:
        shown = str(value).strip(" \t\r\n")  # not str.strip(): it also eats \x1c-\x1f
        if not _WHOLE.fullmatch(shown):
            raise InputError(
                f"urge must be a whole number from {URGE_MIN} to {URGE_MAX}, not {shown[:20]!r}"
            )
        # int() refuses very long digit strings; those are out of range anyway.
        number = int(shown) if len(shown) <= 20 else URGE_MAX + 1
    if not URGE_MIN <= number <= URGE_MAX:
        raise InputError(f"urge must be from {URGE_MIN} to {URGE_MAX}, not {shown[:20]}")
    return number


def suggest(value: str, valid: Iterable[str]) -> str | None:
    import difflib  # only on an error: keeps `journal add` start-up light

    matches = difflib.get_close_matches(value, list(valid), n=1, cutoff=0.6)
    return matches[0] if matches else None


def parse_key(value: str, valid: Iterable[str], what: str, *, listing: str | None = None) -> str:
    """One key from a fixed list, case-insensitive; near misses get a "did you mean".
    The error lists the valid keys, or says `listing` instead (for a list too long to show)."""
    options = list(valid)
    key = value.strip().lower()
    if key in options:
        return key
    hint = suggest(key, options) if len(key) <= 100 else None
    did_you_mean = f"did you mean {hint!r}? " if hint else ""
    shown = value if len(value) <= 40 else value[:37] + "..."
    where = listing if listing is not None else f"valid: {', '.join(options)}"
    raise InputError(f"unknown {what} {shown!r}; {did_you_mean}{where}")


def parse_keys(values: Iterable[str], valid: Iterable[str], what: str) -> tuple[str, ...]:
    """Several keys (also comma-separated), de-duplicated in the order given."""
    options = list(valid)
    seen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            if part.strip():
                seen[parse_key(part, options, what)] = None
    return tuple(seen)


def parse_response(value: str) -> str:
    return parse_key(value, RESPONSES, "response")


def clean_text(value: str, what: str, *, multiline: bool = False) -> str:
    """Strip surrounding space; refuse control characters (other than newlines in notes)."""
    if multiline:
        value = value.replace("\r\n", "\n")  # an editor that saves Windows line ends
    text = value.strip() if not multiline else value.strip("\n").rstrip()
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:  # undecodable bytes on the command line arrive as surrogates
        raise InputError(f"{what} is not valid UTF-8 text") from None
    allowed = "\n\t" if multiline else ""
    bad = next((ch for ch in text if _is_control(ch) and ch not in allowed), None)
    if bad is not None:
        raise InputError(f"{what} contains a control character ({ord(bad):#04x})")
    if len(text) > MAX_TEXT:
        raise InputError(f"{what} is longer than {MAX_TEXT:,} characters")
    return text


def _is_control(ch: str) -> bool:
    """C0, DEL and C1: what a terminal could take as a command when the entry is shown."""
    return ord(ch) < 32 or 0x7F <= ord(ch) <= 0x9F


def clean_words(values: Iterable[str], what: str, *, lower: bool = False) -> tuple[str, ...]:
    """Free-form list items (emotions, tags): stripped, a leading '#' dropped, no duplicates."""
    seen: dict[str, None] = {}
    for value in values:
        for part in value.split(","):
            word = clean_text(part, what).lstrip("#").strip()
            if word:
                seen[word.lower() if lower else word] = None
    return tuple(seen)


def parse_feelings(values: Iterable[str], known: Iterable[str]) -> tuple[str, ...]:
    """Feeling words as typed with -e (repeatable, or comma-separated; a leading '#' and case
    do not matter), each one of `known` (the built-in words and the user's prompt files);
    a word outside them is refused with a "did you mean". Records read from a file (an
    import) are not checked against the list: older journals used free words."""
    words = clean_words(values, "feeling word", lower=True)
    options = list(known)
    return tuple(
        parse_key(word, options, "feeling word", listing="`journal guide emotions` lists them")
        for word in words
    )


def clean_with(value: str) -> str | None:
    text = clean_text(value, "with")
    return text or None


# --- a record from outside (an export file): every field checked, nothing trusted

_REQUIRED = ("uid", "when")


def entry_from_record(
    record: object,
    *,
    triggers: Collection[str] | None = None,
    behaviors: Collection[str] | None = None,
) -> Entry:
    """An Entry from an untrusted JSON record in the `to_dict()` form; the id is dropped.

    Raises InputError naming the field and the problem. `triggers` / `behaviors`, when given,
    are the known keys; a record may not use others.
    """
    if not isinstance(record, dict):
        raise InputError(f"must be an object, not {_json_type(record)}")
    unknown = [key for key in record if key not in FIELDS]
    if unknown:
        raise InputError(f"unknown field {_shown(unknown[0])}; known: {', '.join(FIELDS)}")
    missing = [key for key in _REQUIRED if key not in record]
    if missing:
        raise InputError(f"missing field {missing[0]!r}")
    record_id(record)
    urge = record.get("urge")
    if urge is not None:
        if isinstance(urge, bool) or not isinstance(urge, int):
            raise InputError(
                f"urge must be a whole number from 0 to 10 or null, not {_shown(urge)}"
            )
        urge = parse_urge(urge)
    response = _optional_str(record, "response")
    if response is not None and response not in RESPONSES:
        raise InputError(f"response must be one of {', '.join(RESPONSES)} or null")
    with_ = _optional_str(record, "with")
    note = record.get("note", "")
    if not isinstance(note, str):
        raise InputError(f"note must be a string, not {_json_type(note)}")
    _not_too_long(note, "note")
    plan = record.get("plan")
    if plan is not None and (
        isinstance(plan, bool) or not isinstance(plan, int) or not 1 <= plan < ID_LIMIT
    ):
        raise InputError(f"plan must be the id of a plan or null, not {_shown(plan)}")
    plan_used = record.get("plan_used")
    if plan_used is not None and not isinstance(plan_used, bool):
        raise InputError(f"plan_used must be true, false or null, not {_shown(plan_used)}")
    flagged = record.get("flagged", False)  # an export older than the flag: not flagged
    if not isinstance(flagged, bool):
        raise InputError(f"flagged must be true or false, not {_shown(flagged)}")
    return Entry(
        uid=_uid(record["uid"]),
        when=_timestamp(record, "when"),
        urge=urge,
        triggers=_words(record, "triggers", triggers),
        response=response,
        with_=clean_with(with_) if with_ is not None else None,
        emotions=_words(record, "emotions"),
        behaviors=_words(record, "behaviors", behaviors),
        tags=_words(record, "tags"),
        note=clean_text(note, "note", multiline=True),
        prompt=_prompt(record.get("prompt")),
        created=_timestamp(record, "created") if record.get("created") is not None else None,
        updated=_timestamp(record, "updated") if record.get("updated") is not None else None,
        plan=plan,
        plan_used=plan_used,
        flagged=flagged,
    )


# An id must leave room for the next one in a signed 64-bit number (the index's array).
ID_LIMIT = 2**63 - 1
MAX_ITEMS = 1_000  # triggers, emotions, behaviors or tags in one record


def record_id(record: Mapping[str, Any]) -> int | None:
    """A record's "id": null or a whole number from 1 to ID_LIMIT - 1."""
    value = record.get("id")
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise InputError(f"id must be a whole number or null, not {_shown(value)}")
    if not 1 <= value < ID_LIMIT:
        raise InputError(f"id must be from 1 to {ID_LIMIT - 1}, not {_shown(value)}")
    return value


def _not_too_long(value: str, what: str) -> None:
    """Checked before clean_text, which would scan a 50 MB string character by character."""
    if len(value) > MAX_TEXT:
        raise InputError(f"{what} is longer than {MAX_TEXT:,} characters")


def _shown(value: object, limit: int = 40) -> str:
    """A value quoted in a message: short, and never the repr of a deep or huge container."""
    if isinstance(value, list | dict):
        return _json_type(value)
    if isinstance(value, str):
        value = value[:limit]
    elif isinstance(value, int) and not isinstance(value, bool) and abs(value) >= 10**limit:
        return "a huge number"
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 3] + "..."


def _json_type(value: object) -> str:
    names = {dict: "an object", list: "a list", str: "a string", bool: "true/false"}
    if value is None:
        return "null"
    if isinstance(value, int | float) and not isinstance(value, bool):
        return "a number"
    return names.get(type(value), type(value).__name__)


def _optional_str(record: Mapping[str, Any], name: str) -> str | None:
    value = record.get(name)
    if value is not None and not isinstance(value, str):
        raise InputError(f"{name} must be a string or null, not {_json_type(value)}")
    if value is not None:
        _not_too_long(value, name)
    return value


def _words(
    record: Mapping[str, Any], name: str, known: Collection[str] | None = None
) -> tuple[str, ...]:
    """A list of strings, each stripped and non-empty, duplicates dropped (kept as written,
    so an exported journal imports back exactly)."""
    what = name.removesuffix("s")
    value = record.get(name, [])
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise InputError(f"{name} must be a list of strings")
    if len(value) > MAX_ITEMS:
        raise InputError(f"{name} has more than {MAX_ITEMS:,} items")
    for item in value:
        _not_too_long(item, what)
    words = tuple(dict.fromkeys(clean_text(item, what) for item in value))
    if "" in words:
        raise InputError(f"{name} has an empty {what}")
    if known is not None:
        for word in words:
            if word not in known:
                hint = suggest(word, known)
                did_you_mean = f"; did you mean {hint!r}?" if hint else ""
                raise InputError(f"unknown {what} {word!r}{did_you_mean}")
    return words


def _uid(value: object) -> str:
    try:
        if not isinstance(value, str):
            raise ValueError
        return str(uuid.UUID(value))
    except ValueError:
        raise InputError(f"uid must be a UUID string, not {_shown(value)}") from None


def _timestamp(record: Mapping[str, Any], name: str) -> datetime:
    value = record[name]
    try:
        if not isinstance(value, str):
            raise ValueError
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InputError(
            f"{name} must be an ISO 8601 date-time string, not {_shown(value)}"
        ) from None
    if parsed.tzinfo is None:
        raise InputError(f"{name} needs a UTC offset (like +01:00), not {_shown(value)}")
    if not moment_in_range(parsed):
        raise InputError(f"{name} is out of range ({moment_range_text()}), not {_shown(value)}")
    return parsed


def _prompt(value: object) -> dict[str, str] | None:
    if value is None:
        return None
    if (
        not isinstance(value, dict)
        or set(value) != {"question", "answer"}
        or not all(isinstance(text, str) for text in value.values())
    ):
        raise InputError('prompt must be null or {"question": "...", "answer": "..."}')
    _not_too_long(value["question"], "prompt question")
    _not_too_long(value["answer"], "prompt answer")
    return {
        "question": clean_text(value["question"], "prompt question", multiline=True),
        "answer": clean_text(value["answer"], "prompt answer", multiline=True),
    }
