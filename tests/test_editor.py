"""`--edit`: the note is written in $VISUAL / $EDITOR through a private temp file, then removed."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from journalcli.store import Journal

FAKE_EDITOR = """#!{python}
import json, os, stat, sys
path = sys.argv[-1]
with open(path, encoding="utf-8") as fh:
    before = fh.read()
with open({log!r}, "w") as fh:
    json.dump({{
        "argv": sys.argv[1:],
        "path": path,
        "before": before,
        "file_mode": stat.S_IMODE(os.stat(path).st_mode),
        "folder_mode": stat.S_IMODE(os.stat(os.path.dirname(path)).st_mode),
    }}, fh)
with open(path, "w", encoding="utf-8", newline="") as fh:
    fh.write({text!r}.replace("{{before}}", before))
sys.exit({code})
"""


@pytest.fixture
def editor(tmp_path, monkeypatch):
    """Make a fake editor program and set it as $EDITOR; returns a reader for what it saw."""
    log = tmp_path / "editor-log.json"

    def make(text: str, code: int = 0, name: str = "fake-editor", variable: str = "EDITOR"):
        script = tmp_path / name
        script.write_text(
            FAKE_EDITOR.format(python=sys.executable, log=str(log), text=text, code=code)
        )
        script.chmod(0o755)
        monkeypatch.setenv(variable, str(script))
        return lambda: json.loads(log.read_text())

    return make


def assert_gone(seen: dict) -> None:
    path = Path(seen["path"])
    assert not path.exists() and not path.parent.exists()
    assert seen["file_mode"] == 0o600 and seen["folder_mode"] == 0o700


def test_add_edit_writes_the_note_in_the_editor(run, db_path, editor):
    seen = editor("Written in the editor.\nA second line.\n")
    result = run("add", "-u", "4", "-t", "stress", "--edit", "-q")
    assert result.exit_code == 0, result.output
    assert Journal(db_path).get(1).note == "Written in the editor.\nA second line."
    assert seen()["before"] == ""
    assert_gone(seen())


def test_add_edit_starts_from_the_note_given(run, db_path, editor):
    seen = editor("{before} And more.\r\n")
    assert run("add", "-u", "4", "-t", "stress", "--edit", "-q", "Started here.").exit_code == 0
    assert seen()["before"] == "Started here."
    assert Journal(db_path).get(1).note == "Started here. And more."


def test_edit_edit_opens_the_current_note(run, add, db_path, editor):
    before = add("-u", "6", "-t", "needs", "-w", "Sam", "-q", "First thoughts.")
    seen = editor("{before}\nLater: it passed.\n")
    result = run("edit", "1", "--edit")
    assert result.exit_code == 0, result.output
    assert seen()["before"] == "First thoughts."
    after = json.loads(run("show", "1", "--json").stdout)
    assert after == {**before, "note": "First thoughts.\nLater: it passed."}
    assert_gone(seen())


def test_visual_wins_and_the_editor_may_have_arguments(run, db_path, editor, tmp_path):
    editor("from EDITOR", name="plain-editor")
    seen = editor("from VISUAL", name="visual editor", variable="VISUAL")
    script = tmp_path / "visual editor"
    # A program path with a space, quoted, plus an argument of its own.
    run("add", "-u", "1", "-t", "stress", "--edit", "-q", VISUAL=f"'{script}' --wait")
    assert Journal(db_path).get(1).note == "from VISUAL"
    assert seen()["argv"][0] == "--wait"


def test_an_editor_that_fails_saves_nothing(run, add, db_path, editor):
    add("-u", "6", "-t", "needs", "-q", "kept")
    before = db_path.read_bytes()
    seen = editor("never saved", code=3)
    for args in (("add", "-u", "4", "-t", "stress", "--edit"), ("edit", "1", "--edit")):
        result = run(*args)
        assert result.exit_code == 2
        [line] = result.stderr.splitlines()
        assert "exited with code 3; nothing saved" in line
        assert_gone(seen())
    assert db_path.read_bytes() == before


def test_a_missing_editor_is_a_clear_error(run, db_path, monkeypatch, tmp_path):
    monkeypatch.setenv("EDITOR", str(tmp_path / "no-such-editor"))
    result = run("add", "-u", "4", "-t", "stress", "--edit")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "could not start the editor" in line
    assert not db_path.exists()


def test_an_unreadable_editor_setting_is_a_clear_error(run, db_path, monkeypatch):
    monkeypatch.setenv("VISUAL", "code 'unbalanced")
    result = run("add", "-u", "4", "-t", "stress", "--edit")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "cannot read $VISUAL" in line
    assert not db_path.exists()


def test_temp_file_is_private_even_with_a_loose_umask(run, editor):
    old = os.umask(0)
    try:
        seen = editor("x")
        assert run("add", "-u", "1", "-t", "stress", "--edit", "-q").exit_code == 0
    finally:
        os.umask(old)
    assert_gone(seen())
