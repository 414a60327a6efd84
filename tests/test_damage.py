"""Damaged stored data (issue 10): every field of every stored entry and challenge record is
checked when it is read, through the index and from the whole file. A command that reads a
damaged record exits 3 with one line naming the file, the record and the field; `journal info`
names each damaged record; a change either refuses or leaves a damaged record as it was."""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest

from journalcli import index
from journalcli.errors import StorageError
from journalcli.model import DamagedRecord, Entry
from journalcli.store import SCHEMA, Journal

WHEN = datetime.fromisoformat("2026-11-20T21:30:00+01:00")
Doc = dict[str, Any]


def entry(number: int) -> Entry:
    when = WHEN + timedelta(hours=number)
    return Entry(
        when=when,
        urge=number % 11,
        triggers=("closeness",),
        response="stayed",
        with_="Sam",
        emotions=("tense",),
        tags=("home",),
        note=f"note {number}",
        uid=str(uuid.UUID(int=number)),
        created=when,
        updated=when,
    )


def challenge(week: str, *, done: bool = False) -> Doc:
    done_at = "2026-11-20T09:00:00+01:00" if done else None
    return {"week": week, "challenge": "ask", "done": done, "done_at": done_at, "note": ""}


def sound(entries: int = 3) -> dict[str, Doc]:
    """A valid journal as this program writes it: entries 1..n and two challenge records."""
    docs = {str(n): entry(n).to_doc() for n in range(1, entries + 1)}
    return {
        "entries": docs,
        "meta": {"1": {"schema": SCHEMA, "next_id": entries + 1}},
        "challenges": {"1": challenge("2026-W46", done=True), "2": challenge("2026-W47")},
    }


def store(path: Path, data: dict[str, Doc], *, indexed: bool) -> bytes:
    """Write `data` in the program's own layout, with a matching index or none (as after a
    change by another program). Returns the file's bytes."""
    payload, rows = index.layout(data, SCHEMA)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(payload)
    if indexed:
        assert rows is not None, "this damage cannot be indexed"
        index.write(path, rows, index.signature(path.stat()))
    else:
        index.discard(path)
    return payload


def state(path: Path) -> tuple[bytes, int]:
    return path.read_bytes(), path.stat().st_mtime_ns


def one_error(result: Any, *parts: str) -> str:
    """Exit 3 and exactly one line on stderr that holds every one of `parts`."""
    assert result.exit_code == 3, (result.exit_code, result.output)
    [line] = result.stderr.splitlines()
    for part in parts:
        assert part in line, (part, line)
    return line


# --- damaged entries: (what is done to entry 2's document, the field the message names)

_SET = object()


def setting(field: str, value: Any = _SET) -> Callable[[Doc], None]:
    def damage(doc: Doc) -> None:
        if value is _SET:
            del doc[field]
        else:
            doc[field] = value

    return damage


