"""Child process for test_crash.py: adds and edits entries until it is killed.

usage: python crash_writer.py PATH ours|plain add|edit  (the operation to start with)

"ours" goes through journalcli's Journal; "plain" uses TinyDB's default JSONStorage, which
writes the file in place. Prints "ready" once imported, "add" / "edit" as each operation
starts and "writing" once the new content is serialised, just before it goes to disk (so the
parent can aim its kill), and "added ID" after each add has returned (so the parent knows
which entries must survive).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import Any

WHEN = datetime.fromisoformat("2026-11-22T18:30:00+01:00")
LONG, CHUNK = "edited " * 2000, 1000


def edited(note: str) -> str:
    """Shorter by a chunk (once short, long again): everything after this entry near the start
    of the file moves back, so a half-done in-place write leaves old bytes at the end."""
    return note[:-CHUNK] if len(note) > 2 * CHUNK else LONG


def announce_writes(kind: str) -> None:
    """Say "writing" right before the new content goes to disk, then go on: ours hands the
    whole file to store.write_atomic; TinyDB's default storage serialises it (json.dumps, or
    orjson where installed) just before writing it in place."""
    if kind == "ours":
        from journalcli import store

        store.write_atomic = _announcing(store.write_atomic)
        return
    import importlib
    import json

    modules = [json]
    with contextlib.suppress(ImportError):
        modules.append(importlib.import_module("orjson"))
    for module in modules:
        module.dumps = _announcing(module.dumps, after=True)


def _announcing(function: Callable[..., Any], after: bool = False) -> Callable[..., Any]:
    def announcing(*args: Any, **kwargs: Any) -> Any:
        if not after:
            print("writing", flush=True)
        result = function(*args, **kwargs)
        if after:
            print("writing", flush=True)
        return result

    return announcing


def key() -> Callable[[], str] | None:
    """The key of an encrypted journal under test, from $JOURNAL_TEST_IDENTITY (else None)."""
    identity = os.environ.get("JOURNAL_TEST_IDENTITY")
    return (lambda: identity) if identity else None


def ours(path: Path, first: str) -> None:
    from journalcli.model import Entry
    from journalcli.store import Journal

    for n in itertools.count():
        if n or first == "add":
            print("add", flush=True)
            new = Entry(when=WHEN, urge=n % 11, triggers=("stress",), note="new")
            print(f"added {Journal(path, identity=key()).add(new).id}", flush=True)
        print("edit", flush=True)
        Journal(path, identity=key()).replace(
            1 + n % 5, lambda e: e.with_changes(note=edited(e.note))
        )


def plain(path: Path, first: str) -> None:
    from tinydb import TinyDB

    from journalcli.model import Entry

    doc = Entry(when=WHEN, urge=3, triggers=("stress",), note="new").to_doc()
    for n in itertools.count():
        if n or first == "add":
            print("add", flush=True)
            with TinyDB(path) as db:
                doc_id = db.table("entries").insert(doc)
            print(f"added {doc_id}", flush=True)
        print("edit", flush=True)
        with TinyDB(path) as db:
            db.table("entries").update(edit_note, doc_ids=[1 + n % 5])


def edit_note(doc: dict[str, object]) -> None:
    doc["note"] = edited(str(doc["note"]))


if __name__ == "__main__":
    target, kind, first = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    announce_writes(kind)
    print("ready", flush=True)
    {"ours": ours, "plain": plain}[kind](target, first)
