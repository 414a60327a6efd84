"""The byte layout of journal.json, and a sidecar index of where each entry's bytes are.

The journal is written in one fixed layout, `{"entries":{"1":{...},"2":{...}},<other tables>}`:
compact JSON, the entries table first, one entry after another in id order. While writing it,
the store records each entry's offset and length, its instant and its local day, and keeps
them in `journal.json.idx`. With that, `list -n 20` parses 20 entries instead of 10,000, a
28-day summary parses the entries of 28 days, and `add`, `edit` and `delete` splice one
entry's bytes in or out instead of parsing and re-encoding the whole file.

Beside where each entry is, the index keeps the few fields the figures are made of (urge,
response, local hour, who, triggers, behaviors, feelings, plan), so that `summary --all` at
50,000 entries reads columns of numbers instead of parsing 50,000 JSON documents. Each row
also says whether its document reads as a sound entry (model.Entry.from_doc); a read that
meets a row that does not builds its entries the slow way, which names the damage.

The index is a cache, never the data. It is trusted only for the very file it was written
for (same device, inode, size, mtime and ctime; the journal is always replaced, never changed
in place) and only when its checksum holds; anything else, a missing index included, makes the
store read the whole file as before, and the next write makes a fresh index. Deleting it is
always safe.
"""

from __future__ import annotations

import contextlib
import os
import stat
import struct
import time
import zlib
from array import array
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from itertools import compress
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import mmap
    from collections.abc import Callable, Iterable, Sequence

    from journalcli.model import Entry

try:  # a declared dependency; the stdlib fallback keeps working where no wheel exists
    import orjson
except ImportError:  # pragma: no cover
    orjson = None  # type: ignore[assignment]

ENTRIES = "entries"
OPEN = b'{"entries":{'
_MAGIC = b"JIDX"
_VERSION = 2  # 2: the figure columns; an index of another version is rebuilt, never read
# magic, version, schema, then the file signature (dev, ino, size, mtime_ns, ctime_ns),
# then the offset of the brace that closes the entries table, the number of entries, and the
# length of the JSON list of values that the value columns point into.
_HEADER = struct.Struct("=4sHH5qqqq")
_CHECKSUM = struct.Struct("=I")
# Each column's name and array type code, in file order. A value column holds an index into
# Index.values (-1: none); urges -1: none; responses 0: none, then model.RESPONSES in order;
# plan 0: none; plan_used -1: none, 0, 1; sound 1: the document reads as an entry.
COLUMNS = (
    ("ids", "q"), ("offsets", "q"), ("lengths", "q"), ("stamps", "d"), ("days", "q"),
    ("micros", "q"), ("hours", "b"), ("urges", "b"), ("responses", "b"), ("withs", "i"),
    ("triggers", "i"), ("behaviors", "i"), ("emotions", "i"), ("plans", "q"),
    ("plan_used", "b"), ("sound", "b"),
)  # fmt: skip
_ROW_SIZE = sum(array(code).itemsize for _, code in COLUMNS)
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)
_MICRO = timedelta(microseconds=1)
_RESPONSE_CODES = {None: 0, "withdrew": 1, "stayed": 2, "partly": 3}

Signature = tuple[int, int, int, int, int]
Parts = list[bytes | memoryview]  # pieces of a file, joined once to be written


def dumps(value: Any) -> bytes:
    """Compact UTF-8 JSON; orjson is 15x faster and writes the same bytes as the stdlib."""
    if orjson is not None:
        return orjson.dumps(value)
    import json

    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def loads(raw: bytes | memoryview) -> Any:
    if orjson is not None:
        return orjson.loads(raw)
    import json

    return json.loads(bytes(raw))


def signature(st: os.stat_result) -> Signature:
    return (st.st_dev, st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns)


def path_for(journal: Path) -> Path:
    return journal.with_name(journal.name + ".idx")


def instant(doc: dict[str, Any]) -> tuple[float, int]:
    """(POSIX timestamp, local day ordinal) of an entry's `when`; ValueError when it has
    none, or one without a UTC offset (such an entry could not be sorted among the others)."""
    moment, day = _placed(doc)
    return moment.timestamp(), day