ENTRY_DAMAGE: dict[str, tuple[Callable[[Doc], None], str]] = {
    "urge a string": (setting("urge", "5"), "urge"),
    "urge above 10": (setting("urge", 11), "urge"),
    "urge below 0": (setting("urge", -1), "urge"),
    "urge true": (setting("urge", True), "urge"),
    "urge a fraction": (setting("urge", 5.5), "urge"),
    "urge a whole float": (setting("urge", 5.0), "urge"),
    "urge a list": (setting("urge", [5]), "urge"),
    "note a number": (setting("note", 42), "note"),
    "note null": (setting("note", None), "note"),
    "with a list": (setting("with", [1]), "with"),
    "with a number": (setting("with", 7), "with"),
    "triggers a string": (setting("triggers", "closeness"), "triggers"),
    "triggers holding a number": (setting("triggers", [1]), "triggers"),
    "triggers null": (setting("triggers", None), "triggers"),
    "emotions an object": (setting("emotions", {"a": 1}), "emotions"),
    "behaviors holding null": (setting("behaviors", ["silence", None]), "behaviors"),
    "tags holding a list": (setting("tags", [["home"]]), "tags"),
    "response unknown": (setting("response", "maybe"), "response"),
    "response a number": (setting("response", 1), "response"),
    "uid missing": (setting("uid"), "uid"),
    "uid a number": (setting("uid", 5), "uid"),
    "uid null": (setting("uid", None), "uid"),
    "uid not a UUID": (setting("uid", "not-a-uuid"), "uid"),
    "uid in capitals": (setting("uid", "ABCDEF01-2345-4678-9ABC-DEF012345678"), "uid"),
    "when missing": (setting("when"), "when"),
    "when without offset": (setting("when", "2026-11-22T18:00:00"), "when"),
    "when not a date": (setting("when", "yesterday"), "when"),
    "when a number": (setting("when", 20261122), "when"),
    "when past the last year in UTC": (setting("when", "9998-12-31T23:00:00-12:00"), "when"),
    "when in year 9999": (setting("when", "9999-06-01T12:00:00+00:00"), "when"),
    "when before the first year": (setting("when", "1899-12-31T12:00:00+00:00"), "when"),
    "when before the first year in UTC": (setting("when", "1900-01-01T00:30:00+01:00"), "when"),
    "created a number": (setting("created", 5), "created"),
    "created without offset": (setting("created", "2026-11-22T18:00:00"), "created"),
    "updated not a date": (setting("updated", "later"), "updated"),
    "updated out of range": (setting("updated", "9999-12-31T23:59:59-12:00"), "updated"),
    "prompt a string": (setting("prompt", "x"), "prompt"),
    "prompt without answer": (setting("prompt", {"question": "why?"}), "prompt"),
    "prompt answer a number": (setting("prompt", {"question": "why?", "answer": 1}), "prompt"),
    "prompt with an extra key": (
        setting("prompt", {"question": "q", "answer": "a", "x": "y"}),
        "prompt",
    ),
    "an unknown field": (setting("mood", "low"), '"mood"'),
    "the id inside the document": (setting("id", 2), '"id"'),
}
# Without a `when` the index could not place these, so a journal holding one has no index.
NOT_INDEXABLE = {
    "when missing",
    "when without offset",
    "when not a date",
    "when a number",
}
ENTRY_CASES = [
    pytest.param(name, indexed, id=f"{name}-{'index' if indexed else 'whole file'}")
    for name in ENTRY_DAMAGE
    for indexed in (True, False)
    if not (indexed and name in NOT_INDEXABLE)
]


def damaged_entry(db_path: Path, name: str, *, indexed: bool) -> tuple[dict[str, Doc], str]:
    data = sound()
    damage, field = ENTRY_DAMAGE[name]
    damage(data["entries"]["2"])
    store(db_path, data, indexed=indexed)
    return data, field


@pytest.mark.parametrize(("name", "indexed"), ENTRY_CASES)
def test_a_command_that_reads_a_damaged_entry_names_file_entry_and_field(
    run, db_path, name, indexed
):
    _, field = damaged_entry(db_path, name, indexed=indexed)
    before = state(db_path)
    for args in (("list",), ("show", "2"), ("export",), ("edit", "2", "-u", "3")):
        line = one_error(run(*args), str(db_path), "entry 2 is damaged", field)
        assert "journal info" in line and "restore" in line
    assert state(db_path) == before


@pytest.mark.parametrize(("name", "indexed"), ENTRY_CASES)
def test_an_entry_that_is_not_read_is_not_held_against_the_others(run, db_path, name, indexed):
    """Only what is read is checked; without an index, every entry's `when` is read to place
    them all in time, so one that cannot be placed is named whatever is asked for."""
    damaged_entry(db_path, name, indexed=indexed)
    result = run("show", "1", "--json")
    if name in NOT_INDEXABLE:
        one_error(result, "entry 2 is damaged", "when")
    else:
        assert result.exit_code == 0, result.output
        assert json.loads(result.stdout)["note"] == "note 1"


@pytest.mark.parametrize(
    "args",
    [
        ("list", "--json"),
        ("list", "-n", "1"),
        ("summary", "--all", "--json"),
        ("week", "2026-11-20"),
        ("trends",),
        ("export", "--format", "json"),
        ("export", "--format", "csv"),
        ("export", "--format", "markdown"),
        ("delete", "3", "--yes"),
    ],
)
@pytest.mark.parametrize("indexed", [True, False], ids=["index", "whole file"])
def test_every_reading_command_refuses_a_damaged_entry_it_reads(run, db_path, args, indexed):
    data = sound()
    data["entries"]["3"]["note"] = 42  # the newest: `list -n 1` reads it
    store(db_path, data, indexed=indexed)
    before = state(db_path)
    one_error(run(*args), str(db_path), "entry 3 is damaged", "note", "not 42")
    assert state(db_path) == before


