"""index.Index.found (and what it calls) as it was before issue 16's faster scan, kept to check
that the new one makes the very same rows (tests/test_write_path.py). `where` stands for the
index's `_where`, the lookup of values, kept here beside each index."""

# ruff: noqa
from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any

from journalcli.index import (
    _BLANK,
    _CHECKED_FIGURES,
    _EPOCH,
    _MICRO,
    _RESPONSE_CODES,
    _UNSOUND,
    Index,
    _fields,
    _placed,
)


def _placed_all(
    docs: Iterable[dict[str, Any]], moments: Sequence[datetime | None] | None = None
) -> list[tuple[datetime, int]]:
    """`_placed` of each document, parsed a column at a time (`moments`: each `when` already
    parsed by datetime.fromisoformat, as model.checked_doc does, or None where not); anything
    unusual is left to `_placed`, document by document, which says what is wrong."""
    docs = list(docs)
    try:
        whens = [doc["when"] for doc in docs]
        if moments is None or None in moments:
            moments = list(map(datetime.fromisoformat, whens))
            if any(moment.tzinfo is None for moment in moments):
                raise ValueError
        days = map(date.toordinal, map(date.fromisoformat, [when[:10] for when in whens]))
        return list(zip(moments, days, strict=True))
    except (KeyError, TypeError, ValueError):
        return [_placed(doc) for doc in docs]


class Legacy:
    """The old methods, over an Index of the current code."""

    def __init__(self, index: Index) -> None:
        self.index = index
        self._where: dict[Any, int] | None = None

    @property
    def values(self) -> list[Any]:
        return self.index.values

    def columns(self) -> list[Any]:
        return self.index.columns()

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
        moments = None if checked is None else [got and got[1] for got in checked]
        placed = _placed_all([row[3] for row in rows], moments)  # first: ValueError adds nothing
        self.index.ids.extend([row[0] for row in rows])
        self.index.offsets.extend([row[1] for row in rows])
        self.index.lengths.extend([row[2] for row in rows])
        self._place([(row[0], row[3]) for row in rows], placed, sound, checked)

    def _place(
        self,
        entries: Sequence[tuple[int, dict[str, Any]]],
        placed: Sequence[tuple[datetime, int]],
        sound: Sequence[bool] | None,
        checked: Sequence[tuple[Any, ...] | None] | None = None,
    ) -> None:
        """The columns from stamps on of rows whose ids and places are added."""
        micros = [(moment - _EPOCH) // _MICRO for moment, _ in placed]
        # what moment.timestamp() gives, to the bit: CPython divides the same microseconds
        self.index.stamps.extend([micro / 1_000_000 for micro in micros])
        self.index.days.extend([day for _, day in placed])
        figures = self._figures(entries, placed, micros, sound, checked)
        for column, values in zip(self.columns()[5:], figures, strict=True):
            column.extend(values)

    def _figures(
        self,
        entries: Sequence[tuple[int, dict[str, Any]]],
        placed: Sequence[tuple[datetime, int]],
        micros: list[int],
        known: Sequence[bool] | None,
        checked: Sequence[tuple[Any, ...] | None] | None = None,
    ) -> list[list[int]]:
        """The figure columns (micros to sound) of these documents. A row is not sound (and
        all -1 or 0) when its document does not read as an entry, or its local day is not the
        one placed (an unusual ISO form). `known`: whether each document reads as an entry,
        already found (model.Entry.from_doc took it); None: each is checked here.
        `checked`: model.checked_doc of each sound one, its fields taken from there."""
        if checked is not None and known is not None:
            fields = [
                None if got is None or moment.toordinal() != day else _CHECKED_FIGURES(got)
                for got, (moment, day) in zip(checked, placed, strict=True)
            ]
            try:
                return self._columns(micros, [moment.hour for moment, _ in placed], fields)
            except (KeyError, TypeError, ValueError):  # not as checked as it was said to be
                return self._figures(entries, placed, micros, None)
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

    def _columns(
        self, micros: list[int], hours: list[int], fields: list[tuple[Any, ...] | None]
    ) -> list[list[int]]:
        """The figure columns from each row's fields (None: not a sound entry)."""
        unsound = [row for row, got in enumerate(fields) if got is None]
        for row in unsound:
            fields[row] = _BLANK
        if not fields:
            return [[] for _ in _UNSOUND]
        urges, responses, withs, triggers, behaviors, emotions, plans, used = zip(
            *fields, strict=True
        )
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
            [1] * len(fields),
        ]
        for row in unsound:
            for column, blank in zip(columns, _UNSOUND, strict=True):
                column[row] = blank
        return columns

    def _places(self, items: Sequence[Any]) -> list[int]:
        """Where each name or tuple is in `values` (-1: None), new ones added."""
        self._value(None)  # the lookup made
        where = self._where
        assert where is not None
        for item in dict.fromkeys(items):  # each once, in the order met
            if item not in where:
                self._value(item)
        return list(map(where.__getitem__, items))

    def _value(self, value: str | tuple[str, ...] | None) -> int:
        where = self._where
        if where is None:
            where = self._where = {
                (tuple(v) if type(v) is list else v): n for n, v in enumerate(self.values)
            }
            where[None] = -1
        if value is None:
            return -1
        found = where.get(value)
        if found is None:
            found = where[value] = len(self.values)
            self.values.append(list(value) if type(value) is tuple else value)
        return found
