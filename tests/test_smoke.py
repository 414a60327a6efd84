"""The first path a new user takes: add, list, show."""

import json


def test_add_then_list_and_show(run, add):
    entry = add("-u", "7", "-t", "closeness", "-r", "withdrew", "-w", "Sam", "He asked")
    assert entry["id"] == 1
    assert entry["when"] == "2026-11-22T18:30:00+01:00"
    listed = json.loads(run("list", "--json").output)
    assert [e["uid"] for e in listed] == [entry["uid"]]


def test_unknown_trigger_is_one_line_exit_2(run, db_path):
    result = run("add", "-u", "7", "-t", "closenes")
    assert result.exit_code == 2
    assert result.stderr.strip().count("\n") == 0
    assert "did you mean 'closeness'" in result.stderr
    assert not db_path.exists()
