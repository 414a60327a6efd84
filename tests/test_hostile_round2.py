"""A second hostile round over the journal's own files: the index, the lock, the backups and
the id counter, each made into what it should not be; through the installed command where a
hang, a stray file or another process is the point, else in process."""

from __future__ import annotations

import json
import subprocess

import pytest

from hostile_helpers import journal_command, make_special, subprocess_env
from journalcli import index
from journalcli.store import Journal

DAYS = [f"2026-11-{day:02d}T09:00:00+01:00" for day in range(10, 23)]


def journal(*args: str, timeout: float = 20, **env: str) -> subprocess.CompletedProcess[str]:
    """The installed `journal`, as a user runs it; a hang fails the test instead of blocking."""
    return subprocess.run(
        [*journal_command(), *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env=subprocess_env(**env),
        check=False,
    )


def add_on(run, day: str, note: str) -> None:
    result = run("add", "-q", "-u", "5", "-t", "stress", "-r", "stayed", note, JOURNAL_NOW=day)
    assert result.exit_code == 0, result.output


def one_error_line(stderr: str) -> str:
    lines = stderr.splitlines()
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return lines[0]


# --- the index as something that is not a regular file


@pytest.mark.parametrize(
    "kind", ["fifo", "link to /dev/zero", "link to a fifo", "folder", "socket"]
)
def test_an_index_that_is_not_a_regular_file_is_ignored_unread(run, db_path, tmp_path, kind):
    for day in DAYS[:3]:
        add_on(run, day, day)
    index.path_for(db_path).unlink()
    sock = make_special(kind, index.path_for(db_path), tmp_path)
    try:
        listed = journal("list", "--json")
        assert listed.returncode == 0, listed.stderr
        assert [e["note"] for e in json.loads(listed.stdout)] == DAYS[2::-1]
        added = journal("add", "-q", "-u", "2", "-t", "stress", "later")
        assert added.returncode == 0, added.stderr
        assert [e.note for e in Journal(db_path).entries()] == [*DAYS[:3], "later"]
    finally:
        if sock is not None:
            sock.close()


def test_an_index_far_larger_than_its_journal_is_not_read(run, db_path):
    add_on(run, DAYS[0], "one")
    with open(index.path_for(db_path), "r+b") as fh:
        fh.truncate(1 << 40)  # sparse: a terabyte that would be read whole
    listed = journal("list", "--json")
    assert listed.returncode == 0, listed.stderr
    assert [e["note"] for e in json.loads(listed.stdout)] == ["one"]
