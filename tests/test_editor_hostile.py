"""An editor that does the unexpected: one line, exit 2, nothing stored, the draft folder gone.

Also: an empty result never erases a note without asking, and `edit` keeps the rule of `add`
(a rated urge needs a trigger), decided on the fresh stored entry under the lock.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from pathlib import Path

import pytest

from hostile_helpers import journal_command, subprocess_env, write_editor
from journalcli import editor
from journalcli.errors import InputError
from journalcli.model import MAX_TEXT
from journalcli.store import Journal


@pytest.fixture
def drafts(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private temp root for the drafts, so "the folder is gone" can be checked."""
    root = tmp_path / "tmp"
    root.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(root))
    return root


@pytest.fixture
def use_editor(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    def make(body: str) -> Path:
        script = write_editor(tmp_path, body)
        monkeypatch.setenv("EDITOR", str(script))
        return script

    return make


HOSTILE = {
    "removes its file": ("os.remove(path)", "removed the note's file"),
    "leaves a folder": ("os.remove(path); os.mkdir(path)", "not a file"),
    "leaves a folder with files": (
        "os.remove(path); os.mkdir(path); open(os.path.join(path, 'x'), 'w').close()",
        "not a file",
    ),
    "leaves a dangling link": ("os.remove(path); os.symlink('/nowhere', path)", "not a file"),
    "writes Latin-1": ("open(path, 'wb').write(b'caf\\xe9 au lait')", "not UTF-8 text (byte 0xe9"),
    "writes UTF-16": (
        "open(path, 'wb').write('note'.encode('utf-16'))",
        "not UTF-8 text (byte 0xff at position 0)",
    ),
    "writes every byte": ("open(path, 'wb').write(bytes(range(256)))", "not UTF-8 text"),
    "writes NUL bytes": ("open(path, 'wb').write(b'a\\x00b')", "control character (0x00)"),
    "writes a runaway file": (
        f"open(path, 'wb').write(b'a' * {4 * MAX_TEXT + 1})",
        f"longer than {MAX_TEXT:,} characters",
    ),
    "writes too long a note": (
        f"open(path, 'wb').write(b'a' * {MAX_TEXT + 1})",
        f"longer than {MAX_TEXT:,} characters",
    ),
    "is killed by a signal": ("os.kill(os.getpid(), 9)", "stopped by signal 9"),
    "exits non-zero": ("sys.exit(1)", "exited with code 1"),
    "makes its folder read-only": (
        "open(path, 'w').write('x'); os.chmod(os.path.dirname(path), 0o500); sys.exit(1)",
        "exited with code 1",
    ),
}


@pytest.mark.parametrize("case", list(HOSTILE))
@pytest.mark.parametrize("command", ["add", "edit"])
def test_a_hostile_editor_is_one_line_and_stores_nothing(
    run, add, db_path, drafts, use_editor, case, command
):
    add("-u", "6", "-t", "needs", "-q", "kept as it was")
    before = db_path.read_bytes()
    body, message = HOSTILE[case]
    use_editor(body)
    args = ["add", "-u", "4", "-t", "stress", "-q", "--edit"] if command == "add" else []
    result = run(*(args or ["edit", "1", "--edit"]))
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert line.startswith("journal: error: ") and message in line
    assert db_path.read_bytes() == before
    assert list(drafts.iterdir()) == []


@pytest.mark.parametrize(
    "setting",
    [
        "{tmp}/missing-editor",
        "{tmp}/not-executable",
        "{tmp}",  # a folder
        "/dev/null",
        "   ",  # blank: falls back to nano/vi, else "no editor found"
    ],
)
def test_an_editor_that_cannot_start_is_one_line(
    run, db_path, drafts, tmp_path, monkeypatch, setting
):
    (tmp_path / "not-executable").write_text("#!/bin/sh\n")
    monkeypatch.setenv("EDITOR", setting.format(tmp=tmp_path))
    monkeypatch.setenv("PATH", str(tmp_path / "empty-path"))  # no nano, no vi
    result = run("add", "-u", "4", "-t", "stress", "--edit")
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "could not start the editor" in line or "no editor found" in line
    assert not db_path.exists()
    assert list(drafts.iterdir()) == []


def test_read_draft_never_blocks_on_a_fifo(tmp_path):
    import os
    import threading

    fifo = tmp_path / "note.md"
    os.mkfifo(fifo)
    caught: list[BaseException] = []

    def read() -> None:
        try:
            editor.read_draft(fifo)
        except BaseException as exc:
            caught.append(exc)

    thread = threading.Thread(target=read, daemon=True)
    thread.start()
    thread.join(timeout=5)
    assert not thread.is_alive(), "reading a FIFO draft hung"
    assert isinstance(caught[0], InputError)


# --- an empty result never erases a note without asking


@pytest.mark.parametrize("emptied", ["", "\n", "   \n\n\t\n"])
def test_edit_off_a_terminal_refuses_to_erase_the_note(
    run, add, db_path, drafts, use_editor, emptied
):
    add("-u", "6", "-t", "needs", "-q", "Do not lose me.")
    before = db_path.read_bytes()
    use_editor(f"open(path, 'w').write({emptied!r})")
    for args in (("edit", "1", "--edit"), ("edit", "1", "-u", "3", "--edit")):
        result = run(*args)
        assert result.exit_code == 2
        [line] = result.stderr.splitlines()
        assert "the editor left the note empty; the note is kept" in line
        assert db_path.read_bytes() == before
    assert list(drafts.iterdir()) == []


def test_add_with_a_note_given_refuses_an_emptied_editor(run, db_path, use_editor):
    use_editor("open(path, 'w').write('')")
    result = run("add", "-u", "4", "-t", "stress", "-q", "--edit", "my words")
    assert result.exit_code == 2
    assert "the editor left the note empty" in result.stderr
    assert not db_path.exists()


def test_an_empty_result_over_no_note_is_simply_empty(run, add, db_path, use_editor):
    use_editor("open(path, 'w').write('')")
    assert run("add", "-u", "4", "-t", "stress", "-q", "--edit").exit_code == 0
    assert Journal(db_path).get(1).note == ""
    assert run("edit", "1", "--edit").exit_code == 0


@pytest.fixture
def on_terminal(monkeypatch):
    from journalcli.commands import entries

    monkeypatch.setattr(entries, "_on_terminal", lambda: True)


@pytest.mark.parametrize("answer", ["\n", "n\n", "no\n"])
def test_on_a_terminal_it_asks_and_no_is_the_default(
    run, add, db_path, use_editor, on_terminal, answer
):
    add("-u", "6", "-t", "needs", "-q", "Do not lose me.")
    before = db_path.read_bytes()
    use_editor("open(path, 'w').write('')")
    result = run("edit", "1", "--edit", input=answer)
    assert result.exit_code == 1
    assert "Erase the note? [y/N]" in result.stdout
    assert "Aborted; nothing was changed." in result.stderr
    assert db_path.read_bytes() == before
    result = run("add", "-u", "2", "-t", "stress", "-q", "--edit", "given", input=answer)
    assert result.exit_code == 1
    assert db_path.read_bytes() == before


def test_on_a_terminal_yes_erases_the_note(run, add, db_path, use_editor, on_terminal):
    add("-u", "6", "-t", "needs", "-q", "Let it go.")
    use_editor("open(path, 'w').write('')")
    result = run("edit", "1", "--edit", input="y\n")
    assert result.exit_code == 0, result.output
    assert Journal(db_path).get(1).note == ""


def test_edit_note_core_rules(monkeypatch):
    monkeypatch.setattr(editor, "edit_text", lambda initial, root=None: "  \n")
    assert editor.edit_note("") == ""
    with pytest.raises(InputError, match="left the note empty"):
        editor.edit_note("", current="stored")
    with pytest.raises(InputError, match="left the note empty"):
        editor.edit_note("given")
    assert editor.edit_note("given", confirm=lambda _: True) == ""
    assert editor.edit_note("given", confirm=lambda _: False) == "given"


# --- edit keeps the rule of add: a rated urge needs a trigger


def _drop_index(db_path: Path) -> None:
    for path in db_path.parent.glob("*.idx"):
        path.unlink()


@pytest.mark.parametrize("indexed", [True, False], ids=["index path", "whole-file path"])
@pytest.mark.parametrize("args", [["-u", "5"], ["-u", "1", "-r", "stayed"], ["-u", "10", "x"]])
def test_edit_cannot_leave_a_rated_entry_without_a_trigger(run, add, db_path, indexed, args):
    add("-u", "0", "-r", "stayed", "-q", "calm day")
    if not indexed:
        _drop_index(db_path)
    before = db_path.read_bytes()
    result = run("edit", "1", *args)
    assert result.exit_code == 2
    [line] = result.stderr.splitlines()
    assert "a rated urge needs one" in line
    assert db_path.read_bytes() == before
    assert run("edit", "1", *args, "-t", "closeness").exit_code == 0


def test_edit_of_an_unrated_imported_entry_needs_a_trigger_to_be_rated(run, db_path, tmp_path):
    jrnl = tmp_path / "jrnl.json"
    jrnl.write_text(
        json.dumps(
            {
                "tags": {},
                "entries": [{"title": "t", "body": "", "date": "2026-11-20", "time": "09:00"}],
            }
        ),
        encoding="utf-8",
    )
    assert run("import", "-f", "jrnl", str(jrnl)).exit_code == 0
    before = db_path.read_bytes()
    assert run("edit", "1", "-u", "3").exit_code == 2
    assert db_path.read_bytes() == before
    assert run("edit", "1", "-u", "0").exit_code == 0  # 0 needs no trigger
    assert run("edit", "1", "-r", "stayed").exit_code == 0  # unrated stays allowed


@pytest.mark.parametrize(
    "body",
    [
        "os.remove(path); os.mkfifo(path)",  # would block a plain open() for ever
        "os.remove(path); os.symlink('/dev/zero', path)",  # would never end a plain read()
        "os.remove(path); os.mkdir(path)",
    ],
)
def test_hostile_editor_through_the_installed_command(tmp_path, db_path, body):
    """Out of process and under a timeout (a regression fails rather than hangs): no
    traceback, exit 2, the draft removed."""
    root = tmp_path / "tmp"
    root.mkdir()
    script = write_editor(tmp_path, body)
    result = subprocess.run(
        [*journal_command(), "add", "-u", "4", "-t", "stress", "-q", "--edit"],
        env=subprocess_env(EDITOR=str(script), TMPDIR=str(root)),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 2
    [line] = result.stderr.splitlines()
    assert "not a file" in line
    assert list(root.iterdir()) == [] and not db_path.exists()
