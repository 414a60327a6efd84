"""Import refuses absurd files and records as a whole: one line, exit 2, the record named, the
journal unchanged, never a traceback. Entries far in the future or out of range, a uid
repeated in one file, and restoring an export into an empty journal keeps its ids."""

from __future__ import annotations

import contextlib
import json
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import NOW
from journalcli import importers, model
from journalcli.errors import InputError
from journalcli.store import Journal

GOOD: dict[str, Any] = {
    "id": 4,
    "uid": "0b7f3c2e-5a1d-4e8f-9c6b-2d4a8e1f3b5c",
    "when": "2026-11-16T21:30:00+01:00",
    "urge": 7,
    "triggers": ["closeness"],
    "response": "withdrew",
    "with": "Sam",
    "note": "He asked about moving in.",
}
JRNL: dict[str, Any] = {
    "title": "Busy day.",
    "body": "Skipped lunch.",
    "date": "2026-11-20",
    "time": "09:00",
    "tags": ["@work"],
    "starred": False,
}


@pytest.fixture
def journal(add, db_path) -> bytes:
    """A journal with one entry; the test checks its bytes are unchanged."""
    add("-u", "6", "-t", "needs", "-q", "already here")
    return db_path.read_bytes()


def _import(run, tmp_path: Path, raw: bytes, *args: str):
    path = tmp_path / "in.json"
    path.write_bytes(raw)
    return run("import", str(path), *args), path


def _one_line(result, message: str) -> str:
    assert result.exit_code == 2, result.output
    [line] = result.stderr.splitlines()
    assert line.startswith("journal: error: ") and message in line, line
    return line


def _export(*records: dict[str, Any]) -> bytes:
    return json.dumps({"schema": 1, "entries": list(records)}).encode()


def _jrnl(*records: dict[str, Any]) -> bytes:
    return json.dumps({"tags": {}, "entries": list(records)}).encode()


# --- absurd values: each a member of the class "a value no entry can hold"

ABSURD_JSON = {
    "a 5,000-digit urge": (
        json.dumps(GOOD).replace('"urge": 7', '"urge": 1' + "0" * 4999),
        "a number 5,000 digits long",
    ),
    "a 101-digit negative id": (
        json.dumps(GOOD).replace('"id": 4', '"id": -' + "9" * 101),
        "a number 101 digits long",
    ),
    "an urge of 1e999": (json.dumps(GOOD).replace('"urge": 7', '"urge": 1e999'), "not inf"),
    "an urge of NaN": (json.dumps(GOOD).replace('"urge": 7', '"urge": NaN'), "not nan"),
    "a when of -Infinity": (
        json.dumps(GOOD).replace('"2026-11-16T21:30:00+01:00"', "-Infinity"),
        "when must be an ISO 8601 date-time string, not -inf",
    ),
    "an urge nested 100,000 deep": (
        json.dumps(GOOD).replace('"urge": 7', '"urge": ' + "[" * 100_000 + "]" * 100_000),
        "nested too deeply",
    ),
    "a note nested 500 deep": (
        json.dumps(GOOD | {"note": json.loads("[" * 500 + "]" * 500)}),
        "note must be a string, not a list",
    ),
    "a uid nested 500 deep": (
        json.dumps(GOOD | {"uid": json.loads("[" * 500 + "]" * 500)}),
        "uid must be a UUID string, not a list",
    ),
    "a 50 MB note": (json.dumps(GOOD | {"note": "x" * 50_000_000}), "note is longer than"),
    "a huge with": (json.dumps(GOOD | {"with": "Sam " * 100_000}), "with is longer than"),
    "a huge tag": (json.dumps(GOOD | {"tags": ["t" * 200_000]}), "tag is longer than"),
    "10,000 tags": (
        json.dumps(GOOD | {"tags": [f"t{i}" for i in range(10_000)]}),
        "tags has more than 1,000 items",
    ),
    "a huge prompt answer": (
        json.dumps(GOOD | {"prompt": {"question": "q", "answer": "a" * 200_000}}),
        "prompt answer is longer than",
    ),
    "a huge unknown field name": (json.dumps(GOOD | {"k" * 1_000_000: 1}), "unknown field 'kkk"),
    "an id of 10**30": (json.dumps(GOOD | {"id": 10**30}), "id must be from 1 to"),
    "an id of 2**63": (json.dumps(GOOD | {"id": 2**63}), "id must be from 1 to"),
    "a negative id": (json.dumps(GOOD | {"id": -1}), "id must be from 1 to"),
    "an id of 0": (json.dumps(GOOD | {"id": 0}), "id must be from 1 to"),
    "an id of 4.0": (json.dumps(GOOD | {"id": 4.0}), "id must be a whole number or null"),
    "a when in year 1": (
        json.dumps(GOOD | {"when": "0001-01-01T00:00:00+14:00"}),
        "when is out of range (dates from 1900 to 9998)",
    ),
    "a when past year 9999 in UTC": (
        json.dumps(GOOD | {"when": "9999-12-31T23:59:59-12:00"}),
        "when is out of range",
    ),
    "a when in 9999": (
        json.dumps(GOOD | {"when": "9999-06-01T00:00:00+00:00"}),
        "when is out of range",
    ),
    "a created in year 1": (
        json.dumps(GOOD | {"created": "0001-01-01T00:00:00-01:00"}),
        "created is out of range",
    ),
    "an updated in 9999": (
        json.dumps(GOOD | {"updated": "9999-12-31T23:00:00+00:00"}),
        "updated is out of range",
    ),
    "a when two days ahead": (
        json.dumps(GOOD | {"when": "2026-11-24T18:30:01+01:00"}),
        "is more than a day in the future",
    ),
    "a when far ahead in another zone": (
        json.dumps(GOOD | {"when": "2027-01-01T00:00:00-12:00"}),
        "is more than a day in the future",
    ),
}


