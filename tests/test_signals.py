"""SIGTERM, SIGHUP and SIGINT run every cleanup: the editor's draft and a partial `export -o`
temp file are removed, the exit is non-zero, nothing is stored, no traceback. After a SIGKILL
(no cleanup possible) the next use sweeps what was left by processes that no longer run.

All through the installed command in a child process, under timeouts.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hostile_helpers import journal_command, subprocess_env, write_editor
from journalcli import editor, store

# The editor writes the draft's path and its own pid, types a line, then waits to be stopped.
SLOW_EDITOR = """
open(path, 'w').write('typed, never saved')
ready = os.environ['READY']
open(ready + '.part', 'w').write(f'{path}\\n{os.getpid()}\\n')
os.replace(ready + '.part', ready)
time.sleep(60)
"""

# `journal export -o` through journalcli.__main__.main, its export made slow after the first
# chunk, so that the signal arrives while the temp file is half written.
SLOW_EXPORT = """
import os, sys, time
from journalcli import exporters

def slow(*args, **kwargs):
    yield '{"schema": 1, "entries": ['
    open(os.environ['READY'], 'w').write('writing')
    time.sleep(60)
    yield ']}'

exporters.json_chunks = slow
sys.argv = ['journal', 'export', '-f', 'json', '-o', sys.argv[1]]
from journalcli.__main__ import main
main()
"""


def _wait_for(path: Path, timeout: float = 20.0) -> None:
    deadline = time.monotonic() + timeout
    while not path.exists():
        if time.monotonic() > deadline:
            raise AssertionError(f"{path} never appeared")
        time.sleep(0.02)


def _gone(pid: int, timeout: float = 5.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not store.pid_alive(pid):
            return True
        time.sleep(0.02)
    return False


def _dead_pid() -> int:
    """The pid of a process that has ended (and been reaped)."""
    child = subprocess.run([sys.executable, "-c", "pass"], check=True)
    assert child.returncode == 0
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


@pytest.fixture
def temp_root(tmp_path: Path) -> Path:
    root = tmp_path / "tmp"
    root.mkdir()
    return root


def _start_editing(tmp_path: Path, temp_root: Path) -> tuple[subprocess.Popen[str], Path, int]:
    script = write_editor(tmp_path, SLOW_EDITOR, name="slow-editor")
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [*journal_command(), "add", "-u", "4", "-t", "stress", "-q", "--edit"],
        env=subprocess_env(EDITOR=str(script), TMPDIR=str(temp_root), READY=str(ready)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(ready)
    except AssertionError:
        proc.kill()
        raise
    draft, pid = ready.read_text().split()
    return proc, Path(draft), int(pid)


EXPECTED_EXIT = {signal.SIGTERM: 128 + 15, signal.SIGHUP: 128 + 1, signal.SIGINT: 128 + 2}
# SIGINT: Typer turns KeyboardInterrupt into a silent exit 130 (the shell shows the ^C).
MESSAGES = {
    signal.SIGTERM: ["journal: stopped by SIGTERM"],
    signal.SIGHUP: ["journal: stopped by SIGHUP"],
    signal.SIGINT: [],
}


@pytest.mark.parametrize("signum", list(EXPECTED_EXIT), ids=lambda s: signal.Signals(s).name)
def test_a_signal_while_editing_removes_the_draft(tmp_path, temp_root, db_path, signum):
    proc, draft, editor_pid = _start_editing(tmp_path, temp_root)
    try:
        assert draft.exists() and draft.parent.parent == temp_root
        os.kill(proc.pid, signum)
        _, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
        if store.pid_alive(editor_pid):
            os.kill(editor_pid, signal.SIGKILL)
    assert proc.returncode == EXPECTED_EXIT[signum]
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if line.strip()] == MESSAGES[signum]
    assert not draft.parent.exists()
    assert list(temp_root.iterdir()) == []
    assert not db_path.exists()
    assert _gone(editor_pid), "the editor outlived the command"


def test_after_a_sigkill_the_next_edit_sweeps_the_stale_draft(tmp_path, temp_root, db_path):
    proc, draft, editor_pid = _start_editing(tmp_path, temp_root)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=20)
    os.kill(editor_pid, signal.SIGKILL)  # orphaned, and holding the pipes open
    proc.communicate(timeout=20)
    assert draft.exists()  # SIGKILL: no cleanup could run
    # A live process's draft (this test's pid) and things that are not drafts stay.
    live = temp_root / f"{editor.DRAFT_PREFIX}{os.getpid()}-abc"
    live.mkdir()
    not_a_folder = temp_root / f"{editor.DRAFT_PREFIX}{_dead_pid()}-file"
    not_a_folder.write_text("x")
    other = temp_root / "journal-something-else"
    other.mkdir()
    quick = write_editor(tmp_path, "open(path, 'w').write('saved')", name="quick-editor")
    result = subprocess.run(
        [*journal_command(), "add", "-u", "4", "-t", "stress", "-q", "--edit"],
        env=subprocess_env(EDITOR=str(quick), TMPDIR=str(temp_root)),
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 0, result.stderr
    assert not draft.parent.exists()
    assert sorted(temp_root.iterdir()) == sorted([live, not_a_folder, other])
    assert store.Journal(db_path).get(1).note == "saved"


def test_sweep_keeps_drafts_of_live_processes_and_of_no_process(tmp_path):
    dead = tmp_path / f"{editor.DRAFT_PREFIX}{_dead_pid()}-x1"
    dead.mkdir()
    (dead / "note.md").write_text("old")
    (dead / "sub").mkdir()
    mine = tmp_path / f"{editor.DRAFT_PREFIX}{os.getpid()}-x2"
    mine.mkdir()
    odd = [tmp_path / f"{editor.DRAFT_PREFIX}{name}" for name in ("abc-1", "12", "-1-x", "9" * 30)]
    for path in odd:
        path.mkdir()
    link = tmp_path / f"{editor.DRAFT_PREFIX}{_dead_pid()}-link"
    link.symlink_to(mine)
    assert editor.sweep_stale_drafts(tmp_path) == [dead]
    assert sorted(tmp_path.iterdir()) == sorted([mine, link, *odd])


def _export_temps(folder: Path, name: str) -> list[Path]:
    return sorted(folder.glob(f".{name}.*.tmp"))


@pytest.mark.parametrize("signum", list(EXPECTED_EXIT), ids=lambda s: signal.Signals(s).name)
def test_a_signal_during_export_removes_the_partial_file(tmp_path, signum):
    out = tmp_path / "out" / "export.json"
    out.parent.mkdir()
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, str(out)],
        env=subprocess_env(READY=str(ready)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        _wait_for(ready)
        assert len(_export_temps(out.parent, out.name)) == 1  # half written
        os.kill(proc.pid, signum)
        _, stderr = proc.communicate(timeout=20)
    finally:
        proc.kill()
    assert proc.returncode == EXPECTED_EXIT[signum]
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if line.strip()] == MESSAGES[signum]
    assert list(out.parent.iterdir()) == []


def test_after_a_sigkill_stale_export_temps_of_dead_processes_are_swept(tmp_path):
    out = tmp_path / "export.json"
    ready = tmp_path / "ready"
    proc = subprocess.Popen(
        [sys.executable, "-c", SLOW_EXPORT, str(out)],
        env=subprocess_env(READY=str(ready)),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        _wait_for(ready)
        os.kill(proc.pid, signal.SIGKILL)
        proc.communicate(timeout=20)
    finally:
        proc.kill()
    [stale] = _export_temps(tmp_path, out.name)
    live = tmp_path / f".{out.name}.{os.getpid()}.123.tmp"  # a writer still at work
    live.write_text("x")
    other = tmp_path / f".other.json.{_dead_pid()}.1.tmp"  # another output's
    other.write_text("x")
    odd = tmp_path / f".{out.name}.notapid.1.tmp"
    odd.write_text("x")
    assert store.sweep_dead_temps(out) == [stale]
    assert sorted(tmp_path.glob(".*.tmp")) == sorted([live, other, odd])


def test_the_next_export_to_that_folder_sweeps_a_dead_writers_temp_file(run, add, tmp_path):
    add("-u", "3", "-t", "stress", "x")
    out = tmp_path / "export.json"
    stale = tmp_path / f".{out.name}.{_dead_pid()}.42.tmp"
    stale.write_text("half an export")
    live = tmp_path / f".{out.name}.{os.getpid()}.43.tmp"
    live.write_text("a writer still at work")
    assert run("export", "-f", "json", "-o", str(out)).exit_code == 0
    assert not stale.exists() and live.exists()
    assert json.loads(out.read_text())["entries"][0]["note"] == "x"


def test_in_process_callers_keep_their_signal_handlers(run):
    before = {s: signal.getsignal(s) for s in (signal.SIGTERM, signal.SIGHUP, signal.SIGINT)}
    import journalcli.__main__  # noqa: F401 - importing it installs nothing

    assert run("--version").exit_code == 0
    assert {s: signal.getsignal(s) for s in before} == before


def test_the_stop_handler_runs_finally_blocks_and_ignores_a_second_signal():
    """In a child: SIGTERM twice; the cleanup in `finally` runs to its end."""
    code = """
import os, signal, sys, time
from journalcli import __main__ as entry
entry.install_signal_handlers()
try:
    try:
        os.kill(os.getpid(), signal.SIGTERM)
        time.sleep(5)
    finally:
        os.kill(os.getpid(), signal.SIGTERM)  # ignored: the cleanup goes on
        print("cleaned", flush=True)
except entry.Stopped as stop:
    sys.exit(128 + stop.signum)
"""
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=20
    )
    assert (result.returncode, result.stdout) == (143, "cleaned\n")
