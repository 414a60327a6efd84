"""Moving in from jrnl: its JSON export (a hand-written fixture with multi-line bodies and
non-ASCII text) becomes unrated entries; importing the same file again adds nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

FIXTURE = Path(__file__).parent / "fixtures" / "jrnl_export.json"


def _entries(run, *args: str) -> list[dict]:
    result = run("export", "-f", "json", *args)
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["entries"]


def test_jrnl_entries_become_unrated_entries(run):
    result = run("import", "--format", "jrnl", str(FIXTURE))
    assert result.exit_code == 0, result.output
    assert (
        result.stdout == f"Imported 3 entries from {FIXTURE}; skipped 0 already in the journal.\n"
    )
    summer, work, dinner = _entries(run)
    # wall-clock time in the local zone, with the offset in force that day (CEST, then CET)
    assert summer["when"] == "2026-07-14T21:05:00+02:00"
    assert work["when"] == "2026-10-25T08:30:00+01:00"  # the morning after summer time ended
    assert dinner["when"] == "2026-11-02T19:45:00+01:00"
    assert summer["note"] == (
        "Long call with @Zoë about the summer plans.\n\n"
        "She wanted to book the cabin for two weeks.\n"
        "I said I'd think about it and then went quiet for an hour.\n\n"
        'Later I wrote back "sounds nice" — it did, actually.'
    )
    assert work["note"] == "Busy day at #work, skipped lunch."
    assert dinner["note"].endswith("🙃\n  - indented line\n# not a heading")
    assert summer["tags"] == ["Zoë", "starred"]
    assert work["tags"] == ["work"]
    assert dinner["tags"] == ["家族", "zoë"]
    for entry in (summer, work, dinner):
        assert entry["urge"] is None
        assert entry["triggers"] == [] and entry["response"] is None
        assert entry["created"] == "2026-11-22T18:30:00+01:00"


def test_importing_the_same_jrnl_file_again_adds_nothing(run, db_path):
    run("import", "-f", "jrnl", str(FIXTURE))
    before = db_path.read_bytes()
    again = run("import", "-f", "jrnl", str(FIXTURE))
    assert again.stdout == f"Imported 0 entries from {FIXTURE}; skipped 3 already in the journal.\n"
    assert db_path.read_bytes() == before


def test_a_changed_jrnl_entry_is_a_new_entry(run, tmp_path):
    run("import", "-f", "jrnl", str(FIXTURE))
    document = json.loads(FIXTURE.read_text(encoding="utf-8"))
    document["entries"][1]["body"] = "Added a line later."
    document["entries"].append(
        {"title": "New one.", "body": "", "date": "2026-11-21", "time": "07:00", "tags": []}
    )
    changed = tmp_path / "jrnl.json"
    changed.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    dry = run("import", "-f", "jrnl", str(changed), "--dry-run")
    assert dry.stdout.startswith("Dry run: would add 2 entries and skip 2 already")
    result = run("import", "-f", "jrnl", str(changed))
    assert "Imported 2 entries" in result.stdout and "skipped 2" in result.stdout
    assert len(_entries(run)) == 5


def test_imported_entries_count_as_days_but_not_in_urge_figures(run, add):
    run("import", "-f", "jrnl", str(FIXTURE))
    add("-u", "6", "-t", "closeness", "-r", "stayed", "-d", "nov 20 10:00", "rated")
    summary = json.loads(run("summary", "--since", "nov 1", "--json").stdout)
    assert (summary["entries"], summary["days_logged"]) == (2, 2)
    assert summary["urge"]["mean"] == 6
    assert summary["triggers"] == [
        {
            "trigger": "closeness",
            "count": 1,
            "mean_urge": 6.0,
            "stayed_rate": 1.0,
            "partly_rate": 0.0,
        }
    ]
    shown = run("show", "1")
    assert shown.exit_code == 0 and "Long call with @Zoë" in shown.stdout
    markdown = run("export", "--since", "nov 1").stdout
    assert "#### 19:45\n" in markdown
    assert "Mamá asked about Zoë again." in markdown
    assert "\\# not a heading" in markdown


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"body": "x", "date": "2026-11-02", "time": "19:45"}, "missing field 'title'"),
        ({"title": 3, "date": "2026-11-02", "time": "19:45"}, "title must be a string"),
        ({"title": "t", "date": "2026-13-02", "time": "19:45"}, "date must look like 2026-11-03"),
        ({"title": "t", "date": "02.11.2026", "time": "19:45"}, "date must look like 2026-11-03"),
        ({"title": "t", "date": "2026-11-02", "time": "7pm"}, "time must look like 21:30"),
        ({"title": "t", "date": "2026-11-02", "time": "24:00"}, "time must look like 21:30"),
        ({"title": "t", "date": "2026-11-02", "time": "19:45", "tags": "#a"}, "tags must be"),
        ({"title": "t", "date": "2026-11-02", "time": "19:45", "tags": [1]}, "tags must be"),
        ({"title": "t", "date": "2026-11-02", "time": "19:45", "starred": "yes"}, "starred must"),
        ({"title": "bell\x07", "date": "2026-11-02", "time": "19:45"}, "control character"),
    ],
)
def test_invalid_jrnl_entries_stop_the_import(run, tmp_path, db_path, entry, message):
    good = {"title": "fine", "body": "", "date": "2026-11-01", "time": "09:00"}
    path = tmp_path / "jrnl.json"
    path.write_text(json.dumps({"tags": {}, "entries": [good, entry]}), encoding="utf-8")
    result = run("import", "-f", "jrnl", str(path))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"journal: error: {path}: entries[1]")
    assert message in result.stderr and "nothing was imported" in result.stderr
    assert result.stderr.count("\n") == 1
    assert not db_path.exists()


def test_the_record_is_named_by_its_date_and_time(run, tmp_path):
    path = tmp_path / "jrnl.json"
    entry = {"title": "t", "date": "2026-11-02", "time": "7pm"}
    path.write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
    assert "entries[0] (2026-11-02 7pm): time must" in run("import", "-f", "jrnl", str(path)).stderr


@pytest.mark.parametrize(
    "text", ["[]", '{"entries": {}}', '{"tags": [], "entries": []}', '{"schema": 1}']
)
def test_files_that_are_not_jrnl_exports_are_refused(run, tmp_path, text):
    path = tmp_path / "jrnl.json"
    path.write_text(text, encoding="utf-8")
    result = run("import", "-f", "jrnl", str(path))
    assert result.exit_code == 2 and "not a jrnl export" in result.stderr


def test_windows_line_ends_in_a_body_become_newlines(run, tmp_path):
    path = tmp_path / "jrnl.json"
    entry = {"title": "t.", "body": "one\r\ntwo", "date": "2026-11-02", "time": "07:00"}
    path.write_text(json.dumps({"entries": [entry]}), encoding="utf-8")
    assert run("import", "-f", "jrnl", str(path)).exit_code == 0
    assert _entries(run)[0]["note"] == "t.\n\none\ntwo"