def _as_export(text: str) -> bytes:
    return ('{"schema": 1, "entries": [' + text + "]}").encode()


@pytest.mark.parametrize("case", list(ABSURD_JSON))
def test_absurd_json_records_are_one_line_and_change_nothing(run, tmp_path, db_path, journal, case):
    text, message = ABSURD_JSON[case]
    result, _ = _import(run, tmp_path, _as_export(text))
    line = _one_line(result, message)
    # the value is quoted short, never in full (the temp folder's own length does not count)
    assert len(line.replace(str(tmp_path), "")) < 400
    assert db_path.read_bytes() == journal


def test_records_are_named_by_position_uid_and_when(run, tmp_path, journal, db_path):
    second = GOOD | {
        "uid": "11111111-1111-4111-8111-111111111111",
        "when": "0001-01-01T00:00+01:00",
    }
    result, path = _import(run, tmp_path, _export(GOOD, second))
    line = _one_line(result, f"{path}: entries[1] (uid {second['uid']}, when 0001-01-01")
    assert line.endswith("; nothing was imported")
    assert db_path.read_bytes() == journal


def test_a_day_ahead_is_still_accepted(run, tmp_path):
    # now is 2026-11-22 18:30 +01:00: an entry up to a day later passes (zones set wrong).
    record = GOOD | {"when": "2026-11-23T18:29:00+01:00"}
    result, _ = _import(run, tmp_path, _export(record))
    assert result.exit_code == 0, result.output


ABSURD_JRNL = {
    "a date in year 1": (JRNL | {"date": "0001-01-01"}, "date is out of range"),
    "a date in 9999": (JRNL | {"date": "9999-12-31", "time": "23:59"}, "date is out of range"),
    "a date in 1899": (JRNL | {"date": "1899-12-31"}, "date is out of range"),
    "a date two days ahead": (JRNL | {"date": "2026-11-24", "time": "19:00"}, "in the future"),
    "a 50 MB title": (JRNL | {"title": "x" * 50_000_000}, "title and body are longer"),
    "a huge body": (JRNL | {"body": "y" * 200_000}, "title and body are longer"),
    "a huge tag": (JRNL | {"tags": ["@" + "t" * 200_000]}, "a tag is longer"),
    "5,000 tags": (JRNL | {"tags": [f"@t{i}" for i in range(5_000)]}, "more than 1,000"),
    "a nested tag": (JRNL | {"tags": [json.loads("[" * 500 + "]" * 500)]}, "list of strings"),
    "a time of 99:99": (JRNL | {"time": "99:99"}, "time must look like 21:30"),
    "a number for a body": (JRNL | {"body": 1e999}, "body must be a string"),
    "a starred NaN": (JRNL | {"starred": float("nan")}, "starred must be true or false"),
}