def test_stored_keys_are_not_checked_against_the_prompt_files(run, db_path):
    """A trigger or behavior removed from the user's prompt files later is still a sound
    entry: stored lists are checked for shape, not for membership."""
    data = sound()
    data["entries"]["2"]["triggers"] = ["a-trigger-I-removed"]
    data["entries"]["2"]["behaviors"] = ["a-behavior-I-removed"]
    store(db_path, data, indexed=False)
    for args in (("show", "2"), ("summary", "--all"), ("trends",), ("export",), ("info",)):
        result = run(*args)
        assert result.exit_code == 0, (args, result.output)


def test_a_document_without_the_optional_fields_is_sound(run, db_path):
    """An entry written by hand with only uid and when reads as an empty entry."""
    data = sound()
    data["entries"]["2"] = {"uid": str(uuid.UUID(int=2)), "when": "2026-11-21T10:00:00+01:00"}
    store(db_path, data, indexed=True)
    shown = json.loads(run("show", "2", "--json").stdout)
    assert shown["urge"] is None and shown["triggers"] == [] and shown["note"] == ""
    assert run("info").exit_code == 0


@pytest.mark.parametrize(
    "when",
    ["1900-01-01T00:00:00+00:00", "1900-01-01T12:00:00-01:00", "9998-12-31T12:00:00+11:00"],
)
def test_the_first_and_last_moments_in_range_are_sound(run, db_path, when):
    data = sound()
    data["entries"]["2"]["when"] = when
    store(db_path, data, indexed=True)
    assert json.loads(run("show", "2", "--json").stdout)["when"] == when


# --- the checking constructor itself


@pytest.mark.parametrize("name", list(ENTRY_DAMAGE))
def test_from_doc_raises_damaged_record_naming_the_field(name):
    doc = entry(2).to_doc()
    damage, field = ENTRY_DAMAGE[name]
    damage(doc)
    if name == "when in the basic ISO form":  # from_doc reads it; the index cannot
        assert Entry.from_doc(2, doc).when.year == 2026
        return
    with pytest.raises(DamagedRecord) as caught:
        Entry.from_doc(2, doc)
    assert caught.value.record == "entry 2"
    assert str(caught.value).startswith("entry 2 is damaged: ")
    assert field in str(caught.value)


@pytest.mark.parametrize("doc", [None, 5, "x", [], [1, 2], True])
def test_from_doc_refuses_a_document_that_is_not_an_object(doc):
    with pytest.raises(DamagedRecord, match=r"entry 7 is damaged: is .*, not an object"):
        Entry.from_doc(7, doc)


def test_from_doc_reads_back_every_entry_it_writes():
    for number in range(1, 30):
        original = entry(number).with_changes(
            prompt={"question": "q", "answer": "a"} if number % 2 else None,
            created=None if number % 3 else WHEN,
            updated=None if number % 5 else WHEN + timedelta(days=1),
        )
        doc = json.loads(json.dumps(original.to_doc()))
        assert Entry.from_doc(number, doc) == original.with_changes(id=number)


def test_a_damaged_value_is_shown_short_and_escaped():
    doc = entry(2).to_doc()
    doc["note"] = ["\x1b[2J" + "x" * 500]
    with pytest.raises(DamagedRecord) as caught:
        Entry.from_doc(2, doc)
    message = str(caught.value)
    assert "\x1b" not in message and "\\u001b" in message and len(message) < 120
    doc["note"] = 10**5000  # past the digit limit of str(int)
    with pytest.raises(DamagedRecord, match="note must be a string, not a number"):
        Entry.from_doc(2, doc)


# --- ids and the id counter: the whole file is refused, and named


@pytest.mark.parametrize(
    "key",
    [
        "01",
        "0",
        "-1",
        "1.0",
        " 1",
        "1 ",
        "x",
        "",
        "\u0661",
        "\u00b2",
        "9223372036854775808",
        "9" * 30,
    ],
)
def test_an_entry_key_that_is_not_an_id_is_refused(run, db_path, key):
    data = sound()
    data["entries"][key] = data["entries"].pop("2")
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps(data))
    before = state(db_path)
    for args in (("list",), ("show", "1"), ("add", "-u", "3", "-t", "stress"), ("info",)):
        one_error(run(*args), str(db_path), "not a set of numbered documents", "is not an id")
    assert state(db_path) == before


def test_the_largest_id_is_read(run, db_path):
    data = sound()
    data["entries"][str(2**63 - 1)] = data["entries"].pop("2")
    store(db_path, data, indexed=True)
    assert run("show", str(2**63 - 1)).exit_code == 0
    assert run("info").exit_code == 0


