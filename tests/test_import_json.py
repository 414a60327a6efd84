"""Importing our own JSON export: every record checked first (model.entry_from_record), nothing
written unless all are valid, idempotent by uid, and a lossless round trip."""

from __future__ import annotations

import contextlib
import json
import tempfile
import threading
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from journalcli import content, model
from journalcli.errors import InputError

# --- entries as the CLI would store them (clean text, known keys, aware times)

_CHARS = st.characters(blacklist_categories=("Cc", "Cs"))
_WORD = st.text(_CHARS, min_size=1, max_size=12).map(str.strip).filter(bool)
_NOTE = st.text(_CHARS | st.sampled_from("\n\t"), max_size=60).map(
    lambda text: model.clean_text(text, "note", multiline=True)
)
_ZONES = st.integers(-48, 56).map(lambda quarters: timezone(timedelta(minutes=15 * quarters)))
_WHEN = st.datetimes(datetime(1990, 1, 1), datetime(2100, 1, 1), timezones=_ZONES)


def entries() -> st.SearchStrategy[model.Entry]:
    keys = st.deferred(lambda: st.sampled_from(content.trigger_keys()))
    behaviors = st.deferred(lambda: st.sampled_from(content.behavior_keys()))
    return st.builds(
        model.Entry,
        uid=st.uuids().map(str),
        when=_WHEN,
        urge=st.none() | st.integers(0, 10),
        triggers=st.lists(keys, unique=True, max_size=3).map(tuple),
        response=st.none() | st.sampled_from(model.RESPONSES),
        with_=st.none() | _WORD,
        emotions=st.lists(_WORD, unique=True, max_size=3).map(tuple),
        behaviors=st.lists(behaviors, unique=True, max_size=2).map(tuple),
        tags=st.lists(_WORD, unique=True, max_size=3).map(tuple),
        note=_NOTE,
        prompt=st.none() | st.fixed_dictionaries({"question": _WORD, "answer": _NOTE}),
        created=st.none() | _WHEN,
        updated=st.none() | _WHEN,
    )


GOOD = {
    "id": 4,
    "uid": "0b7f3c2e-5a1d-4e8f-9c6b-2d4a8e1f3b5c",
    "when": "2026-11-16T21:30:00+01:00",
    "urge": 7,
    "triggers": ["closeness"],
    "response": "withdrew",
    "with": "Sam",
    "emotions": ["scared"],
    "behaviors": ["silence"],
    "tags": ["home"],
    "note": "He asked about moving in.",
    "prompt": {"question": "What did you need?", "answer": "Space, then him."},
    "created": "2026-11-16T21:35:00+01:00",
    "updated": None,
    "plan": None,
    "plan_used": None,
    "flagged": False,
}


def _check(record: dict) -> model.Entry:
    return model.entry_from_record(
        record, triggers=content.trigger_keys(), behaviors=content.behavior_keys()
    )


def test_a_good_record_becomes_an_entry_without_its_id():
    entry = _check(GOOD)
    assert entry.id is None
    assert entry.to_dict() | {"id": 4} == GOOD


def test_only_uid_and_when_are_required():
    entry = _check({"uid": GOOD["uid"], "when": GOOD["when"]})
    assert (entry.urge, entry.triggers, entry.note, entry.prompt) == (None, (), "", None)


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"mood": 3}, "unknown field 'mood'"),
        ({"uid": None}, "uid must be a UUID string, not None"),
        ({"uid": "not-a-uuid"}, "uid must be a UUID string"),
        ({"when": "2026-11-16T21:30:00"}, "when needs a UTC offset"),
        ({"when": "2026-11-16"}, "when needs a UTC offset"),
        ({"when": "yesterday"}, "when must be an ISO 8601 date-time"),
        ({"when": 1700000000}, "when must be an ISO 8601 date-time"),
        ({"created": "soon"}, "created must be an ISO 8601 date-time"),
        ({"urge": 11}, "urge must be from 0 to 10, not 11"),
        ({"urge": -1}, "urge must be from 0 to 10"),
        ({"urge": 7.5}, "urge must be a whole number from 0 to 10 or null, not 7.5"),
        ({"urge": "7"}, "urge must be a whole number"),
        ({"urge": True}, "urge must be a whole number"),
        ({"triggers": "closeness"}, "triggers must be a list of strings"),
        ({"triggers": [1]}, "triggers must be a list of strings"),
        ({"triggers": ["closenes"]}, "unknown trigger 'closenes'; did you mean 'closeness'?"),
        ({"behaviors": ["ghosting-forever"]}, "unknown behavior 'ghosting-forever'"),
        ({"tags": ["ok", "  "]}, "tags has an empty tag"),
        ({"response": "fled"}, "response must be one of withdrew, stayed, partly or null"),
        ({"response": 1}, "response must be a string or null, not a number"),
        ({"with": ["Sam"]}, "with must be a string or null, not a list"),
        ({"note": None}, "note must be a string, not null"),
        ({"note": "bell\x07"}, "note contains a control character (0x07)"),
        ({"prompt": "What?"}, "prompt must be null or"),
        ({"prompt": {"question": "What?"}}, "prompt must be null or"),
        ({"id": "4"}, "id must be a whole number or null"),
    ],
)
def test_bad_fields_are_named(change, message):
    with pytest.raises(InputError) as caught:
        _check(GOOD | change)
    assert message in str(caught.value)