def _placed(doc: dict[str, Any]) -> tuple[datetime, int]:
    """An entry's `when` and its local day ordinal (see `instant`)."""
    when = doc.get("when") if isinstance(doc, dict) else None
    if not isinstance(when, str):
        raise ValueError("'when' is missing")
    moment = datetime.fromisoformat(when)
    if moment.tzinfo is None:
        raise ValueError(f"'when' has no UTC offset: {when!r}")
    return moment, date.fromisoformat(when[:10]).toordinal()


def _placed_all(
    docs: Iterable[dict[str, Any]], moments: Sequence[datetime | None] | None = None
) -> list[tuple[datetime, int]]:
    """`_placed` of each document, parsed a column at a time (`moments`: each `when` already
    parsed by datetime.fromisoformat, as model.checked_doc does, or None where not); anything
    unusual is left to `_placed`, document by document, which says what is wrong."""
    return list(zip(*_when_columns(list(docs), moments), strict=True))


def _when_columns(
    docs: list[dict[str, Any]], moments: Sequence[datetime | None] | None = None
) -> tuple[list[datetime], list[int]]:
    """`_placed_all` as two columns, moments and days; each distinct day parsed once."""
    try:
        whens = [doc["when"] for doc in docs]
        if moments is None or None in moments:
            moments = list(map(datetime.fromisoformat, whens))
            if any(moment.tzinfo is None for moment in moments):
                raise ValueError
        heads = [when[:10] for when in whens]
        ordinals = {head: date.fromisoformat(head).toordinal() for head in dict.fromkeys(heads)}
        return list(moments), list(map(ordinals.__getitem__, heads))  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError):
        placed = [_placed(doc) for doc in docs]
        return [moment for moment, _ in placed], [day for _, day in placed]


class _Lookup(dict[Any, int]):
    """Where each name or tuple of names is in `values` (None: -1). One met for the first
    time is appended to them, so that finding a row's place is one access of the dict."""

    __slots__ = ("values",)

    def __init__(self, values: list[Any]) -> None:
        super().__init__({(tuple(v) if type(v) is list else v): n for n, v in enumerate(values)})
        self[None] = -1
        self.values = values

    def __missing__(self, value: str | tuple[str, ...]) -> int:
        found = self[value] = len(self.values)
        self.values.append(list(value) if type(value) is tuple else value)
        return found

    def bound(self, values: list[Any]) -> _Lookup:
        """This lookup for a copy of its values."""
        lookup = _Lookup.__new__(_Lookup)
        dict.update(lookup, self)
        lookup.values = values
        return lookup


_VALUE_COLUMNS = ("withs", "triggers", "behaviors", "emotions")
_UNSOUND = (0, 0, -1, 0, -1, -1, -1, -1, 0, -1, 0)  # the figure columns of a damaged entry
# The fields of a document the figures read, and what each is when left out (model.from_doc).
_FIGURE_NAMES = ("urge", "response", "with", "triggers", "behaviors", "emotions", "plan")
_FIGURE_NAMES += ("plan_used",)
_FIGURE_FIELDS = itemgetter(*_FIGURE_NAMES)
_LISTS = ("triggers", "behaviors", "emotions")
_BLANK = (None, None, None, [], [], [], None, None)  # the fields of a damaged entry
# The same fields from what model.checked_doc returns (model.STORED_FIELDS, `when` parsed),
# and what it would return for a damaged entry's figures (_BLANK at those places).
_CHECKED_AT = (2, 4, 5, 3, 7, 6, 13, 14)
_CHECKED_FIGURES = itemgetter(*_CHECKED_AT)
_BLANK_CHECKED = (None, None, None, (), None, None, (), (), (), "", None, None, None, None, None)
_BLANK_CHECKED += (False,)


def _fields(doc: dict[str, Any]) -> tuple[Any, ...]:
    """The fields of a sound document the figures read (a sound document may leave out what
    has a default, model.from_doc)."""
    try:
        return _FIGURE_FIELDS(doc)  # type: ignore[no-any-return]
    except KeyError:
        return tuple(doc.get(name, [] if name in _LISTS else None) for name in _FIGURE_NAMES)


