"""Weekly reviews in the journal file (issue 11): schema 2 adds the reviews table, every stored
review is checked when read, and `journal info` names a damaged one."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from journalcli import index, store
from journalcli.errors import StorageError
from journalcli.model import Entry
from journalcli.store import Journal

WHEN = datetime.fromisoformat("2026-11-20T21:30:00+01:00")


def review(week: str = "2026-W46", **changes: Any) -> dict[str, Any]:
    record = {
        "week": week,
        "created": "2026-11-16T08:00:00+01:00",
        "updated": "2026-11-16T08:05:00+01:00",
        "question": "Which urge surprised you this week?",
        "answer": "The one on Tuesday.",
        "note": "",
    }
    return record | changes


def schema_1_file(path: Path, *, indexed: bool = True) -> bytes:
    """A journal as the program wrote it before reviews existed (schema 1, no reviews table)."""
    entry = Entry(when=WHEN, urge=5, triggers=("stress",), note="before reviews")
    data = {
        "entries": {"1": entry.with_changes(id=1).to_doc()},
        "meta": {"1": {"schema": 1, "next_id": 2}},
        "challenges": {
            "1": {
                "week": "2026-W46",
                "challenge": "ask",
                "done": False,
                "done_at": None,
                "note": "",
            }
        },
    }
    payload, rows = index.layout(data, 1)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    if indexed:
        assert rows is not None
        index.write(path, rows, index.signature(path.stat()))
    return payload


def test_migrating_1_adds_an_empty_reviews_table():
    migrated = store.MIGRATIONS[1]({"meta": {"1": {"schema": 1, "next_id": 1}}})
    assert migrated["reviews"] == {}
    kept = store.MIGRATIONS[1]({"reviews": {"1": review()}})  # never emptied
    assert kept["reviews"] == {"1": review()}


@pytest.mark.parametrize("indexed", [True, False], ids=["with its index", "no index"])
def test_a_schema_1_file_reads_as_before_and_is_migrated_on_its_next_write(db_path, run, indexed):
    before = schema_1_file(db_path, indexed=indexed)
    for args in (("list", "--json"), ("trends", "--json"), ("review", "list", "--json"), ("info",)):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)
    assert json.loads(run("list", "--json").stdout)[0]["note"] == "before reviews"
    assert json.loads(run("review", "list", "--json").stdout) == []
    assert Journal(db_path).schema() == store.SCHEMA
    assert db_path.read_bytes() == before  # reading never writes
    assert run("add", "-u", "3", "-t", "stress", "after").exit_code == 0
    data = json.loads(db_path.read_bytes())
    assert data["meta"]["1"] == {"schema": store.SCHEMA, "next_id": 3}
    assert data["reviews"] == {}
    assert data["plans"] == {}
    assert data["challenges"]["1"]["week"] == "2026-W46"
    assert [e.note for e in Journal(db_path).entries()] == ["before reviews", "after"]
    assert f"schema:   {store.SCHEMA}" in run("info").stdout


def test_a_schema_2_file_is_refused_by_a_journal_that_knows_only_schema_1(db_path, monkeypatch):
    Journal(db_path).save_review(review())
    before = db_path.read_bytes()
    monkeypatch.setattr(store, "SCHEMA", 1)
    with pytest.raises(StorageError, match=r"newer journal \(schema 4; this one knows 1\)"):
        Journal(db_path).reviews()
    with pytest.raises(StorageError, match="newer journal"):
        Journal(db_path).add(Entry(when=WHEN, urge=1, triggers=("stress",)))
    assert db_path.read_bytes() == before


def test_one_review_per_week_saving_again_edits_it(db_path):
    journal = Journal(db_path)
    journal.save_review(review("2026-W46"))
    journal.save_review(review("2026-W45", answer="older"))
    journal.save_review(review("2026-W46", answer="edited", updated="2026-11-17T09:00:00+01:00"))
    stored = Journal(db_path).reviews()
    assert [(r["week"], r["answer"]) for r in stored] == [
        ("2026-W45", "older"),
        ("2026-W46", "edited"),
    ]
    assert len(json.loads(db_path.read_bytes())["reviews"]) == 2


DAMAGE: dict[str, tuple[Any, str]] = {
    "not an object": ("text", "review record 1 is damaged: is not an object"),
    "an unknown field": (
        review(mood="ok"),
        'review of week 2026-W46 is damaged: has an unknown field "mood"',
    ),
    "a missing field": (
        {k: v for k, v in review().items() if k != "answer"},
        "review of week 2026-W46 is damaged: answer is missing",
    ),
    "a bad week": (review("2026-W60"), 'week must be an ISO week like 2026-W47, not "2026-W60"'),
    "a week out of range": (review("1899-W10"), "week must be an ISO week"),
    "a created without offset": (
        review(created="2026-11-16T08:00:00"),
        "created has no UTC offset",
    ),
    "updated before created": (
        review(updated="2026-11-15T08:00:00+01:00"),
        "updated is earlier than created",
    ),
    "an answer that is not text": (review(answer=5), "answer must be a string, not 5"),
    "a null note": (review(note=None), "note must be a string, not null"),
}


@pytest.mark.parametrize("record, message", DAMAGE.values(), ids=list(DAMAGE))
def test_a_damaged_review_is_named_by_info_and_refused_by_the_review_commands(
    db_path, run, record, message
):
    Journal(db_path).add(Entry(when=WHEN, urge=5, triggers=("stress",)))
    data = json.loads(db_path.read_bytes())
    data["reviews"] = {"1": record}
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    result = run("info")
    assert result.exit_code == 3
    assert message in result.stderr
    assert "damaged:  1 record" in result.stdout
    problems = json.loads(run("info", "--json").stdout)["problems"]
    assert len(problems) == 1 and problems[0]["record"].startswith("review")
    for args in (("review", "list"), ("trends",), ("review", "--week", "2026-W46", "--json")):
        refused = run(*args)
        assert refused.exit_code == 3, args
        assert message in refused.stderr and "journal info" in refused.stderr
    assert run("add", "-u", "2", "-t", "stress").exit_code == 3  # a whole-file write refuses
    assert db_path.read_bytes() == before


def test_two_reviews_of_one_week_and_a_key_that_is_not_an_id(db_path, run):
    Journal(db_path).save_review(review())
    data = json.loads(db_path.read_bytes())
    data["reviews"]["2"] = review(answer="again")
    db_path.write_text(json.dumps(data))
    result = run("info")
    assert result.exit_code == 3
    assert "review record 2 is damaged: is a second review of week 2026-W46" in result.stderr
    data["reviews"] = {"x": review()}
    db_path.write_text(json.dumps(data))
    result = run("review", "list")
    assert result.exit_code == 3
    assert "has a reviews table with a key that is not an id" in result.stderr


def test_verify_reads_the_reviews_of_a_backup(db_path):
    Journal(db_path).save_review(review())
    data = json.loads(db_path.read_bytes())
    data["reviews"]["1"]["answer"] = None
    db_path.write_text(json.dumps(data))
    with pytest.raises(StorageError, match="answer must be a string"):
        store.verify(db_path)