@pytest.mark.parametrize("missing", ["uid", "when"])
def test_missing_required_fields_are_named(missing):
    record = {key: value for key, value in GOOD.items() if key != missing}
    with pytest.raises(InputError, match=f"missing field '{missing}'"):
        _check(record)


def test_not_an_object():
    with pytest.raises(InputError, match="must be an object, not a list"):
        model.entry_from_record([GOOD])


def test_long_values_are_shortened_in_messages():
    with pytest.raises(InputError) as caught:
        _check(GOOD | {"uid": "x" * 500})
    assert len(str(caught.value)) < 100


def test_any_trigger_passes_when_no_known_keys_are_given():
    entry = model.entry_from_record(GOOD | {"triggers": ["my-own"]})
    assert entry.triggers == ("my-own",)


@settings(deadline=None)  # the first example loads the trigger data
@given(entries())
def test_every_entry_survives_its_public_form(entry):
    back = _check(entry.to_dict())
    assert back.to_dict() == entry.to_dict() | {"id": None}


_JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=8),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=8,
)


@settings(deadline=None)  # the first example loads the trigger data
@given(st.dictionaries(st.sampled_from([*model.FIELDS, "x"]), _JSON))
def test_junk_is_refused_with_an_input_error_only(record):
    with contextlib.suppress(InputError):  # any other exception fails the test
        _check(record)


# --- import through the CLI


def _export(run, *args: str) -> dict:
    result = run("export", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _without_ids(document: dict) -> list[dict]:
    return [entry | {"id": None} for entry in document["entries"]]


@pytest.fixture
def exported(run, add, tmp_path) -> Path:
    add("-u", "7", "-t", "closeness", "-r", "withdrew", "-w", "Sam", "-d", "nov 16 21:30", "a")
    add("-u", "2", "-t", "conflict", "-e", "calm", "--tag", "Zoë", "-d", "nov 18 8:00", "b\n\nc")
    add("-u", "0", "-r", "stayed", "-d", "nov 20 12:00")
    path = tmp_path / "backup.json"
    assert run("export", "-f", "json", "-o", str(path)).exit_code == 0
    return path


def test_round_trip_through_an_empty_journal(run, exported, tmp_path):
    before = json.loads(exported.read_text(encoding="utf-8"))
    fresh = str(tmp_path / "fresh.json")
    result = run("--db", fresh, "import", str(exported))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"Imported 3 entries from {exported}; skipped 0 already in the journal.\n"
    )
    after = json.loads(run("--db", fresh, "export", "-f", "json").stdout)
    assert _without_ids(after) == _without_ids(before)


def test_importing_twice_adds_nothing_and_writes_nothing(run, exported, db_path):
    first = run("import", str(exported))
    assert "Imported 0 entries" in first.stdout and "skipped 3" in first.stdout
    before = db_path.read_bytes()
    again = run("import", str(exported))
    assert again.exit_code == 0
    assert db_path.read_bytes() == before
    assert len(_export(run)["entries"]) == 3


def test_dry_run_reports_and_writes_nothing(run, exported, tmp_path):
    fresh = tmp_path / "fresh" / "journal.json"
    result = run("--db", str(fresh), "import", str(exported), "--dry-run")
    assert result.exit_code == 0
    assert result.stdout == (
        "Dry run: would add 3 entries and skip 0 already in the journal; nothing was written.\n"
    )
    assert not fresh.parent.exists()


def test_one_invalid_record_stops_the_whole_import(run, exported, tmp_path):
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["entries"][1]["urge"] = 11
    document["entries"][2]["response"] = "fled"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    fresh = tmp_path / "fresh" / "journal.json"
    result = run("--db", str(fresh), "import", str(bad))
    assert result.exit_code == 2
    second = document["entries"][1]
    assert result.stderr == (
        f"journal: error: {bad}: entries[1] (uid {second['uid']}, when {second['when']}): "
        "urge must be from 0 to 10, not 11 (and 1 more invalid); nothing was imported\n"
    )
    assert not fresh.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("{", "not valid JSON (line 1, column 2"),
        ('{"entries": []}', 'not a journal export (no "schema" number)'),
        ('{"schema": 4, "entries": []}', "written by a newer journal (export schema 4"),
        ('{"schema": 1}', 'not a journal export (expected an object with an "entries" list)'),
        ('"hello"', "not a journal export"),
        ("[" * 100_000, "nested too deeply"),
        ('{"schema": 1, "entries": [3]}', "entries[0]: must be an object, not a number"),
    ],
)
def test_files_that_are_not_exports_are_refused(run, tmp_path, db_path, text, message):
    path = tmp_path / "in.json"
    path.write_text(text, encoding="utf-8")
    result = run("import", str(path))
    assert result.exit_code == 2
    assert message in result.stderr and result.stderr.count("\n") == 1
    assert not db_path.exists()