@pytest.mark.parametrize("counter", [True, "5", 5.0, None, [5], 2**63, 10**30])
def test_an_id_counter_that_is_not_a_whole_number_is_refused(run, db_path, counter):
    data = sound()
    data["meta"]["1"]["next_id"] = counter
    db_path.parent.mkdir(parents=True)
    db_path.write_text(json.dumps(data))
    before = state(db_path)
    # past 64 bits the parser would round it: refused before the counter is read
    why = "too long to keep exactly" if counter == 10**30 else "id counter"
    for args in (("list",), ("add", "-u", "3", "-t", "stress"), ("info",)):
        one_error(run(*args), str(db_path), why)
    assert state(db_path) == before


@pytest.mark.parametrize("key", ["x", "01", "0", "-3"])
def test_a_challenge_key_that_is_not_an_id_is_refused(run, db_path, key):
    data = sound()
    data["challenges"][key] = data["challenges"].pop("2")
    for indexed in (True, False):
        store(db_path, data, indexed=indexed)
        before = state(db_path)
        for args in (("list",), ("challenge",), ("challenge", "done"), ("info",)):
            one_error(run(*args), str(db_path), "challenges table", "not an id")
        assert state(db_path) == before


# --- damaged challenge records


def challenge_setting(field: str, value: Any = _SET) -> Callable[[Doc], Doc]:
    def damage(record: Doc) -> Doc:
        record = dict(record)
        if value is _SET:
            del record[field]
        else:
            record[field] = value
        return record

    return damage


CHALLENGE_DAMAGE: dict[str, tuple[Callable[[Doc], Any], str, str]] = {
    # name: (damage to this week's record, how the record is named, the field)
    "week missing": (challenge_setting("week"), "challenge record 2", "week"),
    "week a number": (challenge_setting("week", 47), "challenge record 2", "week"),
    "week without W": (challenge_setting("week", "2026-47"), "challenge record 2", "week"),
    "week 54": (challenge_setting("week", "2026-W54"), "challenge record 2", "week"),
    "week 00": (challenge_setting("week", "2026-W00"), "challenge record 2", "week"),
    "week in year 9999": (challenge_setting("week", "9999-W01"), "challenge record 2", "week"),
    "done a string": (challenge_setting("done", "yes"), "week 2026-W47", "done"),
    "done a number": (challenge_setting("done", 1), "week 2026-W47", "done"),
    "done missing": (challenge_setting("done"), "week 2026-W47", "done"),
    "done without a time": (challenge_setting("done", True), "week 2026-W47", "done_at"),
    "done_at not a date": (challenge_setting("done_at", "today"), "week 2026-W47", "done_at"),
    "done_at out of range": (
        challenge_setting("done_at", "9999-12-31T23:00:00-12:00"),
        "week 2026-W47",
        "done_at",
    ),
    "note a number": (challenge_setting("note", 5), "week 2026-W47", "note"),
    "note missing": (challenge_setting("note"), "week 2026-W47", "note"),
    "challenge a number": (challenge_setting("challenge", 7), "week 2026-W47", "challenge"),
    "challenge empty": (challenge_setting("challenge", ""), "week 2026-W47", "challenge"),
    "an unknown field": (challenge_setting("mood", 1), "week 2026-W47", '"mood"'),
    "a list, not an object": (lambda record: [record], "challenge record 2", "not an object"),
    "a string, not an object": (lambda record: "2026-W47", "challenge record 2", "not an object"),
    "the same week twice": (
        lambda record: {**record, "week": "2026-W46"},
        "challenge record 2",
        "second record for week 2026-W46",
    ),
}


@pytest.mark.parametrize("indexed", [True, False], ids=["index", "whole file"])
@pytest.mark.parametrize("name", list(CHALLENGE_DAMAGE))
def test_a_damaged_challenge_record_is_named_by_every_command_that_reads_it(
    run, db_path, name, indexed
):
    damage, record, field = CHALLENGE_DAMAGE[name]
    data = sound()
    data["challenges"]["2"] = damage(data["challenges"]["2"])
    store(db_path, data, indexed=indexed)
    before = state(db_path)
    for args in (
        ("challenge",),
        ("challenge", "done", "it went well"),
        ("challenge", "--new"),
        ("challenge", "list"),
        ("trends",),
        ("summary",),  # what goes with staying present includes the week's challenge
        ("export", "--format", "json"),
    ):
        one_error(run(*args), str(db_path), record, "is damaged", field, "journal info")
    for args in (("list",), ("show", "1"), ("calendar",), ("export", "--format", "csv")):
        assert run(*args).exit_code == 0, args  # entries alone do not read challenges
    assert state(db_path) == before


