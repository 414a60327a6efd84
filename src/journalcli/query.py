"""Selecting entries: the filters behind `journal list` (and export's period), as plain code."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from typing import NamedTuple

from journalcli.model import Entry


class Filter(NamedTuple):
    since: datetime | None = None
    until: datetime | None = None
    triggers: tuple[str, ...] = ()
    with_: str | None = None
    response: str | None = None
    search: str | None = None

    def matches(self, entry: Entry) -> bool:
        if self.since is not None and entry.when < self.since:
            return False
        if self.until is not None and entry.when > self.until:
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


def select(entries: Iterable[Entry], where: Filter, limit: int | None = None) -> list[Entry]:
    """Matching entries, newest first, at most `limit` of them."""
    found = sorted(
        (e for e in entries if where.matches(e)), key=lambda e: (e.when, e.id or 0), reverse=True
    )
    return found[:limit] if limit is not None else found
