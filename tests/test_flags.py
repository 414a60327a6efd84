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


# --- the commands, end to end


def shown(run, entry_id: int) -> dict:
    return json.loads(run("show", str(entry_id), "--json").stdout)


def test_add_flag_sets_it_and_json_always_has_the_key(run, add):
    plain = add("-u", "3", "-t", "stress", "plain")
    marked = add("-u", "5", "-t", "closeness", "--flag", "to talk about")
    assert plain["flagged"] is False and marked["flagged"] is True
    listed = json.loads(run("list", "--json").stdout)
    assert [(e["id"], e["flagged"]) for e in listed] == [(2, True), (1, False)]
    exported = json.loads(run("export", "-f", "json").stdout)["entries"]
    assert [e["flagged"] for e in exported] == [False, True]


@pytest.mark.parametrize("indexed", [True, False], ids=["index path", "whole-file path"])
def test_edit_flag_and_unflag(run, add, db_path, indexed):
    add("-u", "3", "-t", "stress", "one")
    add("-u", "4", "-t", "stress", "two")
    if not indexed:
        index.discard(db_path)
    result = run("edit", "1", "--flag", JOURNAL_NOW="2026-11-22T19:00:00+01:00")
    assert result.exit_code == 0, result.output
    assert (
        result.stdout
        == "Updated entry 1: urge 3; stress; response not recorded (2026-11-22 18:30).\n"
    )
    first = shown(run, 1)
    assert first["flagged"] is True and first["updated"] == "2026-11-22T19:00:00+01:00"
    assert first["note"] == "one" and shown(run, 2)["flagged"] is False
    if not indexed:
        index.discard(db_path)
    assert run("edit", "1", "--unflag").exit_code == 0
    assert shown(run, 1)["flagged"] is False
    # with another change, in the same edit
    assert run("edit", "2", "--flag", "-u", "6").exit_code == 0
    assert (shown(run, 2)["flagged"], shown(run, 2)["urge"]) == (True, 6)


def test_edit_of_a_missing_entry_with_flag_is_not_found(run, add):
    add("-u", "3", "-t", "stress", "one")
    result = run("edit", "9", "--flag")
    assert result.exit_code == 1 and result.stderr == "journal: error: no entry with id 9\n"


def entries_in_file(db_path: Path) -> dict:
    return json.loads(db_path.read_bytes())["entries"]


def three_with_two_flagged(run, add) -> None:
    add("-u", "3", "-t", "stress", "-w", "Sam", "--tag", "work", "one")
    add("-u", "4", "-t", "closeness", "two")
    add("-u", "5", "-t", "needs", "--flag", "three")
    assert run("edit", "1", "--flag", JOURNAL_NOW="2026-11-22T19:00:00+01:00").exit_code == 0


@pytest.mark.parametrize("indexed", [True, False], ids=["index path", "whole-file path"])
def test_unflag_all_yes_clears_every_flag_in_one_write_and_nothing_else(run, add, db_path, indexed):
    three_with_two_flagged(run, add)
    if not indexed:
        index.discard(db_path)
    before = entries_in_file(db_path)
    result = run("unflag", "--all", "--yes")
    assert result.exit_code == 0, result.output
    assert result.stdout == "Cleared the flag of 2 entries.\n"
    after = entries_in_file(db_path)
    assert {key: doc["flagged"] for key, doc in after.items()} == {
        "1": False,
        "2": False,
        "3": False,
    }
    for key, doc in before.items():
        assert json.dumps(after[key]) == json.dumps(doc | {"flagged": False})
    assert json.loads(db_path.read_bytes())["meta"]["1"]["schema"] == 4
    assert run("list", "--flagged").stdout == "No entries match these filters.\n"


def test_unflag_all_asks_first(run, add, db_path):
    three_with_two_flagged(run, add)
    before = db_path.read_bytes()
    for answer in ("n\n", "", "\n"):  # no, end of input, the default
        result = run("unflag", "--all", input=answer)
        assert result.exit_code == 1
        assert "Clear the flag of 2 entries (ids 1, 3)? [y/N]" in result.stdout
        assert result.stderr.endswith("Aborted; nothing was changed.\n")
        assert db_path.read_bytes() == before
    result = run("unflag", "--all", input="y\n")
    assert result.exit_code == 0 and result.stdout.endswith("Cleared the flag of 2 entries.\n")
    assert [e["flagged"] for e in entries_in_file(db_path).values()] == [False] * 3


def test_unflag_all_with_nothing_flagged_asks_nothing_and_writes_nothing(run, add, db_path):
    add("-u", "3", "-t", "stress", "one")
    before = db_path.read_bytes()
    for args in (("--all",), ("--all", "--yes")):
        result = run("unflag", *args)
        assert result.exit_code == 0
        assert result.stdout == "No entries are flagged; nothing was changed.\n"
        assert db_path.read_bytes() == before


def test_unflag_all_on_no_journal_changes_nothing(run, db_path):
    result = run("unflag", "--all", "--yes")
    assert result.exit_code == 0 and not db_path.exists()


def test_unflag_without_all_is_bad_input(run, add, db_path):
    add("-u", "3", "-t", "stress", "--flag", "one")
    before = db_path.read_bytes()
    for args in ((), ("--yes",)):
        result = run("unflag", *args)
        assert result.exit_code == 2
        assert (
            result.stderr.startswith("journal: error: give --all")
            and result.stderr.count("\n") == 1
        )
        assert db_path.read_bytes() == before