# --- journal info: every damaged record, one line each, exit 3, and what it can read


def test_info_names_every_damaged_record_and_still_says_what_it_can(run, db_path):
    names = [name for name in ENTRY_DAMAGE if name not in NOT_INDEXABLE]
    data = sound(entries=len(names) + 2)
    for number, name in enumerate(names, start=2):
        ENTRY_DAMAGE[name][0](data["entries"][str(number)])
    data["challenges"]["2"]["done"] = "yes"
    data["challenges"]["3"] = ["not", "a", "record"]
    for indexed in (True, False):
        store(db_path, data, indexed=indexed)
        before = state(db_path)
        result = run("info")
        assert result.exit_code == 3
        lines = result.stderr.splitlines()
        assert len(lines) == len(names) + 2
        for number, name in enumerate(names, start=2):
            field = ENTRY_DAMAGE[name][1]
            assert re.search(rf"entry {number} is damaged: .*{re.escape(field)}", lines[number - 2])
        assert "challenge for week 2026-W47 is damaged: done" in lines[-2]
        assert "challenge record 3 is damaged: is not an object" in lines[-1]
        assert all(line.startswith(f"journal: error: {db_path}: ") for line in lines)
        facts = dict(line.split(":", 1) for line in result.stdout.splitlines())
        assert facts["path"].strip() == str(db_path)
        assert facts["entries"].strip() == str(len(names) + 2)
        assert facts["first"].strip() == "2026-11-20"  # from the two sound entries
        assert facts["damaged"].strip().startswith(f"{len(names) + 2} records")
        as_json = run("info", "--json")
        assert as_json.exit_code == 3
        problems = json.loads(as_json.stdout)["problems"]
        assert [p["record"] for p in problems] == [
            f"entry {n}" for n in range(2, len(names) + 2)
        ] + [
            "challenge for week 2026-W47",
            "challenge record 3",
        ]
        assert problems[0] == {
            "record": "entry 2",
            "field": "urge",
            "problem": 'must be a whole number from 0 to 10 or null, not "5"',
        }
        assert state(db_path) == before


def test_info_on_a_sound_journal_has_no_problems(run, db_path):
    store(db_path, sound(), indexed=True)
    result = run("info", "--json")
    assert result.exit_code == 0 and result.stderr == ""
    assert json.loads(result.stdout)["problems"] == []
    assert "damaged" not in run("info").stdout


def test_info_keeps_an_index_that_holds_a_damaged_entry_as_written(run, db_path):
    data = sound()
    data["entries"]["2"]["urge"] = "5"
    store(db_path, data, indexed=True)
    assert run("info").exit_code == 3
    assert index.read(db_path, index.signature(db_path.stat())) is not None


# --- changes: each either refuses (exit 3, file unchanged) or keeps the damaged record as it was

IMPORT = {
    "schema": 1,
    "entries": [
        {
            "uid": str(uuid.UUID(int=99)),
            "when": "2026-11-21T10:00:00+01:00",
            "urge": 4,
            "triggers": ["closeness"],
        }
    ],
}
# (command, whether it goes on through the index; from the whole file every change refuses)
CHANGES = [
    pytest.param(("add", "-u", "3", "-t", "stress", "new"), True, id="add"),
    pytest.param(("edit", "1", "-u", "9"), True, id="edit another"),
    pytest.param(("delete", "3", "--yes"), True, id="delete another"),
    pytest.param(("edit", "2", "-u", "9"), False, id="edit the damaged one"),
    pytest.param(("delete", "2", "--yes"), False, id="delete the damaged one"),
    pytest.param(("import", "IMPORT"), False, id="import"),
    pytest.param(("challenge", "done", "went well"), False, id="challenge done"),
    pytest.param(("challenge", "--new"), False, id="challenge new"),
]
DAMAGES = {
    "urge a string": lambda doc: doc.update(urge="5"),
    "a missing uid": lambda doc: doc.pop("uid"),
    "an unknown field": lambda doc: doc.update(mood=[1, {"a": None}]),
    "when out of range": lambda doc: doc.update(when="9999-06-01T12:00:00+00:00"),
}