def test_unreadable_input_is_one_line(run, tmp_path):
    missing = run("import", str(tmp_path / "nope.json"))
    assert missing.exit_code == 2
    assert (
        missing.stderr
        == f"journal: error: {tmp_path / 'nope.json'}: cannot read (No such file or directory)\n"
    )
    latin = tmp_path / "latin1.json"
    latin.write_bytes(b'{"note": "caf\xe9"}')
    assert "not UTF-8 text" in run("import", str(latin)).stderr


def test_list_json_output_and_stdin_are_accepted(run, add, tmp_path):
    add("-u", "5", "-t", "closeness", "-r", "stayed", "one")
    listed = run("list", "--json").stdout
    fresh = str(tmp_path / "fresh.json")
    result = run("--db", fresh, "import", "-", input=listed)
    assert result.stdout == "Imported 1 entry from <stdin>; skipped 0 already in the journal.\n"
    assert json.loads(run("--db", fresh, "list", "--json").stdout)[0]["note"] == "one"


def test_unknown_trigger_in_a_backup_is_refused(run, exported, tmp_path):
    document = json.loads(exported.read_text(encoding="utf-8"))
    document["entries"][0]["triggers"] = ["closenes"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(document), encoding="utf-8")
    result = run("import", str(bad))
    assert "unknown trigger 'closenes'; did you mean 'closeness'?" in result.stderr


# --- core: the decision is made on a fresh read under the lock


def _journal(path: Path):
    from journalcli.store import Journal

    return Journal(path)


def test_a_stale_reader_still_cannot_duplicate(tmp_path):
    records = [GOOD | {"uid": f"00000000-0000-4000-8000-{i:012d}"} for i in range(5)]
    batch = [_check(record) for record in records]
    first, second = _journal(tmp_path / "j.json"), _journal(tmp_path / "j.json")
    assert second.preview_new(batch)[0] == batch  # second's snapshot: nothing there yet
    assert len(first.add_new(batch)[0]) == 5
    added, skipped = second.add_new(batch)
    assert (added, len(skipped)) == ([], 5)


def test_two_imports_at_once_add_each_entry_once(tmp_path):
    records = [GOOD | {"uid": f"00000000-0000-4000-8000-{i:012d}"} for i in range(2000)]
    batch = [_check(record) for record in records]
    path = tmp_path / "j.json"
    start = threading.Barrier(2)
    results: list[int] = []

    def work() -> None:
        start.wait()
        results.append(len(_journal(path).add_new(batch)[0]))

    threads = [threading.Thread(target=work) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 2000]
    assert len(_journal(path).entries()) == 2000


def test_ten_thousand_records_take_one_lock_and_one_write(run, tmp_path, monkeypatch):
    from journalcli import store

    writes: list[int] = []
    real = store.write_atomic
    monkeypatch.setattr(store, "write_atomic", lambda *a, **k: (writes.append(1), real(*a, **k)))
    records = [
        GOOD | {"uid": f"00000000-0000-4000-8000-{i:012d}", "note": f"entry {i}"}
        for i in range(10_000)
    ]
    path = tmp_path / "big.json"
    path.write_text(json.dumps({"schema": 1, "entries": records}), encoding="utf-8")
    result = run("import", str(path))
    assert result.stdout.startswith("Imported 10000 entries")
    assert writes == [1]
    assert len(_export(run)["entries"]) == 10_000


@settings(max_examples=30, deadline=None)
@given(st.lists(entries(), max_size=6, unique_by=lambda entry: entry.uid))
def test_round_trip_is_lossless(batch):
    from journalcli import exporters, importers

    stamp = datetime(2026, 11, 22, 18, 30, tzinfo=timezone(timedelta(hours=1)))
    with tempfile.TemporaryDirectory() as folder:
        source, target = _journal(Path(folder, "a.json")), _journal(Path(folder, "b.json"))
        source.add_many(batch)
        first = json.loads("".join(exporters.json_chunks(source.entries(), [], stamp)))
        imported = importers.read_json(
            first, "a.json", triggers=content.trigger_keys(), behaviors=content.behavior_keys()
        )
        target.add_new(imported)
        second = json.loads("".join(exporters.json_chunks(target.entries(), [], stamp)))
    assert len(first["entries"]) == len(batch)
    assert _without_ids(second) == _without_ids(first)