@pytest.mark.parametrize("case", list(ABSURD_JRNL))
def test_absurd_jrnl_records_are_one_line_and_change_nothing(run, tmp_path, db_path, journal, case):
    record, message = ABSURD_JRNL[case]
    result, _ = _import(run, tmp_path, _jrnl(JRNL, record), "-f", "jrnl")
    line = _one_line(result, message)
    assert "entries[1]" in line and len(line) < 400
    assert db_path.read_bytes() == journal


@pytest.mark.parametrize(
    ("raw", "message"),
    [
        (b'{"schema": 1, "entries": [{"note": "caf\xe9"}]}', "not UTF-8 text (byte 0xe9"),
        (_export(GOOD).decode().encode("utf-16"), "UTF-16 (or UTF-32) text; save it as UTF-8"),
        (_export(GOOD).decode().encode("utf-16-le"), "UTF-16"),
        (_export(GOOD).decode().encode("utf-16-be"), "UTF-16"),
        (_export(GOOD).decode().encode("utf-32"), "UTF-16 (or UTF-32)"),
        (b"\x00\x00\x00\x00", "UTF-16"),
        (bytes(range(256)), "UTF-16"),
        (b"\x80" * 10, "not UTF-8 text (byte 0x80 at position 0)"),
        (b"", "not valid JSON"),
    ],
)
@pytest.mark.parametrize("format_", ["json", "jrnl"])
def test_files_that_are_not_utf8_text(run, tmp_path, db_path, journal, raw, message, format_):
    result, _ = _import(run, tmp_path, raw, "-f", format_)
    _one_line(result, message)
    assert db_path.read_bytes() == journal


def test_stdin_that_is_not_utf8(run, journal, db_path):
    result = run("import", "-", input=b"\xff\xfe{\x00")
    _one_line(result, "<stdin>: UTF-16")
    assert db_path.read_bytes() == journal


def test_a_folder_is_not_a_file(run, tmp_path, journal, db_path):
    result = run("import", str(tmp_path))
    _one_line(result, "is a folder, not a file")
    assert db_path.read_bytes() == journal


# --- a uid repeated inside one file


def test_a_repeated_uid_with_other_content_is_refused_naming_both(run, tmp_path, journal, db_path):
    other = GOOD | {"note": "A different story.", "id": 9}
    result, _ = _import(run, tmp_path, _export(GOOD, GOOD | {"uid": _uid(1)}, other))
    line = _one_line(result, "entries[2] (uid 0b7f3c2e")
    assert "repeats the uid of entries[0] (a uid names one entry) with different content" in line
    assert db_path.read_bytes() == journal


def test_an_exact_repeat_is_imported_once_and_reported(run, tmp_path, db_path):
    records = [GOOD, GOOD | {"uid": _uid(1), "id": 5}, GOOD, GOOD]
    result, path = _import(run, tmp_path, _export(*records))
    assert result.exit_code == 0, result.output
    assert result.stdout == (
        f"Imported 2 entries from {path}; skipped 0 already in the journal.\n"
        "Skipped 2 records repeated in the file "
        "(entries[2] repeats entries[0], entries[3] repeats entries[0]).\n"
    )
    again = run("import", str(path), "--dry-run")
    assert again.stdout.startswith("Dry run: would add 0 entries and skip 2 already")
    assert "Skipped 2 records repeated in the file" in again.stdout
    assert len(Journal(db_path).entries()) == 2


def test_a_repeated_jrnl_entry(run, tmp_path, db_path, journal):
    result, _ = _import(run, tmp_path, _jrnl(JRNL, JRNL | {"tags": ["@home"]}), "-f", "jrnl")
    _one_line(result, "entries[1] (2026-11-20 09:00): repeats the uid of entries[0] (same date")
    assert db_path.read_bytes() == journal
    result, _ = _import(run, tmp_path, _jrnl(JRNL, JRNL), "-f", "jrnl")
    assert result.exit_code == 0
    assert "Imported 1 entry" in result.stdout
    assert "Skipped 1 record repeated in the file (entries[1] repeats entries[0])." in result.stdout


# --- ids: kept by a restore into an empty journal, new otherwise


def _uid(n: int) -> str:
    return f"00000000-0000-4000-8000-{n:012d}"


