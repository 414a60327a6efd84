"""Flagged entries (issue 14, "Flag what to talk about"): the stored field (schema 4), its
checks, and the commands that set, clear, filter and show it."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from journalcli import index, store
from journalcli.errors import InputError, StorageError
from journalcli.model import DamagedRecord, Entry, entry_from_record
from journalcli.store import Journal

WHEN = datetime.fromisoformat("2026-11-20T21:30:00+01:00")

# --- the stored field


def test_a_stored_entry_without_flagged_reads_as_not_flagged_and_with_it_as_stored():
    doc = Entry(when=WHEN, urge=2, triggers=("stress",)).to_doc()
    assert list(doc)[-1] == "flagged" and doc["flagged"] is False
    assert Entry.from_doc(1, doc).flagged is False
    assert Entry.from_doc(1, doc | {"flagged": True}).flagged is True
    del doc["flagged"]
    assert Entry.from_doc(1, doc).flagged is False


@pytest.mark.parametrize("value", [None, 0, 1, "true", "yes", [], {}])
def test_a_stored_flagged_that_is_not_true_or_false_is_damage(value):
    doc = Entry(when=WHEN, urge=2, triggers=("stress",)).to_doc() | {"flagged": value}
    with pytest.raises(DamagedRecord, match="entry 7 is damaged: flagged must be true or false"):
        Entry.from_doc(7, doc)


def record(**changes: object) -> dict[str, object]:
    base = Entry(when=WHEN, urge=2, triggers=("stress",)).to_dict()
    return base | changes


def test_an_imported_record_keeps_its_flag_and_one_without_the_key_is_not_flagged():
    assert entry_from_record(record(flagged=True)).flagged is True
    assert entry_from_record(record(flagged=False)).flagged is False
    older = record()
    del older["flagged"]
    assert entry_from_record(older).flagged is False


@pytest.mark.parametrize("value", [None, 0, 1, "true", "false", [True], {"a": 1}])
def test_an_imported_flagged_must_be_a_bool(value):
    with pytest.raises(InputError, match="flagged must be true or false, not "):
        entry_from_record(record(flagged=value))


# --- schema 4


def schema_3_file(path: Path, *, indexed: bool, flagged_key: bool = False) -> bytes:
    """A journal as the program wrote it before flags (schema 3: entries without `flagged`)."""
    doc = Entry(when=WHEN, urge=5, triggers=("stress",), note="before flags").to_doc()
    if not flagged_key:
        del doc["flagged"]
    data = {
        "entries": {"1": doc},
        "meta": {"1": {"schema": 3, "next_id": 2}},
        "reviews": {},
        "plans": {},
    }
    payload, rows = index.layout(data, 3)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    if indexed:
        assert rows is not None
        index.write(path, rows, index.signature(path.stat()))
    return payload


def test_migrating_3_leaves_the_documents_as_they_are():
    assert store.SCHEMA == 4
    data = {"entries": {"1": {"uid": "x", "when": "y"}}, "plans": {}}
    assert store.MIGRATIONS[3](json.loads(json.dumps(data))) == data


@pytest.mark.parametrize("indexed", [True, False], ids=["with its index", "no index"])
def test_a_schema_3_file_reads_as_not_flagged_and_is_migrated_on_its_next_write(
    db_path, run, indexed
):
    before = schema_3_file(db_path, indexed=indexed)
    assert json.loads(run("show", "1", "--json").stdout)["flagged"] is False
    assert json.loads(run("list", "--json").stdout)[0]["flagged"] is False
    assert run("list", "--flagged").stdout == "No entries match these filters.\n"
    assert db_path.read_bytes() == before
    assert run("add", "-u", "3", "-t", "stress", "--flag", "after").exit_code == 0
    data = json.loads(db_path.read_bytes())
    assert data["meta"]["1"]["schema"] == 4
    assert "flagged" not in data["entries"]["1"]  # left as it was: read as false
    assert data["entries"]["2"]["flagged"] is True
    assert [(e.note, e.flagged) for e in Journal(db_path).entries()] == [
        ("before flags", False),
        ("after", True),
    ]
    assert "schema:   4" in run("info").stdout


def test_a_schema_4_file_is_refused_by_a_journal_that_knows_only_schema_3(db_path, monkeypatch):
    Journal(db_path).add(Entry(when=WHEN, urge=1, triggers=("stress",), flagged=True))
    before = db_path.read_bytes()
    monkeypatch.setattr(store, "SCHEMA", 3)
    with pytest.raises(StorageError, match=r"newer journal \(schema 4; this one knows 3\)"):
        Journal(db_path).entries()
    with pytest.raises(StorageError, match="newer journal"):
        Journal(db_path).add(Entry(when=WHEN, urge=1, triggers=("stress",)))
    assert db_path.read_bytes() == before