def test_unflag_all_refuses_a_damaged_journal_and_changes_nothing(run, add, db_path):
    three_with_two_flagged(run, add)
    data = json.loads(db_path.read_bytes())
    data["entries"]["2"]["flagged"] = "yes"
    db_path.write_text(json.dumps(data))
    before = db_path.read_bytes()
    result = run("unflag", "--all", "--yes")
    assert result.exit_code == 3
    assert "entry 2 is damaged: flagged must be true or false" in result.stderr
    assert db_path.read_bytes() == before


def test_list_flagged_combines_with_other_filters(run, add):
    three_with_two_flagged(run, add)
    ids = lambda *args: [e["id"] for e in json.loads(run("list", "--json", *args).stdout)]  # noqa: E731
    assert ids("--flagged") == [3, 1]
    assert ids("--flagged", "-t", "stress") == [1]
    assert ids("--flagged", "-n", "1") == [3]
    assert ids("--flagged", "-t", "closeness") == []
    assert run("list", "--flagged", "-t", "closeness").stdout == "No entries match these filters.\n"


def test_the_mark_column_appears_only_when_something_listed_is_flagged(run, add):
    add("-u", "3", "-t", "stress", "one")
    add("-u", "4", "-t", "closeness", "two")
    unmarked = run("list").stdout
    assert unmarked.splitlines()[0].split() == [
        *("id", "when", "urge", "triggers", "response", "with", "note")
    ]
    assert run("edit", "1", "--flag").exit_code == 0
    marked = run("list").stdout.splitlines()
    assert marked[0].startswith("id      when")
    assert marked[1].startswith(" 2      2026-11-22 18:30")
    assert marked[2].startswith(" 1 flag 2026-11-22 18:30")
    # entry 2 alone is listed: not flagged, so no column
    assert run("list", "-t", "closeness").stdout.splitlines()[0].startswith("id when ")
    assert run("edit", "1", "--unflag").exit_code == 0
    assert run("list").stdout == unmarked


def test_show_marks_a_flagged_entry_in_words(run, add):
    add("-u", "3", "-t", "stress", "one")
    before = run("show", "1").stdout
    assert "flagged" not in before
    assert run("edit", "1", "--flag").exit_code == 0
    lines = run("show", "1").stdout.splitlines()
    assert lines[1] == "flagged    yes: to bring up in your next session"
    assert [line for line in lines if not line.startswith("flagged")] == before.splitlines()


@pytest.mark.parametrize("width", ["80", "60"])
@pytest.mark.parametrize("args", [("list",), ("list", "--flagged"), ("show", "1")])
def test_no_flagged_view_line_ends_in_spaces(run, add, args, width):
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-w", "Sam", "--flag", "A long note " * 12)
    add("-u", "4", "-t", "stress", "-r", "partly", "short")
    result = run(*args, COLUMNS=width)
    assert result.exit_code == 0 and "flag" in result.stdout
    assert [line for line in result.stdout.splitlines() if line != line.rstrip(" ")] == []


# --- export and import


def test_a_json_export_round_trip_keeps_the_flags(run, add, tmp_path):
    three_with_two_flagged(run, add)
    path = tmp_path / "out.json"
    assert run("export", "-f", "json", "-o", str(path)).exit_code == 0
    other = tmp_path / "other" / "j.json"
    result = run("import", str(path), JOURNAL_DB=str(other))
    assert result.exit_code == 0, result.output
    listed = json.loads(run("list", "--json", JOURNAL_DB=str(other)).stdout)
    assert {e["note"]: e["flagged"] for e in listed} == {"one": True, "two": False, "three": True}


def test_an_older_export_without_the_key_imports_as_not_flagged(run, add, tmp_path):
    add("-u", "3", "-t", "stress", "--flag", "one")
    document = json.loads(run("export", "-f", "json").stdout)
    document["schema"] = 2
    for entry in document["entries"]:
        del entry["flagged"]
    path = tmp_path / "old.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other" / "j.json"
    result = run("import", str(path), JOURNAL_DB=str(other))
    assert result.exit_code == 0, result.output
    assert json.loads(run("show", "1", "--json", JOURNAL_DB=str(other)).stdout)["flagged"] is False


def test_an_import_with_a_bad_flagged_is_refused_and_nothing_is_written(run, add, tmp_path):
    add("-u", "3", "-t", "stress", "one")
    document = json.loads(run("export", "-f", "json").stdout)
    document["entries"][0]["flagged"] = "true"
    path = tmp_path / "bad.json"
    path.write_text(json.dumps(document), encoding="utf-8")
    other = tmp_path / "other" / "j.json"
    result = run("import", str(path), JOURNAL_DB=str(other))
    assert result.exit_code == 2 and "flagged must be true or false" in result.stderr
    assert not other.exists()


def test_the_csv_export_has_a_flagged_column(run, add):
    import csv
    import io

    three_with_two_flagged(run, add)
    text = run("export", "-f", "csv").stdout.removeprefix("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0])[-1] == "flagged"
    assert [row["flagged"] for row in rows] == ["true", "false", "true"]