def _ids(run, *db: str) -> list[int]:
    return sorted(entry["id"] for entry in json.loads(run(*db, "list", "--json").stdout))


def test_an_export_restored_into_an_empty_journal_keeps_its_ids(run, add, tmp_path):
    for n in range(5):
        add("-u", "3", "-t", "needs", "-q", f"entry {n}")
    run("delete", "2", "-y")
    run("delete", "4", "-y")
    backup = tmp_path / "backup.json"
    assert run("export", "-f", "json", "-o", str(backup)).exit_code == 0
    fresh = ("--db", str(tmp_path / "fresh" / "journal.json"))
    assert run(*fresh, "import", str(backup)).exit_code == 0
    assert _ids(run, *fresh) == [1, 3, 5]
    before = json.loads(run("export", "-f", "json").stdout)["entries"]
    assert json.loads(run(*fresh, "export", "-f", "json").stdout)["entries"] == before
    saved = run(*fresh, "add", "-u", "2", "-t", "needs", "-q", "next")
    assert saved.stdout.startswith("Saved entry 6:")


def test_the_counter_never_moves_back(run, add, tmp_path, db_path):
    for n in range(4):
        add("-u", "3", "-t", "needs", "-q", f"entry {n}")
    for n in range(1, 5):
        run("delete", str(n), "-y")
    result, _ = _import(run, tmp_path, _export(GOOD | {"id": 2}))
    assert result.exit_code == 0
    assert _ids(run) == [2]
    assert run("add", "-u", "2", "-t", "needs", "-q").stdout.startswith("Saved entry 5:")


def test_into_a_journal_with_entries_the_ids_are_new(run, tmp_path, journal):
    result, _ = _import(run, tmp_path, _export(GOOD | {"id": 1}, GOOD | {"uid": _uid(2), "id": 9}))
    assert result.exit_code == 0
    assert _ids(run) == [1, 2, 3]


@pytest.mark.parametrize(
    "ids",
    [[7, 7], [7, None], [None, None]],
    ids=["a repeated id", "one without an id", "no ids"],
)
def test_ids_that_cannot_all_be_kept_are_all_new(run, tmp_path, ids):
    records = [GOOD | {"uid": _uid(n), "id": i} for n, i in enumerate(ids)]
    result, _ = _import(run, tmp_path, _export(*records))
    assert result.exit_code == 0, result.output
    assert _ids(run) == [1, 2]


def test_the_highest_id_allowed_is_kept(run, tmp_path):
    top = model.ID_LIMIT - 1
    result, _ = _import(run, tmp_path, _export(GOOD | {"id": top}))
    assert result.exit_code == 0, result.output
    assert _ids(run) == [top]


def test_jrnl_into_an_empty_journal_gets_ids_from_1(run, tmp_path):
    second = JRNL | {"time": "10:00"}
    result, _ = _import(run, tmp_path, _jrnl(JRNL, second), "-f", "jrnl")
    assert result.exit_code == 0
    assert _ids(run) == [1, 2]


# --- property: whatever the file holds, reading it is an entry list or an InputError

_HOSTILE_LEAF = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**40), max_value=10**40)
    | st.floats()  # nan and infinities included
    | st.text(max_size=12)
    | st.sampled_from(["0001-01-01T00:00:00+14:00", "9999-12-31T23:59:59-12:00", GOOD["uid"]])
)
_HOSTILE = st.recursive(
    _HOSTILE_LEAF,
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(), children),
    max_leaves=10,
)


@settings(deadline=None, max_examples=200)
@given(
    st.lists(
        st.dictionaries(
            st.sampled_from([*model.FIELDS, "title", "body", "date", "time", "starred"]),
            _HOSTILE,
        ),
        max_size=3,
    )
)
def test_any_records_give_entries_or_an_input_error(records):
    now = datetime.fromisoformat(NOW)
    for reader in (
        lambda data: importers.read_json(data, "f", now=now),
        lambda data: importers.read_jrnl(data, "f", now),
    ):
        for data in ({"schema": 1, "tags": {}, "entries": records}, records):
            with contextlib.suppress(InputError):  # anything else fails the test
                reader(importers.load(json.dumps(data), "f"))


@settings(deadline=None, max_examples=200)
@given(st.text(max_size=40))
def test_any_text_gives_json_or_an_input_error(text):
    with contextlib.suppress(InputError):
        importers.load(text, "f")