@pytest.mark.parametrize("damage", list(DAMAGES))
@pytest.mark.parametrize(("args", "goes_on"), CHANGES)
@pytest.mark.parametrize("indexed", [True, False], ids=["index", "whole file"])
def test_a_change_refuses_or_keeps_a_damaged_entry_exactly(
    run, db_path, tmp_path, args, goes_on, indexed, damage
):
    data = sound()
    DAMAGES[damage](data["entries"]["2"])
    store(db_path, data, indexed=indexed)
    damaged_bytes = b'"2":' + index.dumps(data["entries"]["2"])
    before = state(db_path)
    if args[0] == "import":
        source = tmp_path / "import.json"
        source.write_text(json.dumps(IMPORT))
        args = ("import", str(source))
    result = run(*args)
    if goes_on and indexed:
        assert result.exit_code == 0, result.output
        after = db_path.read_bytes()
        assert after != before[0]
        assert damaged_bytes in after  # byte for byte
        assert json.loads(after)["entries"]["2"] == data["entries"]["2"]
        assert run("show", "2").exit_code == 3  # and still named as damage
    else:
        line = one_error(result, str(db_path), "entry 2 is damaged")
        assert "journal info" in line
        assert state(db_path) == before
        assert not db_path.with_name(db_path.name + ".bak").exists()


@pytest.mark.parametrize(("args", "goes_on"), CHANGES)
def test_a_change_through_the_index_keeps_a_damaged_challenge_record(
    run, db_path, tmp_path, args, goes_on
):
    data = sound()
    data["challenges"]["1"]["done"] = "yes"
    store(db_path, data, indexed=True)
    before = state(db_path)
    if args[0] == "import":
        source = tmp_path / "import.json"
        source.write_text(json.dumps(IMPORT))
        args = ("import", str(source))
    result = run(*args)
    if args[0] in ("add", "edit", "delete") and args[1] != "2":
        assert result.exit_code == 0, result.output
        assert json.loads(db_path.read_bytes())["challenges"] == data["challenges"]
    elif args[0] in ("edit", "delete"):  # entry 2 is sound here
        assert result.exit_code == 0, result.output
    else:  # import and the challenge commands read or rewrite every record
        one_error(result, str(db_path), "challenge for week 2026-W46 is damaged", "done")
        assert state(db_path) == before


def test_a_whole_file_write_would_alter_a_damaged_number_so_it_refuses(run, db_path):
    """orjson reads an integer past 64 bits as a float: re-encoding the whole file would
    change such a value, so a change without an index refuses and keeps every byte."""
    data = sound()
    payload = store(db_path, data, indexed=False)
    huge = payload.replace(b'"urge":2,', b'"urge":123456789012345678901234567890,', 1)
    assert huge != payload
    db_path.write_bytes(huge)
    result = run("add", "-u", "3", "-t", "stress")
    one_error(result, "holds the number 12", "too long to keep exactly")
    assert db_path.read_bytes() == huge
    # through the index, the entry's bytes are spliced around, never re-encoded
    store(db_path, sound(), indexed=True)
    raw = db_path.read_bytes().replace(b'"urge":2,', b'"urge":1234567890123456789012345678,', 1)
    rows = index.read(db_path, index.signature(db_path.stat()))
    assert rows is not None
    rows.lengths[1] += len(raw) - len(db_path.read_bytes())
    for row in range(2, len(rows)):
        rows.offsets[row] += len(raw) - len(db_path.read_bytes())
    rows.end += len(raw) - len(db_path.read_bytes())
    db_path.write_bytes(raw)
    index.write(db_path, rows, index.signature(db_path.stat()))
    assert run("add", "-u", "3", "-t", "stress").exit_code == 0
    assert b'"2":{"uid"' in db_path.read_bytes()
    assert b'"urge":1234567890123456789012345678,' in db_path.read_bytes()


def test_the_core_names_the_damage_too(db_path):
    data = sound()
    data["entries"]["2"]["with"] = ["Sam"]
    store(db_path, data, indexed=True)
    journal = Journal(db_path)
    assert journal.get(1).note == "note 1"
    with pytest.raises(StorageError, match="entry 2 is damaged: with must be"):
        journal.get(2)
    checked = journal.check()
    assert checked.stored == 3 and [e.id for e in checked.entries] == [1, 3]
    assert [(p.record, p.field) for p in checked.problems] == [("entry 2", "with")]
    assert json.loads(db_path.read_bytes()) == data
    assert index.path_for(db_path).exists()