@dataclass(slots=True, eq=False)
class Index:
    """Row i describes one entry: its id, where its JSON is, its instant and its local day,
    and the fields the figures need. Rows are in file order, which is id order."""

    schema: int
    end: int = 0  # offset of the '}' that closes the entries table
    ids: array[int] = field(default_factory=lambda: array("q"))
    offsets: array[int] = field(default_factory=lambda: array("q"))
    lengths: array[int] = field(default_factory=lambda: array("q"))
    stamps: array[float] = field(default_factory=lambda: array("d"))
    days: array[int] = field(default_factory=lambda: array("q"))
    # The instant exactly (microseconds since 1970 UTC), and the hour of its local clock.
    micros: array[int] = field(default_factory=lambda: array("q"))
    hours: array[int] = field(default_factory=lambda: array("b"))
    urges: array[int] = field(default_factory=lambda: array("b"))
    responses: array[int] = field(default_factory=lambda: array("b"))
    withs: array[int] = field(default_factory=lambda: array("i"))
    triggers: array[int] = field(default_factory=lambda: array("i"))
    behaviors: array[int] = field(default_factory=lambda: array("i"))
    emotions: array[int] = field(default_factory=lambda: array("i"))
    plans: array[int] = field(default_factory=lambda: array("q"))
    plan_used: array[int] = field(default_factory=lambda: array("b"))
    sound: array[int] = field(default_factory=lambda: array("b"))
    # The distinct names and lists the value columns point into (lists as JSON arrays), and
    # where each is, made when first needed.
    values: list[Any] = field(default_factory=list)
    _where: _Lookup | None = field(default=None, compare=False, repr=False)

    def __len__(self) -> int:
        return len(self.ids)

    def __eq__(self, other: object) -> bool:
        """Equal when every row says the same: value columns compared by the values they
        point at (after a splice, the list of values can hold ones no row uses any more)."""
        if not isinstance(other, Index):
            return NotImplemented
        if (self.schema, self.end) != (other.schema, other.end):
            return False
        return all(
            self.resolved(name) == other.resolved(name)
            if name in _VALUE_COLUMNS
            else getattr(self, name) == getattr(other, name)
            for name, _ in COLUMNS
        )

    __hash__ = None  # type: ignore[assignment]

    def resolved(self, name: str) -> list[Any]:
        """A value column as the values it points at (None where it holds -1)."""
        table = [*self.values, None]
        return [table[n] for n in getattr(self, name)]

    def columns(self) -> list[array[Any]]:
        return [getattr(self, name) for name, _ in COLUMNS]

    def copy(self) -> Index:
        """An index that can be changed without changing this one: each column copied
        whole (one memcpy), the list of values copied but not its items, which are never
        changed in place (a new name or list is appended)."""
        columns = {name: getattr(self, name)[:] for name, _ in COLUMNS}
        copied = Index(self.schema, self.end, **columns)
        copied.values = self.values[:]
        copied._where = None if self._where is None else self._where.bound(copied.values)
        return copied

    def put(self, parts: Parts, position: int, entry_id: int, doc: dict[str, Any]) -> int:
        """Add one entry's bytes to `parts`, which end at `position` inside the entries table,
        and record where they are; returns the position after them. ValueError, with nothing
        added, when the entry has no readable `when`."""
        return self.extend(parts, position, [(entry_id, doc)])

    def extend(
        self,
        parts: Parts,
        position: int,
        entries: Sequence[tuple[int, dict[str, Any]]],
        *,
        checked: bool = False,
    ) -> int:
        """`put` of many entries at once, each column made in one go. `checked`: every
        document is known to read as a sound entry (model.Entry.from_doc took it as it was
        read), so none is checked again."""
        moments, days = _when_columns([doc for _, doc in entries])  # first: ValueError adds nothing
        first = not self.ids
        for entry_id, doc in entries:
            head = b'%s"%d":' % (b"" if first else b",", entry_id)
            body = dumps(doc)
            parts += (head, body)
            self.ids.append(entry_id)
            self.offsets.append(position + len(head))
            self.lengths.append(len(body))
            position += len(head) + len(body)
            first = False
        self._place(lambda: entries, moments, days, [True] * len(entries) if checked else None)
        return position

    def found(
        self,
        rows: Sequence[tuple[int, int, int, dict[str, Any]]],
        sound: Sequence[bool],
        checked: Sequence[tuple[Any, ...] | None] | None = None,
    ) -> None:
        """Rows for entries found in a file being scanned, each (id, offset, length,
        document), as `extend` makes them, each column made in one go (`sound[i]`: the i-th
        document reads as an entry, model.Entry.from_doc took it). `checked[i]`: what
        model.checked_doc returned for it (None: not sound), whose parsed `when` and fields
        are used as they are. ValueError, with nothing added, when an entry has no readable
        `when`."""
        given = None if checked is None else [got and got[1] for got in checked]
        moments, days = _when_columns([row[3] for row in rows], given)  # ValueError adds nothing
        self.ids.fromlist([row[0] for row in rows])
        self.offsets.fromlist([row[1] for row in rows])
        self.lengths.fromlist([row[2] for row in rows])
        self._place(lambda: [(row[0], row[3]) for row in rows], moments, days, sound, checked)

    def _place(
        self,
        entries: Callable[[], Sequence[tuple[int, dict[str, Any]]]],
        moments: list[datetime],
        days: list[int],
        sound: Sequence[bool] | None,
        checked: Sequence[tuple[Any, ...] | None] | None = None,
    ) -> None:
        """The columns from stamps on of rows whose ids and places are added (`entries`: their
        ids and documents, asked for only when the documents must be checked here)."""
        micros = [(moment - _EPOCH) // _MICRO for moment in moments]
        # what moment.timestamp() gives, to the bit: CPython divides the same microseconds
        self.stamps.fromlist([micro / 1_000_000 for micro in micros])
        self.days.fromlist(days)
        figures = None
        if checked is not None and sound is not None:
            with contextlib.suppress(KeyError, TypeError, ValueError):
                figures = self._checked_figures(moments, days, micros, checked)
        if figures is None:  # not as checked as it was said to be: each document checked
            placed = list(zip(moments, days, strict=True))
            known = None if checked is not None else sound
            figures = self._figures(entries(), placed, micros, known)
        for column, values in zip(self.columns()[5:], figures, strict=True):
            column.fromlist(values)

    def _checked_figures(
        self,
        moments: list[datetime],
        days: list[int],
        micros: list[int],
        checked: Sequence[tuple[Any, ...] | None],
    ) -> list[list[int]]:
        """The figure columns from what model.checked_doc returned for each row (None: not a
        sound entry); a row whose local day is not its `when`'s (an unusual ISO form) is not
        sound either. The fields are taken a column at a time."""
        table = list(checked)
        if None in table or list(map(datetime.toordinal, moments)) != days:
            for row, (got, moment, day) in enumerate(zip(checked, moments, days, strict=True)):
                if got is None or moment.toordinal() != day:
                    table[row] = None
        unsound = [row for row, got in enumerate(table) if got is None]
        for row in unsound:
            table[row] = _BLANK_CHECKED
        if not table:
            return [[] for _ in _UNSOUND]
        fields = [list(map(itemgetter(at), table)) for at in _CHECKED_AT]
        return self._made(micros, [moment.hour for moment in moments], fields, unsound)

    def _set(self, row: int, length: int, stamp: float, day: int, facts: list[int]) -> None:
        for column, value in zip(self.columns()[2:], (length, stamp, day, *facts), strict=True):
            column[row] = value

    def _figures(
        self,
        entries: Sequence[tuple[int, dict[str, Any]]],
        placed: Sequence[tuple[datetime, int]],
        micros: list[int],
        known: Sequence[bool] | None,
    ) -> list[list[int]]:
        """The figure columns (micros to sound) of these documents. A row is not sound (and
        all -1 or 0) when its document does not read as an entry, or its local day is not the
        one placed (an unusual ISO form). `known`: whether each document reads as an entry,
        already found (model.Entry.from_doc took it); None: each is checked here."""
        if known is None:
            from journalcli.model import Entry

            sound = [True] * len(entries)
            for row, (entry_id, doc) in enumerate(entries):
                try:
                    Entry.from_doc(entry_id, doc)
                except (KeyError, TypeError, ValueError, AttributeError):
                    sound[row] = False
        else:
            sound = list(known)
        try:
            fields = [
                _fields(doc) if ok and moment.toordinal() == day else None
                for (_, doc), ok, (moment, day) in zip(entries, sound, placed, strict=True)
            ]
            return self._columns(micros, [moment.hour for moment, _ in placed], fields)
        except (KeyError, TypeError, ValueError):  # not as checked as it was said to be
            if known is not None:
                return self._figures(entries, placed, micros, None)
            raise

    def add_found(
        self, entry_id: int, offset: int, length: int, doc: dict[str, Any], *, sound: bool
    ) -> None:
        """A row for an entry found at `offset` in a file being scanned, as `extend` makes it
        (`sound`: the document reads as an entry, model.Entry.from_doc took it). ValueError,
        with nothing added, when the entry has no readable `when`."""
        moment, day = _placed(doc)
        micros = (moment - _EPOCH) // _MICRO
        row: tuple[Any, ...] = _UNSOUND
        if sound and moment.toordinal() == day:
            urge, response, with_, triggers, behaviors, emotions, plan, used = _fields(doc)
            value = self._value
            row = (
                micros,
                moment.hour,
                -1 if urge is None else urge,
                _RESPONSE_CODES[response],
                value(with_),
                value(tuple(triggers)),
                value(tuple(behaviors)),
                value(tuple(emotions)),
                plan or 0,
                -1 if used is None else int(used),
                1,
            )
        placement = (entry_id, offset, length, micros / 1_000_000, day)
        for column, item in zip(self.columns(), (*placement, *row), strict=True):
            column.append(item)

    def _columns(
        self, micros: list[int], hours: list[int], fields: list[tuple[Any, ...] | None]
    ) -> list[list[int]]:
        """The figure columns from each row's fields (None: not a sound entry)."""
        unsound = [row for row, got in enumerate(fields) if got is None]
        for row in unsound:
            fields[row] = _BLANK
        if not fields:
            return [[] for _ in _UNSOUND]
        return self._made(micros, hours, list(zip(*fields, strict=True)), unsound)

    def _made(
        self,
        micros: list[int],
        hours: list[int],
        fields: Sequence[Sequence[Any]],
        unsound: list[int],
    ) -> list[list[int]]:
        """The figure columns from the fields a column at a time (urge, response, with,
        triggers, behaviors, emotions, plan, plan_used), the `unsound` rows blanked."""
        urges, responses, withs, triggers, behaviors, emotions, plans, used = fields
        columns = [
            list(micros),
            list(hours),
            [-1 if urge is None else urge for urge in urges],
            list(map(_RESPONSE_CODES.__getitem__, responses)),
            self._places(withs),
            self._places(list(map(tuple, triggers))),
            self._places(list(map(tuple, behaviors))),
            self._places(list(map(tuple, emotions))),
            [plan or 0 for plan in plans],
            [-1 if value is None else int(value) for value in used],
            [1] * len(urges),
        ]
        for row in unsound:
            for column, blank in zip(columns, _UNSOUND, strict=True):
                column[row] = blank
        return columns

    def _places(self, items: Sequence[Any]) -> list[int]:
        """Where each name or tuple is in `values` (-1: None), new ones added."""
        return list(map(self._lookup().__getitem__, items))

    def _value(self, value: str | tuple[str, ...] | None) -> int:
        return self._lookup()[value]

    def _lookup(self) -> _Lookup:
        if self._where is None:
            self._where = _Lookup(self.values)
        return self._where


@dataclass(slots=True)
class Facts:
    """What the figures are made of, one sequence of numbers per field, one item per entry:
    its local day (ordinal), its instant (microseconds, for "the most recent"), the hour,
    urge (-1: none), response code (0: none, then model.RESPONSES in order), plan (0: none)
    and plan_used (-1: none, 0, 1); who, triggers, behaviors and feelings as places in
    `values` (-1: none), where each distinct name or tuple of keys is once. Numbers, so
    that counting them is hashing small ints."""

    days: Sequence[int]
    micros: Sequence[int]
    hours: Sequence[int]
    urges: Sequence[int]
    responses: Sequence[int]
    withs: Sequence[int]
    triggers: Sequence[int]
    behaviors: Sequence[int]
    emotions: Sequence[int]
    plans: Sequence[int]
    plan_used: Sequence[int]
    values: list[Any]  # str or tuple[str, ...]; the last is None, for -1
    # The entries' ids when the rows are in file order: then they were met in the order of
    # (instant, id), as Journal.entries gives them; None when met in row order.
    ids: Sequence[int] | None = None

    def __len__(self) -> int:
        return len(self.days)

    def columns(self) -> list[Sequence[int]]:
        return [getattr(self, name) for name in self.__slots__[:-2]]  # not values, ids

    def within(self, low: int, high: int) -> Facts:
        """Only the entries whose day ordinal is from low to high."""
        if not self.days or (low <= min(self.days) and max(self.days) <= high):
            return self
        keep = [low <= day <= high for day in self.days]
        ids = None if self.ids is None else list(compress(self.ids, keep))
        columns = (list(compress(column, keep)) for column in self.columns())
        return Facts(*columns, self.values, ids)

    def met(self, row: int) -> Any:
        """What orders the rows as they were met: by instant and id, or by row."""
        return row if self.ids is None else (self.micros[row], self.ids[row])

    @classmethod
    def of_entries(cls, entries: Iterable[Entry]) -> Facts:
        entries = list(entries)
        where: dict[Any, int] = {}

        def place(value: Any) -> int:
            if value is None:
                return -1
            found = where.get(value)
            if found is None:
                found = where[value] = len(where)
            return found

        return cls(
            days=[e.when.toordinal() for e in entries],
            hours=[e.when.hour for e in entries],
            micros=[_micros(e.when) for e in entries],
            urges=[-1 if e.urge is None else e.urge for e in entries],
            responses=[_RESPONSE_CODES[e.response] for e in entries],
            withs=[place(e.with_) for e in entries],
            triggers=[place(e.triggers) for e in entries],
            behaviors=[place(e.behaviors) for e in entries],
            emotions=[place(e.emotions) for e in entries],
            plans=[e.plan or 0 for e in entries],
            plan_used=[-1 if e.plan_used is None else int(e.plan_used) for e in entries],
            values=[*where, None],
        )

    @classmethod
    def of_rows(cls, index: Index, rows: Sequence[int] | None = None) -> Facts:
        """The facts of these rows of a read index (default: all, read in place), in file
        order; every row must be sound. ValueError when a value column points past the
        values (an index made by hand)."""
        # itemgetter gathers the rows' items in C (with one row it returns the item itself)
        gather = itemgetter(*rows) if rows is not None and len(rows) > 1 else None

        def take(column: array[Any]) -> Sequence[Any]:
            if rows is None:
                return column
            return gather(column) if gather else [column[row] for row in rows]

        names = ("days", *(name for name, _ in COLUMNS[5:-1]))  # and micros to plan_used
        taken = {name: take(getattr(index, name)) for name in names}
        for name in _VALUE_COLUMNS:
            column = taken[name]
            if column and (min(column) < -1 or max(column) >= len(index.values)):
                raise ValueError(f"the index's {name} point past its values")
        values: list[Any] = [tuple(v) if type(v) is list else v for v in index.values]
        return cls(*taken.values(), [*values, None], take(index.ids))


def _micros(when: datetime) -> int:
    """An instant as whole microseconds, so that comparing two is comparing the datetimes."""
    if when.tzinfo is None:
        return (when - datetime.min) // _MICRO
    return (when - _EPOCH) // _MICRO


def replace_entry(raw: bytes, rows: Index, row: int, doc: dict[str, Any]) -> Parts:
    """The entries of `raw` (up to their closing brace) with row's document replaced by `doc`;
    `rows` is updated to match. ValueError when `doc` has no readable `when`."""
    moment, day = _placed(doc)
    stamp = moment.timestamp()
    figures = rows._figures([(rows.ids[row], doc)], [(moment, day)], [_micros(moment)], None)
    facts = [column[0] for column in figures]
    body = dumps(doc)
    start, old = rows.offsets[row], rows.lengths[row]
    view = memoryview(raw)
    parts: Parts = [view[:start], body, view[start + old : rows.end]]
    rows._set(row, len(body), stamp, day, facts)
    _shift(rows, row + 1, len(body) - old)
    return parts


def remove_entry(raw: bytes, rows: Index, row: int) -> Parts:
    """The entries of `raw` (up to their closing brace) without row's entry, and the comma
    that joined it to its neighbour; `rows` is updated to match."""
    start = rows.offsets[row] - len(b'"%d":' % rows.ids[row])
    end = rows.offsets[row] + rows.lengths[row]
    if row > 0:
        start -= 1  # the comma before it
    elif len(rows) > 1:
        end += 1  # the first entry: the comma after it
    view = memoryview(raw)
    parts: Parts = [view[:start], view[end : rows.end]]
    for column in rows.columns():
        del column[row]
    _shift(rows, row, start - end)
    return parts


def _shift(rows: Index, first: int, delta: int) -> None:
    """Rows from `first` on, and the closing brace, moved by `delta` bytes."""
    offsets = rows.offsets
    for row in range(first, len(offsets)):
        offsets[row] += delta
    rows.end += delta


def layout(
    data: dict[str, dict[str, Any]], schema: int, *, checked: bool = False
) -> tuple[bytes, Index | None]:
    """The file's bytes in the fixed layout, and their index (None when an entry has no
    readable `when`: such a file is still written, and read the slow way, which names it).
    `checked`: every entry is known to read as a sound entry (see Index.put)."""
    entries = data.get(ENTRIES, {})
    rows = Index(schema)
    parts: Parts = [OPEN]
    position = len(OPEN)
    try:
        listed = [(int(key), doc) for key, doc in entries.items()]
        position = rows.extend(parts, position, listed, checked=checked)
    except ValueError:
        body = b",".join(b'"%s":%s' % (key.encode(), dumps(doc)) for key, doc in entries.items())
        return OPEN + body + close(data), None
    rows.end = position
    parts.append(close(data))
    return b"".join(parts), rows


def close(data: dict[str, dict[str, Any]]) -> bytes:
    """What follows the entries: the brace that closes them, the other tables, the last brace."""
    others = {name: table for name, table in data.items() if name != ENTRIES}
    return b"}," + dumps(others)[1:] if others else b"}}"


def tail_tables(raw: bytes | memoryview | mmap.mmap, index: Index) -> dict[str, dict[str, Any]]:
    """The tables after the entries (meta, challenges), parsed from the end of the file."""
    rest = bytes(raw[index.end + 1 :])
    return loads(b"{" + rest[1:]) if rest.startswith(b",") else {}


def encode(index: Index, sig: Signature) -> bytes:
    return b"".join(_encoded(index, sig))


def _encoded(index: Index, sig: Signature) -> list[bytes | memoryview]:
    """The index file in pieces: the columns as they are in memory, never copied here."""
    values = dumps(index.values)
    header = _HEADER.pack(_MAGIC, _VERSION, index.schema, *sig, index.end, len(index), len(values))
    parts: list[bytes | memoryview] = [header, *map(memoryview, index.columns()), values]
    checksum = 0
    for part in parts:
        checksum = zlib.crc32(part, checksum)
    parts.append(_CHECKSUM.pack(checksum))
    return parts


def decode(raw: bytes, sig: Signature) -> Index | None:
    """The index if it is whole and describes the file with signature `sig`, else None."""
    if len(raw) < _HEADER.size + _CHECKSUM.size:
        return None
    view = memoryview(raw)  # read in place, not copied
    body, (checksum,) = view[: -_CHECKSUM.size], _CHECKSUM.unpack(view[-_CHECKSUM.size :])
    if zlib.crc32(body) != checksum:
        return None
    magic, version, schema, *stored, end, count, size = _HEADER.unpack_from(body)
    if magic != _MAGIC or version != _VERSION or tuple(stored) != sig:
        return None
    if len(body) != _HEADER.size + _ROW_SIZE * count + size:
        return None
    index = Index(schema, end)
    position = _HEADER.size
    for column in index.columns():
        length = column.itemsize * count
        column.frombytes(body[position : position + length])
        position += length
    return _with_values(index, body[position:])


def _with_values(index: Index, raw: bytes | memoryview) -> Index | None:
    """The index with its values, parsed from `raw` (None when they are not a JSON list)."""
    try:
        values = loads(raw)
    except ValueError:
        return None
    if type(values) is not list:
        return None
    index.values = values
    return index


def read(journal: Path, sig: Signature) -> Index | None:
    """The index of the journal whose signature is `sig`, if a sound one is kept. Anything
    but a regular file of a size an index of that journal can have is ignored unread: a FIFO
    would block, /dev/zero never ends."""
    try:
        fd = os.open(path_for(journal), os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        # At most one row per byte of the journal, and its names and lists at most once.
        largest = _HEADER.size + (_ROW_SIZE + 1) * sig[2] + _CHECKSUM.size
        if not stat.S_ISREG(st.st_mode) or st.st_size > largest:
            return None
        if hasattr(os, "preadv"):
            return _read_into_columns(fd, st.st_size, sig)
        with os.fdopen(os.dup(fd), "rb") as fh:
            raw = fh.read(st.st_size + 1)  # read(n) makes an n-byte buffer first: not `largest`
    except (OSError, _ShortRead):
        return None
    finally:
        os.close(fd)
    return decode(raw, sig)


class _ShortRead(Exception):
    """The file gave fewer bytes than its size said (it was not the one measured)."""


def _read_into_columns(fd: int, size: int, sig: Signature) -> Index | None:
    """`decode` of the open index file of `size` bytes, read by the kernel straight into the
    columns: the file is never held in memory a second time."""
    header = bytearray(_HEADER.size)
    if os.preadv(fd, [header], 0) != _HEADER.size:
        return None
    magic, version, schema, *stored, end, count, length = _HEADER.unpack(header)
    if magic != _MAGIC or version != _VERSION or tuple(stored) != sig:
        return None
    whole = _HEADER.size + _ROW_SIZE * count + length + _CHECKSUM.size
    if count < 0 or length < 0 or size != whole:
        return None
    columns = {name: array(code, [0]) * count for name, code in COLUMNS}
    index = Index(schema, end, **columns)
    tail = bytearray(length + _CHECKSUM.size)  # the values, then the checksum
    if os.preadv(fd, [*columns.values(), tail], _HEADER.size) != size - _HEADER.size:
        raise _ShortRead
    view = memoryview(tail)
    checksum = zlib.crc32(header)
    for column in columns.values():
        checksum = zlib.crc32(column, checksum)
    if zlib.crc32(view[:length], checksum) != _CHECKSUM.unpack(view[length:])[0]:
        return None
    return _with_values(index, view[:length])


def write(journal: Path, index: Index, sig: Signature) -> None:
    """Replace the index atomically. No fsync: after a power cut a torn index fails its
    checksum and is ignored. A failure to write it is ignored too: the journal is saved.

    The old index is renamed aside first, and the new one renamed to a name that is free:
    ext4 (auto_da_alloc) starts writing out a file renamed over another at once, which costs
    milliseconds at 50,000 entries. A reader between the two renames finds no index and
    reads the whole file, as after a copy."""
    target = path_for(journal)
    # The temp-name pattern the store sweeps under its lock after a killed writer.
    stamp = time.monotonic_ns()
    tmp, aside = (
        target.with_name(f".{journal.name}.idx.{os.getpid()}.{stamp + n}.tmp") for n in (0, 1)
    )
    kept: Path | None = None
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as fh:
            for part in _encoded(index, sig):
                fh.write(part)
        with contextlib.suppress(FileNotFoundError):
            if stat.S_ISREG(os.lstat(target).st_mode):  # anything else is left to os.replace
                os.rename(target, aside)
                kept = aside
        os.replace(tmp, target)
    except OSError:
        with contextlib.suppress(OSError):
            tmp.unlink(missing_ok=True)
    finally:
        if kept is not None:
            with contextlib.suppress(OSError):
                kept.unlink(missing_ok=True)


def discard(journal: Path) -> None:
    with contextlib.suppress(OSError):
        path_for(journal).unlink(missing_ok=True)
