"""Selecting entries: the filters behind `journal list` (and export's period), as plain code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from itertools import islice
from typing import NamedTuple

from journalcli.model import Entry


class Filter(NamedTuple):
    """`since` and `until` are naive wall-clock times (dates.parse_wall), compared with each
    entry's own clock: its time in the UTC offset it was recorded with. So a bare date is a
    whole day of the entry's own calendar, the day rule of summary and export."""

    since: datetime | None = None
    until: datetime | None = None
    triggers: tuple[str, ...] = ()
    with_: str | None = None
    response: str | None = None
    search: str | None = None
    flagged: bool = False  # only flagged entries

    def days(self) -> tuple[date | None, date | None]:
        """The local days the bounds allow (for Journal.entries), None where unbounded."""
        return (
            self.since.date() if self.since is not None else None,
            self.until.date() if self.until is not None else None,
        )

    def matches(self, entry: Entry) -> bool:
        if self.flagged and not entry.flagged:
            return False
        if self.since is not None or self.until is not None:
            wall = entry.when.replace(tzinfo=None)
            if self.since is not None and wall < self.since:
                return False
            if self.until is not None and wall > self.until:
                return False
        if self.triggers and not set(self.triggers) & set(entry.triggers):
            return False
        if self.with_ is not None and (entry.with_ or "").casefold() != self.with_.casefold():
            return False
        if self.response is not None and entry.response != self.response:
            return False
        if self.search:
            needle = self.search.casefold()
            haystack = "\n".join((entry.note, " ".join(entry.tags), entry.with_ or ""))
            if needle not in haystack.casefold():
                return False
        return True


def select(newest_first: Iterable[Entry], where: Filter, limit: int | None = None) -> list[Entry]:
    """The matching entries of a newest-first stream, at most `limit` of them; stops reading
    the stream once it has enough."""
    return list(islice((e for e in newest_first if where.matches(e)), limit))
