"""JSON and CSV export, the period options, and -o: atomic, private, never overwriting by
surprise."""

from __future__ import annotations

import csv
import io
import json
import stat

import pytest

from journalcli import exporters


@pytest.fixture
def two(add):
    first = add("-u", "7", "-t", "closeness", "-r", "withdrew", "-w", "Sam", "-d", "nov 16 21:30")
    second = add(
        "-u",
        "3",
        "-t",
        "conflict",
        "-t",
        "needs",
        "-e",
        "scared",
        "-e",
        "tired",
        "--tag",
        "home",
        "-d",
        "nov 18 08:15",
        '=HYPERLINK("http://e")\nZoë said \'hi\', "twice"; ok',
    )
    return first, second


def test_json_export_has_schema_timestamp_entries_and_challenges(run, two):
    result = run("export", "--format", "json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert document["schema"] == exporters.SCHEMA == 3
    assert document["exported"] == "2026-11-22T18:30:00+01:00"
    assert document["entries"] == list(two)  # the same dicts as `show --json`, oldest first
    assert document["challenges"] == []
    listed = json.loads(run("list", "--json").output)
    assert document["entries"] == listed[::-1]


def test_json_export_keeps_challenges_of_the_period(run, two):
    from journalcli.store import Journal, resolve_path

    journal = Journal(resolve_path(None))
    for week in ("2026-W40", "2026-W47"):
        journal.save_challenge(
            {"week": week, "challenge": "one", "done": False, "done_at": None, "note": ""}
        )
    everything = json.loads(run("export", "-f", "json").stdout)
    assert [c["week"] for c in everything["challenges"]] == ["2026-W40", "2026-W47"]
    recent = json.loads(run("export", "-f", "json", "--since", "nov 16").stdout)
    assert [c["week"] for c in recent["challenges"]] == ["2026-W47"]


def test_csv_reads_back_with_the_csv_module(run, two):
    result = run("export", "--format", "csv")
    assert result.exit_code == 0
    assert result.stdout.startswith("\ufeffid,uid,when,")  # BOM: spreadsheets then read UTF-8
    rows = list(csv.DictReader(io.StringIO(result.stdout.removeprefix("\ufeff"))))
    assert list(rows[0]) == [
        *("id", "uid", "when", "date", "time", "urge", "triggers", "response", "with"),
        *("emotions", "behaviors", "tags", "note", "prompt_question", "prompt_answer"),
        *("created", "updated", "plan", "plan_used", "flagged"),
    ]
    assert [row["uid"] for row in rows] == [entry["uid"] for entry in two]
    second = rows[1]
    assert second["triggers"] == "conflict;needs"
    assert second["emotions"] == "scared;tired"
    assert second["tags"] == "home"
    assert second["urge"] == "3"
    assert second["date"] == "2026-11-18" and second["time"] == "08:15"
    assert second["with"] == "" and second["response"] == ""
    # the formula guard; the rest of the multi-line, quoted, non-ASCII note is kept as is
    assert second["note"] == '\'=HYPERLINK("http://e")\nZoë said \'hi\', "twice"; ok'
    assert rows[0]["with"] == "Sam"


@pytest.mark.parametrize(
    ("cell", "guarded"),
    [
        ("=1+1", "'=1+1"),
        ("+cmd", "'+cmd"),
        ("-2+3", "'-2+3"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("-3", "-3"),
        ("+4.5", "+4.5"),
        ("-1e3", "-1e3"),
        ("plain = fine", "plain = fine"),
        ("", ""),
    ],
)
def test_formula_guard(cell, guarded):
    assert exporters.guard_cell(cell) == guarded


def test_period_options_select_whole_days(run, two):
    result = run("export", "-f", "json", "--since", "nov 17", "--until", "nov 18")
    assert [e["id"] for e in json.loads(result.stdout)["entries"]] == [two[1]["id"]]
    result = run("export", "-f", "csv", "--until", "nov 16")
    assert len(list(csv.reader(io.StringIO(result.stdout)))) == 2  # header + one


def test_bad_period_is_one_line_exit_2(run, two):
    result = run("export", "--since", "nov 20", "--until", "nov 10")
    assert result.exit_code == 2
    assert result.stderr.count("\n") == 1 and "starts" in result.stderr
    result = run("export", "--since", "someday")
    assert result.exit_code == 2 and result.stderr.count("\n") == 1


def test_output_file_is_private_and_not_overwritten_without_force(run, two, tmp_path):
    target = tmp_path / "out" / "journal.md"
    target.parent.mkdir()
    result = run("export", "-o", str(target))
    assert result.exit_code == 0, result.output
    assert result.stdout == f"Exported 2 entries (2026-11-16 to 2026-11-22) to {target}.\n"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert target.read_text(encoding="utf-8").startswith("# Journal:")
    target.write_text("keep me", encoding="utf-8")
    refused = run("export", "-f", "json", "-o", str(target))
    assert refused.exit_code == 2
    assert refused.stderr == f"journal: error: {target} already exists; add --force to replace it\n"
    assert target.read_text(encoding="utf-8") == "keep me"
    forced = run("export", "-f", "json", "-o", str(target), "--force")
    assert forced.exit_code == 0
    assert json.loads(target.read_text(encoding="utf-8"))["schema"] == exporters.SCHEMA
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert sorted(p.name for p in target.parent.iterdir()) == ["journal.md"]  # no temp, no .bak


def test_output_into_a_missing_folder_fails_cleanly(run, two, tmp_path):
    result = run("export", "-o", str(tmp_path / "nowhere" / "x.md"))
    assert result.exit_code == 3
    assert "could not save" in result.stderr and result.stderr.count("\n") == 1


def test_no_clobber_is_decided_by_the_write_itself(tmp_path):
    from journalcli.errors import StorageError
    from journalcli.store import write_atomic

    target = tmp_path / "x.json"
    write_atomic(target, b"one", backup=False, overwrite=False)
    with pytest.raises(StorageError, match="already exists"):
        write_atomic(target, b"two", backup=False, overwrite=False)
    assert target.read_bytes() == b"one"
    assert [p.name for p in tmp_path.iterdir()] == ["x.json"]


def test_export_does_not_touch_the_journal(run, two, db_path):
    before = db_path.read_bytes()
    for fmt in ("markdown", "json", "csv"):
        assert run("export", "-f", fmt).exit_code == 0
    assert db_path.read_bytes() == before


def test_csv_splits_the_prompt_and_guards_joined_lists():
    from datetime import datetime

    from journalcli.model import Entry

    entry = Entry(
        when=datetime.fromisoformat("2026-11-18T08:15:00+01:00"),
        urge=None,
        tags=("=cmd", "b"),
        prompt={"question": "What did you need?", "answer": "@home; quiet"},
    )
    text = "".join(exporters.csv_chunks([entry]))
    row = next(csv.DictReader(io.StringIO(text.removeprefix(exporters.BOM))))
    assert row["prompt_question"] == "What did you need?"
    assert row["prompt_answer"] == "'@home; quiet"
    assert row["tags"] == "'=cmd;b"
    assert row["urge"] == "" and row["id"] == "" and row["created"] == ""


def test_csv_made_in_pieces_has_one_header_and_every_row():
    from datetime import datetime, timedelta

    from journalcli.model import Entry

    start = datetime.fromisoformat("2026-11-18T08:15:00+01:00")
    entries = [Entry(when=start + timedelta(hours=n), urge=n % 11, note=f"n{n}") for n in range(23)]
    pieces = list(exporters.csv_chunks(entries, rows_per_chunk=5))
    assert len(pieces) == 6  # five pieces of rows, then what is left (nothing)
    assert "".join(pieces) == "".join(exporters.csv_chunks(entries, rows_per_chunk=100))
    rows = list(csv.DictReader(io.StringIO("".join(pieces).removeprefix(exporters.BOM))))
    assert [row["note"] for row in rows] == [f"n{n}" for n in range(23)]
