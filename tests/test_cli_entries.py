"""add, list, show, edit, delete and info end to end through the CLI, and every bad input."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import time
import uuid

import pytest

from hostile_helpers import tree
from journalcli import __version__
from journalcli.model import FIELDS, Entry
from journalcli.store import Journal


def listed(run, *args: str) -> list[int]:
    result = run("list", "--json", *args)
    assert result.exit_code == 0, result.output
    return [entry["id"] for entry in json.loads(result.stdout)]


FOUR = [
    ("-d", "2026-11-01 08:00", "-u", "2", "-t", "closeness", "-w", "Sam", "-r", "stayed",
     "--tag", "work", "coffee with Sam"),
    ("-d", "2026-11-15 21:00", "-u", "8", "-t", "conflict,stress", "-w", "partner",
     "-r", "withdrew", "argument about plans"),
    ("-d", "yesterday 22:00", "-u", "5", "-t", "needs", "-w", "SAM", "-r", "partly",
     "He asked for HELP"),
    ("-d", "today 10:00", "-u", "0", "calm day"),
]  # fmt: skip


@pytest.fixture
def four(run) -> list[dict]:
    """Four entries over November 2026 (today is Sunday 22 November, 18:30), as list --json
    shows them, oldest first."""
    for args in FOUR:
        assert run("add", "-q", *args).exit_code == 0
    return json.loads(run("list", "--json").stdout)[::-1]


# --- add


def test_add_with_every_option(run):
    result = run(
        "add", "-u", "7", "-t", "closeness", "-t", "Vulnerability,closeness", "-r", "Withdrew",
        "-w", " Sam ", "-e", "Scared", "-e", "tired,scared", "-b", "silence", "-b", "left",
        "--tag", "#home", "--tag", "evening", "-d", "yesterday 21:30", "-q",
        "He asked how I felt.",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        "Saved entry 1: urge 7; closeness, vulnerability; withdrew; with Sam (2026-11-21 21:30)."
    ]
    entry = json.loads(run("show", "1", "--json").stdout)
    assert list(entry) == list(FIELDS)
    uuid.UUID(entry.pop("uid"))
    assert entry == {
        "id": 1,
        "when": "2026-11-21T21:30:00+01:00",
        "urge": 7,
        "triggers": ["closeness", "vulnerability"],
        "response": "withdrew",
        "with": "Sam",
        "emotions": ["scared", "tired"],
        "behaviors": ["silence", "left"],
        "tags": ["home", "evening"],
        "note": "He asked how I felt.",
        "prompt": None,
        "created": "2026-11-22T18:30:00+01:00",
        "updated": "2026-11-22T18:30:00+01:00",
        "plan": None,
        "plan_used": None,
        "flagged": False,
    }


def test_add_defaults_to_now_and_urge_0_needs_no_trigger(add):
    entry = add("-u", "0", "-q")
    assert entry["when"] == "2026-11-22T18:30:00+01:00"
    assert (entry["urge"], entry["triggers"], entry["response"], entry["note"]) == (0, [], None, "")


def test_a_note_starting_with_a_dash_goes_after_double_dash(add):
    assert add("-u", "3", "-t", "stress", "-q", "--", "-1 day, no energy")["note"] == (
        "-1 day, no energy"
    )


def test_ids_are_not_reused_after_delete(run, add):
    add("-u", "1", "-t", "stress", "-q")
    add("-u", "2", "-t", "stress", "-q")
    assert run("delete", "2", "--yes").exit_code == 0
    assert add("-u", "3", "-t", "stress", "-q")["id"] == 3


# --- list


def test_list_is_newest_first(run, four):
    assert listed(run) == [4, 3, 2, 1]


FILTERS = [
    (("--since", "nov 15"), [4, 3, 2]),
    (("--since", "monday"), [4, 3]),
    (("--until", "nov 15"), [2, 1]),  # the whole of that day
    (("--until", "2026-11-15 20:59"), [1]),
    (("--since", "2026-11-01", "--until", "2026-11-01"), [1]),
    (("--since", "today"), [4]),
    (("--trigger", "stress"), [2]),
    (("--trigger", "CLOSENESS", "--trigger", "needs"), [3, 1]),
    (("--with", "sam"), [3, 1]),
    (("--with", "Partner"), [2]),
    (("--with", "Sa"), []),
    (("--response", "withdrew"), [2]),
    (("--response", "STAYED"), [1]),
    (("--search", "help"), [3]),
    (("--search", "WORK"), [1]),  # a tag
    (("--search", "sam"), [3, 1]),  # a name, and a note
    (("--search", "partner"), [2]),
    (("--search", "nothing like it"), []),
    (("-n", "2"), [4, 3]),
    (("--limit", "1", "--with", "sam"), [3]),
    (("--with", "sam", "--since", "nov 20", "--response", "partly"), [3]),
]


def test_list_filters(run, four):
    for args, ids in FILTERS:
        assert listed(run, *args) == ids, args


def test_list_json_is_the_public_form(run, four):
    entries = json.loads(run("list", "--json").stdout)
    assert all(list(entry) == list(FIELDS) for entry in entries)
    assert entries[-1] == four[0]
    assert json.loads(run("list", "--json", "--with", "nobody").stdout) == []


def test_list_for_people(run, four):
    result = run("list")
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert all(len(line) <= 80 for line in lines)
    assert [line.split()[0] for line in lines[1:] if line[:3].strip()] == ["4", "3", "2", "1"]
    assert "2026-11-15 21:00" in result.stdout and "argument about plans" in result.stdout


def test_an_empty_list_says_how_to_start(run):
    result = run("list")
    assert result.exit_code == 0
    assert "No entries" in result.stdout and "journal add" in result.stdout


# --- show


def test_show_for_people_and_machines(run, four):
    result = run("show", "2")
    assert result.exit_code == 0
    for text in ("Sunday 2026-11-15 21:00", "8/10", "conflict, stress", "withdrew", "partner"):
        assert text in result.stdout
    assert "argument about plans" in result.stdout
    assert json.loads(run("show", "2", "--json").stdout) == four[1]


# --- edit


def test_edit_changes_only_what_is_given(run, four):
    before = four[1]
    result = run("edit", "2", "-u", "3", JOURNAL_NOW="2026-11-22T19:00:00+01:00")
    assert result.exit_code == 0
    assert result.stdout.startswith("Updated entry 2: urge 3;")
    after = json.loads(run("show", "2", "--json").stdout)
    assert after == {**before, "urge": 3, "updated": "2026-11-22T19:00:00+01:00"}
    assert [json.loads(run("show", str(n), "--json").stdout) for n in (1, 3, 4)] == [
        four[0],
        four[2],
        four[3],
    ]


def test_edit_each_field(run, four):
    changes = [
        (("-t", "rejection"), {"triggers": ["rejection"]}),
        (("-r", "stayed"), {"response": "stayed"}),
        (("-w", "Alex"), {"with": "Alex"}),
        (("-e", "angry"), {"emotions": ["angry"]}),
        (("-b", "busy"), {"behaviors": ["busy"]}),
        (("--tag", "plans"), {"tags": ["plans"]}),
        (("-d", "nov 14 20:00"), {"when": "2026-11-14T20:00:00+01:00"}),
        (("a new note",), {"note": "a new note"}),
    ]
    expected = dict(four[1])
    for args, change in changes:
        assert run("edit", "2", *args).exit_code == 0
        expected.update(change)
        assert json.loads(run("show", "2", "--json").stdout) == expected


# --- delete


def test_delete_asks_first(run, four, db_path):
    before = tree(db_path.parent)
    result = run("delete", "2", input="n\n")
    assert result.exit_code == 1
    assert "Delete entry 2" in result.stdout
    assert tree(db_path.parent) == before
    result = run("delete", "2", input="y\n")
    assert result.exit_code == 0
    assert "Deleted entry 2." in result.stdout
    assert listed(run) == [4, 3, 1]


def test_delete_yes_does_not_ask(run, four):
    result = run("delete", "3", "--yes")
    assert result.exit_code == 0
    assert result.stdout == "Deleted entry 3.\n"
    assert listed(run) == [4, 2, 1]


# --- info, --db, JOURNAL_DB, --version, help


def test_info(run, four, db_path):
    result = run("info")
    assert result.exit_code == 0
    assert result.stdout.splitlines() == [
        f"path:     {db_path}",
        "exists:   True",
        "entries:  4",
        "first:    2026-11-01",
        "last:     2026-11-22",
        "schema:   4",
        "index:    current",
    ]
    facts = json.loads(run("info", "--json").stdout)
    assert facts == {
        "path": str(db_path),
        "exists": True,
        "entries": 4,
        "first": "2026-11-01",
        "last": "2026-11-22",
        "schema": 4,
        "index": "current",
        "problems": [],
        "damaged": None,
    }


def test_info_reads_the_whole_file_and_checks_the_index(run, four, db_path):
    from journalcli import index

    rows = index.read(db_path, index.signature(db_path.stat()))
    assert rows is not None
    rows.offsets[0] += 1  # an index that no longer points at entry 1's bytes
    index.write(db_path, rows, index.signature(db_path.stat()))
    assert run("list").exit_code == 3  # reads through it report the damage...
    result = run("info")  # ...info reads the whole file, finds it sound, drops the index
    assert result.exit_code == 0 and "index:    none (made by the next change)" in result.stdout
    assert not index.path_for(db_path).exists()
    assert run("list").exit_code == 0


def test_info_on_a_new_journal_creates_nothing(run, db_path):
    result = run("info")
    assert "entries:  0" in result.stdout and "first:    -" in result.stdout
    assert not db_path.parent.exists()


def test_db_option_wins_over_journal_db(run, tmp_path, db_path):
    other = tmp_path / "elsewhere" / "mine.json"
    assert run("--db", str(other), "add", "-u", "4", "-t", "stress", "-q").exit_code == 0
    assert other.exists() and not db_path.exists()
    assert json.loads(run("--db", str(other), "info", "--json").stdout)["entries"] == 1
    assert run("info", JOURNAL_DB=str(other)).stdout.startswith(f"path:     {other}\n")


def test_version(run):
    result = run("--version")
    assert result.exit_code == 0
    assert result.stdout == f"journal {__version__}\n"


@pytest.mark.parametrize(
    "command", [(), ("add",), ("list",), ("show",), ("edit",), ("delete",), ("info",)]
)
def test_help_renders(run, command):
    result = run(*command, "--help")
    assert result.exit_code == 0
    assert re.search(rf"Usage: \S+ {' '.join(command)}", result.stdout)
    assert result.stderr == ""
    if not command:
        for name in ("add", "list", "show", "edit", "delete", "info"):
            assert re.search(rf"│ {name} ", result.stdout)


# --- bad input: one line on stderr, exit 2 (1 for an unknown id), no change to any file

BAD = [
    (("add", "-u", "11", "-t", "stress"), 2, "urge must be from 0 to 10, not 11"),
    (("add", "-u", "-1", "-t", "stress"), 2, "urge must be from 0 to 10, not -1"),
    (("add", "-u", "x", "-t", "stress"), 2, "whole number from 0 to 10, not 'x'"),
    (("add", "-u", "7.5", "-t", "stress"), 2, "whole number from 0 to 10, not '7.5'"),
    (("add", "-u", "5", "-t", "closenes"), 2, "did you mean 'closeness'? valid: closeness,"),
    (("add", "-u", "5", "-t", "bored"), 2, "unknown trigger 'bored'; valid: closeness,"),
    (("add", "-u", "5", "-t", "stress", "-b", "sience"), 2, "did you mean 'silence'?"),
    (("add", "-u", "5", "-t", "stress", "-r", "stay"), 2, "did you mean 'stayed'?"),
    (("add", "-u", "5", "-t", "stress", "-d", "blah"), 2, "'blah': not a date I can read"),
    (("add", "-u", "5", "-t", "stress", "-d", "tomorrow"), 2, "try one of:"),
    (("add", "-u", "5", "-t", "stress", "-d", "19:00"), 2, "'19:00' is in the future"),
    (("add", "-u", "5", "-t", "stress", "-d", "2027-01-01"), 2, "is in the future"),
    (("add", "-u", "5", "-t", "stress", "-w", "a\x1b[2Jb"), 2, "with contains a control"),
    (("add", "-u", "5"), 2, "missing --trigger"),
    (("add", "-t", "stress"), 2, "missing --urge"),
    (("add",), 2, "missing --urge and --trigger"),
    (("edit", "1", "-u", "11"), 2, "urge must be from 0 to 10"),
    (("edit", "1", "-t", "nope"), 2, "unknown trigger 'nope'"),
    (("edit", "1", "-d", "not a date"), 2, "not a date I can read"),
    (("edit", "1"), 2, "nothing to change"),
    (("edit", "99", "-u", "3"), 1, "no entry with id 99"),
    (("show", "99"), 1, "no entry with id 99"),
    (("delete", "99", "--yes"), 1, "no entry with id 99"),
    (("delete", "99"), 1, "no entry with id 99"),
    (("list", "--since", "blah"), 2, "not a date I can read"),
    (("list", "--until", "someday"), 2, "not a date I can read"),
    (("list", "--trigger", "nope"), 2, "unknown trigger 'nope'"),
    (("list", "--response", "ran"), 2, "unknown response 'ran'"),
]


@pytest.mark.parametrize(("args", "code", "message"), BAD, ids=[" ".join(b[0]) for b in BAD])
def test_bad_input(run, db_path, now, args, code, message):
    for note in ("first", "second"):  # two writes, so there is a .bak as well
        Journal(db_path).add(Entry(when=now, urge=4, triggers=("stress",), note=note))
    before = tree(db_path.parent)
    result = run(*args)
    assert result.exit_code == code
    assert result.stdout == ""
    [line] = result.stderr.splitlines()
    assert line.startswith("journal: error: ")
    assert message in line
    assert tree(db_path.parent) == before


def test_bad_input_on_a_new_journal_creates_nothing(run, db_path):
    for args, _, _ in BAD:
        if args[0] != "list":
            run(*args)
    assert not db_path.parent.exists()


# --- not on a terminal: missing values are an error at once, never a wait for input


@pytest.mark.parametrize("args", [(), ("-u", "5")])
def test_add_without_a_terminal_does_not_wait(db_path, args):
    env = {**os.environ, "JOURNAL_DB": str(db_path)}
    child = subprocess.Popen(
        [sys.executable, "-m", "journalcli", "add", *args],
        stdin=subprocess.PIPE,  # open and never written to or closed: a read would hang
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        text=True,
    )
    started = time.monotonic()
    try:
        out, err = _wait(child)
    finally:
        child.kill()
    assert time.monotonic() - started < 5
    assert child.returncode == 2
    assert out == ""
    [line] = err.splitlines()
    assert "missing --" in line and "give them as options" in line
    assert not db_path.exists()


def _wait(child: subprocess.Popen[str]) -> tuple[str, str]:
    """Wait for exit without closing stdin (communicate() would close it: EOF, no hang)."""
    assert child.stdout is not None and child.stderr is not None
    child.wait(timeout=10)
    return child.stdout.read(), child.stderr.read()
